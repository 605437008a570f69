"""`python -m portal.cli`, as benchmarks/serve_load.py and the browser tests start the portal."""

import sys

from portal.cli import main

sys.exit(main())
