"""The built site's own scripts and stylesheets are minified, and still say the same."""

from pathlib import Path

from portal.site.minify import minify_assets


def test_scripts_and_stylesheets_lose_comments_and_keep_their_code(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "a.js").write_text('// why\nvar url = "http://x/*y*/";  /* note */\nrun(url);\n')
    (assets / "a.css").write_text("/* why */\n.a {\n  color: #000;\n}\n")
    (assets / "icon.svg").write_text("<svg><!-- kept --></svg>")

    done = minify_assets(tmp_path)

    assert sorted(path.name for path in done) == ["a.css", "a.js"]
    assert (assets / "a.js").read_text() == 'var url="http://x/*y*/";run(url);'
    assert (assets / "a.css").read_text() == ".a{color:#000}"
    assert (assets / "icon.svg").read_text() == "<svg><!-- kept --></svg>"
