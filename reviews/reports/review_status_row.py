"""One row of the review-status report, and the words of its reasons: what every route that
lists the report (page, downloads, command, API) reads of an article with an open flag."""

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from django.utils.translation import get_language

from reviews.selectors import ReviewerName
from reviews.selectors.flag_reasons import FlagReason, ReviewDatesView, flag_reason


class ReviewStatusRow(NamedTuple):
    slug: str
    title: str
    language: str  # BCP 47 (cms.languages)
    topic: str
    policy: str
    signed_by: list[ReviewerName]  # who signed the live text (credited_signers)
    assigned: list[ReviewerName]  # who is assigned to review it next
    last_reviewed: date | None
    next_review_due: date | None
    days_overdue: int | None  # None when never reviewed
    reading_grade: float | None  # Flesch–Kincaid grade of the latest words (cms.readability)
    flags: list[str]
    flag_details: tuple[tuple[str, str], ...]  # (kind, detail) of each open flag
    as_of: date  # the report's day, which the reasons count from
    reasons_language: str | None = None  # the language the reasons are written in
    withdrawal_due_on: date | None = None  # when its policy's withdrawal limit passes
    source_revision_id: int | None = None  # a translation's pin (the source revision)
    # Why each assigned reviewer cannot sign ("Name: why"), for a reviewer_credentials_expired
    # flag, as the article's own page gives it (``unable_reviewers``).
    unable: tuple[str, ...] = ()

    def flag_reasons(self) -> list[FlagReason]:
        """Each open flag's reason (``flag_reason``), from the row's own dates."""
        dates = ReviewDatesView(
            self.slug, self.last_reviewed, self.next_review_due, self.withdrawal_due_on,
            self.source_revision_id,
        )  # fmt: skip
        return [
            flag_reason(
                kind, detail=detail, article=dates, as_of=self.as_of, unable=self.unable,
                language=self.reasons_language,
            )
            for kind, detail in self.flag_details
        ]  # fmt: skip

    def reasons_text(self) -> str:
        """The reasons as one line ("Label: why | …"), as the CSV and the command show them.
        Rows repeat the same flags and dates, so each distinct line is written once."""
        return _reasons_text(
            self.flag_details, self.last_reviewed, self.next_review_due, self.withdrawal_due_on,
            self.source_revision_id, self.as_of, self.reasons_language or get_language(),
            self.unable,
        )  # fmt: skip


@lru_cache(maxsize=65_536)
def _reasons_text(details, reviewed, due, withdrawal, pin, as_of, language, unable) -> str:
    """``ReviewStatusRow.reasons_text`` from what it is made of: the text of a reason depends
    on the flag, the dates and the pin, never on the article's slug: only its links, which
    the line leaves out, do (so any slug serves)."""
    dates = ReviewDatesView("any", reviewed, due, withdrawal, pin)
    return " | ".join(
        str(
            flag_reason(
                kind, detail=detail, article=dates, as_of=as_of, unable=unable, language=language
            )
        )
        for kind, detail in details
    )
