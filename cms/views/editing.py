"""Editors' screens: the article list, creating, translating and editing articles."""

from contextlib import contextmanager
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cms import hooks, selectors, translations
from cms.diff import diff_of
from cms.forms import (
    ArticleCreateForm,
    ArticleEditForm,
    ArticleFilterForm,
    ArticlePreviewForm,
    ArticleTranslateForm,
)
from cms.languages import language_name
from cms.models import Article, ChangeKind
from cms.permissions import require_perm
from cms.readability import above_target_warning
from cms.services.editing import (
    EditRefused,
    create_article,
    edit_article,
    has_pending_change,
    latest_revision,
)
from cms.services.revisions import RevisionRefused

PAGE_SIZE = 25


@contextmanager
def refusals_shown_on(form):
    """Run a service call for ``form``: a refusal or invalid content becomes the form's errors
    (nothing was saved), so the form re-renders with the reasons."""
    try:
        yield
    except ValidationError as error:
        form.add_validation_error(error)
    except (EditRefused, RevisionRefused) as error:
        form.add_error(None, str(error))


@require_perm("cms.change_article")
def article_list(request):
    today = timezone.localdate()
    extensions = [hook() for hook in hooks.get_hooks(hooks.ARTICLE_LIST)]
    form = ArticleFilterForm(request.GET or None, extensions=extensions)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = selectors.editor_articles(
        as_of=today,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        topic=filters.get("topic"),
        extensions=extensions,
        filters=filters,
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    columns = [column for extension in extensions for column in extension.columns]
    rows = [(article, [cell(article, today) for _, cell in columns]) for article in page]
    query = request.GET.copy()
    query.pop("page", None)
    bulk = "".join(hook(request) for hook in hooks.get_hooks(hooks.ARTICLE_BULK_ACTIONS_HTML))
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    context.update(headers=[header for header, _ in columns], today=today)
    context["bulk_actions"] = mark_safe(bulk)  # noqa: S308 - hooks return escaped HTML
    return render(request, "cms/workspace_articles.html", context)


@require_perm("cms.add_article")
def article_create(request):
    form = ArticleCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            article = create_article(**_new_article(request, form))
        if not form.errors:
            return _created(request, article)
    return render(request, "cms/article_form.html", {"form": form, "creating": True})


@require_perm("cms.add_article")
def article_translate(request, slug):
    """A new article translating ``slug``, prefilled from the source revision it starts from
    and pinned to that revision."""
    source = get_object_or_404(Article.objects.select_related("translation_of"), slug=slug)
    if request.method == "POST":
        form = ArticleTranslateForm(request.POST, source=source)
        if form.is_valid():
            data = form.cleaned_data
            with refusals_shown_on(form):
                article = create_article(
                    **_new_article(request, form),
                    language=data["language"],
                    translation_of=source,
                    source_revision=data["source_revision"],
                )
            if not form.errors:
                return _created(request, article)
    else:
        form = ArticleTranslateForm.for_source(source)
    context = {"form": form, "creating": True, "source": source, "refusal": form.refusal}
    context["source_language"] = language_name(source.language)
    return render(request, "cms/article_form.html", context)


def _new_article(request, form) -> dict:
    """create_article's arguments from a valid create (or translate) form."""
    data = form.cleaned_data
    fields = ("title", "slug", "summary", "body", "references", "topic", "reason")
    return {
        **{name: data[name] for name in fields},
        "editor": request.user,
        "at": timezone.now(),
        "extra": form.extra_data(),
    }


def _created(request, article):
    messages.success(
        request,
        gettext("“%(title)s” was created and is awaiting review.") % {"title": article.title},
    )
    warning = above_target_warning(revision=latest_revision(article), article=article)
    if warning:
        messages.warning(request, warning)
    return redirect(
        hooks.first_url(hooks.AFTER_CREATE_URL, article)
        or reverse("cms:article-history", args=[article.slug])
    )


@require_perm("cms.change_article")
def article_edit(request, slug):
    article = get_object_or_404(Article, slug=slug)
    pending = has_pending_change(article)
    if request.method == "POST":
        form = ArticleEditForm(request.POST, article=article)
        if form.is_valid():
            data = form.cleaned_data
            with refusals_shown_on(form):
                revision = edit_article(
                    article_id=article.pk,
                    editor=request.user,
                    changes=form.changes(),
                    kind=data["change_kind"],
                    reason=data["reason"],
                    base_revision_id=data["base_revision"],
                    at=timezone.now(),
                )
            if not form.errors:
                _say_saved(request, revision, kind=data["change_kind"], pending=pending)
                warning = above_target_warning(revision=revision, article=article)
                if warning:
                    messages.warning(request, warning)
                return redirect("cms:article-history", slug=article.slug)
    else:
        latest = latest_revision(article)
        form = ArticleEditForm.for_article(article, latest.history_id if latest else 0)
    context = {"form": form, "article": article, "creating": False, "pending": pending}
    context.update(_source_panel(article))
    return render(request, "cms/article_form.html", context)


def _say_saved(request, revision, *, kind, pending) -> None:
    if revision is None:
        messages.info(request, gettext("Nothing changed, so no revision was saved."))
    elif kind == ChangeKind.SUBSTANTIVE:
        messages.success(
            request,
            gettext(
                "Saved. The change awaits sign-off; the public still sees the approved revision."
            ),
        )
    elif pending:
        messages.success(
            request,
            gettext(
                "Saved as an editorial change to the revision awaiting review. It goes "
                "live with that revision, once reviewers approve it."
            ),
        )
    else:
        messages.success(request, gettext("Saved as an editorial change. It is live."))


def _source_panel(article) -> dict:
    """For a translation's edit screen: its source's changes since the pinned revision, and
    their diff when the source has moved on (``source_diff``; None when up to date)."""
    changes = translations.source_changes(article)
    if changes is None:
        return {}
    old, new = changes.pinned, changes.current
    moved_on = new is not None and (old is None or new.history_id > old.history_id)
    diff = None
    if moved_on:
        diff = diff_of(old, new)
    language = language_name(changes.source.language)
    return {"source_changes": changes, "source_diff": diff, "source_language": language}


@require_POST
@require_perm("cms.add_article")
def article_preview_new(request):
    """The public page a new article would have, from the form being filled in."""
    return _preview(request, article=None)


@require_POST
@require_perm("cms.change_article")
def article_preview(request, slug):
    """The public page, with its footer, as it would read with the text being edited."""
    return _preview(request, article=get_object_or_404(Article, slug=slug))


def _preview(request, *, article):
    form = ArticlePreviewForm(request.POST)
    if not form.is_valid():
        return render(request, "cms/preview_errors.html", {"form": form}, status=400)
    data = form.cleaned_data
    revision = SimpleNamespace(
        title=data["title"], body=data["body"], references=data["references"]
    )
    context = {"article": article, "revision": revision, "preview": True}
    return render(request, "cms/article_detail.html", context)
