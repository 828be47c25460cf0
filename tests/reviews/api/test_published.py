"""The publishing API: a publishing site's token reads what the public sees, nothing more."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.roles import PUBLISHING_SITES
from tests.factories import ArticleFactory, UserFactory, editor_account, sign

pytestmark = pytest.mark.django_db


def client_with_token(role: str) -> Client:
    user = UserFactory(username=f"token-{role}")
    user.groups.add(Group.objects.get(name=role))
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


@pytest.fixture
def library():
    live = ArticleFactory(title="Gout: Diet", slug="gout-diet")
    sign(live, on=date(2026, 1, 5))
    edit_article(
        article_id=live.pk,
        editor=editor_account(),
        changes={"title": "Gout: Diet (draft title)"},
        kind=ChangeKind.SUBSTANTIVE,
        reason="Pending change",
        base_revision_id=latest_revision(live).history_id,
        at=timezone.now(),
    )
    ArticleFactory(title="Never published", slug="draft-only", published=False)
    return live


def test_a_publishing_site_reads_live_text_only(library):
    site = client_with_token(PUBLISHING_SITES)
    listing = site.get("/api/published/")
    assert listing.status_code == 200
    assert [a["slug"] for a in listing.json()["results"]] == ["gout-diet"]
    article = site.get("/api/published/gout-diet/").json()
    assert article["title"] == "Gout: Diet"  # the live revision's, not the pending draft's
    assert article["last_reviewed"] == "2026-01-05"
    assert article["live_revision"] == library.live_revision_id
    assert site.get("/api/published/draft-only/").status_code == 404


def test_a_publishing_site_reads_no_draft_revision_flag_or_report(library):
    site = client_with_token(PUBLISHING_SITES)
    for url in (
        "/api/articles/",
        "/api/articles/gout-diet/",
        "/api/articles/gout-diet/revisions/",
        "/api/articles/gout-diet/diff/",
        "/api/flags/",
        "/api/signoffs/",
        "/api/reports/review-status/",
    ):
        assert site.get(url).status_code == 403, url


def test_other_roles_without_the_permission_are_refused():
    assert client_with_token("Editors").get("/api/published/").status_code == 403
