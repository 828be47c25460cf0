"""Bulk actions on the ticked articles of a list, and withdrawing or restoring one article."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Article
from cms.permissions import require_perm, safe_next
from reviews.forms import BulkActionForm, WithdrawalForm
from reviews.services.bulk import PERMISSIONS, act_on_articles
from reviews.services.withdrawal import WithdrawalRefused, restore_article, withdraw_article


@require_POST
@require_perm("cms.view_article")  # each action checks its own permission below
def bulk_actions(request):
    """One action on the ticked articles; back to the same filtered list with "N done, M
    refused: reasons"."""
    back = safe_next(request, default=reverse("cms:workspace-articles"))
    form = BulkActionForm(request.POST)
    action = form.data.get("action")
    if action in PERMISSIONS and not request.user.has_perm(PERMISSIONS[action]):
        raise PermissionDenied
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        messages.error(request, _("Nothing was done: %(errors)s") % {"errors": " ".join(errors)})
        return redirect(back)
    data = form.cleaned_data
    result = act_on_articles(
        action=data["action"],
        slugs=data["articles"],
        actor=request.user,
        at=timezone.now(),
        reason=data["reason"],
        reviewer=data["reviewer"],
    )
    (messages.warning if result.refused else messages.success)(request, result.summary())
    return redirect(back)


@require_perm("reviews.withdraw_article")
def withdrawal(request, slug):
    """Withdraw one article from the public with a reason, or restore a withdrawn one."""
    article = get_object_or_404(Article.objects.select_related("live_revision"), slug=slug)
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        act = restore_article if article.withdrawn_at else withdraw_article
        try:
            act(article_id=article.pk, actor=request.user, reason=form.cleaned_data["reason"],
                at=timezone.now())  # fmt: skip
        except WithdrawalRefused as error:
            form.add_error(None, str(error))
        else:
            done = (
                _("“%(title)s” was restored.")
                if article.withdrawn_at
                else _("“%(title)s” was withdrawn.")
            )
            messages.success(request, done % {"title": article.title})
            return redirect("cms:article-history", slug=article.slug)
    return render(request, "reviews/withdrawal.html", {"article": article, "form": form})
