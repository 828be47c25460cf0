"""The URLconf, walked for the permission matrix and the CSRF checks: every URL with its view,
what the view declares, and the one status code each call should give."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from reviews.choices import EventKind

# What an anonymous visitor gets from each open view: (GET, POST), the POST with no body.
PUBLIC = {
    "root": (302, 302),  # to the library
    "cms:article-index": (200, 200),
    "cms:article-detail": (200, 200),
    "reviews:report-problem": (200, 200),  # POST: the empty form again, with its errors
    "api:schema": (200, 405),
    "api:docs": (200, 405),
    "cms:image": (404, 405),  # the sample names no stored image; GET only
    "login": (200, 200),  # POST: the empty form again, with its errors
    "logout": (405, 302),
    "set_language": (405, 302),  # POST-only; no language named: back, nothing set
    "reviews:accept-invitation": (404, 404),  # the sample's token is not the invitation's
    "reviews:reviewer-page": (200, 200),
}

# What a user holding the view's permissions gets: (GET, POST). A web POST has no body; an API
# POST sends ``API_BODIES[name]`` (or nothing).
ALLOWED = {
    "cms:article-history": (200, 200),
    "cms:revision-detail": (200, 200),
    "cms:revision-diff": (200, 200),
    "cms:source-changes": (302, 302),  # the sample is no translation: to its history
    "cms:article-create": (200, 200),  # POST: the form again, with its errors
    "cms:article-edit": (200, 200),
    "cms:article-translate": (200, 200),  # POST: the form again, with its errors
    "cms:workspace-articles": (200, 200),
    "cms:article-preview-new": (405, 400),  # POST-only; an empty form cannot be previewed
    "cms:article-preview": (405, 400),
    "cms:article-search": (200, 405),  # GET only: JSON for the editor's link dialog
    "cms:image-upload": (405, 400),  # POST-only; no file sent
    "reviews:home": (200, 200),
    "reviews:assign": (200, 200),
    "reviews:bulk-actions": (405, 302),  # POST-only; nothing ticked: back, with a message
    "reviews:withdrawal": (200, 200),  # POST: the form again, with its errors
    "reviews:certificate": (200, 405),  # GET only
    "reviews:certificate-pdf": (200, 405),
    "reviews:reviewers": (200, 200),
    "reviews:invite-reviewer": (200, 200),  # POST: the form again, with its errors
    "reviews:reviewer-page-settings": (200, 200),  # an empty POST: the form again (no languages)
    "reviews:my-reviewer-page": (404, 404),  # the sample accounts have no reviewer profile
    "reviews:queue": (200, 200),
    "reviews:review": (200, 200),
    "reviews:audit": (200, 200),
    "reviews:dismiss-flag": (405, 302),  # POST-only; no reason given: back, with a message
    "reviews:reader-reports": (200, 200),
    "reviews:reader-report": (200, 400),  # POST: no action named; the page again, with why
    "reviews:reports": (200, 200),
    "reviews:report-review-status": (200, 200),
    "reviews:report-certificates": (200, 405),  # a zip of the sample's certificate; GET only
    "reviews:report-overdue": (301, 301),  # the report's old address
    "reviews:report-workload": (200, 200),
    "reviews:report-unreviewed-edits": (200, 200),
    "reviews:report-translations": (200, 200),
    "reviews:report-names": (400, 405),  # the sample asks for no list; GET only
    "reviews:notifications": (200, 200),
    "reviews:notifications-read": (405, 302),
    "reviews:run-scan": (405, 302),
    "api:review-status": (200, 405),
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
    "api:published-list": (200, 405),
    "api:published-detail": (200, 405),
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
