"""The editing syntax: Markdown (CommonMark, tables, ``:::`` callouts) to and from body blocks.

``body_from_markup`` parses what an editor wrote into canonical blocks (cms.body), refusing
what the body cannot hold with a clear ValidationError; ``body_to_markup`` writes blocks back
so that parsing them again gives the same blocks (plain text is escaped where Markdown would
read it as markup). docs/body-format.md shows the syntax.
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin

from cms.body import (
    CALLOUT,
    CALLOUT_KINDS,
    HEADING,
    IMAGE,
    LIST,
    PARAGRAPH,
    TABLE,
    canonical_body,
    link_problem,
    make_span,
    plain_text,
    spans_of,
    validate_body,
)

MAX_MARKUP = 1_000_000  # characters: a sheet is a few thousand


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    for kind in CALLOUT_KINDS:
        parser.use(container_plugin, name=kind)
    return parser


PARSER = _parser()


# -- Markdown to blocks ----------------------------------------------------------------------


def body_from_markup(markup: str) -> list[dict]:
    """Canonical blocks from the editing syntax. Raises ValidationError naming what is wrong
    (an image without alt text or not uploaded, a link that is not allowed, lists nested more
    than one level, an empty body)."""
    if len(markup) > MAX_MARKUP:
        raise ValidationError("The body is too long (over a million characters).")
    # "• item" lines of the first editing syntax are bullets too.
    markup = re.sub(r"(?m)^(\s*)• ", r"\1- ", markup.replace("\r\n", "\n").replace("\r", "\n"))
    root = SyntaxTreeNode(PARSER.parse(markup))
    blocks = [block for node in root.children for block in _blocks(node)]
    blocks = canonical_body(blocks)
    validate_body(blocks)
    return blocks


def _blocks(node: SyntaxTreeNode) -> list[dict]:
    kind = node.type
    if kind == "heading":
        level = 2 if node.tag in ("h1", "h2") else 3
        return [{"type": HEADING, "text": plain_text(_inline(node)).strip(), "level": level}]
    if kind == "paragraph":
        return [_paragraph(node)]
    if kind in ("bullet_list", "ordered_list"):
        items = [_item(child, depth=0) for child in node.children]
        return [{"type": LIST, "ordered": kind == "ordered_list", "items": items}]
    if kind == "table":
        return [_table(node)]
    if kind.startswith("container_"):
        spans = _joined(child for child in node.children if child.type == "paragraph")
        return [{"type": CALLOUT, "kind": kind.removeprefix("container_"), "spans": spans}]
    if kind in ("code_block", "fence"):
        return [{"type": PARAGRAPH, "text": node.content.strip()}] if node.content.strip() else []
    if kind == "blockquote":
        return [block for child in node.children for block in _blocks(child)]
    return []  # a thematic break: nothing to keep


def _paragraph(node: SyntaxTreeNode) -> dict:
    inline = node.children[0]
    images = [child for child in inline.children if child.type == "image"]
    if not images:
        return {"type": PARAGRAPH, "spans": _spans(inline)}
    others = [c for c in inline.children if c.type != "image" and (c.content or "").strip()]
    if len(images) > 1 or others:
        raise ValidationError("Put each image on a line of its own, with nothing else.")
    return _image(images[0])


def _image(node: SyntaxTreeNode) -> dict:
    alt = plain_text({"spans": _spans(node)}).strip()
    if not alt:
        raise ValidationError(
            "An image needs alt text saying what it shows: ![what it shows](address)."
        )
    src = node.attrs.get("src", "")
    name = _uploaded_name(src)
    block = {"type": IMAGE, "src": name, "sha256": image_sha256(name), "alt": alt}
    caption = (node.attrs.get("title") or "").strip()
    return {**block, "caption": caption} if caption else block


def _uploaded_name(src: str) -> str:
    """The storage name of an uploaded image from its URL; ValidationError for any other."""
    media = settings.MEDIA_URL
    name = src[len(media) :] if src.startswith(media) else ""
    if not name or ".." in name or not default_storage.exists(name):
        raise ValidationError(
            f"The image {src[:80]!r} is not one uploaded here: upload it with the image button."
        )
    return name


def image_sha256(name: str) -> str:
    """The SHA-256 of a stored image's bytes."""
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _item(node: SyntaxTreeNode, *, depth: int) -> dict:
    paragraphs = [child for child in node.children if child.type == "paragraph"]
    nested = [child for child in node.children if child.type in ("bullet_list", "ordered_list")]
    item: dict = {"spans": _joined(paragraphs) or [make_span("")]}
    if nested:
        if depth > 0:
            raise ValidationError("Lists nest one level deep at most.")
        item["items"] = [_item(child, depth=1) for lst in nested for child in lst.children]
    return item


def _table(node: SyntaxTreeNode) -> dict:
    rows = [row for section in node.children for row in section.children]
    cells = [[{"spans": _spans(cell.children[0]) if cell.children else []} for cell in row.children]
             for row in rows]  # fmt: skip
    if len(cells) < 2:
        raise ValidationError("A table needs a header row and at least one row below it.")
    return {"type": TABLE, "header": cells[0], "rows": cells[1:]}


