"""Every URL in the URLconf against every role. A view must be marked public or declare the
permissions it requires (``cms.permissions``); the matrix then checks that anonymous users are
sent to log in and that roles without those permissions get 403, on GET and POST."""

import re

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.permissions import AllowAny

from reviews.models import ReviewFlag
from tests.factories import ArticleFactory, ReviewerFactory, UserFactory, assign

pytestmark = pytest.mark.django_db

ROLES = [None, "Editors", "Medical reviewers", "Content admins", "superuser"]


def all_patterns(resolver=None, prefix=""):
    """(route, callback, name) for every URL pattern, admin excluded (it has its own checks)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin" or route.startswith("admin/"):
                continue
            yield from all_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            if route.startswith("admin/"):
                continue
            yield route, pattern.callback, pattern.name


def concrete(route: str, fixtures: dict) -> str:
    url = "/" + route.replace("^", "").replace("$", "")
    for name, value in fixtures.items():
        url = url.replace(f"<slug:{name}>", str(value)).replace(f"<int:{name}>", str(value))
        url = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), url)
    assert "<" not in url and "(" not in url, f"no sample value for a parameter of {route}"
    return url


def is_public(callback) -> bool:
    if getattr(callback, "public", False):
        return True
    view_class = getattr(callback, "cls", None)
    return view_class is not None and AllowAny in getattr(view_class, "permission_classes", [])


def declared_perms(callback):
    """The permissions a view declares: the decorator's, or an API view's class attribute."""
    if hasattr(callback, "required_perms"):
        return callback.required_perms
    view_class = getattr(callback, "cls", None)
    return getattr(view_class, "required_perms", None)


@pytest.fixture
def fixtures():
    article = ArticleFactory(slug="sample-sheet")
    assign(article, ReviewerFactory())
    flag = ReviewFlag.objects.create(article=article, kind="reader_report", raised_on="2026-01-01")
    return {
        "slug": article.slug,
        "revision_id": article.live_revision.history_id,
        "flag_id": flag.pk,
        "pk": flag.pk,
    }


def client_for(role) -> Client:
    client = Client()
    if role == "superuser":
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    elif role:
        client.force_login(UserFactory(username=f"user-{role}", role=role))
    return client


def test_every_view_is_public_or_declares_its_permissions():
    undeclared = [
        route
        for route, callback, _ in all_patterns()
        if not is_public(callback) and declared_perms(callback) is None
    ]
    assert undeclared == [], f"views without a permission check: {undeclared}"


@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(role, fixtures):
    client = client_for(role)
    user_id = client.session.get("_auth_user_id")
    account = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    checked = 0
    for route, callback, _name in all_patterns():
        if is_public(callback):
            continue
        url = concrete(route, fixtures)
        perms = declared_perms(callback)
        api = route.startswith("api/")
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if account is None:
                expected = {401, 403} if api else {302}
                if response.status_code == 302:
                    assert response.url.startswith(reverse("login")), (method, url)
            elif not account.has_perms(perms) and not (api and method == "post"):
                expected = {403}
            else:
                # Allowed (405: a POST-only view asked with GET; 400/404: an API call with no
                # body or a sample id of another kind; an API POST has its own permission).
                expected = {200, 302, 405, 400, 403, 404} if api else {200, 302, 405}
            if method == "get" and response.status_code == 405:
                continue  # POST-only views refuse GET before anything else; POST is checked
            assert response.status_code in expected, (role, method, url, response.status_code)
            checked += 1
    assert checked >= 30


def test_the_admin_requires_staff(fixtures):
    assert Client().get("/admin/").status_code == 302
    client = Client()
    client.force_login(UserFactory(username="plain", is_staff=False))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert site.has_permission  # the admin site's own check is in place
