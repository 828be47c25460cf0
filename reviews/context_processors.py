"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """How many notifications the signed-in user has not read: one query, signed-in only, run
    when a template first reads it and then kept for the request (a page that renders partial
    templates with the request, one per row of a list, counts once)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = SimpleLazyObject(
            lambda: user.notifications.filter(read_at__isnull=True).count()
        )
    return {"unread_notifications": request._unread_notifications}
