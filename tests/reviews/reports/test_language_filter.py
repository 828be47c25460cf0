"""The review-status report's language filter and column: declared once, so the page, its CSV
and JSON, the command and the API all take the same tag and give the same rows; a tag that is
not BCP 47 is a form error, a 400 or a command error, never a 500."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reviews.reports.review_status import review_status_rows
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, UserFactory, translation

pytestmark = pytest.mark.django_db
URL = "/reports/review-status/"


@pytest.fixture
def versions():
    """Never-reviewed articles (each has an open flag) in en, es, es-MX and fr."""
    english = ArticleFactory(slug="asthma", title="Asthma")
    translation(english, "es")
    translation(ArticleFactory(slug="gout", title="Gout"), "es-MX")
    translation(english, "fr")
    scan_reviews(as_of=timezone.localdate())


@pytest.fixture
def admin():
    return UserFactory(username="ada", role="Content admins")


def _routes(admin, params) -> dict[str, list[tuple[str, str]]]:
    """(slug, language) of each row, by route."""
    client, api = Client(), APIClient()
    client.force_login(admin)
    api.force_authenticate(admin)
    url = reverse("reviews:report-review-status")
    page = client.get(url, params).context["page"].object_list
    download = client.get(url, {**params, "format": "csv"})
    rows_csv = csv.DictReader(StringIO(b"".join(download.streaming_content).decode()))
    download = client.get(url, {**params, "format": "json"})
    rows_json = json.loads(b"".join(download.streaming_content))
    out = StringIO()
    call_command("review_status_report", "--format=json", *[f"--{k}={v}" for k, v in
                 params.items()], stdout=out)  # fmt: skip
    rows_api = api.get("/api/reports/review-status/", params).json()["results"]
    return {
        "page": [(row.slug, row.language) for row in page],
        "csv": [(row["slug"], row["language"]) for row in rows_csv],
        "json": [(row["slug"], row["language"]) for row in rows_json],
        "command": [(row["slug"], row["language"]) for row in json.loads(out.getvalue())],
        "api": [(row["slug"], row["language"]) for row in rows_api],
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", {"asthma-es", "gout-es-mx"}),  # a bare language takes in its regions
        ("ES_mx", {"gout-es-mx"}),  # written in standard form first
        ("fr", {"asthma-fr"}),
        ("en", {"asthma", "gout"}),
    ],
)
def test_every_route_filters_by_language_and_shows_it(versions, admin, language, expected):
    routes = _routes(admin, {"language": language})
    for route, rows in routes.items():
        assert {slug for slug, _ in rows} == expected, route
        assert rows == routes["page"], route
    assert all(lang.startswith(language[:2].lower()) for _, lang in routes["page"])
    assert ("gout-es-mx", "es-MX") in _routes(admin, {})["api"]


def test_the_page_shows_the_language_column_and_suggests_the_languages_in_use(versions, admin):
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("reviews:report-review-status"), {"language": "es-MX"})
    html = response.content.decode()
    assert "<td>es-MX</td>" in html
    names = reverse("reviews:report-names")
    assert f'<datalist id="article-languages" data-names="{names}?list=languages">' in html
    suggested = client.get(names, {"list": "languages"}).json()["names"]
    assert suggested == ["en", "es", "es-MX", "fr"]


@pytest.mark.parametrize("bad", ["spanish!", "zz", "e" * 40, "es--"])
def test_a_tag_that_is_not_bcp_47_is_refused_on_every_route(versions, admin, bad):
    client, api = Client(), APIClient()
    client.force_login(admin)
    api.force_authenticate(admin)
    url = reverse("reviews:report-review-status")
    response = client.get(url, {"language": bad})
    assert response.status_code == 200 and response.context["page"] is None
    assert response.context["form"].errors["language"]
    assert client.get(url, {"language": bad, "format": "csv"}).status_code == 200  # the form
    answer = api.get("/api/reports/review-status/", {"language": bad})
    assert answer.status_code == 400 and answer.json()["language"]
    with pytest.raises(CommandError, match="--language"):
        call_command("review_status_report", f"--language={bad}", stdout=StringIO())


def test_the_command_says_when_no_article_is_in_the_language(versions):
    with pytest.raises(CommandError, match="No article is in 'de'"):
        call_command("review_status_report", "--language=de", stdout=StringIO())


def test_the_language_filter_is_set_based(versions, django_assert_num_queries):
    filters = ReviewStatusFilter({"language": "es"}, as_of=timezone.localdate())
    # One query (on PostgreSQL, in one message with the SET LOCAL that keeps parallel workers
    # off a walk).
    with django_assert_num_queries(1):
        rows = review_status_rows(articles=filters.qs, as_of=timezone.localdate())[0:50]
    assert {row.language for row in rows} == {"es", "es-MX"}
