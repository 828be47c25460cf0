"""The diff as the review page shows it: segments as escaped HTML, list items grouped.

Every piece of text from the content goes through ``escape``: nothing in a body can add markup
to the diff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cms.diff.align import DELETE, INSERT
from cms.diff.words import TARGET, TEXT, Segment

if TYPE_CHECKING:
    from cms.diff.blocks import BlockDiff

_TAGS = {INSERT: "ins", DELETE: "del"}
LIST_KINDS = {False: "bulleted", True: "numbered"}


def segments_html(segments: list[Segment]) -> SafeString:
    """Segments as HTML: added words in ``<ins>``, removed ones in ``<del>``, marks as
    ``<strong>``/``<em>``, each link's target in brackets after its words."""
    parts: list[str] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        following = segments[index + 1] if index + 1 < len(segments) else None
        if segment.role == TARGET:
            moved = _is_moved_target(segment, following)
            parts.append(_target_html(segment, following if moved else None))
            index += 2 if moved else 1
            continue
        if segment.role == TEXT:
            parts.append(_text_html(segment))
        index += 1
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)


def _text_html(segment: Segment) -> str:
    html = escape(segment.text)
    if segment.italic:
        html = f"<em>{html}</em>"
    if segment.bold:
        html = f"<strong>{html}</strong>"
    return _wrapped(segment.op, html)


def _wrapped(op: str, html: str) -> str:
    tag = _TAGS.get(op)
    return f"<{tag}>{html}</{tag}>" if tag else html


def _is_moved_target(segment: Segment, following: Segment | None) -> bool:
    return (
        segment.op == DELETE
        and following is not None
        and following.role == TARGET
        and following.op == INSERT
    )


def _target_html(segment: Segment, new: Segment | None) -> str:
    """``(link: target)``; a changed target as ``(link: old → new)``."""
    text = _wrapped(segment.op, escape(segment.text))
    if new is not None:
        text += " → " + _wrapped(INSERT, escape(new.text))
    return f' <span class="link-target">(link: {text})</span>'


@dataclass
class ListItem:
    block: BlockDiff | None  # None when nested items follow no item of their list
    children: list[BlockDiff] = field(default_factory=list)


@dataclass
class ListGroup:
    """Consecutive list items, shown as one list."""

    ordered: bool
    items: list[ListItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Single:
    block: BlockDiff


def layout(blocks: list[BlockDiff]) -> list[ListGroup | Single]:
    """The blocks in the order shown, consecutive list items gathered into lists."""
    shown: list[ListGroup | Single] = []
    for block in blocks:
        if block.type != "item":
            shown.append(Single(block))
            continue
        new_list = not shown or not isinstance(shown[-1], ListGroup)
        # A numbered list right after a bulleted one (or the reverse) is a list of its own.
        if new_list or (block.depth == 0 and shown[-1].ordered != block.ordered):
            shown.append(ListGroup(ordered=block.ordered))
        _add_item(shown[-1], block)
    return shown


def _add_item(group: ListGroup, block: BlockDiff) -> None:
    if block.depth and group.items:
        group.items[-1].children.append(block)
    elif block.depth:
        group.items.append(ListItem(None, [block]))
    else:
        group.items.append(ListItem(block))
    if block.old_ordered is not None and not group.notes:
        group.notes.append(f"List: {LIST_KINDS[block.old_ordered]} → {LIST_KINDS[block.ordered]}")
