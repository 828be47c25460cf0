"""Template helpers for content pages."""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from cms import hooks
from cms.editor_words import editor_words as _editor_words
from cms.render import render_body

register = template.Library()


@register.simple_tag
def editor_words() -> str:
    """The editor script's words in the active language, as a JSON script element
    (``cms.editor_words``)."""
    return json_script(_editor_words(), "editor-words")


@register.simple_tag(takes_context=True)
def hook_html(context, name: str, *args) -> str:
    """The HTML every ``name`` hook renders for (request, *args), joined (cms.hooks)."""
    request = context.get("request")
    return mark_safe(  # noqa: S308 - hooks return rendered, escaped template output
        "".join(hook(request, *args) for hook in hooks.get_hooks(name))
    )


@register.filter
def note_for(notes: dict, revision) -> str:
    """The notes other apps add to ``revision`` (from ``cms.hooks.revision_notes``)."""
    return mark_safe(notes.get(revision.history_id, ""))  # noqa: S308 - rendered by hooks


@register.simple_tag
def article_badges(article, as_of: date) -> str:
    """Badges other apps add to an article on staff lists (cms.hooks.ARTICLE_BADGES)."""
    return mark_safe(  # noqa: S308 - each hook returns rendered, escaped template output
        "".join(hook(article, as_of) for hook in hooks.get_hooks(hooks.ARTICLE_BADGES))
    )


@register.filter
def us_date(value: date | None) -> str:
    """M/D/YYYY without leading zeros, as printed on the sheets: 10/1/2023."""
    if not value:
        return ""
    return f"{value.month}/{value.day}/{value.year}"


@register.filter
def short_date(value: date | None) -> str:
    """A date as the active language writes it short (its SHORT_DATE_FORMAT, cms/formats):
    10/1/2023 in English, 1/10/2023 in Spanish."""
    if not value:
        return ""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def short_datetime(value: datetime | None) -> str:
    """A moment in the site's time zone as the active language writes it (its
    SHORT_DATETIME_FORMAT): 10/1/2023 3:04 PM EDT in English (``us_datetime``), 1/10/2023 15:04
    EDT in Spanish."""
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


@register.filter
def us_datetime(value: datetime | None) -> str:
    """10/1/2023 3:04 PM EDT, in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{us_date(local.date())} {hour}:{local.minute:02d} {local:%p} {local.tzname()}"


@register.simple_tag
def body_html(blocks):
    """An article body as sanitised HTML (cms.render.render_body, the one renderer)."""
    return render_body(blocks)