def _joined(paragraphs) -> list[dict]:
    """The spans of several paragraphs, joined by a space."""
    spans: list[dict] = []
    for paragraph in paragraphs:
        if spans:
            spans.append(make_span(" "))
        spans.extend(_spans(paragraph.children[0]))
    return spans


def _inline(node: SyntaxTreeNode) -> dict:
    return {"spans": _spans(node.children[0])} if node.children else {"text": ""}


def _spans(node: SyntaxTreeNode, bold=False, italic=False, link="") -> list[dict]:
    """The spans of an inline node's children, with the marks of the nodes around them."""
    spans: list[dict] = []
    for child in node.children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            spans.append(make_span(child.content, bold=bold, italic=italic, link=link))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(make_span(" ", bold=bold, italic=italic, link=link))
        elif kind == "strong":
            spans.extend(_spans(child, True, italic, link))
        elif kind == "em":
            spans.extend(_spans(child, bold, True, link))
        elif kind == "link":
            target = child.attrs.get("href", "")
            problem = link_problem(target)
            if problem:
                raise ValidationError(problem[0].upper() + problem[1:])
            spans.extend(_spans(child, bold, italic, target))
        elif kind == "image":
            raise ValidationError("Put each image on a line of its own, with nothing else.")
    return spans


# -- Blocks to Markdown ----------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\`*_\[\]<>|&])")
# What a line may not start with unescaped: headings, list markers, quotes, setext underlines,
# fences, callout containers, "1." or "1)" numbered items.
_LINE_START = re.compile(r"^(?:[#+\-=>:~]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """``text`` with the characters Markdown reads as inline markup backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_line_start(text: str) -> str:
    """``text`` (already escaped) made safe at the start of a line."""
    match = _LINE_START.match(text)
    if not match:
        return text
    end = match.end()
    if text[:end].isdigit():
        return text[:end] + "\\" + text[end:]  # "1\." is a number, not a list
    return "\\" + text


def normalise_link(target: str) -> str:
    """A link target as the parser stores it (non-ASCII and spaces percent-encoded), for
    routes that build blocks without parsing Markdown (the importer)."""
    return PARSER.normalizeLink(target)


def inline_to_markup(content) -> str:
    """Inline content as Markdown: marks around the words, spaces kept outside them, the
    first words made safe at the start of a line."""
    parts = []
    for number, span in enumerate(spans_of(content)):
        text = span["text"]
        core = text.strip()
        if not core:  # only spaces: as they are, outside any mark
            parts.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out = escape(core)
        if number == 0 and not any(span.get(mark) for mark in ("bold", "italic", "link")):
            out = escape_line_start(out)
        if core and span.get("italic"):
            out = f"*{out}*"
        if core and span.get("bold"):
            out = f"**{out}**"
        if core and span.get("link"):
            out = f"[{out}](<{span['link']}>)"
        parts.append(lead + out + trail)
    return "".join(parts)


def body_to_markup(blocks) -> str:
    """Blocks as the editing syntax; ``body_from_markup`` of the result gives them back."""
    parts, previous = [], None
    for block in blocks:
        if block["type"] == LIST:
            # Two lists in a row would read as one: the second takes the other marker
            # ("*" after "-", "1)" after "1."), which CommonMark reads as a new list.
            alternate = bool(
                previous and previous[0] == LIST and previous[1] == block.get("ordered")
            )
            alternate = alternate and not previous[2]
            parts.append(_list_markup(block, alternate=alternate))
            previous = (LIST, block.get("ordered"), alternate)
        else:
            parts.append(_block_markup(block))
            previous = (block["type"], None, False)
    return "\n\n".join(parts)


def _block_markup(block: dict) -> str:
    kind = block["type"]
    if kind == HEADING:
        # A trailing "#" would read as the heading's closing sequence.
        text = re.sub(r"#$", r"\\#", escape(block["text"]))
        return ("### " if block.get("level") == 3 else "## ") + text
    if kind == PARAGRAPH:
        return inline_to_markup(block)
    if kind == TABLE:
        return _table_markup(block)
    if kind == CALLOUT:
        return f"::: {block['kind']}\n{inline_to_markup(block)}\n:::"
    caption = f' "{_quoted(block["caption"])}"' if block.get("caption") else ""
    return f"![{escape(block['alt'])}](<{settings.MEDIA_URL}{block['src']}>{caption})"


def _list_markup(block: dict, *, alternate: bool = False) -> str:
    lines = []
    for number, item in enumerate(block["items"], start=1):
        if block.get("ordered"):
            marker = f"{number}{')' if alternate else '.'} "
        else:
            marker = "* " if alternate else "- "
        lines.append(marker + inline_to_markup(item))
        children = [] if isinstance(item, str) else item.get("items") or []
        lines.extend(" " * len(marker) + "- " + inline_to_markup(child) for child in children)
    return "\n".join(lines)


def _table_markup(block: dict) -> str:
    def row(cells) -> str:
        return "| " + " | ".join(inline_to_markup(cell) for cell in cells) + " |"

    separator = "| " + " | ".join("---" for _ in block["header"]) + " |"
    return "\n".join([row(block["header"]), separator, *(row(r) for r in block["rows"])])


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
