from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from cms.models import Article
from reviews.demo import DEMO_PASSWORD, load_demo_data
from reviews.due import due_flags, review_dates
from reviews.models import SignOff

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)


def _flag_counts() -> Counter:
    counts = Counter()
    for article in Article.objects.exclude(status=Article.Status.DRAFT).select_related(
        "review__policy"
    ):
        policy = article.review.policy
        dates = review_dates(
            article.review.last_reviewed_on,
            interval_months=policy.interval_months,
            window_days=policy.review_window_days,
            withdrawal_after_months=policy.withdrawal_after_months,
        )
        counts.update(due_flags(dates, as_of=AS_OF) or {"up_to_date"})
    return counts


def test_demo_data_spreads_at_least_40_articles_over_every_review_state():
    summary = load_demo_data(as_of=AS_OF)
    assert Article.objects.count() >= 40
    assert summary.articles_created == Article.objects.count()
    counts = _flag_counts()
    for state in ("overdue", "due_soon", "never_reviewed", "withdrawal_candidate", "up_to_date"):
        assert counts[state] >= 3, counts
    assert set(Article.objects.values_list("review__policy__name", flat=True)) == {
        "Standard",
        "Medication & fast-moving",
        "Evergreen",
    }
    assert Article.objects.filter(status=Article.Status.AWAITING_REVIEW).exists()


def test_demo_data_includes_the_sample_sheet_with_its_reviewers():
    load_demo_data(as_of=AS_OF)
    sheet = Article.objects.get(title="Acute Lymphocytic Leukemia: Targeted Therapy")
    assert sheet.status == Article.Status.PUBLISHED
    assert sheet.review.last_reviewed_on == date(2023, 10, 1)
    assert sheet.review.next_review_due == date(2025, 10, 1)
    # Its printed reviewers have no accounts, so they cannot sign and are not assigned; their
    # imported signatures credit them.
    assert not sheet.reviewer_links.exists()
    assert sorted(
        signoff.reviewer.printed_name for signoff in SignOff.objects.filter(article=sheet)
    ) == ["Jessica Gotwals RN BSN MPH", "Susan K. Dempsey-Walls RN"]
    assert "Revumenib" in str(sheet.live_revision.body)


def test_demo_data_loads_idempotently():
    load_demo_data(as_of=AS_OF)
    before = (Article.objects.count(), Article.history.count())
    again = load_demo_data(as_of=AS_OF)
    assert again.articles_created == 0 and again.users_created == 0
    assert (Article.objects.count(), Article.history.count()) == before


def test_demo_logins_work_for_each_role():
    summary = load_demo_data(as_of=AS_OF)
    roles = {role for role, _, _ in summary.logins}
    assert roles == {"Editors", "Medical reviewers", "Content admins (superuser)"}
    for role, username, password in summary.logins:
        assert password == DEMO_PASSWORD
        user = authenticate(username=username, password=password)
        # The table says which login is the superuser.
        assert user is not None and user.is_superuser == role.endswith("(superuser)")
        # Only content admins (and the superuser) use /admin/; editors and reviewers do not.
        assert user.is_staff == (role.startswith("Content admins") or user.is_superuser)


def test_the_admin_accepts_the_printed_content_admin_logins(client):
    summary = load_demo_data(as_of=AS_OF)
    for role, username, password in summary.logins:
        if role != "Content admins":
            continue
        response = client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert response.status_code == 302 and response.url == "/admin/", username
        assert client.get("/admin/").status_code == 200
        client.logout()


def test_the_demo_sample_sheet_is_overdue_and_triggered_by_the_revumenib_approval():
    from reviews.models import ReviewFlag
    from reviews.services.scan import scan_reviews

    load_demo_data(as_of=AS_OF)
    scan_reviews(as_of=AS_OF)
    sheet = Article.objects.get(title="Acute Lymphocytic Leukemia: Targeted Therapy")
    flags = set(
        ReviewFlag.objects.filter(article=sheet, resolved_on__isnull=True).values_list(
            "kind", flat=True
        )
    )
    assert flags == {"overdue", "trigger"}
    detail = ReviewFlag.objects.get(article=sheet, kind="trigger", resolved_on__isnull=True).detail
    assert (
        "Revumenib: FDA approval on 11/15/2024 (source: https://www.accessdata.fda.gov/" in detail
    )
    from reviews.models import ClinicalEvent

    assert not ClinicalEvent.objects.filter(source_key__isnull=True).exists()  # none typed in


def test_the_demo_sheet_naming_only_a_brand_is_flagged_by_its_ingredients_boxed_warning():
    from reviews.models import ReviewFlag
    from reviews.services.scan import scan_reviews

    load_demo_data(as_of=AS_OF)
    scan_reviews(as_of=AS_OF)
    sheet = Article.objects.get(title="Acute Leukemia: Starting Revuforj")
    assert "revumenib" not in sheet.live_text.lower()
    detail = ReviewFlag.objects.get(article=sheet, kind="trigger", resolved_on__isnull=True).detail
    assert "Revumenib: Boxed warning on 11/15/2024 (source: https://dailymed." in detail


def test_the_demo_shows_sheets_with_tables_numbered_steps_and_callouts():
    load_demo_data(as_of=AS_OF)
    rich = [
        article
        for article in Article.objects.all()
        if {"table", "callout"} <= {block["type"] for block in article.body}
        and any(block["type"] == "list" and block.get("ordered") for block in article.body)
    ]
    assert len(rich) >= 3
    for article in rich:
        page = Client().get(article.get_absolute_url()).content.decode()
        assert "<table" in page and "<ol>" in page and "callout-" in page


def test_nothing_is_dated_after_the_moment_the_demo_is_loaded():
    from datetime import datetime, time

    from django.utils import timezone

    from cms.models import HistoricalArticle
    from reviews.models import AuditEvent

    early = timezone.make_aware(datetime.combine(AS_OF, time(6, 30)))  # before 9:00
    load_demo_data(as_of=AS_OF, at=early)
    assert HistoricalArticle.objects.filter(history_date__gt=early).count() == 0
    assert SignOff.objects.filter(signed_at__gt=early).count() == 0
    reviewed = AuditEvent.objects.filter(article__isnull=False, at__gt=early)
    assert reviewed.count() == 0
    assert HistoricalArticle.objects.filter(history_date=early).exists()  # today's work


def test_the_demo_fills_90_days_of_scans_so_the_trend_is_a_line():
    from reviews.demo import fill_scan_history
    from reviews.models import FlagSnapshot
    from reviews.selectors import flag_trend
    from reviews.services.scan import scan_reviews

    load_demo_data(as_of=AS_OF)
    assert fill_scan_history(as_of=AS_OF) == 89
    scan_reviews(as_of=AS_OF)
    trend = flag_trend(as_of=AS_OF)
    assert len(trend) == 90 and trend[-1][0] == AS_OF
    assert len({count for _, count in trend}) > 1  # it moves: due dates pass in those days
    assert fill_scan_history(as_of=AS_OF) == 0  # idempotent
    assert FlagSnapshot.objects.values("day").distinct().count() == 90


def test_the_demo_has_readers_reports_for_the_owners_to_triage():
    from reviews.models import ReaderReport

    load_demo_data(as_of=AS_OF)
    reports = ReaderReport.objects.select_related("article__owner")
    assert reports.count() == 2
    assert all(report.article.owner is not None for report in reports)
    assert all(report.flag.resolved_on is None for report in reports)
    load_demo_data(as_of=AS_OF)
    assert ReaderReport.objects.count() == 2  # once
