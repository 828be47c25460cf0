"""Every count on the dashboard opens a list of exactly the articles it counts: the open-flag
totals and the aging bars open the review-status report, the forecast bars the editors' list."""

import html
import json
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.charts import bar_chart
from reviews.jobs import run_review_scan
from reviews.services.withdrawal import withdraw_article
from tests.factories import ArticleFactory, UserFactory, at_nine, editor_account, sign

pytestmark = pytest.mark.django_db
TOTAL = re.compile(r'<a href="([^"]+)"><strong>(\d+)</strong>')
BAR = re.compile(r'<a href="([^"]+)" class="bar-link">.*?class="value">(\d+)</text>', re.S)


@pytest.fixture
def admin():
    client = Client()
    user = UserFactory(username="ada", role="Content admins", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client, user


@pytest.fixture
def library(admin):
    """Articles overdue by 5 to 700 days, falling due over the next year, never reviewed, one
    withdrawn (out of scope), scanned today (the stored snapshot)."""
    today = timezone.localdate()
    for n, days in enumerate([5, 20, 45, 100, 200, 400, 700]):
        sign(ArticleFactory(title=f"Late {n}"), on=today - timedelta(days=730 + days))
    for n, days in enumerate([3, 40, 75, 150, 300, 330]):
        sign(ArticleFactory(title=f"Soon {n}"), on=today - timedelta(days=730 - days))
    gone = ArticleFactory(title="Gone")
    sign(gone, on=today - timedelta(days=730 - 40))
    ArticleFactory(title="Never")
    withdraw_article(article_id=gone.pk, actor=admin[1], reason="Superseded", at=timezone.now())
    run_review_scan(as_of=today, at=at_nine(today))
    return today


def count_at(client, url: str) -> int:
    if url.startswith(reverse("reviews:report-review-status")):
        download = client.get(url + "&format=json")
        return len(json.loads(b"".join(download.streaming_content)))
    return client.get(url).context["page"].paginator.count


def test_every_count_opens_the_articles_it_counts(admin, library):
    client, _ = admin
    page = client.get(reverse("reviews:reports")).content.decode()
    totals = TOTAL.findall(page)
    bars = BAR.findall(page)
    assert len(totals) >= 8 and len(bars) == 5 + 12
    assert (
        sum(int(n) for _, n in bars[:5])
        == dict((html.unescape(u), int(n)) for u, n in totals)[
            "/reports/review-status/?flag=overdue"
        ]
    )
    for url, shown in totals + bars:
        url = html.unescape(url)
        assert count_at(client, url) == int(shown), url
    assert any(int(n) for _, n in bars[5:])  # the forecast is not all zero


def test_a_change_after_the_scan_shows_at_once_in_the_totals(admin, library):
    """The totals are live: a withdrawal that resolves a flag after the scan counts now (the
    charts stay as of the scan, and say so)."""
    client, user = admin
    late = ArticleFactory._meta.model.objects.get(title="Late 0")
    withdraw_article(article_id=late.pk, actor=user, reason="Outdated", at=timezone.now())
    page = client.get(reverse("reviews:reports")).content.decode()
    totals = {html.unescape(u): int(n) for u, n in TOTAL.findall(page)}
    assert totals["/reports/review-status/?flag=overdue"] == 6
    assert count_at(client, "/reports/review-status/?flag=overdue") == 6


def test_bars_without_a_list_are_not_links():
    chart = bar_chart([("a", 1), ("b", 2, "/x/")])
    assert [bar.url for bar in chart.bars] == ["", "/x/"]


def test_the_due_month_filter_takes_a_month_and_refuses_nonsense(admin):
    client, _ = admin
    editor_account("ed")
    assert (
        client.get(reverse("cms:workspace-articles"), {"due_month": "2027-02"}).status_code == 200
    )
    response = client.get(reverse("cms:workspace-articles"), {"due_month": "February"})
    assert response.status_code == 200
    assert response.context["form"].errors["due_month"]


def test_forecast_bar_labels_name_the_month_and_the_title_the_span(admin, library):
    client, _ = admin
    page = client.get(reverse("reviews:reports")).content.decode()
    first = date(library.year, library.month, 1)
    assert f"Reviews falling due each month, {first:%b %Y} to" in page
    assert f'class="label">{first:%b}</text>' in page
