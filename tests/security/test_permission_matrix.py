"""Every URL in the URLconf against every role, on GET and POST.

Signing in is Django's LoginRequiredMiddleware; a view is open to everyone only when marked
``login_not_required``, and every other view declares the permissions it requires
(``cms.permissions.require_perm``, or an API view's ``required_perms``). The matrix walks the
URLconf, so a new URL is checked as soon as it exists, and asserts the one status code each
call gives: anonymous users are sent to log in (the API answers 401), roles without the
permissions get 403, and roles holding them get the code listed for that URL in ``ALLOWED``
(a URL missing from the table fails the test).
"""

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews.choices import EventKind
from reviews.models import ClinicalEvent, ReviewFlag
from tests.factories import ArticleFactory, ReviewerFactory, UserFactory, assign, sign

pytestmark = pytest.mark.django_db

ROLES = [None, "Editors", "Medical reviewers", "Content admins", "superuser"]

# What an anonymous visitor gets from each open view: (GET, POST), the POST with no body.
PUBLIC = {
    "root": (302, 302),  # to the library
    "cms:article-index": (200, 200),
    "cms:article-detail": (200, 200),
    "reviews:report-problem": (200, 200),  # POST: the empty form again, with its errors
    "api:schema": (200, 405),
    "api:docs": (200, 405),
    "login": (200, 200),  # POST: the empty form again, with its errors
    "logout": (405, 302),
}

# What a user holding the view's permissions gets: (GET, POST). A web POST has no body; an API
# POST sends ``API_BODIES[name]`` (or nothing).
ALLOWED = {
    "cms:article-history": (200, 200),
    "cms:revision-detail": (200, 200),
    "cms:revision-diff": (200, 200),
    "cms:article-create": (200, 200),  # POST: the form again, with its errors
    "cms:article-edit": (200, 200),
    "cms:workspace-articles": (200, 200),
    "reviews:home": (200, 200),
    "reviews:assign": (200, 200),
    "reviews:queue": (200, 200),
    "reviews:review": (200, 200),
    "reviews:audit": (200, 200),
    "reviews:dismiss-flag": (405, 302),  # POST-only; no reason given: back, with a message
    "reviews:reports": (200, 200),
    "reviews:report-overdue": (200, 200),
    "reviews:report-workload": (200, 200),
    "reviews:report-unreviewed-edits": (200, 200),
    "reviews:notifications": (200, 200),
    "reviews:notifications-read": (405, 302),
    "reviews:run-scan": (405, 302),
    "api:overdue": (200, 405),
    "api:article-list": (200, 405),
    "api:article-detail": (200, 405),
    "api:article-diff": (200, 405),
    "api:article-revisions": (200, 405),
    "api:signoff-list": (200, 400),  # a body without the signature's fields
    "api:signoff-detail": (200, 405),
    "api:flag-list": (200, 405),
    "api:flag-detail": (200, 405),
    "api:event-list": (200, 201),
    "api:event-detail": (200, 405),
}

API_BODIES = {
    "api:signoff-list": {"article": "sample-sheet"},
    "api:event-list": {"term": "revumenib", "event_date": "2026-01-05", "kind": EventKind.OTHER},
}

# Web views that answer only POST refuse any other method before anything else.
POST_ONLY = {name for name, (get, _) in ALLOWED.items() if get == 405}


def all_patterns(resolver=None, prefix="", namespace=""):
    """(route, callback, namespaced name) for every URL pattern, admin excluded (it has its own
    checks)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback, f"{namespace}{pattern.name}"


def concrete(route: str, values: dict) -> str:
    url = "/" + route
    for param, value in values.items():
        url = url.replace(f"<slug:{param}>", str(value)).replace(f"<int:{param}>", str(value))
        url = re.sub(rf"\(\?P<{param}>[^)]*\)", str(value), url)
    url = url.replace("^", "").replace("$", "")
    assert "<" not in url and "(" not in url, f"no sample value for a parameter of {route}"
    return url


def declared_perms(callback, method: str = "GET"):
    """The permissions a view declares for ``method``: the decorator's, or an API view's class
    attributes (``required_perms_by_method`` first)."""
    if hasattr(callback, "required_perms"):
        return callback.required_perms
    view_class = getattr(callback, "cls", None)
    by_method = getattr(view_class, "required_perms_by_method", {})
    return by_method.get(method.upper(), getattr(view_class, "required_perms", None))


def is_public(callback) -> bool:
    """Marked ``login_not_required`` and declaring no permission. REST framework (3.16+) marks
    every API view ``login_not_required`` itself, since a token is invisible to the login
    middleware; its authentication and permission classes answer instead, so API views declare
    ``required_perms`` (``reviews.api.permissions.HasRequiredPerms``)."""
    return getattr(callback, "login_required", True) is False and declared_perms(callback) is None


@pytest.fixture
def samples():
    """A value for each URL parameter: a real object of the right kind for each URL."""
    article = ArticleFactory(slug="sample-sheet")
    assign(article, ReviewerFactory())
    signoff = sign(article, on=date(2025, 6, 1))
    flag = ReviewFlag.objects.create(article=article, kind="reader_report", raised_on="2026-01-01")
    event = ClinicalEvent.objects.create(
        term="imatinib", event_date=date(2025, 1, 2), kind=EventKind.FDA_APPROVAL
    )
    common = {"slug": article.slug, "revision_id": article.live_revision.history_id}
    pks = {
        "api:signoff-detail": signoff.pk,
        "api:flag-detail": flag.pk,
        "api:event-detail": event.pk,
    }
    return lambda name: {**common, "flag_id": flag.pk, "pk": pks.get(name)}


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
