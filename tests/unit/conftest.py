"""Unit tests: the domain, the shared SQL, the DuckDB engine and the CLI; no AWS."""
