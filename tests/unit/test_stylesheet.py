"""
Trimming Material's stylesheet to what the portal renders.
"""

from portal.site.stylesheet import is_unused_class, trim_stylesheet


def test_rules_only_for_unused_components_are_dropped() -> None:
    css = ".md-header{color:red}.md-tooltip{opacity:0}.md-typeset .tabbed-set>input{display:none}"

    assert trim_stylesheet(css) == ".md-header{color:red}"


def test_a_selector_list_keeps_its_used_selectors() -> None:
    css = ".md-typeset .admonition,.md-typeset .admonition.info{margin:0}"

    assert trim_stylesheet(css) == ".md-typeset .admonition{margin:0}"


def test_alternatives_inside_is_are_filtered_not_the_whole_rule() -> None:
    css = ".md-typeset :is(.admonition,.highlight)>p{padding:0}.x :is(.keys,.critic){a:b}"

    assert trim_stylesheet(css) == ".md-typeset :is(.admonition)>p{padding:0}"


def test_media_queries_are_trimmed_inside_and_dropped_when_empty() -> None:
    css = "@media (min-width:60em){.md-nav{x:1}.md-tabs{x:2}}@media print{.md-top{x:3}}"

    assert trim_stylesheet(css) == "@media (min-width:60em){.md-nav{x:1}}"


def test_icons_of_unused_admonition_types_are_dropped_and_used_ones_kept() -> None:
    css = ":root{--md-admonition-icon--tip:url(a);--md-admonition-icon--bug:url(b);--x:1}"

    assert trim_stylesheet(css) == ":root{--md-admonition-icon--tip:url(a);--x:1}"


def test_search_results_keep_their_details_and_summary_styles() -> None:
    css = ".md-search-result__more>summary{cursor:pointer}"

    assert trim_stylesheet(css) == css


def test_bem_elements_and_modifiers_follow_their_block() -> None:
    assert is_unused_class("md-source__repository")
    assert is_unused_class("md-tooltip--active")
    assert not is_unused_class("md-sourcery")
    assert not is_unused_class("md-search-result__more")
