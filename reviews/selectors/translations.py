"""Reads for the translations report: which source articles have language versions, and which
of those versions are behind their source. Whether a version is outdated comes from
``cms.translations.outdated_translations``, the one rule, never restated here."""

from collections.abc import Iterator
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from cms.languages import covered_by_q, default_language
from cms.models import Article
from cms.translations import outdated_translations


def article_languages() -> list[str]:
    """The languages the filters suggest, sorted: the default and the interface languages
    (settings), and every language a translation is in. One query, which the index of
    ``cms_one_version_per_language`` answers without reading the whole library (a DISTINCT over
    every article's language would); a filter still takes any other tag."""
    translated = (
        Article.objects.filter(translation_of__isnull=False)
        .order_by()
        .values_list("language", flat=True)
        .distinct()
    )
    configured = {default_language(), *(code for code, _ in settings.LANGUAGES)}
    return sorted(configured | set(translated))


def _versions(*, language: str | None, outdated_only: bool) -> QuerySet[Article]:
    versions = Article.objects.filter(translation_of__isnull=False)
    if language:
        versions = versions.filter(covered_by_q(language))
    if outdated_only:
        versions = outdated_translations(versions)
    return versions


def translated_sources(
    *, articles: QuerySet[Article] | None = None, language: str | None = None,
    outdated_only: bool = False,
) -> QuerySet[Article]:  # fmt: skip
    """The source articles (of ``articles``, all by default) with at least one translation that
    passes the filters: in ``language`` (a bare language takes in its regional forms), and
    outdated (``outdated_only``). Sorted by title; the live revision is joined in."""
    articles = Article.objects.all() if articles is None else articles
    versions = _versions(language=language, outdated_only=outdated_only)
    return (
        articles.filter(Exists(versions.filter(translation_of=OuterRef("pk"))))
        .select_related("live_revision")
        .order_by("title", "id")
    )


class LanguageVersion(NamedTuple):
    """One translation of a source, as the report shows it."""

    source_id: int
    source_slug: str
    source_title: str
    source_live_revision: int | None  # the source's live revision id
    language: str
    slug: str
    title: str
    status: str
    source_revision: int | None  # the source revision the translation is pinned to
    outdated: bool  # cms.translations.outdated_translations


_FIELDS = (
    "translation_of_id", "translation_of__slug", "translation_of__title",
    "translation_of__live_revision_id", "language", "slug", "title", "status",
    "source_revision_id", "outdated",
)  # fmt: skip


def _version_rows(versions: QuerySet[Article]) -> QuerySet:
    outdated = outdated_translations(Article.objects.filter(pk=OuterRef("pk")))
    return versions.annotate(outdated=Exists(outdated)).values_list(*_FIELDS)


def language_versions_of(
    *, sources: list[Article], language: str | None = None, outdated_only: bool = False
) -> dict[int, list[LanguageVersion]]:
    """{source id: its translations that pass the filters, by language}, for one page of
    ``translated_sources``. One query, whatever the page's size."""
    versions = _versions(language=language, outdated_only=outdated_only).filter(
        translation_of_id__in=[source.pk for source in sources]
    )
    found: dict[int, list[LanguageVersion]] = {source.pk: [] for source in sources}
    for values in _version_rows(versions.order_by("language", "id")):
        found[values[0]].append(LanguageVersion(*values))
    return found


def language_version_rows(
    *, language: str | None = None, outdated_only: bool = False
) -> Iterator[LanguageVersion]:
    """Every translation that passes the filters, one row each, by source title then language:
    the report's downloads. One query, read in chunks."""
    versions = _versions(language=language, outdated_only=outdated_only).order_by(
        "translation_of__title", "translation_of_id", "language", "id"
    )
    for values in _version_rows(versions).iterator(chunk_size=2000):
        yield LanguageVersion(*values)
