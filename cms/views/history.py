"""Revision history: every revision of an article, one revision, and the diff of two."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cms import hooks, translations
from cms.diff import diff_of
from cms.languages import language_name
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
            **_language_versions(article),
        },
    )


def _language_versions(article) -> dict:
    """The article's language versions (its source and the source's translations), each with
    its language's name, its pin and whether it is outdated. One query for an article with no
    translations; four otherwise."""
    if article.translation_of_id is None and not article.translations.exists():
        return {"versions": []}
    versions = translations.language_versions(article, public=False)
    family = Article.objects.filter(pk__in=[version.pk for version in versions])
    pins = {
        pk: (of, pin)
        for pk, of, pin in family.values_list("pk", "translation_of", "source_revision")
    }
    outdated = set(translations.outdated_translations(family).values_list("pk", flat=True))
    rows = [
        {
            "article": version,
            "language": language_name(version.language),
            "is_source": pins[version.pk][0] is None,
            "pin": pins[version.pk][1],
            "outdated": version.pk in outdated,
        }
        for version in versions
    ]
    own = next(row for row in rows if row["article"].pk == article.pk)
    source = next((row for row in rows if row["is_source"]), None)
    return {"versions": rows, "version": own, "source": source}


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
        messages.info(
            request, _("No revision has been approved yet: the diff starts from nothing.")
        )
    diff = diff_of(old, new)
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


@require_perm("cms.view_article")
def source_changes(request, slug):
    """A translation's source, diffed from the revision the translation is pinned to up to the
    source's live one: what the translator has to take in."""
    article = get_object_or_404(Article, slug=slug)
    changes = translations.source_changes(article)
    if changes is None:
        messages.info(request, _("This article is not a translation: it has no source to follow."))
        return redirect("cms:article-history", slug=article.slug)
    query = {"to": changes.current.history_id} if changes.current else {}
    if changes.pinned is not None:
        query["from"] = changes.pinned.history_id
    url = reverse("cms:revision-diff", args=[changes.source.slug])
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def _pick(request, article, name):
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        messages.error(request, _("“%(value)s” is not a revision number.") % {"value": value})
        return None
    revision = article.history.filter(history_id=int(value)).first()
    if revision is None:
        messages.error(
            request, _("Revision %(number)s is not a revision of this article.") % {"number": value}
        )
    return revision
