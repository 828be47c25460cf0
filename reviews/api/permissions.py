"""API permissions: the same model permissions as the web views."""

from rest_framework.permissions import BasePermission


class HasRequiredPerms(BasePermission):
    """Signed in, and holding the view's ``required_perms`` (or, per HTTP method,
    ``required_perms_by_method[method]``). A view declaring neither is refused."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        by_method = getattr(view, "required_perms_by_method", {})
        perms = by_method.get(request.method, getattr(view, "required_perms", None))
        if perms is None:
            return False
        return request.user.has_perms(perms)
