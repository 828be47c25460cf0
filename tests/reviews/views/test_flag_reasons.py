"""Each open flag shows its reason wherever the article appears: the review page, the history
and edit pages, the editors' list, the review-status report (page, CSV, JSON, API), the digests
and the API."""

import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reviews.models import ClinicalEvent, Notification
from reviews.services.digests import build_digests, send_notification_emails
from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    UserFactory,
    assign,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
OVERDUE = "Due 10/1/2025"
TRIGGER = "Revumenib: FDA approval on 11/15/2024"
SOURCE = "https://www.fda.gov/drugs/revumenib"


@pytest.fixture
def today():
    return timezone.localdate()  # the pages count from the site's today


@pytest.fixture
def article(today):
    """The sample sheet's situation: reviewed 10/1/2023 on a 24-month cycle (overdue), and it
    names a drug approved after its review."""
    owner = editor_account()
    sheet = ArticleFactory(
        slug="leukemia",
        owner=owner,
        body=[{"type": "paragraph", "text": "Your doctor may suggest revumenib."}],
    )
    reviewer = reviewer_account()
    assign(sheet, reviewer)
    sign(sheet, on=date(2023, 10, 1), reviewer=reviewer)
    ClinicalEvent.objects.create(
        term="Revumenib", event_date=date(2024, 11, 15), kind="fda_approval", source_url=SOURCE
    )
    scan_reviews(as_of=today)
    return sheet


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_reasons_in(html: str):
    assert OVERDUE in html
    assert TRIGGER in html
    assert f'href="{SOURCE}"' in html


def test_the_review_page_says_why(article):
    response = client_for(article.reviewer_links.get().reviewer.user).get(
        reverse("reviews:review", args=[article.slug])
    )
    assert response.status_code == 200
    assert_reasons_in(response.content.decode())


@pytest.mark.parametrize("name", ["cms:article-history", "cms:article-edit"])
def test_the_history_and_edit_pages_say_why(article, name):
    response = client_for(article.owner).get(reverse(name, args=[article.slug]))
    assert response.status_code == 200
    assert_reasons_in(response.content.decode())


def test_the_editors_list_says_why_in_a_constant_number_of_queries(
    article, django_assert_max_num_queries
):
    for n in range(5):
        ArticleFactory(title=f"Other {n}")
    client = client_for(article.owner)
    with django_assert_max_num_queries(20) as queries:
        response = client.get(reverse("cms:workspace-articles"))
    few = len(queries)
    assert "Open flags" in response.content.decode()
    assert_reasons_in(response.content.decode())
    for n in range(10):
        ArticleFactory(title=f"More {n}")
    scan_reviews(as_of=timezone.localdate())
    with django_assert_max_num_queries(few) as queries:
        client.get(reverse("cms:workspace-articles"))


def test_the_report_page_and_downloads_carry_a_reasons_column(article):
    client = client_for(UserFactory(username="ada", role="Content admins"))
    url = reverse("reviews:report-review-status")
    page = client.get(url).content.decode()
    assert ">Reasons<" in page
    assert_reasons_in(page)
    download = client.get(url, {"format": "csv"})
    (row,) = csv.DictReader(StringIO(b"".join(download.streaming_content).decode()))
    assert OVERDUE in row["reasons"] and TRIGGER in row["reasons"] and SOURCE not in row["reasons"]
    data = json.loads(b"".join(client.get(url, {"format": "json"}).streaming_content))
    rows = data["rows"] if isinstance(data, dict) else data
    reasons = {r["kind"]: r for r in rows[0]["reasons"]}
    assert reasons["trigger"]["reason"] == TRIGGER
    assert reasons["trigger"]["links"] == [{"text": "Source", "url": SOURCE}]


def test_the_digest_and_its_email_give_each_reason(article, today):
    build_digests(as_of=today, at=at_nine(today))
    digest = Notification.objects.get(recipient=article.owner, kind="digest")
    (item,) = digest.items
    assert [r["kind"] for r in item["reasons"]] == ["overdue", "trigger"]
    assert item["reasons"][1]["links"] == [{"text": "Source", "url": SOURCE}]
    send_notification_emails(day=today, at=at_nine(today))
    (email,) = [m for m in mail.outbox if article.owner.email in m.to]
    assert OVERDUE in email.body and TRIGGER in email.body and SOURCE in email.body
    html = email.alternatives[0][0]
    assert_reasons_in(html)
    notifications = client_for(article.owner).get(reverse("reviews:notifications"))
    assert_reasons_in(notifications.content.decode())


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_api_gives_each_flag_with_its_reason(article):
    client = api_for(editor_account("api-ed"))
    detail = client.get(f"/api/articles/{article.slug}/").json()
    reasons = {r["kind"]: r for r in detail["flag_reasons"]}
    assert reasons["overdue"]["reason"].startswith(OVERDUE)
    assert reasons["trigger"] == {
        "kind": "trigger",
        "label": "Trigger",
        "reason": TRIGGER,
        "links": [{"text": "Source", "url": SOURCE}],
    }
    flags = client.get("/api/flags/", {"article": article.slug, "kind": "trigger"}).json()
    assert flags["results"][0]["reason"]["reason"] == TRIGGER
    admin = api_for(UserFactory(username="ada", role="Content admins"))
    report = admin.get("/api/reports/review-status/").json()
    assert {r["kind"] for r in report["results"][0]["reasons"]} == {"overdue", "trigger"}
