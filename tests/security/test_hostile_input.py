"""No input to any URL produces a 500: every URL of the URLconf, as the roles that may open it,
with hostile query strings and form bodies (NUL and control characters, bidi overrides, huge
numbers, long strings, deep JSON). Plus each case the hostile-input pass found, by name."""

import json
import string

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from tests.security.urlconf import all_patterns, concrete

pytestmark = pytest.mark.django_db

# The parameter names the forms, filters and API read.
PARAMS = ["page", "q", "sort", "min_days", "max_days", "flag", "topic", "policy", "reviewer",
          "editor", "due", "status", "format", "next", "letter", "as_of", "kind", "article",
          "action", "actor", "since", "until", "term", "event_date", "meaning", "password",
          "comment", "title", "body", "reason", "slug", "username"]  # fmt: skip
HOSTILE = st.one_of(
    st.sampled_from([
        "\x00", "a\x00b", "\x1e\x1f", "\u202e\u2066evil", "\u200b", "99999999999999999999",
        "-99999999999999999999", "1e9", "1000000000", "NaN", "inf", "-1", "0", "%", "' OR 1=1",
        "<script>", "../../etc/passwd", "//evil.example/", "https://evil.example/",
        "x" * 5000, "2026-13-45", "0001-01-01", "9999-12-31",
    ]),
    st.text(alphabet=string.printable + "\x00\x1e\x1f\u202e\u3000", max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)  # fmt: skip
QUERY = st.dictionaries(st.sampled_from(PARAMS), HOSTILE, max_size=4)


def _urls(samples) -> list[tuple[str, str]]:
    return [(name, concrete(route, samples(name))) for route, _, name in all_patterns()]


@pytest.fixture
def root_client():
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=QUERY, post=st.booleans(), index=st.integers(min_value=0))
def test_no_url_answers_hostile_input_with_a_server_error(root_client, samples, query, post, index):
    urls = _urls(samples)
    name, url = urls[index % len(urls)]
    if post and name.startswith("api:"):
        response = root_client.post(url, json.dumps(query), content_type="application/json")
    elif post:
        response = root_client.post(url, query)
    else:
        response = root_client.get(url, query)
    assert response.status_code < 500, (name, url, query, response.status_code)


@pytest.mark.parametrize("role", [None, "Editors", "Medical reviewers", "Content admins"])
def test_every_url_survives_the_nastiest_query_string_as_every_role(samples, role):
    client = Client()
    if role:
        client.force_login(UserFactory(username=f"user-{role}", role=role))
    nasty = {param: "\x00\u202e99999999999999999999" for param in PARAMS}
    for name, url in _urls(samples):
        for response in (client.get(url, nasty), client.post(url, nasty)):
            assert response.status_code < 500, (role, name, url, response.status_code)


@pytest.mark.parametrize(
    "query",
    [
        {"page": "99999999999999999999"},
        {"page": "-1"},
        {"min_days": "1000000000"},
        {"max_days": "1e9"},
        {"min_days": "99999999999999999999", "max_days": "-99999999999999999999"},
        {"sort": "\x00"},
        {"reviewer": "\x1e\x1f"},
    ],
)
def test_the_review_status_report_answers_huge_and_odd_parameters(root_client, samples, query):
    for suffix in ("", "&format=csv", "&format=json"):
        url = "/reports/review-status/?" + "&".join(f"{k}={v}" for k, v in query.items()) + suffix
        response = root_client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)


def test_deeply_nested_json_gets_a_400_from_the_api(root_client):
    deep = "[" * 100_000 + "]" * 100_000
    for url in ("/api/events/", "/api/signoffs/"):
        response = root_client.post(url, deep, content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)


def test_dismissing_a_flag_never_redirects_off_the_site(samples):
    from reviews.models import ReviewFlag

    admin = Client()
    admin.force_login(UserFactory(username="admin", role="Content admins"))
    flag = ReviewFlag.objects.get(kind="reader_report")
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = admin.post(f"/flags/{flag.pk}/dismiss/", {"reason": "duplicate", "next": target})
        assert response.status_code == 302 and "evil" not in response["Location"]
        assert not response["Location"].startswith("javascript")
    local = admin.post(f"/flags/{flag.pk}/dismiss/", {"reason": "x", "next": "/reports/"})
    assert local["Location"] == "/reports/"
