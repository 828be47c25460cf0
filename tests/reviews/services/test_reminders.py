"""Per-policy reminders: before the due date, on it, and every N days while overdue; each sent
once to the assigned reviewers with an account and the owning editor."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from reviews.models import Reminder, ReviewPolicy
from reviews.services.policies import save_policy
from reviews.services.reminders import (
    build_reminders,
    reminder_moments,
    send_reminder_emails,
    unsent_reminders,
)
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    assign,
    at_nine,
    editor_account,
    policy,
    reviewer_account,
    sign,
)

# The Standard policy re-reviews every 24 months: reviewed 12/25/2024, due 12/25/2026.
REVIEWED = date(2024, 12, 25)
DUE = date(2026, 12, 25)


def run(day: date) -> tuple[int, int]:
    """One day's reminders: (made, emailed)."""
    return build_reminders(as_of=day, at=at_nine(day)), send_reminder_emails(
        day=day, at=at_nine(day)
    )


@pytest.fixture
def article():
    """Due on DUE, owned by an editor, with one reviewer who can sign and one without an
    account (who cannot be emailed)."""
    sheet = ArticleFactory(title="Asthma inhalers", owner=editor_account())
    maya = reviewer_account()
    assign(sheet, maya, ReviewerFactory(full_name="No Account"))
    sign(sheet, on=REVIEWED, reviewer=maya)
    sheet.review.refresh_from_db()
    assert sheet.review.next_review_due == DUE
    return sheet


def test_the_default_moments_are_60_30_and_7_days_before_and_the_due_day():
    standard = ReviewPolicy(name="x", interval_months=24, withdrawal_after_months=60)
    assert standard.reminder_offsets == [60, 30, 7, 0]
    moments = reminder_moments(standard, as_of=date(2026, 11, 25), oldest_due=None)
    # Today's moments, and those of the two days before (caught up if a run was missed).
    assert moments[date(2026, 12, 25)] == 30
    assert moments[date(2026, 12, 23)] == 30 and moments[date(2026, 12, 24)] == 30
    assert moments[date(2026, 11, 25)] == 0
    assert date(2026, 12, 26) not in moments
    assert all(days >= 0 for days in moments.values())


def test_overdue_repeats_every_n_days_back_to_the_oldest_due_date():
    every_week = ReviewPolicy(
        name="x", interval_months=12, withdrawal_after_months=24, reminder_days_before="",
        remind_on_due_day=False, overdue_reminder_every_days=7,
    )  # fmt: skip
    today = date(2026, 11, 25)
    moments = reminder_moments(every_week, as_of=today, oldest_due=today - timedelta(days=30))
    assert moments[today - timedelta(days=7)] == -7
    assert moments[today - timedelta(days=28)] == -28
    assert today - timedelta(days=10) not in moments
    assert min(moments) >= today - timedelta(days=30)


@pytest.mark.django_db
def test_a_reminder_goes_to_the_reviewer_with_an_account_and_the_owner_once(article):
    made, emailed = run(DUE - timedelta(days=30))
    assert (made, emailed) == (2, 2)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([article.owner.email, "maya.patel@example.org"])
    (to_reviewer,) = [m for m in mail.outbox if m.to == ["maya.patel@example.org"]]
    assert to_reviewer.subject == "Recheck reminder: “Asthma inhalers” due in 30 days (12/25/2026)"
    assert f"/review/{article.slug}/" in to_reviewer.body
    # The same day again, and the next two days (inside the catch-up window): nothing new.
    for day in (DUE - timedelta(days=30), DUE - timedelta(days=29), DUE - timedelta(days=28)):
        assert run(day) == (0, 0)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_each_moment_of_a_cycle_reminds_once(article):
    days = [DUE - timedelta(days=n) for n in (60, 30, 7, 0)]
    for day in days:
        run(day)
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [
        0, 0, 7, 7, 30, 30, 60, 60,
    ]  # fmt: skip
    assert len(mail.outbox) == 8
    assert run(DUE + timedelta(days=13)) == (0, 0)
    assert run(DUE + timedelta(days=14))[0] == 2  # every 14 days while overdue
    assert "14 days overdue" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_a_missed_run_is_caught_up_within_two_days(article):
    made, _ = run(DUE - timedelta(days=28))  # the 30-day run never happened
    assert made == 2
    assert set(Reminder.objects.values_list("day", flat=True)) == {DUE - timedelta(days=30)}
    assert run(DUE - timedelta(days=27)) == (0, 0)


