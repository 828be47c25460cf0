"""Signing in is Django's LoginRequiredMiddleware: pages send anonymous visitors to LOGIN_URL and
back, and the API authenticates its own requests (tokens and sessions), answering 401."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD, ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_middleware_runs_after_authentication():
    middleware = settings.MIDDLEWARE
    login_required = middleware.index("django.contrib.auth.middleware.LoginRequiredMiddleware")
    assert login_required > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


def test_an_anonymous_visitor_signs_in_and_lands_on_the_page_asked_for():
    UserFactory(username="ed", role="Editors")
    client = Client()
    response = client.get("/workspace/articles/?status=draft")
    assert response.status_code == 302
    assert (
        response.url == f"{reverse(settings.LOGIN_URL)}?next=/workspace/articles/%3Fstatus%3Ddraft"
    )
    response = client.post(response.url, {"username": "ed", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/workspace/articles/?status=draft"
    assert client.get(response.url).status_code == 200


def test_a_token_reaches_the_api_without_a_session():
    ArticleFactory(slug="gout-diet")
    user = UserFactory(username="api-editor", role="Editors")
    token = Token.objects.create(user=user).key
    response = Client().get("/api/articles/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["gout-diet"]


@pytest.mark.parametrize("authorization", [None, "Token not-a-real-token"])
def test_the_api_answers_401_not_a_login_page(authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = Client().get("/api/articles/", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_api_schema_and_docs_stay_open():
    client = Client()
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
