"""
`portal serve`: the whole portal on one local port.
"""

from pathlib import Path

from werkzeug.serving import run_simple

from portal.local.static import StaticSite
from portal.site.config import load_site_config


def serve(config_file: Path, site_dir: Path, host: str, port: int) -> int:
    site = load_site_config(config_file)
    app = StaticSite(site_dir, list(site.languages))
    print(f"Portal at http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    run_simple(host, port, app, threaded=True)
    return 0
