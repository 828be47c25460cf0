"""Each user's in-app notifications: the same digests they are emailed."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cms.permissions import require_login, require_perm
from reviews.services.digests import mark_read
from reviews.services.queueing import send_quietly
from reviews.tasks import scan_reviews_task

PAGE_SIZE = 10


@require_login
def notification_list(request):
    notifications = request.user.notifications.order_by("-day", "kind")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reviews/notifications.html", {"page": page})


@require_POST
@require_login
def notifications_read(request):
    count = mark_read(user=request.user, at=timezone.now())
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect("reviews:notifications")


@require_POST
@require_perm("reviews.view_auditevent")
def run_scan(request):
    """Queue a full review scan now (content admins)."""
    if send_quietly(scan_reviews_task):
        messages.success(request, "The review scan is queued; flags update in a moment.")
    else:
        messages.error(
            request,
            "The task queue cannot be reached right now, so the scan was not queued. "
            "The daily scan will catch up; nothing was lost.",
        )
    return redirect("reviews:home")
