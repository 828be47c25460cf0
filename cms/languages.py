"""Languages of articles and reviewers: BCP 47 tags (``en``, ``es``, ``es-MX``), checked and
written in their standard form by ``langcodes``. The default comes from settings
(``ARTICLE_DEFAULT_LANGUAGE``)."""

import langcodes
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language_info


def default_language() -> str:
    """The language of an article that does not say (settings.ARTICLE_DEFAULT_LANGUAGE)."""
    return settings.ARTICLE_DEFAULT_LANGUAGE


def standard_language(tag: str) -> str:
    """``tag`` in its standard BCP 47 form ("ES-mx" -> "es-MX"). Raises ValidationError for
    a tag that is not well-formed BCP 47."""
    tag = (tag or "").strip().replace("_", "-")
    if not tag or not langcodes.tag_is_valid(tag):
        raise ValidationError(
            f"“{tag}” is not a language tag: use BCP 47, such as en, es or es-MX.",
            code="invalid_language",
        )
    return langcodes.standardize_tag(tag)


def validate_language(tag: str) -> None:
    """Model validator: ``tag`` is well-formed BCP 47 and already in its standard form."""
    if standard_language(tag) != tag:
        raise ValidationError(
            f"Write the language tag as {standard_language(tag)}.", code="language_form"
        )


def primary_language(tag: str) -> str:
    """The language subtag of ``tag``: "es" for "es-MX"."""
    return tag.split("-", 1)[0].lower()


def covers(tag: str, language: str) -> bool:
    """True if someone who reads ``tag`` reads ``language``: the same tag, or ``tag`` is the
    bare language of a regional ``language`` ("es" reads "es-MX"; "es-MX" does not read
    "es-ES"). ``tags_covering`` and ``covered_by_q`` are the same rule for queries."""
    return tag == language or ("-" not in tag and primary_language(language) == tag)


def tags_covering(language: str) -> set[str]:
    """Every tag that ``covers`` ``language``: itself and its bare language."""
    return {language, primary_language(language)}


def covered_by_q(tag: str, field: str = "language") -> Q:
    """A filter on ``field`` (a language column) for the languages ``tag`` ``covers``: the tag
    itself, and, for a bare language ("es"), its regional forms ("es-MX"). A prefix match, so
    an index on the column still serves it."""
    if "-" in tag:
        return Q(**{field: tag})
    return Q(**{field: tag}) | Q(**{f"{field}__startswith": f"{tag}-"})


def language_name(tag: str) -> str:
    """The language's own name for itself ("Español" for "es"), or the tag when Django does
    not know it."""
    for candidate in (tag, primary_language(tag)):
        try:
            return get_language_info(candidate)["name_local"].capitalize()
        except KeyError:
            continue
    return tag


def language_choices() -> list[tuple[str, str]]:
    """The interface languages (settings.LANGUAGES), for pickers: (tag, "Name (tag)")."""
    return [(code, f"{language_name(code)} ({code})") for code, _ in settings.LANGUAGES]
