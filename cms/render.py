"""Body blocks to HTML: the one renderer (public page, revisions, previews, the review page).

The HTML is built with every piece of text escaped, then passed through nh3 with an allow-list
of tags, attributes and URL schemes, so that nothing a body holds (from the editor, an import or
the API) can add a script, an event handler, a style or a ``javascript:``/``data:`` URL.
"""

import nh3
from django.core.files.storage import default_storage
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from cms.body import CALLOUT, HEADING, IMAGE, INTERNAL_LINK, LIST, TABLE, spans_of

CALLOUT_LABELS = {"note": "Note", "warning": "Warning", "emergency": "Emergency"}
ALLOWED_TAGS = {
    "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "a", "table", "thead", "tbody", "tr",
    "th", "td", "aside", "figure", "figcaption", "img", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class"},
    "img": {"src", "alt", "loading"},
    "aside": {"class", "role", "aria-label"},
    "span": {"class"},
    "th": {"scope"},
    "figure": {"class"},
    "table": {"class"},
}


def render_body(blocks) -> SafeString:
    """The body as sanitised HTML."""
    html = "\n".join(_render_block(block) for block in blocks or [])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


def link_href(target: str) -> str:
    """Where a link goes: an article's public page for ``article:<slug>``, else the URL."""
    if target.startswith(INTERNAL_LINK):
        try:
            return reverse("cms:article-detail", kwargs={"slug": target[len(INTERNAL_LINK) :]})
        except NoReverseMatch:
            return ""
    return target


def render_inline(content) -> str:
    parts = []
    for span in spans_of(content):
        html = escape(span["text"])
        if span.get("italic"):
            html = f"<em>{html}</em>"
        if span.get("bold"):
            html = f"<strong>{html}</strong>"
        if span.get("link"):
            html = format_html('<a href="{}">{}</a>', link_href(span["link"]), mark_safe(html))
        parts.append(str(html))
    return "".join(parts)


def _render_block(block: dict) -> str:
    kind = block["type"]
    if kind == HEADING:
        tag = "h3" if block.get("level") == 3 else "h2"
        return f"<{tag}>{escape(block['text'])}</{tag}>"
    if kind == LIST:
        return _render_list(block)
    if kind == TABLE:
        return _render_table(block)
    if kind == CALLOUT:
        label = CALLOUT_LABELS[block["kind"]]
        return (
            f'<aside class="callout callout-{block["kind"]}" role="note" aria-label="{label}">'
            f'<p><span class="callout-label">{label}:</span> {render_inline(block)}</p></aside>'
        )
    if kind == IMAGE:
        return _render_image(block)
    return f"<p>{render_inline(block)}</p>"


def _render_list(block: dict) -> str:
    tag = "ol" if block.get("ordered") else "ul"
    items = []
    for item in block["items"]:
        children = [] if isinstance(item, str) else item.get("items") or []
        nested = "".join(f"<li>{render_inline(child)}</li>" for child in children)
        items.append(f"<li>{render_inline(item)}{f'<ul>{nested}</ul>' if nested else ''}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def _render_table(block: dict) -> str:
    header = "".join(f'<th scope="col">{render_inline(cell)}</th>' for cell in block["header"])
    rows = "".join(
        "<tr>" + "".join(f"<td>{render_inline(cell)}</td>" for cell in row) + "</tr>"
        for row in block["rows"]
    )
    return f'<table class="content"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'


def _render_image(block: dict) -> str:
    caption = block.get("caption")
    return str(
        format_html(
            '<figure class="image"><img src="{}" alt="{}" loading="lazy">{}</figure>',
            default_storage.url(block["src"]),
            block["alt"],
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )
    )
