"""Acceptance (issue 17): a reference added in a substantive edit shows up in the reviewer's
diff (the review page and the API) and changes the content hash; approving states that the
sources were checked, on the form and through the API."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cms.markup import body_to_markup
from cms.services.editing import latest_revision
from reviews.models import SignOff
from reviews.roles import PUBLISHING_SITES
from reviews.services.signoff import SOURCES_STATEMENT, revision_hash
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    UserFactory,
    assign,
    editor_account,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
LINE = "doi:10.1056/NEJMoa2034577 — the revumenib trial"


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def edited():
    """A signed article, then a substantive edit through the workspace form adding a DOI."""
    article = ArticleFactory(title="ALL: Targeted Therapy", slug="all-targeted-therapy")
    signed = sign(article, on=date(2023, 10, 1), reviewer=reviewer_account("Jessica Gotwals"))
    editor = logged_in(editor_account())
    url = reverse("cms:article-edit", args=[article.slug])
    response = editor.post(
        url,
        {
            "title": article.title,
            "summary": "",
            "topic": article.topic_id,
            "body": body_to_markup(article.body),
            "references": LINE,
            "change_kind": "substantive",
            "reason": "Cite the trial",
            "base_revision": editor.get(url).context["form"].initial["base_revision"],
        },
    )
    assert response.status_code == 302
    maya = reviewer_account("Maya Patel", "MD")
    assign(article, maya)
    return article, signed, maya


def test_the_added_reference_is_in_the_reviewers_diff_and_changes_the_hash(edited):
    article, signed, maya = edited
    revision = latest_revision(article)
    assert revision.body == article.live_revision.body  # only the references changed

    page = logged_in(maya.user).get(reverse("reviews:review", args=[article.slug]))
    soup = BeautifulSoup(page.content, "html.parser")
    section = soup.find("section", class_="diff-references")
    assert section is not None and "Sources: 1 change" in section.get_text()
    (added,) = section.find_all("li", class_="inserted")
    assert added.find("ins").get_text() == "DOI 10.1056/NEJMoa2034577 — the revumenib trial"
    assert "No differences." not in page.content.decode()

    shown_hash = page.context["form"].initial["content_sha256"]
    assert shown_hash == revision_hash(revision) != signed.content_sha256

    diff = api_for(maya.user).get(f"/api/articles/{article.slug}/diff/").json()
    assert diff["references"] == [
        {
            "status": "inserted",
            "label": "DOI 10.1056/NEJMoa2034577",
            "old": None,
            "new": {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the revumenib trial"},
            "fields": [],
        }
    ]


def test_the_review_form_requires_the_sources_statement_to_approve(edited):
    article, _, maya = edited
    reviewer = logged_in(maya.user)
    url = reverse("reviews:review", args=[article.slug])
    form = reviewer.get(url).context["form"]
    assert SOURCES_STATEMENT in reviewer.get(url).content.decode()
    signature = {
        "meaning": "approved",
        "password": PASSWORD,
        "revision_id": form.initial["revision_id"],
        "content_sha256": form.initial["content_sha256"],
    }
    refused = reviewer.post(url, signature)
    assert refused.status_code == 200
    assert "An approval states that you checked the sources." in refused.content.decode()
    assert not SignOff.objects.filter(reviewer=maya).exists()

    assert reviewer.post(url, {**signature, "sources_checked": "on"}).status_code == 302
    assert SignOff.objects.get(reviewer=maya).comment == SOURCES_STATEMENT


def test_the_api_refuses_an_approval_without_the_statement_with_the_reason(edited):
    article, _, maya = edited
    revision = latest_revision(article)
    body = {
        "article": article.slug,
        "revision_id": revision.history_id,
        "content_sha256": revision_hash(revision),
        "meaning": "approved",
        "password": PASSWORD,
    }
    client = api_for(maya.user)
    refused = client.post("/api/signoffs/", body, format="json")
    assert refused.status_code == 400
    assert "I checked the sources are current" in refused.json()["detail"]
    signed = client.post("/api/signoffs/", {**body, "sources_checked": True}, format="json")
    assert signed.status_code == 201
    assert signed.json()["comment"].startswith(SOURCES_STATEMENT)


def test_the_reviewer_sees_every_source_of_the_revision_and_publishing_sites_the_live_ones(
    edited,
):
    article, _, maya = edited
    page = logged_in(maya.user).get(reverse("reviews:review", args=[article.slug]))
    rendered = BeautifulSoup(page.content, "html.parser").find("details", class_="rendered")
    (source,) = rendered.select("section.references li")
    assert source.get_text() == "DOI 10.1056/NEJMoa2034577 — the revumenib trial"
    site = UserFactory(username="site")
    site.groups.add(Group.objects.get(name=PUBLISHING_SITES))
    published = api_for(site).get(f"/api/published/{article.slug}/").json()
    assert published["references"] == []  # the pending reference is not live yet
