"""The article body: one stored format, a list of blocks (docs/body-format.md).

Headings, paragraphs, lists (bulleted or numbered, one level of nesting), tables, callouts and
images. Inline content is a plain string (``"text"``) or marked spans (``"spans"``: bold,
italic, links). The format is canonical, because the content hash a sign-off vouches for covers
it: ``canonical_body`` gives the one JSON form of a body, and ``validate_body`` refuses any
other. The first format (plain headings, paragraphs and bullet lists) is a subset: every body
stored before is valid and canonical as it is.

Editors write Markdown (``cms.markup``); ``cms.render`` turns blocks into HTML.
"""

import hashlib
import json

from django.core.exceptions import ValidationError

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST = "list"
TABLE = "table"
CALLOUT = "callout"
IMAGE = "image"
BLOCK_TYPES = (HEADING, PARAGRAPH, LIST, TABLE, CALLOUT, IMAGE)
CALLOUT_KINDS = ("note", "warning", "emergency")
MARKS = ("bold", "italic")
INTERNAL_LINK = "article:"
LINK_PREFIXES = ("https://", "http://", "mailto:", INTERNAL_LINK)
MAX_LINK = 2000


# -- Inline content ---------------------------------------------------------------------------


def span_marks(span: dict) -> tuple:
    """A span's marks as a comparable key: (bold, italic, link)."""
    return (bool(span.get("bold")), bool(span.get("italic")), span.get("link") or "")


def make_span(text: str, *, bold=False, italic=False, link="") -> dict:
    span = {"text": text}
    if bold:
        span["bold"] = True
    if italic:
        span["italic"] = True
    if link:
        span["link"] = link
    return span


def canonical_spans(spans: list[dict]) -> list[dict]:
    """Spans with empty ones dropped and neighbours of the same marks merged."""
    merged: list[dict] = []
    for span in spans:
        if not span.get("text"):
            continue
        if merged and span_marks(merged[-1]) == span_marks(span):
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + span["text"]}
        else:
            bold, italic, link = span_marks(span)
            merged.append(make_span(span["text"], bold=bold, italic=italic, link=link))
    return merged


def inline_content(spans: list[dict]) -> dict:
    """``{"text": ...}`` when no span has a mark, else ``{"spans": [...]}`` (canonical)."""
    spans = canonical_spans(spans)
    if all(span_marks(span) == (False, False, "") for span in spans):
        return {"text": "".join(span["text"] for span in spans)}
    return {"spans": spans}


def spans_of(content) -> list[dict]:
    """The spans of inline content: a plain string, or a dict with "text" or "spans"."""
    if isinstance(content, str):
        return [{"text": content}]
    if "spans" in content:
        return list(content["spans"])
    return [{"text": content.get("text", "")}]


def plain_text(content) -> str:
    """Inline content's words without marks."""
    return "".join(span.get("text", "") for span in spans_of(content))


def _cell(content) -> str | dict:
    """Inline content as a list item or table cell: a plain string when it has no marks."""
    canonical = inline_content(spans_of(content))
    return canonical.get("text", canonical)


# -- Canonical form ---------------------------------------------------------------------------


def canonical_body(blocks: list[dict]) -> list[dict]:
    """The one JSON form of ``blocks`` (assumed well-formed): merged spans, plain content as
    strings or ``"text"``, optional keys only when they say something."""
    return [_canonical_block(block) for block in blocks]


def _canonical_block(block: dict) -> dict:
    kind = block["type"]
    if kind == HEADING:
        heading = {"type": HEADING, "text": block["text"]}
        return {**heading, "level": 3} if block.get("level") == 3 else heading
    if kind in (PARAGRAPH, CALLOUT):
        head = {"type": kind} if kind == PARAGRAPH else {"type": kind, "kind": block["kind"]}
        return {**head, **inline_content(spans_of(block))}
    if kind == LIST:
        items = [_list_item(item) for item in block["items"]]
        return {"type": LIST, **({"ordered": True} if block.get("ordered") else {}), "items": items}
    if kind == TABLE:
        return {
            "type": TABLE,
            "header": [_cell(cell) for cell in block["header"]],
            "rows": [[_cell(cell) for cell in row] for row in block["rows"]],
        }
    image = {key: block[key] for key in ("type", "src", "sha256", "alt")}
    return {**image, "caption": block["caption"]} if block.get("caption") else image


