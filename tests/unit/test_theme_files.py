"""The theme's loader lists the files MkDocs copies, without walking hidden folders."""

from pathlib import Path

from jinja2 import FileSystemLoader

from portal.site.theme_files import ThemeLoader


def test_the_theme_files_are_listed_without_hidden_folders(tmp_path: Path) -> None:
    override, theme = tmp_path / "override", tmp_path / "theme"
    for path in [
        override / "main.html",
        override / "assets" / "logo.svg",
        theme / "main.html",
        theme / "assets" / "javascripts" / "bundle.js",
        theme / ".icons" / "material" / "web.svg",
        theme / "assets" / ".hidden" / "x.js",
        theme / ".hidden-file",
    ]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")

    listed = ThemeLoader([str(override), str(theme)]).list_templates()

    assert listed == [
        ".hidden-file",  # a hidden file is listed; MkDocs' own filter drops it
        "assets/javascripts/bundle.js",
        "assets/logo.svg",
        "main.html",
    ]
    walked = FileSystemLoader([str(override), str(theme)]).list_templates()
    assert sorted(set(walked) - set(listed)) == [".icons/material/web.svg", "assets/.hidden/x.js"]
