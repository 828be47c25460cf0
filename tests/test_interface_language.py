"""The staff interface in Spanish: with the browser asking for Spanish, every main staff page
answers in it (the catalogue in locale/es), and English stays the default."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from cms.models import ChangeKind
from cms.services.revisions import publish_revision, save_revision
from reviews.services.assignments import AssignmentRefused, assign_reviewers
from reviews.services.invitations import InvitationRefused, invite_reviewer
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


def test_a_refused_signature_is_explained_in_spanish(site):
    """A refusal the services raise reads in the interface's language, as the page does."""
    _, _, spanish = site
    reviewer = spanish.reviewer_links.get().reviewer
    client = Client(headers={"accept-language": "es"})
    client.force_login(reviewer.user)
    url = f"/review/{spanish.slug}/"
    form = client.get(url).context["form"]
    data = {
        "meaning": "approved",
        "sources_checked": "on",
        "revision_id": form.initial["revision_id"],
        "content_sha256": form.initial["content_sha256"],
        "password": "not-my-password",
    }
    page = client.post(url, data).content.decode()
    assert "La contraseña no es correcta. Su firma no se registró." in page
    assert "That password is not correct" not in page


def test_a_refused_assignment_says_why_in_spanish(site):
    _, _, spanish = site
    english_only = reviewer_account("Di Noor", languages="en")
    with translation.override("es"), pytest.raises(AssignmentRefused) as refused:
        assign_reviewers(
            article=spanish,
            reviewers=[english_only],
            actor=UserFactory(username="ellen", role="Editors"),
            at=at_nine(TODAY),
        )
    assert str(refused.value).startswith("No se puede asignar a Di Noor MD: no revisa en")
    assert "su perfil indica en." in str(refused.value)


def test_a_refused_invitation_says_why_in_spanish(site):
    _, _, spanish = site
    reviewer = spanish.reviewer_links.get().reviewer  # has an account already
    admin = UserFactory(username="bea", role="Content admins")
    with translation.override("es"), pytest.raises(InvitationRefused) as refused:
        invite_reviewer(reviewer=reviewer, email="maya@example.org", actor=admin, at=at_nine(TODAY))
    assert str(refused.value) == (
        f"{reviewer.printed_name} ya tiene una cuenta; no hay nada a lo que invitarle."
    )
