"""The due-date rule, in plain Python: dates in, dates and flags out, no ORM.

The scan applies the same rule in SQL over the dates stored on each article; both agree
because the stored dates are computed here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import FlagKind


@dataclass(frozen=True)
class ReviewDates:
    next_review_due: date
    window_opens_on: date
    withdrawal_on: date


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic clamped to month end: 2024-02-29 + 24 months = 2026-02-28."""
    return day + relativedelta(months=months)


def next_review_due(last_reviewed: date, interval_months: int) -> date:
    """The day a review falls due: last reviewed + the policy interval in calendar months."""
    return add_months(last_reviewed, interval_months)


def review_dates(
    last_reviewed: date | None,
    *,
    interval_months: int,
    window_days: int,
    withdrawal_after_months: int,
) -> ReviewDates | None:
    """All the dates an article's review status depends on; None if it was never reviewed."""
    if last_reviewed is None:
        return None
    due = next_review_due(last_reviewed, interval_months)
    return ReviewDates(
        next_review_due=due,
        window_opens_on=due - timedelta(days=window_days),
        withdrawal_on=add_months(last_reviewed, withdrawal_after_months),
    )


def days_overdue(as_of: date, due: date) -> int:
    """as-of − due in days: positive when overdue, zero on the due day, negative before."""
    return (as_of - due).days


def due_flags(dates: ReviewDates | None, *, as_of: date) -> frozenset[FlagKind]:
    """The date-driven flags an article carries on ``as_of``.

    - never_reviewed: no sign-off at all (``dates`` is None);
    - due_soon: window opens ≤ as-of ≤ due;
    - overdue: as-of > due;
    - withdrawal_candidate: as-of ≥ last reviewed + the withdrawal threshold.
    """
    if dates is None:
        return frozenset({FlagKind.NEVER_REVIEWED})
    flags = set()
    if dates.window_opens_on <= as_of <= dates.next_review_due:
        flags.add(FlagKind.DUE_SOON)
    if as_of > dates.next_review_due:
        flags.add(FlagKind.OVERDUE)
    if as_of >= dates.withdrawal_on:
        flags.add(FlagKind.WITHDRAWAL_CANDIDATE)
    return frozenset(flags)


class ReviewState:
    NEVER_REVIEWED = "never_reviewed"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    CURRENT = "current"
    ALL = (NEVER_REVIEWED, OVERDUE, DUE_SOON, CURRENT)


@dataclass(frozen=True)
class ReviewStatus:
    """Where an article stands on ``as_of``: what a badge, a digest row or the API shows."""

    state: str  # a ReviewState value
    next_review_due: date | None
    days_overdue: int | None  # None when never reviewed; negative before the due day

    @property
    def label(self) -> str:
        """In the active language: 3 days overdue, Due in 2 days, Due 10/1/2023 (1/10/2023 in
        Spanish)."""
        if self.state == ReviewState.NEVER_REVIEWED:
            return _("Never reviewed")
        days = self.days_overdue
        if self.state == ReviewState.OVERDUE:
            return ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}
        if self.state == ReviewState.DUE_SOON:
            if days == 0:
                return _("Due today")
            return ngettext("Due in %(days)s day", "Due in %(days)s days", -days) % {"days": -days}
        due = formats.date_format(self.next_review_due, "SHORT_DATE_FORMAT")
        return _("Due %(date)s") % {"date": due}


def review_status(
    *, next_review_due: date | None, window_opens_on: date | None, as_of: date
) -> ReviewStatus:
    """The review status on ``as_of`` from an article's stored dates (the same rule as
    ``due_flags``): never reviewed without a due date; overdue after the due day; due soon from
    the window's opening to the due day; otherwise current."""
    if next_review_due is None:
        return ReviewStatus(ReviewState.NEVER_REVIEWED, None, None)
    days = days_overdue(as_of, next_review_due)
    if days > 0:
        state = ReviewState.OVERDUE
    elif window_opens_on is not None and window_opens_on <= as_of:
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.CURRENT
    return ReviewStatus(state, next_review_due, days)


def article_review_status(article, *, as_of: date) -> ReviewStatus:
    """``review_status`` of an article, from its review state's stored dates
    (``article.review``; select_related("review") when listing many)."""
    state = article.review
    return review_status(
        next_review_due=state.next_review_due,
        window_opens_on=state.review_window_opens_on,
        as_of=as_of,
    )
