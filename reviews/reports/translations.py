"""The translations report: each source article that has language versions, and for each
version the source revision it is up to date with, the source's live revision, and whether it
is behind (``cms.translations.outdated_translations``, through
``reviews.selectors.translations``).

The page shows one row per source with its versions; the CSV and JSON downloads one row per
version, from ``COLUMNS``."""

from operator import attrgetter

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import Article
from reviews.reports.columns import Column
from reviews.reports.language_filter import LanguageFilter
from reviews.selectors.translations import translated_sources

TITLE = _("Translations")


class TranslationFilter(django_filters.FilterSet):
    """The report's filters. ``qs`` is the source articles it lists (``translated_sources``);
    ``chosen`` the cleaned filters, which narrow the versions shown under each source too."""

    language = LanguageFilter(method="keep")
    outdated = django_filters.BooleanFilter(
        method="keep",
        label=_("Outdated only"),
        help_text=_("Only the versions whose source has changed clinically since."),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__({} if data is None else data, queryset, request=request, prefix=prefix)

    def keep(self, queryset, name, value):
        return queryset  # both filters apply to the versions, in ``filter_queryset``

    def filter_queryset(self, queryset):
        return translated_sources(articles=queryset, **self.chosen)

    @property
    def chosen(self) -> dict:
        """{"language": tag or None, "outdated_only": bool} (no filter when invalid)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return {
            "language": data.get("language") or None,
            "outdated_only": bool(data.get("outdated")),
        }


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


COLUMNS = (
    Column("source", _("Source"), attrgetter("source_slug"), text=attrgetter("source_slug")),
    Column("source_title", _("Source title"), attrgetter("source_title"),
           text=attrgetter("source_title")),
    Column("source_live_revision", _("Source live revision"), attrgetter("source_live_revision"),
           text=lambda r: _number(r.source_live_revision), kind="integer"),
    Column("language", _("Language"), attrgetter("language"), text=attrgetter("language")),
    Column("slug", _("Slug"), attrgetter("slug"), text=attrgetter("slug")),
    Column("title", _("Title"), attrgetter("title"), text=attrgetter("title")),
    Column("status", _("Status"), attrgetter("status"), text=attrgetter("status")),
    Column("source_revision", _("Up to date with"), attrgetter("source_revision"),
           text=lambda r: _number(r.source_revision), kind="integer",
           help=_("The source revision the translation is up to date with (its pin).")),
    Column("outdated", _("Outdated"), attrgetter("outdated"),
           text=lambda r: "yes" if r.outdated else "no",
           help=_("The source has changed clinically since that revision.")),
)  # fmt: skip
