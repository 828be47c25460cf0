"""Template helpers of the review domain."""

from datetime import date

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from reviews.choices import FlagKind
from reviews.due import article_review_status

register = template.Library()


@register.inclusion_tag("reviews/_review_status.html")
def review_status_badge(article, as_of: date) -> dict:
    """The article's review status on ``as_of`` as a badge (reviews.due.review_status)."""
    return {"status": article_review_status(article, as_of=as_of)}


@register.filter
def flag_label(kind: str) -> str:
    """A flag kind's human label ("never_reviewed" → "Never reviewed"); an unknown code as it is."""
    try:
        return gettext(FlagKind(kind).label)  # labels are marked with gettext_noop
    except ValueError:
        return kind


@register.simple_tag
def flag_reasons_html(reasons) -> SafeString:
    """Open flags' reasons as a list, one line each with its links (empty for none). Joined
    here, each value escaped, rather than rendered by a template: the review-status report
    and the editors' list write it once per row."""
    if not reasons:
        return mark_safe("")
    items = "\n".join(
        f"  <li><strong>{escape(r.label)}</strong>: {escape(r.text)}{_links(r)}</li>"
        for r in reasons
    )
    return mark_safe(f'<ul class="flag-reasons">\n{items}\n</ul>')


_NOOPENER = ' rel="noopener noreferrer"'


def _links(reason) -> str:
    """The reason's links, escaped; links off the site open with no referrer."""
    return "".join(
        f' <a href="{escape(url)}"{_NOOPENER if "://" in url else ""}>{escape(text)}</a>'
        for text, url in reason.links
    )
