"""Every URL in the URLconf against every role, on GET and POST.

Signing in is Django's LoginRequiredMiddleware; a view is open to everyone only when marked
``login_not_required``, and every other view declares the permissions it requires
(``cms.permissions.require_perm``, or an API view's ``required_perms``). The matrix walks the
URLconf, so a new URL is checked as soon as it exists, and asserts the one status code each
call gives: anonymous users are sent to log in (the API answers 401), roles without the
permissions get 403, and roles holding them get the code listed for that URL in ``ALLOWED``
(a URL missing from the table fails the test). The table and the URL walk are in
``tests/security/urlconf.py``.
"""

from urllib.parse import quote

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.urlconf import (
    ALLOWED,
    API_BODIES,
    POST_ONLY,
    PUBLIC,
    all_patterns,
    concrete,
    declared_perms,
    is_public,
)

pytestmark = pytest.mark.django_db

ROLES = [None, "Editors", "Medical reviewers", "Content admins", "superuser"]


def client_for(role) -> Client:
    client = Client()
    if role == "superuser":
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    elif role:
        client.force_login(UserFactory(username=f"user-{role}", role=role))
    return client


def call(client, method: str, name: str, url: str):
    if name.startswith("api:") and method == "post" and name in API_BODIES:
        return client.post(url, API_BODIES[name], content_type="application/json")
    return getattr(client, method)(url)


def test_every_view_is_public_or_declares_its_permissions():
    undeclared = [
        route
        for route, callback, _ in all_patterns()
        if not is_public(callback) and declared_perms(callback) is None
    ]
    assert undeclared == [], f"views without a permission check: {undeclared}"


def test_only_api_views_skip_the_login_middleware_while_declaring_permissions():
    """An API view authenticates the request itself (tokens too) and answers 401; any other
    view exempt from the login middleware must be open to everyone."""
    exempt_but_guarded = [
        route
        for route, callback, _ in all_patterns()
        if getattr(callback, "login_required", True) is False and not is_public(callback)
    ]
    assert exempt_but_guarded
    assert all(route.startswith("api/") for route in exempt_but_guarded), exempt_but_guarded


def test_every_url_has_an_expected_status():
    names = [name for _, callback, name in all_patterns()]
    assert len(names) == len(set(names)), "two URLs share a name"
    public = {name for _, callback, name in all_patterns() if is_public(callback)}
    assert public == set(PUBLIC)
    assert set(names) - public == set(ALLOWED)


def test_public_views_answer_anonymous_visitors(samples):
    client = Client()
    for route, callback, name in all_patterns():
        if not is_public(callback):
            continue
        url = concrete(route, samples(name))
        got = (client.get(url).status_code, call(client, "post", name, url).status_code)
        assert got == PUBLIC[name], (name, url)


@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(role, samples):
    client = client_for(role)
    user_id = client.session.get("_auth_user_id")
    account = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    checked = 0
    for route, callback, name in all_patterns():
        if is_public(callback):
            continue
        url = concrete(route, samples(name))
        api = name.startswith("api:")
        for index, method in enumerate(("get", "post")):
            response = call(client, method, name, url)
            if account is None:
                expected = 401 if api else 302
            elif not account.has_perms(declared_perms(callback, method)):
                expected = 405 if method == "get" and name in POST_ONLY else 403
            else:
                expected = ALLOWED[name][index]
            assert response.status_code == expected, (role, method, url, response.content[:200])
            if account is None and not api:
                assert response.url == f"{reverse('login')}?next={quote(url)}"
            checked += 1
    assert checked == 2 * len(ALLOWED)


def test_the_admin_requires_staff():
    response = Client().get("/admin/")  # the admin sends visitors to its own login page
    assert response.status_code == 302 and response.url == "/admin/login/?next=/admin/"
    client = Client()
    client.force_login(UserFactory(username="plain", is_staff=False))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert site.has_permission  # the admin site's own check is in place
