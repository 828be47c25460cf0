"""The job functions behind both the Celery tasks and the commands: the scan plus the report
snapshot, and the digests. A command and a task run the same job, so the second run of the day
finds nothing left to do whichever of the two ran first."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from reviews.jobs import run_review_scan, send_daily_digests
from reviews.models import FlagSnapshot, Notification, ReportSnapshot, ReviewFlag
from reviews.tasks import EmailsUnsent, scan_reviews_task, send_digests_task
from tests.factories import ArticleFactory, assign, at_nine, reviewer_account, sign

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
NOW = at_nine(TODAY)


@pytest.fixture
def overdue():
    maya = reviewer_account()
    article = ArticleFactory(title="Overdue sheet")
    sign(article, on=date(2023, 10, 1))
    assign(article, maya)
    return article


def open_flags():
    return set(ReviewFlag.objects.filter(resolved_on__isnull=True).values_list("article", "kind"))


def test_a_full_scan_raises_flags_and_stores_the_days_snapshot(overdue):
    result = run_review_scan(as_of=TODAY, at=NOW)
    assert result.open["overdue"] == 1
    assert open_flags() == {(overdue.pk, "overdue")}
    snapshot = ReportSnapshot.objects.get(day=TODAY)
    assert snapshot.computed_at == NOW and snapshot.figures["flag_counts"]


def test_a_scoped_scan_leaves_the_snapshots_alone(overdue):
    result = run_review_scan(as_of=TODAY, at=NOW, article_ids=[overdue.pk])
    assert open_flags() == {(overdue.pk, "overdue")} and result.open["overdue"] == 1
    assert not ReportSnapshot.objects.exists() and not FlagSnapshot.objects.exists()


def test_the_scan_command_and_task_run_the_same_job(overdue):
    call_command("scan_reviews", "--as-of", str(TODAY), stdout=StringIO())
    by_command = (open_flags(), ReportSnapshot.objects.get(day=TODAY).figures)
    ReviewFlag.objects.all().delete()
    ReportSnapshot.objects.all().delete()

    assert scan_reviews_task.run(as_of=str(TODAY)) == {"as_of": str(TODAY), "open": {"overdue": 1}}
    assert (open_flags(), ReportSnapshot.objects.get(day=TODAY).figures) == by_command


def test_digests_are_built_and_emailed_once_a_day(overdue):
    run_review_scan(as_of=TODAY, at=NOW)
    first = send_daily_digests(as_of=TODAY, at=NOW)
    assert (first.day, first.created, first.emailed) == (TODAY, 1, 1)
    again = send_daily_digests(as_of=TODAY, at=NOW)
    assert (again.created, again.emailed) == (0, 0)
    assert len(mail.outbox) == 1


def test_the_digest_command_and_task_run_the_same_job(overdue):
    run_review_scan(as_of=TODAY, at=NOW)
    out = StringIO()
    call_command("send_digests", "--as-of", str(TODAY), stdout=out)
    assert out.getvalue() == (
        f"Digests for {TODAY}: 1 created, 1 emailed. Reminders: 0 due, 0 emailed.\n"
    )
    assert send_digests_task.run(as_of=str(TODAY)) == {
        "day": str(TODAY),
        "created": 0,
        "emailed": 0,
        "reminders": 0,
        "reminders_emailed": 0,
    }
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_the_digest_task_is_retried_while_an_email_is_not_out(overdue):
    run_review_scan(as_of=TODAY, at=NOW)
    backend = "tests.reviews.services.test_digests.FailingBackend"
    with override_settings(EMAIL_BACKEND=backend):
        assert send_daily_digests(as_of=TODAY, at=NOW).unsent == 1
        with pytest.raises(EmailsUnsent, match="1 of the day's emails are not out yet"):
            send_digests_task.run(as_of=str(TODAY))
    assert send_digests_task.run(as_of=str(TODAY))["emailed"] == 1
    assert len(mail.outbox) == 1
