"""Language versions: a translation is an article of its own that records (pins) the revision
of its source it was translated from. The rules live here, once:

- ``translation_errors``: what makes a translation link valid (the model's ``clean``);
- ``outdated_translations``: which translations are behind their source, as one filter (the
  scan raises ``translation_outdated`` from it);
- ``source_changes``: the two source revisions a translator compares;
- ``language_versions``: the versions of an article the public can read (``hreflang`` links).

A translation is behind when its source has, after the pinned revision, a clinical revision
(substantive, or an import) that has gone live: an editorial change to the source never makes
its translations outdated.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cms.models import Article, ChangeKind, HistoricalArticle
from cms.selectors import public_articles

# Marked for translation here, translated where it is used (the constant stays str).
LANGUAGE_TAKEN = gettext_noop("This source already has a version in that language.")
# The change kinds that change what a sheet says clinically, and so its translations.
CLINICAL_CHANGE_KINDS = (ChangeKind.SUBSTANTIVE, ChangeKind.IMPORTED)


def translation_errors(article: Article) -> dict[str, str]:
    """{field: message} for what is wrong with ``article``'s link to its source (empty if
    nothing). No query for an original; one or two for a translation."""
    errors = {}
    if article.translation_of_id is None:
        if article.source_revision_id is not None:
            errors["source_revision"] = _("Only a translation records a source revision.")
        return errors
    source = article.translation_of
    if article.pk is not None and source.pk == article.pk:
        errors["translation_of"] = _("An article cannot be a translation of itself.")
    elif source.translation_of_id is not None:
        errors["translation_of"] = _(
            "“%(title)s” is itself a translation; translate its source instead."
        ) % {"title": source.title}
    elif source.language == article.language:
        errors["language"] = _("The source is in %(language)s too: choose another language.") % {
            "language": source.language
        }
    elif article.pk is not None and article.translations.exists():
        errors["translation_of"] = _("This article has translations of its own: it is a source.")
    elif source.translations.filter(language=article.language).exclude(pk=article.pk).exists():
        errors["language"] = _(LANGUAGE_TAKEN)
    if article.source_revision_id is None:
        errors["source_revision"] = _("Say which revision of the source this translation is from.")
    elif article.source_revision.id != source.pk:
        errors["source_revision"] = _("Revision %(number)s is not a revision of “%(title)s”.") % {
            "number": article.source_revision_id,
            "title": source.title,
        }
    return errors


def _clinical_source_change_after_pin() -> Exists:
    """A clinical revision of the source newer than the pin and no newer than its live one."""
    return Exists(
        HistoricalArticle.objects.filter(
            id=OuterRef("translation_of_id"),
            change_kind__in=CLINICAL_CHANGE_KINDS,
            history_id__gt=OuterRef("source_revision_id"),
            history_id__lte=OuterRef("translation_of__live_revision_id"),
        )
    )


def outdated_translations(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The translations in ``articles`` whose source has gone live with a clinical change since
    the source revision they are pinned to. One filter (an EXISTS on the source's revisions),
    for set-based scans."""
    return articles.filter(
        translation_of__isnull=False, translation_of__live_revision__isnull=False
    ).filter(Q(source_revision__isnull=True) | _clinical_source_change_after_pin())


def is_outdated(article: Article) -> bool:
    """``outdated_translations`` for one article."""
    if article.translation_of_id is None:
        return False
    return outdated_translations(Article.objects.filter(pk=article.pk)).exists()


def clinical_changes_between(
    source: Article, *, after_id: int | None, up_to_id: int | None
) -> list[HistoricalArticle]:
    """The clinical revisions of ``source`` after revision ``after_id`` and up to ``up_to_id``
    (newest first): what a translation pinned at ``after_id`` has not taken in yet."""
    if up_to_id is None:
        return []
    revisions = source.history.filter(
        change_kind__in=CLINICAL_CHANGE_KINDS, history_id__lte=up_to_id
    )
    if after_id is not None:
        revisions = revisions.filter(history_id__gt=after_id)
    return list(revisions.order_by("-history_id"))


@dataclass(frozen=True)
class SourceChanges:
    """What a translator compares: the source revision the translation is pinned to and the
    source's live revision (or, before the source is live, its newest), and the clinical
    revisions in between."""

    source: Article
    pinned: HistoricalArticle | None
    current: HistoricalArticle | None
    clinical: list[HistoricalArticle]

    @property
    def outdated(self) -> bool:
        return bool(self.clinical) or (self.pinned is None and self.current is not None)


def source_changes(translation: Article) -> SourceChanges | None:
    """The source's changes since ``translation``'s pin, or None for an original. Three
    queries."""
    if translation.translation_of_id is None:
        return None
    source = Article.objects.select_related("live_revision").get(pk=translation.translation_of_id)
    current = source.live_revision or source.history.order_by("-history_id").first()
    pinned = translation.source_revision
    clinical = clinical_changes_between(
        source,
        after_id=translation.source_revision_id,
        up_to_id=source.live_revision_id,
    )
    return SourceChanges(source=source, pinned=pinned, current=current, clinical=clinical)


def language_versions(article: Article, *, public: bool = True) -> list[Article]:
    """Every language version of ``article``'s family (its source and the source's
    translations, ``article`` among them), ordered by language. ``public``: only the ones
    the public can read (live, not withdrawn), plus ``article`` itself. One query."""
    root_id = article.translation_of_id or article.pk
    family = Q(pk=root_id) | Q(translation_of_id=root_id)
    readable = public_articles().values("pk") if public else Article.objects.values("pk")
    versions = Article.objects.filter(family).filter(Q(pk=article.pk) | Q(pk__in=readable))
    return list(versions.only("id", "slug", "title", "language").order_by("language", "id"))


def default_pin(source: Article) -> HistoricalArticle | None:
    """The source revision a new translation is made from: the live one, else the newest."""
    return source.live_revision or source.history.order_by("-history_id").first()


def repin_refusal(article: Article, revision: HistoricalArticle | None, *, kind: str) -> str | None:
    """Why ``article`` may not be saved as up to date with source ``revision`` in a change of
    ``kind``, or None. Moving the pin past a clinical change of the source takes that change
    into the translation, which is itself clinical: it must be saved as substantive."""
    if article.translation_of_id is None:
        return _("Only a translation records the source revision it is up to date with.")
    if revision is None:
        return _("Choose the source revision this translation is up to date with.")
    if revision.id != article.translation_of_id:
        return _("Revision %(number)s is not a revision of this translation's source.") % {
            "number": revision.history_id
        }
    pinned = article.source_revision_id
    if pinned is not None and revision.history_id < pinned:
        return _(
            "Revision %(number)s is older than source revision %(pinned)s, which this "
            "translation is already up to date with."
        ) % {"number": revision.history_id, "pinned": pinned}
    clinical = clinical_changes_between(
        article.translation_of, after_id=pinned, up_to_id=revision.history_id
    )
    if clinical and kind != ChangeKind.SUBSTANTIVE:
        numbers = ", ".join(str(r.history_id) for r in reversed(clinical))
        return _(
            "Source revision %(numbers)s changed it clinically; bringing the translation up to "
            "date with it is a clinical change: save it as substantive, for sign-off."
        ) % {"numbers": numbers}
    return None
