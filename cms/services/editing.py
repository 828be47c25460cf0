"""The editor's write paths: create an article, edit it as an editorial or substantive change.

Editorial changes (wording, format) go live at once when the article's current text is the live
one; substantive (clinical) changes send the article to review, and the public keeps seeing the
last approved revision until reviewers sign the new one. While a change awaits review (or was sent
back to its editor), an editorial edit joins that pending revision: it never publishes it.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cms import hooks, translations
from cms.languages import default_language
from cms.models import EDITABLE_CHANGE_KINDS, Article, ChangeKind, HistoricalArticle
from cms.services.revisions import publish_revision, save_revision
from cms.templatetags.cms_tags import short_datetime
from cms.translations import LANGUAGE_TAKEN

EDITABLE_FIELDS = ("title", "summary", "body", "topic", "references", "source_revision")
# Marked for translation here, translated where they are raised (the constants stay str).
REFERENCES_ARE_CLINICAL = gettext_noop(
    "A change to the sources is a clinical change: save it as substantive, for sign-off."
)


class EditRefused(Exception):
    """The edit is not allowed or is based on a stale revision; nothing was saved."""


def latest_revision(article: Article) -> HistoricalArticle | None:
    """The newest revision of ``article`` (what reviewers sign next)."""
    return article.history.order_by("-history_id").first()


def check_can_edit(user, article: Article | None = None) -> None:
    """Raise EditRefused unless ``user`` may edit (or, with no article, create) articles."""
    perm = "cms.add_article" if article is None else "cms.change_article"
    if not user.has_perm(perm):
        raise EditRefused(_("Only editors can create or change articles."))
    if article is not None and article.status == Article.Status.ARCHIVED:
        raise EditRefused(_("This article is archived; it cannot be edited."))


SLUG_TAKEN = gettext_noop("An article with this slug already exists.")


@transaction.atomic
def create_article(
    *, editor, title, slug, summary, body, topic, reason, at: datetime, extra: dict | None = None,
    references: list[dict] | None = None, language: str | None = None,
    translation_of: Article | None = None, source_revision: HistoricalArticle | None = None,
) -> Article:  # fmt: skip
    """Create an article as a substantive revision awaiting review; it is not public until a
    reviewer approves it. ``extra`` (other apps' form fields) goes to the ARTICLE_CREATED
    hooks, in this transaction. A translation names its source (``translation_of``) and the
    source revision it was made from (default: the source's live one). Raises EditRefused or
    ValidationError; saves nothing then."""
    check_can_edit(editor)
    if translation_of is not None and source_revision is None:
        source_revision = translations.default_pin(translation_of)
    article = Article(
        language=language or default_language(),
        translation_of=translation_of,
        source_revision=source_revision,
        title=title,
        slug=slug,
        summary=summary,
        body=body,
        references=references or [],
        topic=topic,
        owner=editor,
        originated_on=timezone.localdate(at),
        status=Article.Status.AWAITING_REVIEW,
    )
    try:
        with transaction.atomic():  # a savepoint: a slug taken meanwhile is a form error
            save_revision(
                article=article, kind=ChangeKind.SUBSTANTIVE, reason=reason, at=at, user=editor
            )
    except IntegrityError:
        if Article.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _(SLUG_TAKEN)}) from None
        if (
            translation_of is not None
            and translation_of.translations.filter(language=article.language).exists()
        ):
            raise ValidationError({"language": _(LANGUAGE_TAKEN)}) from None
        raise
    for hook in hooks.get_hooks(hooks.ARTICLE_CREATED):
        hook(article=article, data=extra or {}, actor=editor, at=at)
    return article


@transaction.atomic
def edit_article(
    *,
    article_id: int,
    editor,
    changes: dict,
    kind: str,
    reason: str,
    base_revision_id: int,
    at: datetime,
) -> HistoricalArticle | None:
    """Apply ``changes`` (title, summary, body, topic, references; for a translation, the
    ``source_revision`` it is now up to date with) as a revision of ``kind``. A change to the
    references is clinical: refused as an editorial change; so is moving a translation's pin
    past a clinical change of its source (``cms.translations.repin_refusal``).

    ``base_revision_id`` is the revision the editor opened; if another revision was saved since,
    the edit is refused so that nobody's change is silently overwritten. The article row is
    locked for the transaction, so an edit and a sign-off never interleave. Returns the new
    revision, or None when nothing changed. Raises EditRefused, RevisionRefused or
    ValidationError, saving nothing.
    """
    article = Article.objects.select_for_update().get(pk=article_id)
    check_can_edit(editor, article)
    if kind not in EDITABLE_CHANGE_KINDS:
        raise EditRefused(_("Choose whether the change is editorial or substantive."))
    latest = latest_revision(article)
    if latest is not None and latest.history_id != base_revision_id:
        who = latest.history_user.get_username() if latest.history_user else _("someone")
        raise EditRefused(
            _(
                "This article was changed by %(who)s at %(when)s after you opened it. "
                "Reload the page to see that change, then make yours again."
            )
            % {"who": who, "when": short_datetime(latest.history_date)}
        )
    _check_changes(article, changes, kind)
    for field, value in changes.items():
        setattr(article, field, value)

    goes_live = kind == ChangeKind.EDITORIAL and not has_pending_change(article, latest)
    if kind == ChangeKind.SUBSTANTIVE or (
        not goes_live and article.status == Article.Status.PUBLISHED
    ):
        article.status = Article.Status.AWAITING_REVIEW
    revision = save_revision(article=article, kind=kind, reason=reason, at=at, user=editor)
    if revision is not None and goes_live:
        publish_revision(article=article, revision=revision, at=at, actor=editor)
    return revision


def _check_changes(article: Article, changes: dict, kind: str) -> None:
    """Raise EditRefused for a field that cannot be edited, a change to the sources saved as
    editorial, or a translation's new pin that ``translations.repin_refusal`` refuses."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise EditRefused(
            _("These fields cannot be edited here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if (
        kind == ChangeKind.EDITORIAL
        and "references" in changes
        and changes["references"] != article.references
    ):
        raise EditRefused(_(REFERENCES_ARE_CLINICAL))
    if "source_revision" in changes:
        new_pin = changes["source_revision"]
        if getattr(new_pin, "history_id", None) != article.source_revision_id:
            refusal = translations.repin_refusal(article, new_pin, kind=kind)
            if refusal:
                raise EditRefused(refusal)


def has_pending_change(article: Article, latest: HistoricalArticle | None = None) -> bool:
    """True if the article has words the public does not see yet: its newest revision is not
    the live one, or it is not published (awaiting review, or sent back to its editor).

    An editorial edit made then joins the pending revision and goes live only with it, once
    reviewers approve; with no pending change it goes live at once."""
    latest = latest if latest is not None else latest_revision(article)
    return (
        article.status != Article.Status.PUBLISHED
        or latest is None
        or latest.history_id != article.live_revision_id
    )
