from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviews.choices import FlagKind
from reviews.due import days_overdue, due_flags, next_review_due, review_dates, review_status

STANDARD = {"interval_months": 24, "window_days": 60, "withdrawal_after_months": 60}


@pytest.mark.parametrize(
    ("last_reviewed", "months", "due"),
    [
        (date(2024, 2, 29), 24, date(2026, 2, 28)),  # leap day clamps to month end
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # ...but not when the target has one
        (date(2023, 8, 31), 12, date(2024, 8, 31)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 10, 1), 24, date(2025, 10, 1)),  # the sample sheet
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
    ],
)
def test_next_review_due_adds_calendar_months_clamped_to_month_end(last_reviewed, months, due):
    assert next_review_due(last_reviewed, months) == due


def test_review_dates_of_the_sample_sheet():
    dates = review_dates(date(2023, 10, 1), **STANDARD)
    assert dates.next_review_due == date(2025, 10, 1)
    assert dates.window_opens_on == date(2025, 8, 2)
    assert dates.withdrawal_on == date(2028, 10, 1)


def test_never_reviewed_has_no_dates_and_only_the_never_reviewed_flag():
    assert review_dates(None, **STANDARD) is None
    assert due_flags(None, as_of=date(2026, 1, 1)) == {FlagKind.NEVER_REVIEWED}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 8, 1), set()),  # the day before the window opens
        (date(2025, 8, 2), {FlagKind.DUE_SOON}),  # due − window: the window opens
        (date(2025, 10, 1), {FlagKind.DUE_SOON}),  # the due day is still "due soon"
        (date(2025, 10, 2), {FlagKind.OVERDUE}),  # the day after due
        (date(2028, 9, 30), {FlagKind.OVERDUE}),  # a day short of withdrawal
        (date(2028, 10, 1), {FlagKind.OVERDUE, FlagKind.WITHDRAWAL_CANDIDATE}),
    ],
)
def test_due_flags_at_the_edges(as_of, expected):
    dates = review_dates(date(2023, 10, 1), **STANDARD)
    assert due_flags(dates, as_of=as_of) == expected


def test_days_overdue_is_as_of_minus_due():
    due = date(2025, 10, 1)
    assert days_overdue(date(2026, 11, 23), due) == 418  # the sample sheet's figure
    assert days_overdue(due, due) == 0
    assert days_overdue(date(2025, 9, 21), due) == -10


@given(
    last_reviewed=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)),
    interval=st.integers(min_value=1, max_value=120),
    window=st.integers(min_value=0, max_value=365),
    offset=st.integers(min_value=-4000, max_value=8000),
)
def test_flags_are_consistent_with_the_dates(last_reviewed, interval, window, offset):
    dates = review_dates(
        last_reviewed,
        interval_months=interval,
        window_days=window,
        withdrawal_after_months=interval + 12,
    )
    as_of = last_reviewed + timedelta(days=offset)
    flags = due_flags(dates, as_of=as_of)
    assert not {FlagKind.DUE_SOON, FlagKind.OVERDUE} <= flags
    assert (FlagKind.OVERDUE in flags) == (days_overdue(as_of, dates.next_review_due) > 0)
    assert dates.next_review_due.day <= last_reviewed.day
    assert dates.window_opens_on == dates.next_review_due - timedelta(days=window)


# The review status: one rule for badges, digests and the API ---------------------------------


@pytest.mark.parametrize(
    ("due", "window", "as_of", "state", "days", "label"),
    [
        (None, None, date(2026, 1, 1), "never_reviewed", None, "Never reviewed"),
        (date(2025, 10, 1), date(2025, 8, 2), date(2026, 11, 23), "overdue", 418,
         "418 days overdue"),
        (date(2026, 11, 22), date(2026, 9, 23), date(2026, 11, 23), "overdue", 1,
         "1 day overdue"),
        (date(2026, 11, 23), date(2026, 9, 24), date(2026, 11, 23), "due_soon", 0, "Due today"),
        (date(2026, 12, 10), date(2026, 10, 11), date(2026, 11, 23), "due_soon", -17,
         "Due in 17 days"),
        (date(2027, 6, 1), date(2027, 4, 2), date(2026, 11, 23), "current", -190,
         "Due 6/1/2027"),
    ],
)  # fmt: skip
def test_review_status(due, window, as_of, state, days, label):
    status = review_status(next_review_due=due, window_opens_on=window, as_of=as_of)
    assert (status.state, status.days_overdue, status.label) == (state, days, label)


@given(
    last=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    months=st.integers(min_value=1, max_value=60),
    window=st.integers(min_value=0, max_value=365),
    offset=st.integers(min_value=-2000, max_value=2000),
)
def test_review_status_agrees_with_the_scans_flags(last, months, window, offset):
    dates = review_dates(
        last, interval_months=months, window_days=window, withdrawal_after_months=months
    )
    as_of = dates.next_review_due + timedelta(days=offset)
    status = review_status(
        next_review_due=dates.next_review_due, window_opens_on=dates.window_opens_on, as_of=as_of
    )
    flags = due_flags(dates, as_of=as_of)
    assert (status.state == "overdue") == (FlagKind.OVERDUE in flags)
    assert (status.state == "due_soon") == (FlagKind.DUE_SOON in flags)
