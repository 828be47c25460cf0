"""Permission checks for views.

Signing in is Django's ``LoginRequiredMiddleware`` (settings.MIDDLEWARE): every view needs a
signed-in user unless it is marked ``django.contrib.auth.decorators.login_not_required``, and
anonymous users are sent to ``LOGIN_URL``. What a signed-in user may do is declared here, on the
view, so that the permission-matrix test (tests/security/test_permission_matrix.py) can read it:
each view is either open (``login_not_required``) or declares ``required_perms``.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme


def require_perm(*perms: str):
    """Decorate a view so it runs only for users holding every one of ``perms`` (403 otherwise).

    The login middleware has already sent anonymous users to log in; one who reaches the view
    anyway (a ``login_not_required`` view) holds no permission and gets 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perms = perms
        return wrapped

    return decorator


def require_login(view):
    """Declare a view open to every signed-in user: no permission beyond signing in, which the
    middleware enforces. The declaration is what the permission matrix reads."""
    return require_perm()(view)


def safe_next(request, *, default: str) -> str:
    """The ``next`` URL of a POST (or GET) if it is a path on this site, else ``default``: a
    redirect never leaves the site, whatever ``next`` says. Only a path from the root is taken
    ("a b" passes Django's host check, and ``redirect`` would try it as a view name)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
