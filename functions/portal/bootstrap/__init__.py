"""
One bootstrap per entry point (cosmicpython's bootstrap): it reads the entry point's
settings, makes the boto3 clients and hands them to the adapters, and returns the
services the handler uses. Each handler bootstraps once per execution environment, at its
first event (or before a SnapStart snapshot) and keeps the result in its module's
`services`; tests and the local server bootstrap with their own settings, replacing any
adapter with a fake by name. Clients are made here only (ruff TID251 bans boto3.client in
api/ and workers/).
"""
