"""The translations report (/reports/translations/): each source with its language versions,
the outdated ones marked (by cms.translations.outdated_translations) and linked to what changed
in their source; filters, pages, downloads and a fixed number of queries."""

import csv
import json
from datetime import date, datetime, time
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import Article, ChangeKind
from cms.services.revisions import publish_revision, save_revision
from reviews.views import reports as reports_views
from tests.factories import ArticleFactory, UserFactory, editor_account, translation

pytestmark = pytest.mark.django_db
URL = reverse("reviews:report-translations")
NOW = timezone.make_aware(datetime.combine(date(2026, 11, 23), time(10, 0)))


def change_source(source: Article, kind: str) -> None:
    """A revision of ``source`` of ``kind``, made live (as an approval would)."""
    source = Article.objects.get(pk=source.pk)
    source.body = [*source.body, {"type": "paragraph", "text": "New dosing."}]
    revision = save_revision(article=source, kind=kind, reason="Update", at=NOW)
    publish_revision(article=source, revision=revision, at=NOW)


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="ada", role="Content admins"))
    return client


@pytest.fixture
def family():
    """Asthma (en) with an outdated es version (the source changed clinically since its pin)
    and an up-to-date fr one (pinned after); Gout with an es-MX version behind only an
    editorial change (not outdated); and an article with no translations (not listed)."""
    asthma = ArticleFactory(slug="asthma", title="Asthma")
    translation(asthma, "es")
    change_source(asthma, ChangeKind.SUBSTANTIVE)
    translation(Article.objects.get(pk=asthma.pk), "fr")
    gout = ArticleFactory(slug="gout", title="Gout")
    translation(gout, "es-MX")
    change_source(gout, ChangeKind.EDITORIAL)
    ArticleFactory(slug="alone", title="Alone")
    return asthma


def versions_shown(response) -> dict[str, dict]:
    """{slug: {"outdated": bool, "changes": link or None}} of each version listed."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    shown = {}
    for item in soup.select("table.translations-report ul.versions li"):
        edit = item.find("a")
        changes = item.find("a", string="What changed in the source")
        shown[edit["href"].split("/")[-3]] = {
            "outdated": item.select_one(".badge.overdue") is not None,
            "changes": changes["href"] if changes else None,
        }
    return shown


def test_it_marks_the_outdated_version_and_not_the_up_to_date_one(admin_client, family):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert [source.slug for source, _ in response.context["page"].object_list] == [
        "asthma", "gout"]  # fmt: skip
    shown = versions_shown(response)
    assert shown == {
        "asthma-es": {
            "outdated": True,
            "changes": reverse("cms:source-changes", args=["asthma-es"]),
        },
        "asthma-fr": {"outdated": False, "changes": None},
        "gout-es-mx": {"outdated": False, "changes": None},  # an editorial change only
    }
    asthma = Article.objects.get(pk=family.pk)
    (_, versions) = response.context["page"].object_list[0]
    spanish, french = versions
    assert spanish.source_live_revision == french.source_live_revision == asthma.live_revision_id
    assert spanish.source_revision < asthma.live_revision_id == french.source_revision
    html = response.content.decode()
    assert f"up to date with revision {spanish.source_revision}" in html


def test_the_source_changes_link_leads_to_the_diff(admin_client, family):
    response = admin_client.get(reverse("cms:source-changes", args=["asthma-es"]))
    assert response.status_code == 302 and "from=" in response.url


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"outdated": "on"}, {"asthma-es"}),
        ({"language": "es"}, {"asthma-es", "gout-es-mx"}),  # es takes in es-MX
        ({"language": "FR"}, {"asthma-fr"}),
        ({"language": "es", "outdated": "on"}, {"asthma-es"}),
    ],
)
def test_the_filters_narrow_the_sources_and_their_versions(admin_client, family, params, expected):
    assert set(versions_shown(admin_client.get(URL, params))) == expected


def test_an_empty_state_and_a_form_error_for_a_bad_tag(admin_client, family):
    response = admin_client.get(URL, {"language": "de"})
    assert "No article with language versions matches these filters." in response.content.decode()
    response = admin_client.get(URL, {"language": "not a tag!", "outdated": "on"})
    assert response.status_code == 200 and response.context["page"] is None
    assert "not a language tag" in str(response.context["form"].errors["language"])
    assert 'value="not a tag!"' in response.content.decode()  # the input is kept


def test_the_downloads_list_every_version_with_its_pin(admin_client, family):
    asthma = Article.objects.get(pk=family.pk)
    response = admin_client.get(URL, {"format": "csv"})
    rows = list(csv.DictReader(StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["slug"], r["outdated"]) for r in rows] == [
        ("asthma-es", "yes"), ("asthma-fr", "no"), ("gout-es-mx", "no")]  # fmt: skip
    assert rows[0]["source"] == "asthma"
    assert rows[0]["source_live_revision"] == str(asthma.live_revision_id)
    assert int(rows[0]["source_revision"]) < asthma.live_revision_id
    response = admin_client.get(URL, {"format": "json", "outdated": "on"})
    assert [r["slug"] for r in json.loads(b"".join(response.streaming_content))] == ["asthma-es"]


def test_a_fixed_number_of_queries_a_page(admin_client, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(reports_views, "PAGE_SIZE", 4)
    source = ArticleFactory(title="Source 0")
    translation(source, "es")

    def count() -> int:
        with django_assert_max_num_queries(12) as captured:
            assert admin_client.get(URL).status_code == 200
        return len(captured)

    few = count()
    for n in range(1, 7):
        source = ArticleFactory(title=f"Source {n}")
        for language in ("es", "fr", "de"):
            translation(source, language)
        change_source(source, ChangeKind.SUBSTANTIVE)
    assert count() == few
    assert admin_client.get(URL, {"page": 2}).context["page"].has_next() is False


def test_content_admins_only_and_linked_from_the_reports(admin_client):
    client = Client()
    client.force_login(editor_account())
    assert client.get(URL).status_code == 403
    assert Client().get(URL).status_code == 302  # to log in
    dashboard = admin_client.get(reverse("reviews:reports")).content.decode()
    assert f'href="{URL}"' in dashboard
    assert "No article with language versions" in admin_client.get(URL).content.decode()
