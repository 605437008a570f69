"""
Each language's change feed is valid Atom, read by a maintained parser (feedparser), and
lists every version of every page, upcoming ones included, with its change summary.
"""

import feedparser  # type: ignore[import-untyped]
import pytest

from portal.site.config import SiteConfig
from portal.site.language_build import LanguageBuild
from tests.versioned_docs import PAGE, TODAY, make_history


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> feedparser.FeedParserDict:
    repo = tmp_path_factory.mktemp("feed")
    make_history(repo)
    site = SiteConfig(
        repo, "Legal", "https://legal.example.test/", {"en": "English", "fr": "Français"}, []
    )
    build = LanguageBuild.start(site, "fr", TODAY)
    build.add_versions([PAGE])
    return feedparser.parse(build.feed())


def test_the_feed_is_well_formed_atom_with_its_required_elements(
    feed: feedparser.FeedParserDict,
) -> None:
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "https://legal.example.test/fr/feed.xml"
    assert feed.feed.title
    assert feed.feed.updated == "2026-05-01T00:00:00Z"
    assert any(link.rel == "self" for link in feed.feed.links)
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated and entry.link


def test_the_feed_lists_new_and_upcoming_versions_with_their_summaries(
    feed: feedparser.FeedParserDict,
) -> None:
    entries = [(entry.link, entry.summary) for entry in feed.entries]

    assert entries[0] == (
        "https://legal.example.test/fr/platform/sellers/versions/2026-06-20/",
        "Removal after two warnings.",  # not translated yet: English, marked as such
    )
    assert (
        "https://legal.example.test/fr/platform/sellers/versions/2026-03-15/",
        "Retrait après avertissements.",
    ) in entries
    assert len(entries) == 4
    assert feed.entries[0].title_detail.language == "en"
    assert feed.entries[1].title_detail.language == "fr"
