"""Pages and API answers for a signed-in user are never kept in a shared or browser cache."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import ArticleFactory, UserFactory, editor_account

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_api_answers_to_a_token_are_private_and_not_stored():
    ArticleFactory(slug="gout-diet")
    token = Token.objects.create(user=UserFactory(username="site", role="Content admins"))
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    for url in ("/api/articles/", "/api/articles/gout-diet/", "/api/reports/review-status/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_pages_for_a_signed_in_user_are_private_and_not_stored():
    client = Client()
    client.force_login(editor_account())
    response = client.get("/workspace/articles/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_public_pages_stay_cacheable():
    article = ArticleFactory()
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200 and "no-store" not in _directives(response)
