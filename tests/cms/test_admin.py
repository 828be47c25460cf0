"""Articles in the admin: shown, never added, changed, reverted or deleted there."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Article, ChangeKind
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _edit(article: Article) -> dict:
    return {
        "title": "Changed in the admin",
        "slug": article.slug,
        "summary": "",
        "body": json.dumps([{"type": "paragraph", "text": "A new dose."}]),
        "source": "",
        "topic": article.topic_id,
        "owner": "",
        "originated_on": "2020-01-01",
        "change_kind": ChangeKind.SUBSTANTIVE,
        "change_reason": "Sneaky",
    }


def test_an_article_is_view_only_even_for_a_superuser(superuser_client):
    article = ArticleFactory(title="Gout: Diet")
    change_url = reverse("admin:cms_article_change", args=[article.pk])

    page = superuser_client.get(change_url)
    assert page.status_code == 200
    assert b'name="body"' not in page.content and b'name="title"' not in page.content
    assert b"Gout: Diet" in page.content

    assert superuser_client.post(change_url, _edit(article)).status_code == 403
    assert superuser_client.get(reverse("admin:cms_article_add")).status_code == 403
    assert (
        superuser_client.post(reverse("admin:cms_article_add"), _edit(article)).status_code == 403
    )
    delete = superuser_client.post(
        reverse("admin:cms_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    article.refresh_from_db()
    assert article.title == "Gout: Diet"
    assert article.history.count() == 1


def test_the_history_page_cannot_revert_an_article(superuser_client):
    article = ArticleFactory(title="Gout: Diet")
    revision = article.history.get()
    content_admin = UserFactory(username="ada", role="Content admins", is_staff=True)
    url = reverse("admin:cms_article_simple_history", args=[article.pk, revision.history_id])
    content_admin_client = Client()
    content_admin_client.force_login(content_admin)
    for client in (content_admin_client, superuser_client):
        assert client.get(url).status_code == 200
        assert client.post(url, _edit(article)).status_code == 403
    assert article.history.count() == 1
    assert Article.objects.get(pk=article.pk).title == "Gout: Diet"


def test_the_view_page_and_the_list_link_to_the_workspace(superuser_client):
    article = ArticleFactory(slug="gout-diet")
    edit = reverse("cms:article-edit", args=["gout-diet"]).encode()
    history = reverse("cms:article-history", args=["gout-diet"]).encode()

    page = superuser_client.get(reverse("admin:cms_article_change", args=[article.pk]))
    listing = superuser_client.get(reverse("admin:cms_article_changelist"))
    for response in (page, listing):
        assert edit in response.content and history in response.content


def test_article_history_is_visible_in_the_admin(superuser_client):
    article = ArticleFactory(title="History shown")
    response = superuser_client.get(reverse("admin:cms_article_history", args=[article.pk]))
    assert response.status_code == 200
    assert b"Created by a test factory" in response.content
