"""
The intake API. Its modules are imported after lean_imports.py has left out what
Powertools and pydantic would load at import and the API never uses.
"""

from portal.api.lean_imports import leave_out_unused_imports

leave_out_unused_imports()
