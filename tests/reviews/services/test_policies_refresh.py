"""A policy saved in the admin: the change is audited in the request, and its articles' dates
are recomputed by a task (reviews.jobs.refresh_policy_dates), whose progress the policy's page
shows. The synchronous path stays for commands and tests."""

from datetime import date
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse

from reviews import jobs
from reviews.models import AuditEvent, ReviewPolicy
from reviews.services.policies import save_policy
from reviews.tasks import refresh_policy_dates_task
from tests.factories import ArticleFactory, UserFactory, at_nine, policy, sign

pytestmark = pytest.mark.django_db
NOW = at_nine(date(2026, 1, 1))
DUE_UNDER_24_MONTHS = date(2026, 2, 28)
DUE_UNDER_12_MONTHS = date(2025, 2, 28)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def reviewed():
    article = ArticleFactory(review_policy=policy("Standard"))
    sign(article, on=date(2024, 2, 29))
    article.review.refresh_from_db()
    assert article.review.next_review_due == DUE_UNDER_24_MONTHS
    return article


def change_url(standard: ReviewPolicy) -> str:
    return reverse("admin:reviews_reviewpolicy_change", args=[standard.pk])


def save_in_admin(client, standard: ReviewPolicy, **changes):
    form = client.get(change_url(standard)).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.pop("is_default")
    if form.initial.get("is_default"):
        data["is_default"] = "on"
    return client.post(change_url(standard), {**data, **changes})


def status(client, standard: ReviewPolicy) -> str:
    return client.get(change_url(standard)).content.decode()


def due(article) -> date:
    article.review.refresh_from_db()
    return article.review.next_review_due


def test_saving_a_policy_in_the_admin_queues_the_dates_and_the_page_shows_progress(
    admin_client, reviewed, django_capture_on_commit_callbacks
):
    standard = policy("Standard")
    with django_capture_on_commit_callbacks() as queued:
        response = save_in_admin(admin_client, standard, interval_months=12)
    assert response.status_code == 302
    assert due(reviewed) == DUE_UNDER_24_MONTHS  # not recomputed inside the request
    assert "interval_months: 24 → 12" in AuditEvent.objects.get(action="policy_changed").detail
    assert len(queued) == 1
    standard.refresh_from_db()
    assert "Queued at" in status(admin_client, standard)

    with mock.patch("reviews.services.queueing.send_quietly") as send:
        queued[0]()
    send.assert_called_once_with(refresh_policy_dates_task, policy_id=standard.pk)

    assert jobs.refresh_policy_dates(policy_id=standard.pk, at=NOW) == 1
    assert due(reviewed) == DUE_UNDER_12_MONTHS
    assert "Up to date (the last run changed 1)" in status(admin_client, standard)
    assert jobs.refresh_policy_dates(policy_id=standard.pk, at=NOW) == 0  # idempotent


def test_a_change_that_leaves_the_dates_alone_queues_nothing(
    admin_client, reviewed, django_capture_on_commit_callbacks
):
    standard = policy("Standard")
    with django_capture_on_commit_callbacks() as queued:
        save_in_admin(admin_client, standard, required_signoffs=2)
    assert queued == []
    assert "Up to date" in status(admin_client, standard)


def test_a_refresh_cut_short_leaves_the_policy_marked_stale_until_the_next_full_scan(
    admin_client, reviewed, django_capture_on_commit_callbacks
):
    standard = policy("Standard")
    with django_capture_on_commit_callbacks():  # queued, never delivered
        save_in_admin(admin_client, standard, interval_months=12)
    with (
        mock.patch("reviews.jobs.refresh_review_dates", side_effect=SoftTimeLimitExceeded),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        jobs.refresh_policy_dates(policy_id=standard.pk, at=NOW)
    standard.refresh_from_db()
    assert standard.dates_refresh_started_at is None and standard.dates_refreshed_at is None
    assert "Queued at" in status(admin_client, standard)
    assert jobs.policies_with_stale_dates() == [standard.pk]

    jobs.run_review_scan(as_of=date(2026, 1, 1), at=NOW)
    assert due(reviewed) == DUE_UNDER_12_MONTHS
    assert jobs.policies_with_stale_dates() == []
    assert "Up to date" in status(admin_client, standard)


def test_a_change_made_while_a_refresh_runs_is_not_reported_as_done(
    admin_client, reviewed, django_capture_on_commit_callbacks
):
    standard = policy("Standard")
    with django_capture_on_commit_callbacks():
        save_in_admin(admin_client, standard, interval_months=12)
    first = ReviewPolicy.objects.get(pk=standard.pk).dates_refresh_requested_at

    real = jobs.refresh_review_dates

    def another_save_meanwhile(**kwargs):
        standard.refresh_from_db()
        standard.interval_months = 18
        save_policy(policy=standard, at=first.replace(year=2030), in_background=True)
        return real(**kwargs)

    with mock.patch("reviews.jobs.refresh_review_dates", side_effect=another_save_meanwhile):
        jobs.refresh_policy_dates(policy_id=standard.pk, at=NOW)
    standard.refresh_from_db()
    assert standard.dates_refreshed_at == first < standard.dates_refresh_requested_at
    assert "Up to date" not in status(admin_client, standard)


def test_the_synchronous_path_recomputes_at_once_and_records_it(reviewed):
    standard = policy("Standard")
    standard.interval_months = 12
    assert save_policy(policy=standard, at=NOW) == 1
    assert due(reviewed) == DUE_UNDER_12_MONTHS
    standard.refresh_from_db()
    assert standard.dates_refreshed_at == standard.dates_refresh_requested_at == NOW


def test_a_policy_reading_grade_target_is_saved_and_audited_without_recomputing_dates(
    admin_client, reviewed, django_capture_on_commit_callbacks
):
    standard = policy("Standard")
    assert standard.target_reading_grade == 8  # the default, on the migrated policies too
    with django_capture_on_commit_callbacks() as queued:
        response = save_in_admin(admin_client, standard, target_reading_grade=6)
    assert response.status_code == 302 and not queued  # no dates depend on it
    standard.refresh_from_db()
    assert standard.target_reading_grade == 6
    assert "target_reading_grade: 8 → 6" in AuditEvent.objects.get(action="policy_changed").detail
    refused = save_in_admin(admin_client, standard, target_reading_grade=40)
    assert refused.status_code == 200 and policy("Standard").target_reading_grade == 6
