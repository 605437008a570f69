"""
The published transparency reports (Art. 15 and 24(1) DSA), newest first, as
docs/transparency-reports.yml lists them for the "Transparency reports" page. Legal staff
publish a report with a pull request that adds its files under docs/en/transparency/reports/
and an entry here; the site build validates both. Implementing Regulation (EU) 2024/2835,
Art. 3: each report stays publicly available for at least five years after publication,
every version with it; Annex II s.5: a corrected version is marked, with its date and why.
"""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from portal.domain.cases import LANGUAGES, Language
from portal.domain.publications import check_newest_first

# Art. 3: kept at least five years after publication.
KEPT_YEARS = 5


class Correction(BaseModel):
    """A corrected version of a report: when, and why, in every language of the site."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    on: date
    reason: dict[Language, str]

    @model_validator(mode="after")
    def _every_language(self) -> Self:
        missing = [lang for lang in LANGUAGES if not (self.reason.get(lang) or "").strip()]
        if missing:
            raise ValueError(f"the reason is missing in {', '.join(missing)}")
        return self


class PublishedReport(BaseModel):
    """
    One report. A harmonised report lists its files (CSV sheets and the XLSX workbook)
    relative to docs/en/transparency/reports/; an earlier free-form report, its address.
    """

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    period_start: date
    period_end: date
    published_on: date
    format: Literal["harmonised", "free_form"]
    files: list[str] = Field(default_factory=list)
    url: HttpUrl | None = None
    corrections: list[Correction] = Field(default_factory=list)

    @model_validator(mode="after")
    def _downloads(self) -> Self:
        if self.period_end < self.period_start:
            raise ValueError("the period ends before it starts")
        if self.published_on < self.period_end:
            raise ValueError("a report is published after its period")
        if self.format == "harmonised":
            kinds = {name.rsplit(".", 1)[-1] for name in self.files}
            if not {"csv", "xlsx"} <= kinds or self.url is not None:
                raise ValueError("a harmonised report lists its CSV files and its XLSX workbook")
        elif self.url is None or self.files:
            raise ValueError("a free-form report gives its address (url) and no files")
        if any(c.on < self.published_on for c in self.corrections):
            raise ValueError("a correction comes after the publication")
        return self


class PublishedReports(BaseModel):
    """The contents of docs/transparency-reports.yml."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    reports: list[PublishedReport]

    @model_validator(mode="after")
    def _newest_first(self) -> Self:
        check_newest_first([report.period_end for report in self.reports], "reports")
        return self


def kept_until(report: PublishedReport) -> date:
    """The first day a report may leave the page (Art. 3: five years after publication)."""
    published = report.published_on
    try:
        return published.replace(year=published.year + KEPT_YEARS)
    except ValueError:  # 29 February
        return published.replace(year=published.year + KEPT_YEARS, day=28)


def missing_files(reports: PublishedReports, present: set[str]) -> list[str]:
    """The files the entries name that are not among `present` (paths under reports/)."""
    return [name for report in reports.reports for name in report.files if name not in present]
