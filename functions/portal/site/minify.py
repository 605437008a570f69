"""
The portal's own scripts and stylesheets (site/overrides/assets/), minified in the built
site: their comments explain the code to its readers, not to the browser, and were a third
of what a form page's first load fetches of them. Material's files come minified already.
"""

from pathlib import Path

import rcssmin
import rjsmin


def minify_assets(site_dir: Path) -> list[Path]:
    """Minify every .js and .css file directly under `site_dir`/assets; returns them."""
    done = []
    for path in sorted((site_dir / "assets").glob("*.*")):
        if path.suffix == ".js":
            minified = rjsmin.jsmin(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            minified = rcssmin.cssmin(path.read_text(encoding="utf-8"))
        else:
            continue
        path.write_text(minified, encoding="utf-8")
        done.append(path)
    return done
