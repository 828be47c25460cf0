"""Request guards: every POST to a page needs the CSRF token (and its form carries it), and no
NUL characters in query strings.

The pages are taken from the URLconf, as in the permission matrix: each one that accepts a POST
is posted to twice by a client that enforces CSRF checks, once without the token (refused with
Django's CSRF failure) and once with the token its own pages hand out (answered exactly as the
permission matrix says, i.e. the request got past the CSRF check).
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory
from tests.security.urlconf import ALLOWED, PUBLIC, all_patterns, concrete, is_public

FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_FAILURE = b"CSRF verification failed"


def post_targets(public: bool):
    """(name, route) of each page, open or signed-in, that answers a POST (the API is left to
    DRF, below; the admin has its own tests)."""
    for route, callback, name in all_patterns():
        if name.startswith("api:") or is_public(callback) != public:
            continue
        if (PUBLIC if public else ALLOWED)[name][1] != 405:
            yield name, route


def token_from_a_form(client: Client, url: str) -> str:
    """The CSRF token a page's form carries, as a browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200, url
    return TOKEN.search(response.content.decode()).group(1)


def test_every_post_form_in_the_templates_has_a_csrf_token():
    templates = sorted((settings.BASE_DIR / "templates").rglob("*.html"))
    forms = [
        (path.relative_to(settings.BASE_DIR), body)
        for path in templates
        for body in FORM.findall(path.read_text(encoding="utf-8"))
    ]
    assert len(forms) >= 10
    missing = [str(path) for path, body in forms if "{% csrf_token %}" not in body]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("public", [True, False], ids=["open pages", "signed-in pages"])
def test_a_post_without_the_token_is_refused_and_with_it_gets_through(public, samples):
    client = Client(enforce_csrf_checks=True)
    if public:
        token = token_from_a_form(client, "/accounts/login/")
    else:
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
        token = token_from_a_form(client, "/workspace/articles/new/")
    targets = list(post_targets(public))
    assert len(targets) >= (4 if public else 10)
    for name, route in targets:
        url = concrete(route, samples(name))
        refused = client.post(url)
        assert refused.status_code == 403 and CSRF_FAILURE in refused.content, url
        accepted = client.post(url, {"csrfmiddlewaretoken": token})
        assert accepted.status_code == (PUBLIC if public else ALLOWED)[name][1], url
        assert CSRF_FAILURE not in accepted.content, url


@pytest.mark.django_db
def test_the_api_checks_csrf_for_sessions_but_not_for_tokens():
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    event = {"term": "revumenib", "event_date": "2026-01-05", "kind": "other"}
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    token = token_from_a_form(client, "/workspace/articles/new/")
    refused = client.post("/api/events/", event, content_type="application/json")
    assert refused.status_code == 403 and "CSRF Failed" in refused.json()["detail"]
    accepted = client.post(
        "/api/events/", event, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201
    key = Token.objects.create(user=user).key
    with_token = Client(enforce_csrf_checks=True).post(
        "/api/events/",
        {**event, "term": "imatinib"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert with_token.status_code == 201  # a token is not sent by the browser on its own


@pytest.mark.django_db
def test_null_characters_in_the_query_string_get_400(client):
    assert client.get("/articles/", {"letter": "A\x00"}).status_code == 400