def _list_item(item) -> str | dict:
    children = [] if isinstance(item, str) else item.get("items") or []
    if not children:
        return _cell(item)
    return {**inline_content(spans_of(item)), "items": [_cell(child) for child in children]}


# -- Validation -------------------------------------------------------------------------------


def validate_body(blocks) -> None:
    """Raise ValidationError unless ``blocks`` is a non-empty list of well-formed blocks in
    canonical form (docs/body-format.md)."""
    if not isinstance(blocks, list) or not blocks:
        raise ValidationError("The body needs at least one heading, paragraph or list.")
    for number, block in enumerate(blocks, start=1):
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            raise ValidationError(f"Block {number} is not a known kind of block.")
        problem = _BLOCK_CHECKS[block["type"]](block)
        if problem:
            raise ValidationError(f"Block {number} ({block['type']}): {problem}")
    if canonical_body(blocks) != blocks:
        raise ValidationError("The body is not in its canonical form (see docs/body-format.md).")


def _keys_problem(block: dict, required: set, optional: set = frozenset()) -> str | None:
    keys = set(block)
    if not required <= keys or not keys <= required | optional:
        return f"expected the keys {sorted(required)} (and optionally {sorted(optional)})."
    return None


def _nonblank(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _inline_problem(content, *, allow_string: bool) -> str | None:
    """What is wrong with inline content, or None."""
    if isinstance(content, str):
        return None if allow_string and content.strip() else "empty or misplaced text."
    if not isinstance(content, dict):
        return "inline content must be text or spans."
    if "spans" in content:
        return _spans_problem(content["spans"])
    return None if _nonblank(content.get("text")) else "it has no text."


def _spans_problem(spans) -> str | None:
    if not isinstance(spans, list) or not spans:
        return "spans must be a non-empty list."
    for span in spans:
        if not isinstance(span, dict) or not isinstance(span.get("text"), str):
            return "each span needs its text."
        if not set(span) <= {"text", *MARKS, "link"}:
            return f"a span may carry only text, {', '.join(MARKS)} and link."
        if any(span.get(mark) not in (None, True) for mark in MARKS):
            return "bold and italic are true or absent."
        if "link" in span and link_problem(span["link"]):
            return link_problem(span["link"])
    if not "".join(span["text"] for span in spans).strip():
        return "it has no text."
    return None


def link_problem(target) -> str | None:
    """Why ``target`` is not an allowed link (docs/body-format.md), or None."""
    if not isinstance(target, str) or not target or len(target) > MAX_LINK:
        return "a link needs a target of at most 2,000 characters."
    lowered = target.lower()
    if not lowered.startswith(LINK_PREFIXES) or any(c.isspace() or ord(c) < 32 for c in target):
        return (
            f"the link {target[:80]!r} is not allowed: use https://…, http://…, mailto:… "
            "or article:<slug>."
        )
    if lowered.startswith(INTERNAL_LINK) and not _is_slug(target[len(INTERNAL_LINK) :]):
        return f"the link {target[:80]!r} does not name an article by its slug."
    return None


def _is_slug(value: str) -> bool:
    return bool(value) and all(c.isascii() and (c.isalnum() or c in "-_") for c in value)


def _heading_problem(block) -> str | None:
    problem = _keys_problem(block, {"type", "text"}, {"level"})
    if problem:
        return problem
    if not _nonblank(block["text"]):
        return "it has no text."
    return None if block.get("level", 3) == 3 else "the level is 3 or absent (level 2)."


def _paragraph_problem(block) -> str | None:
    problem = _keys_problem(block, {"type"}, {"text", "spans"})
    if problem:
        return problem
    return _content_problem(block, "give its text or its spans, one of the two.")


def _content_problem(holder: dict, missing: str) -> str | None:
    """The problem of the inline content a block or item holds (its "text" or its "spans",
    exactly one of them), or None."""
    content = {key: holder[key] for key in ("text", "spans") if key in holder}
    if len(content) != 1:
        return missing
    return _inline_problem(content, allow_string=False)


def _callout_problem(block) -> str | None:
    if block.get("kind") not in CALLOUT_KINDS:
        return f"the kind is one of {', '.join(CALLOUT_KINDS)}."
    return _paragraph_problem({key: value for key, value in block.items() if key != "kind"})


def _list_problem(block) -> str | None:
    problem = _keys_problem(block, {"type", "items"}, {"ordered"})
    if problem:
        return problem
    if block.get("ordered", True) is not True:
        return "ordered is true or absent."
    items = block["items"]
    if not isinstance(items, list) or not items:
        return "a list needs items."
    for item in items:
        problem = _item_problem(item, nested_allowed=True)
        if problem:
            return problem
    return None


def _item_problem(item, *, nested_allowed: bool) -> str | None:
    if isinstance(item, str):
        return None if item.strip() else "an item is empty."
    if not isinstance(item, dict) or not set(item) <= {"text", "spans", "items"}:
        return "an item is text, or text or spans with nested items."
    children = item.get("items")
    if children is not None:
        if not nested_allowed:
            return "lists nest one level deep at most."
        if not isinstance(children, list) or not children:
            return "nested items must be a non-empty list."
        for child in children:
            problem = _item_problem(child, nested_allowed=False)
            if problem:
                return problem
    return _content_problem(item, "an item needs text or spans.")


def _table_problem(block) -> str | None:
    problem = _keys_problem(block, {"type", "header", "rows"})
    if problem:
        return problem
    header, rows = block["header"], block["rows"]
    if not isinstance(header, list) or not header:
        return "a table needs a header row."
    if not isinstance(rows, list) or not rows:
        return "a table needs at least one row below its header."
    for row in [header, *rows]:
        if not isinstance(row, list) or len(row) != len(header):
            return "every row has as many cells as the header."
        for cell in row:
            if cell != "" and _inline_problem(cell, allow_string=True):
                return _inline_problem(cell, allow_string=True)
    return None


def _image_problem(block) -> str | None:
    problem = _keys_problem(block, {"type", "src", "sha256", "alt"}, {"caption"})
    if problem:
        return problem
    if not _nonblank(block["alt"]):
        return "an image needs alt text that says what it shows."
    if not _nonblank(block["src"]) or block["src"].startswith(("/", "\\")) or ".." in block["src"]:
        return "the image is not an uploaded file."
    sha = block["sha256"]
    if not (isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
        return "sha256 is the image's SHA-256 in hex."
    if "caption" in block and not isinstance(block["caption"], str):
        return "the caption is text."
    return None


_BLOCK_CHECKS = {
    HEADING: _heading_problem,
    PARAGRAPH: _paragraph_problem,
    CALLOUT: _callout_problem,
    LIST: _list_problem,
    TABLE: _table_problem,
    IMAGE: _image_problem,
}


# -- Text and hash ----------------------------------------------------------------------------


def words_as_text(*, title: str, body) -> str:
    """A revision's title and words as plain text, one block per line: the live text that
    search matches, and what reading grades read."""
    return f"{title}\n{body_to_text(body)}"


def body_to_text(blocks) -> str:
    """The body's words as plain text, one line per heading, paragraph, item, table row,
    callout or image (its alt text and caption): for search, matching and diffs."""
    lines: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind == LIST:
            for item in block["items"]:
                lines.append(plain_text(item))
                children = [] if isinstance(item, str) else item.get("items") or []
                lines.extend(plain_text(child) for child in children)
        elif kind == TABLE:
            lines.extend(
                " | ".join(plain_text(cell) for cell in row)
                for row in [block["header"], *block["rows"]]
            )
        elif kind == IMAGE:
            lines.append(" ".join(filter(None, [block["alt"], block.get("caption", "")])))
        else:
            lines.append(plain_text(block))
    return "\n".join(lines)


def clinical_content_hash(*, title: str, body, references=()) -> str:
    """SHA-256 over the title, body and references in a canonical JSON form: what a sign-off
    vouches for. Images are covered by their ``sha256``, so replacing an image changes the
    hash. ``references`` (cms/references.py) enter the hash only when there are some, so every
    revision without references keeps the hash it was signed with."""
    content = {"title": title, "body": body}
    if references:
        content["references"] = list(references)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
