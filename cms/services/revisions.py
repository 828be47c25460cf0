"""Writing article revisions: every save is a history row with a kind and a reason."""

from datetime import datetime

from django.db import transaction

from cms.body import words_as_text
from cms.models import Article, ChangeKind, HistoricalArticle
from cms.readability import reading_grade
from cms.signals import revision_published, revision_saved

_NOT_REVISION_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type"}


class RevisionRefused(Exception):
    """The revision cannot be saved as asked; the message says why."""


def revision_text(revision: HistoricalArticle) -> str:
    """A revision's title and words as plain text, one block per line."""
    return words_as_text(title=revision.title, body=revision.body)


def revision_fields() -> list[str]:
    """The article columns a revision snapshots (what history tracks)."""
    return [
        field.attname
        for field in HistoricalArticle._meta.concrete_fields
        if field.name not in _NOT_REVISION_FIELDS
        and not field.name.startswith("history_")
        and field.name != "change_kind"
    ]


def has_revision_changes(article: Article) -> bool:
    """True if ``article`` differs from its stored row in any field a revision records."""
    if article.pk is None or article._state.adding:
        return True
    fields = revision_fields()
    stored = Article.objects.filter(pk=article.pk).values(*fields).first()
    if stored is None:
        return True
    return any(getattr(article, name) != stored[name] for name in fields)


@transaction.atomic
def save_revision(
    *, article: Article, kind: ChangeKind, reason: str, at: datetime, user=None
) -> HistoricalArticle | None:
    """Validate and save ``article`` as a new revision of ``kind`` with ``reason``.

    Returns the new history row, or None when nothing a revision records has changed (no
    empty revisions). Raises django's ValidationError for invalid content and RevisionRefused
    for a missing reason or kind. One transaction. The revision stores its words' reading
    grades (cms/readability.py).
    """
    if kind not in ChangeKind.values:
        raise RevisionRefused(f"Unknown change kind {kind!r}.")
    if not (reason or "").strip():
        raise RevisionRefused("A revision needs a reason.")
    if kind == ChangeKind.SUBSTANTIVE:
        article.last_substantive_revision_at = at
    article.full_clean()
    grade = reading_grade(title=article.title, body=article.body)
    article.reading_grade, article.smog_grade = grade
    if not has_revision_changes(article):
        return None
    article._change_kind = kind
    article._change_reason = reason.strip()
    article._history_date = at
    if user is not None:
        article._history_user = user
    try:
        if article._state.adding:
            article.save()
        else:
            # Only the content: the review dates and live revision are kept by their own
            # services, and a stale copy of them on this instance must not overwrite them.
            article.save(update_fields=[name for name in revision_fields() if name != "id"])
    finally:
        for attr in ("_change_kind", "_change_reason", "_history_date", "_history_user"):
            article.__dict__.pop(attr, None)
    revision = article.history.order_by("-history_id").first()
    revision_saved.send(Article, article=article, revision=revision, kind=kind, user=user)
    return revision


@transaction.atomic
def publish_revision(
    *, article: Article, revision: HistoricalArticle, at: datetime, actor=None
) -> None:
    """Make ``revision`` the one the public sees and mark the article published.

    This changes no content, so it writes no history row.
    """
    if revision.id != article.pk:
        raise RevisionRefused("That revision belongs to another article.")
    live_text = revision_text(revision)
    Article.objects.filter(pk=article.pk).update(
        live_revision=revision, live_text=live_text, status=Article.Status.PUBLISHED
    )
    article.live_revision = revision
    article.live_text = live_text
    article.status = Article.Status.PUBLISHED
    revision_published.send(Article, article=article, revision=revision, at=at, actor=actor)
