"""The language side of an import (``import_sheets --language`` and ``--translation-of``): which
language a sheet's article is in, and which article it is a translation of.

A sheet's language is ``--language`` if given, else its footer labels' (``reviews.sheets``),
else, for a new article, the default language (an existing article keeps its own). A sheet
imported with ``--translation-of SLUG`` is a translation of that article: a new one is pinned to
the source's live revision (``cms.translations.default_pin``) and its link must pass the same
rule as every route (``cms.translations.translation_errors``, the model's ``clean``). Each
refusal is a SheetError: the sheet fails, naming its file, and saves nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from cms.languages import default_language, standard_language
from cms.models import Article, Topic
from cms.translations import default_pin, translation_errors
from reviews.services.import_summary import ImportRefused
from reviews.sheets import ParsedSheet, SheetError


def resolve_language(tag: str | None) -> str | None:
    """``tag`` in its standard BCP 47 form, or None when not given. Raises ImportRefused
    naming it."""
    if tag is None:
        return None
    try:
        return standard_language(tag)
    except ValidationError as error:
        raise ImportRefused(f"--language {tag!r}: {error.messages[0]}") from None


@dataclass(frozen=True)
class LanguageVersion:
    """What one sheet is, language-wise: its language (None: neither ``--language`` nor its
    labels say) and the article it translates (None: an original)."""

    language: str | None
    source: Article | None = None

    @property
    def topic(self) -> Topic | None:
        """The source's topic, for a translation."""
        return self.source.topic if self.source is not None else None

    def of(self, article: Article | None) -> "LanguageVersion":
        """This version for the ``article`` a re-import updates: without ``--translation-of``,
        an existing translation stays one, of its own source."""
        if self.source is not None or article is None or article.translation_of_id is None:
            return self
        return LanguageVersion(self.language, article.translation_of)

    def check_existing(self, article: Article) -> None:
        """A re-import: the sheet must be in the article's language and, with
        ``--translation-of``, the article a translation of that source. Raises SheetError."""
        if self.language and self.language != article.language:
            raise SheetError(
                f"the article {article.slug!r} is in {article.language}; this sheet is in "
                f"{self.language}"
            )
        if self.source is None or article.translation_of_id == self.source.pk:
            return
        if article.translation_of_id is None:
            raise SheetError(
                f"its slug {article.slug!r} belongs to an article that is not a translation of "
                f"{self.source.slug!r}"
            )
        raise SheetError(
            f"{article.slug!r} is a translation of {article.translation_of.slug!r}, not of "
            f"{self.source.slug!r}"
        )

    def link_new(self, article: Article) -> None:
        """Give a new ``article`` its language and, for a translation, its source and pin (the
        source's live revision). Raises SheetError if the link breaks the translation rule or
        the source has a version in this language already."""
        article.language = self.language or default_language()
        if self.source is None:
            return
        article.translation_of = self.source
        article.source_revision = default_pin(self.source)
        other = self.source.translations.filter(language=article.language).first()
        if other is not None:
            raise SheetError(
                f"{self.source.slug!r} already has a version in {article.language}: "
                f"{other.slug!r} (a sheet of another title)"
            )
        errors = translation_errors(article)
        if errors:
            hint = " (the sheet's language comes from its footer labels, or --language)"
            reasons = " ".join(errors.values())
            raise SheetError(
                f"cannot be a translation of {self.source.slug!r}: {reasons}"
                + (hint if "language" in errors else "")
            )


def language_version(
    sheet: ParsedSheet, *, language: str | None, translation_of: str | None
) -> LanguageVersion:
    """The sheet's language (``language``, else its labels') and the source article named by
    the slug ``translation_of``. Raises SheetError when there is no article of that slug."""
    language = language or sheet.language
    if not translation_of:
        return LanguageVersion(language)
    source = Article.objects.select_related("topic").filter(slug=translation_of).first()
    if source is None:
        raise SheetError(f"no article with the slug {translation_of!r} to be a translation of")
    return LanguageVersion(language, source)
