"""Revision history: every revision of an article, one revision, and the diff of two."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cms import hooks
from cms.diff import diff_revisions
from cms.models import Article
from cms.permissions import require_perm
from cms.services.editing import latest_revision

PAGE_SIZE = 50


@require_perm("cms.view_article")
def article_history(request, slug):
    article = get_object_or_404(Article.objects.select_related("live_revision"), slug=slug)
    revisions = article.history.select_related("history_user")
    page = Paginator(revisions.order_by("-history_id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/history.html",
        {
            "article": article,
            "page": page,
            "notes": hooks.revision_notes(page.object_list),
            "all_revisions": article.history.order_by("-history_id").only(
                "history_id", "history_date", "change_kind"
            ),
            "latest": latest_revision(article),
        },
    )


@require_perm("cms.view_article")
def revision_detail(request, slug, revision_id):
    article = get_object_or_404(Article, slug=slug)
    revision = get_object_or_404(
        article.history.select_related("history_user"), history_id=revision_id
    )
    context = {"article": article, "revision": revision, "notes": hooks.revision_notes([revision])}
    return render(request, "cms/revision.html", context)


@require_perm("cms.view_article")
def revision_diff(request, slug):
    """The diff between two revisions; by default the live one against the newest."""
    article = get_object_or_404(Article.objects.select_related("live_revision"), slug=slug)
    latest = latest_revision(article)
    old = _pick(request, article, "from") or article.live_revision
    new = _pick(request, article, "to") or latest
    if old is None:
        messages.info(request, "No revision has been approved yet: the diff starts from nothing.")
    diff = diff_revisions(
        old_title=old.title if old else "",
        old_body=old.body if old else [],
        new_title=new.title,
        new_body=new.body,
        old_references=old.references if old else [],
        new_references=new.references,
    )
    return render(
        request,
        "cms/diff.html",
        {
            "article": article,
            "old": old,
            "new": new,
            "diff": diff,
            "all_revisions": article.history.order_by("-history_id").only(
                "history_id", "history_date", "change_kind"
            ),
        },
    )


def _pick(request, article, name):
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        messages.error(request, f"“{value}” is not a revision number.")
        return None
    revision = article.history.filter(history_id=int(value)).first()
    if revision is None:
        messages.error(request, f"Revision {value} is not a revision of this article.")
    return revision
