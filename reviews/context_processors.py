"""Template context shared by every page."""


def unread_notifications(request):
    """How many notifications the signed-in user has not read (one query, signed-in only)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.notifications.filter(read_at__isnull=True).count()}
