"""The reviewer's queue and the review page where they sign."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.diff import diff_of
from cms.models import Article
from cms.permissions import require_perm
from cms.services.editing import latest_revision
from cms.services.login_throttle import client_address
from reviews import selectors
from reviews.forms import SignOffForm
from reviews.models import Reviewer
from reviews.selectors.approvals import last_approved_revision_id, wrote_since_approval
from reviews.services.signoff import (
    SignOffRefused,
    SignOffThrottled,
    check_can_sign,
    revision_hash,
    sign_off,
)

PAGE_SIZE = 25


@require_perm("reviews.add_signoff")
def queue(request):
    reviewer = Reviewer.objects.filter(user=request.user).first()
    articles = (
        selectors.review_queue(reviewer=reviewer, as_of=timezone.localdate())
        if reviewer
        else Article.objects.none()
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/queue.html",
        {"page": page, "reviewer": reviewer, "today": timezone.localdate()},
    )


@require_perm("reviews.add_signoff")
def review(request, slug):
    article = get_object_or_404(
        Article.objects.select_related("live_revision", "review__policy", "topic"), slug=slug
    )
    revision = latest_revision(article)
    form = SignOffForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = sign_off(
                article_id=article.pk,
                user=request.user,
                revision_id=data["revision_id"],
                content_sha256=data["content_sha256"],
                meaning=data["meaning"],
                comment=data["comment"],
                password=data["password"],
                at=timezone.now(),
                address=client_address(request),
                sources_checked=data["sources_checked"],
            )
        except SignOffRefused as error:
            form.add_error(None, str(error))
            if isinstance(error, SignOffThrottled):
                status = error.status
        else:
            if result.went_live:
                messages.success(
                    request,
                    _("Signed. “%(title)s” is live with this revision.") % {"title": article.title},
                )
            elif result.review_complete:
                messages.success(
                    request,
                    _("Signed. The review cycle of “%(title)s” restarts.")
                    % {"title": article.title},
                )
            elif result.signoff.meaning == "changes_requested":
                messages.success(request, _("Your request for changes was sent to the editor."))
            else:
                messages.success(request, _("Signed. The revision awaits its other sign-offs."))
            return redirect("reviews:queue")
    if request.method == "POST":
        # Whatever happened, sign only what is shown now: rebind to the current revision.
        form.data = form.data.copy()
        form.data["password"] = ""
        form.data["revision_id"] = revision.history_id
        form.data["content_sha256"] = revision_hash(revision)
    else:
        form = SignOffForm(
            initial={"revision_id": revision.history_id, "content_sha256": revision_hash(revision)}
        )
    live = article.live_revision
    approved = _last_approved(article) or live
    return render(
        request,
        "reviews/review.html",
        {
            "article": article,
            "revision": revision,
            "live": live,
            "approved": approved,
            "diff": diff_of(approved, revision),
            "own_words": wrote_since_approval(
                article=article, revision=revision, user=request.user
            ),
            "cannot_sign": _why_cannot_sign(article, request.user),
            "flag_reasons": selectors.article_flag_reasons(article, as_of=timezone.localdate()),
            "signoffs": article.signoffs.select_related("revision")[:50],
            "reviewers": article.reviewer_links.select_related("reviewer"),
            "form": form,
        },
        status=status,
    )


def _last_approved(article):
    revision_id = last_approved_revision_id(article)
    return article.history.filter(history_id=revision_id).first() if revision_id else None


def _why_cannot_sign(article, user) -> str:
    """Why ``user`` may not sign this article today (the service's own words), or ""."""
    try:
        check_can_sign(article=article, user=user, as_of=timezone.localdate())
    except SignOffRefused as refusal:
        return str(refusal)
    return ""
