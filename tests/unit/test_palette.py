"""
The portal's palette (site/overrides/assets/portal.css): black on white with one accent,
every pair of text and background colours at WCAG 2.1 AA contrast (4.5:1) or better.
"""

import re

import pytest

from tests.sitetools import REPO

STYLESHEET = (REPO / "site" / "overrides" / "assets" / "portal.css").read_text(encoding="utf-8")


def colour(name: str) -> tuple[int, int, int]:
    found = re.search(rf"--{name}:\s*#([0-9a-f]{{6}});", STYLESHEET)
    assert found, f"portal.css defines no --{name} as #rrggbb"
    value = found.group(1)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance, WCAG 2.1's definition."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_wcag_reference_values() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("portal-ink", "portal-paper"),  # running text, headings
        ("portal-paper", "portal-ink"),  # header and footer
        ("portal-accent", "portal-paper"),  # links, the current page in the navigation
        ("portal-ink", "portal-accent-tint"),  # translation notices
        ("portal-accent", "portal-accent-tint"),  # a link in a notice
        ("portal-grey", "portal-paper"),  # dates, secondary text
        ("portal-paper", "portal-accent"),  # text on the accent, e.g. a selected item
    ],
)
def test_each_pair_of_colours_passes_wcag_aa(text: str, background: str) -> None:
    assert contrast(colour(text), colour(background)) >= 4.5


def test_the_palette_is_black_and_white_with_one_accent() -> None:
    assert colour("portal-ink") == (0, 0, 0)
    assert colour("portal-paper") == (255, 255, 255)
    hex_colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", STYLESHEET))
    greys = {c for c in hex_colours if c[1:3] == c[3:5] == c[5:7]}
    # Black, white and greys, the accent and its tint for notice backgrounds: nothing else.
    assert hex_colours - greys == {"#5b1fc7", "#f3eefd"}


def test_the_portal_uses_the_reader_system_fonts_and_no_web_font() -> None:
    assert "--md-text-font: system-ui" in STYLESHEET
    assert "@font-face" not in STYLESHEET
    assert "@import" not in STYLESHEET
