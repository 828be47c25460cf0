"""The article body: one stored format, a list of blocks.

A block is one of::

    {"type": "heading", "text": "When is targeted therapy used for ALL?"}
    {"type": "paragraph", "text": "Targeted therapy may be used ..."}
    {"type": "list", "items": ["Imatinib mesylate", "Nilotinib"]}

Text is plain text (never HTML); templates escape it on output. Editors write the body in a
small markup (``## heading``, ``- item``, blank-line paragraphs) that converts both ways.
"""

import hashlib
import json

from django.core.exceptions import ValidationError

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST = "list"
BLOCK_TYPES = (HEADING, PARAGRAPH, LIST)


def validate_body(blocks) -> None:
    """Raise ValidationError unless ``blocks`` is a non-empty list of well-formed blocks."""
    if not isinstance(blocks, list) or not blocks:
        raise ValidationError("The body needs at least one heading, paragraph or list.")
    for number, block in enumerate(blocks, start=1):
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            raise ValidationError(f"Block {number} is not a heading, paragraph or list.")
        if block["type"] == LIST:
            items = block.get("items")
            if set(block) != {"type", "items"} or not isinstance(items, list) or not items:
                raise ValidationError(f"Block {number} is a list without items.")
            if not all(isinstance(item, str) and item.strip() for item in items):
                raise ValidationError(f"Block {number} has an empty list item.")
        else:
            text = block.get("text")
            if set(block) != {"type", "text"} or not isinstance(text, str) or not text.strip():
                raise ValidationError(f"Block {number} ({block['type']}) has no text.")


def body_to_markup(blocks) -> str:
    """Render blocks as the editing markup."""
    parts = []
    for block in blocks:
        if block["type"] == HEADING:
            parts.append(f"## {block['text']}")
        elif block["type"] == LIST:
            parts.append("\n".join(f"- {item}" for item in block["items"]))
        else:
            parts.append(block["text"])
    return "\n\n".join(parts)


def body_from_markup(markup: str) -> list[dict]:
    """Parse the editing markup into blocks.

    ``## `` starts a heading, ``- `` or ``• `` a list item; other lines are paragraph text, and a
    blank line ends a paragraph.
    """
    blocks: list[dict] = []
    paragraph: list[str] = []

    def end_paragraph():
        if paragraph:
            blocks.append({"type": PARAGRAPH, "text": " ".join(paragraph)})
            paragraph.clear()

    for raw in markup.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            end_paragraph()
        elif line.startswith("#"):
            end_paragraph()
            text = line.lstrip("#").strip()
            if text:
                blocks.append({"type": HEADING, "text": text})
        elif line[:2] in ("- ", "• ", "* "):
            end_paragraph()
            item = line[2:].strip()
            if not item:
                continue
            if blocks and blocks[-1]["type"] == LIST:
                blocks[-1]["items"].append(item)
            else:
                blocks.append({"type": LIST, "items": [item]})
        else:
            paragraph.append(line)
    end_paragraph()
    return blocks


def body_to_text(blocks) -> str:
    """The body's words as plain text, one block per line (for search, diffs and matching)."""
    lines = []
    for block in blocks:
        if block["type"] == LIST:
            lines.extend(block["items"])
        else:
            lines.append(block["text"])
    return "\n".join(lines)


def clinical_content_hash(*, title: str, body) -> str:
    """SHA-256 over the title and body in a canonical JSON form: what a sign-off vouches for."""
    canonical = json.dumps(
        {"title": title, "body": body}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