@pytest.mark.django_db
def test_a_new_cycle_reminds_afresh(article):
    run(DUE - timedelta(days=7))
    sign(article, on=date(2026, 12, 20))  # reviewed again: due 12/20/2028
    assert run(date(2028, 12, 13))[0] == 2
    assert Reminder.objects.filter(due_on=date(2028, 12, 20), days_before=7).count() == 2


@pytest.mark.django_db
def test_each_policy_says_when(article):
    custom = policy("Standard")
    custom.reminder_days_before = "14"
    custom.remind_on_due_day = False
    custom.overdue_reminder_every_days = 0
    save_policy(policy=custom, at=at_nine(date(2026, 1, 1)))
    for n in (60, 30, 7, 0, -14, -28):
        assert run(DUE - timedelta(days=n)) == (0, 0), n
    assert run(DUE - timedelta(days=14)) == (2, 2)


@pytest.mark.django_db
def test_articles_out_of_scope_and_people_who_cannot_be_reached_get_none():
    ArticleFactory(published=False, owner=editor_account("dee"))  # never published
    nobody = ArticleFactory()  # no owner, no reviewer with an account
    assign(nobody, ReviewerFactory(full_name="Off Line"))
    sign(nobody, on=REVIEWED)
    assert run(DUE - timedelta(days=30)) == (0, 0)


@pytest.mark.django_db
def test_a_failed_send_is_retried_and_a_claimed_one_is_left_to_its_worker(article):
    day = DUE - timedelta(days=7)
    backend = "tests.reviews.services.test_digests.FailingBackend"
    with override_settings(EMAIL_BACKEND=backend):
        assert run(day) == (2, 0)
    assert unsent_reminders(day=day) == 2
    assert Reminder.objects.filter(email_error__contains="refused").count() == 2
    # Another worker holds one claim (inside its lease): this run sends only the other.
    claimed = Reminder.objects.first()
    Reminder.objects.filter(pk=claimed.pk).update(email_claimed_at=at_nine(day))
    assert send_reminder_emails(day=day, at=at_nine(day) + timedelta(minutes=1)) == 1
    assert unsent_reminders(day=day) == 1
    later = at_nine(day) + timedelta(hours=2)  # the lease ran out: the worker died
    assert send_reminder_emails(day=day, at=later) == 1
    assert unsent_reminders(day=day) == 0 and len(mail.outbox) == 2


@pytest.mark.django_db
def test_building_takes_the_same_queries_for_few_or_many_articles():
    def articles(first, n):
        for i in range(first, first + n):
            sheet = ArticleFactory(owner=editor_account(f"ed{i}"))
            assign(sheet, reviewer_account(f"Rev {i}"))
            sign(sheet, on=REVIEWED)

    articles(0, 2)
    with CaptureQueriesContext(connection) as few:
        build_reminders(as_of=DUE - timedelta(days=30), at=at_nine(DUE))
    articles(2, 8)
    with CaptureQueriesContext(connection) as many:
        assert build_reminders(as_of=DUE - timedelta(days=7), at=at_nine(DUE)) == 20
    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_policy_refuses_reminder_days_that_are_not_days():
    standard = policy("Standard")
    for bad in ("60, x", "0", "-5", "99999", "7;30"):
        standard.reminder_days_before = bad
        with pytest.raises(ValidationError, match="is not a number of days"):
            save_policy(policy=standard, at=at_nine(date(2026, 1, 1)))
    standard.reminder_days_before = " 90, 30 ,"
    save_policy(policy=standard, at=at_nine(date(2026, 1, 1)))
    assert ReviewPolicy.objects.get(pk=standard.pk).reminder_offsets == [90, 30, 0]
