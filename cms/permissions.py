"""Permission checks for views: anonymous users go to the login page, signed-in users without
the permission get 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def require_perm(*perms: str):
    """Decorate a view so it runs only for signed-in users holding every one of ``perms``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perms = perms
        return wrapped

    return decorator


def require_login(view):
    """Decorate a view so it runs only for signed-in users."""
    return require_perm()(view)


def public_view(view):
    """Mark a view as deliberately open to everyone (the permission-matrix test checks that
    every other view declares its permissions)."""
    view.public = True
    return view
