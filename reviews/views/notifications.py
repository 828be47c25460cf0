"""Each user's in-app notifications: the same digests they are emailed."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cms.permissions import require_login
from reviews.services.digests import mark_read

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
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked read.", "%(count)s notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("reviews:notifications")
