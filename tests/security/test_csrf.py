"""Request guards: CSRF tokens in every POST form, and no NUL characters in query strings."""

import re

import pytest
from django.conf import settings

FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


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


def test_the_csrf_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_null_characters_in_the_query_string_get_400(client):
    assert client.get("/articles/", {"letter": "A\x00"}).status_code == 400
