"""The site-wide audit trail, for content admins."""

from django.core.paginator import Paginator
from django.shortcuts import render

from cms.permissions import require_perm
from reviews import selectors
from reviews.forms import AuditFilterForm

PAGE_SIZE = 50


@require_perm("reviews.view_auditevent")
def audit_trail(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_trail(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "reviews/audit.html", {"form": form, "page": page, "query": query.urlencode()}
    )
