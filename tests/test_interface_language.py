"""The staff interface in Spanish: with the browser asking for Spanish, every main staff page
answers in it (the catalogue in locale/es), and English stays the default."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from cms.models import ChangeKind
from cms.services.revisions import publish_revision, save_revision
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, UserFactory, assign, at_nine, reviewer_account, sign
from tests.factories import translation as make_translation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def site():
    admin = UserFactory(username="ada", role="Content admins", is_superuser=True, is_staff=True)
    source = ArticleFactory(slug="gout-diet", title="Gout: Diet")
    spanish = make_translation(source, slug="gota-dieta", title="Gota: dieta")
    reviewer = reviewer_account(languages="en es")
    assign(spanish, reviewer)
    sign(source, on=date(2023, 10, 1))
    source.body = [*source.body, {"type": "paragraph", "text": "New dosing."}]
    revision = save_revision(
        article=source, kind=ChangeKind.SUBSTANTIVE, reason="Dosing", at=at_nine(TODAY)
    )
    publish_revision(article=source, revision=revision, at=at_nine(TODAY))
    scan_reviews(as_of=TODAY)
    client = Client(headers={"accept-language": "es"})
    client.force_login(admin)
    return client, source, spanish


STAFF_PAGES = [
    "/workspace/",
    "/workspace/articles/",
    "/review/queue/",
    "/reports/",
    "/reports/review-status/",
    "/reports/translations/",
    "/reports/workload/",
    "/audit/",
    "/notifications/",
    "/articles/gota-dieta/history/",
    "/workspace/articles/gota-dieta/edit/",
    "/workspace/articles/gout-diet/translate/",
    "/review/gota-dieta/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_each_staff_page_speaks_spanish_when_asked(site, url):
    client, _, _ = site
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"].startswith("es")
    nav = soup.find("nav", attrs={"aria-label": True}).get_text(" ", strip=True)
    assert "Espacio de trabajo" in nav or "Biblioteca" in nav, nav
    assert "Log out" not in nav


def test_the_outdated_translation_reads_its_reason_in_spanish(site):
    client, _, _ = site
    page = client.get("/articles/gota-dieta/history/").content.decode()
    assert "Translation outdated" not in page
    assert "/articles/gota-dieta/source-changes/" in page


def test_english_stays_the_default(site):
    _, _, _ = site
    client = Client()
    client.force_login(UserFactory(username="bea", role="Content admins"))
    page = client.get("/reports/").content.decode()
    assert 'lang="en' in page and "Log out" in page
