"""The due-date rule, in plain Python: dates in, dates and flags out, no ORM.

The scan applies the same rule in SQL over the dates stored on each article; both agree
because the stored dates are computed here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

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
