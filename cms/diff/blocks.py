"""Blocks aligned between two bodies, and each pair of blocks compared.

A body is read as a sequence of units: a heading, a paragraph, a callout, a table or an image
is one unit; a list is one unit per item, nested items included (so that an item added to a
list shows as one added item). The units are aligned in bounded work (``matching_runs``);
between aligned units, the ones left over are paired in order, and a pair of the same kind
shows what changed inside it, while a pair too different shows as removed and added.
"""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils.safestring import SafeString, mark_safe

from cms.body import CALLOUT, HEADING, IMAGE, LIST, TABLE
from cms.diff.align import DELETE, EQUAL, INSERT, matching_runs, opcodes
from cms.diff.html import segments_html
from cms.diff.words import IMAGE as IMAGE_ROLE
from cms.diff.words import Segment, content_key, inline_diff, whole

SIMILAR_ENOUGH = 0.3  # below this share of common words, a block is shown as replaced
STATUS = {EQUAL: "equal", DELETE: "deleted", INSERT: "inserted"}
STATUS_LABELS = {"inserted": "Added: ", "deleted": "Removed: "}


@dataclass(frozen=True)
class Unit:
    type: str  # "heading", "paragraph", "item", "callout", "table" or "image"
    key: object  # hashable, equal exactly when two units are the same
    content: object  # the block, or the list item
    level: int = 2
    kind: str = ""
    depth: int = 0
    ordered: bool = False


@dataclass(frozen=True)
class RowDiff:
    status: str  # "equal", "changed", "inserted" or "deleted"
    cells: list[list[Segment]]
    header: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def html(self) -> SafeString:
        """The row's cells as ``<th>``/``<td>`` elements (their text escaped)."""
        tag = "th" if self.header else "td"
        scope = ' scope="col"' if self.header else ""
        label = self.status_label and f'<span class="visually-hidden">{self.status_label}</span>'
        cells = [f"<{tag}{scope}>{segments_html(cell)}</{tag}>" for cell in self.cells]
        if cells:
            cells[0] = cells[0].replace(">", ">" + label, 1)
        return mark_safe("".join(cells))  # noqa: S308 (segments_html escapes every text)


@dataclass(frozen=True)
class ImageSide:
    op: str  # "equal" (the image stayed), "delete" (the old one) or "insert" (the new one)
    url: str
    alt: str


@dataclass(frozen=True)
class BlockDiff:
    type: str  # "heading", "paragraph", "item" (one per list item), "callout", "table", "image"
    status: str  # "equal", "changed", "inserted" or "deleted"
    segments: list[Segment]  # the words (a table's cells in order, an image's alt text)
    level: int = 2  # headings: 2 or 3
    kind: str = ""  # callouts: note, warning or emergency
    depth: int = 0  # list items: 1 when nested
    ordered: bool = False  # list items: in a numbered list
    old_ordered: bool | None = None  # list items whose list changed kind: what it was
    notes: list[str] = field(default_factory=list)  # changes that are not words
    rows: list[RowDiff] = field(default_factory=list)  # tables
    images: list[ImageSide] = field(default_factory=list)  # images: one, or old and new
    caption: list[Segment] = field(default_factory=list)  # images

    @property
    def status_label(self) -> str:
        """What a screen reader says before an added or removed block."""
        return STATUS_LABELS.get(self.status, "")

    @property
    def html(self) -> SafeString:
        return segments_html(self.segments)

    @property
    def caption_html(self) -> SafeString:
        return segments_html(self.caption)


def units(body: list[dict]) -> list[Unit]:
    found: list[Unit] = []
    for block in body:
        if block["type"] == LIST:
            found.extend(_items(block))
        else:
            found.append(_unit(block))
    return found


def _unit(block: dict) -> Unit:
    kind = block["type"]
    if kind == HEADING:
        level = block.get("level", 2)
        key = (HEADING, block["text"]) if level == 2 else (HEADING, block["text"], level)
        return Unit(HEADING, key, block["text"], level=level)
    if kind == CALLOUT:
        return Unit(
            CALLOUT, (CALLOUT, content_key(block), block["kind"]), block, kind=block["kind"]
        )
    if kind == TABLE:
        rows = tuple(_row_key(row) for row in [block["header"], *block["rows"]])
        return Unit(TABLE, (TABLE, rows), block)
    if kind == IMAGE:
        key = (IMAGE, *(block.get(name, "") for name in ("src", "sha256", "alt", "caption")))
        return Unit(IMAGE, key, block)
    return Unit(kind, (kind, content_key(block)), block)


def _items(block: dict):
    ordered = bool(block.get("ordered"))
    for item in block["items"]:
        yield _item(item, 0, ordered)
        children = [] if isinstance(item, str) else item.get("items") or []
        yield from (_item(child, 1, ordered) for child in children)


def _item(item, depth: int, ordered: bool) -> Unit:
    content = item if isinstance(item, str) else {k: v for k, v in item.items() if k != "items"}
    key = content_key(content)
    # A top-level bulleted item keys as it always did, so old bodies align as before.
    key = ("item", key) if not (depth or ordered) else ("item", key, depth, ordered)
    return Unit("item", key, content, depth=depth, ordered=ordered)


def _row_key(row: list) -> tuple:
    return tuple(content_key(cell) for cell in row)


def diff_blocks(old_body: list[dict], new_body: list[dict]) -> list[BlockDiff]:
    old, new = units(old_body), units(new_body)
    runs = matching_runs([unit.key for unit in old], [unit.key for unit in new]).runs
    blocks: list[BlockDiff] = []
    for tag, i1, i2, j1, j2 in opcodes(runs, len(old), len(new)):
        if tag == EQUAL:
            blocks.extend(whole_block(unit, EQUAL) for unit in new[j1:j2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for index in range(max(len(olds), len(news))):
            before = olds[index] if index < len(olds) else None
            after = news[index] if index < len(news) else None
            blocks.extend(pair(before, after))
    return blocks


def pair(before: Unit | None, after: Unit | None) -> list[BlockDiff]:
    """What became of ``before`` (removed if None follows it) in ``after``."""
    if after is None:
        return [whole_block(before, DELETE)]
    if before is None:
        return [whole_block(after, INSERT)]
    if before.type == after.type:
        changed = _CHANGED.get(after.type, _changed_inline)(before, after)
        if changed:
            return [changed]
    return [whole_block(before, DELETE), whole_block(after, INSERT)]


def whole_block(unit: Unit, op: str) -> BlockDiff:
    """A unit kept, removed or added whole."""
    status = STATUS[op]
    if unit.type == TABLE:
        table = unit.content
        rows = [RowDiff(status, _whole_row(op, table["header"]), header=True)]
        rows += [RowDiff(status, _whole_row(op, row)) for row in table["rows"]]
        return BlockDiff(TABLE, status, _table_segments(rows), rows=rows)
    if unit.type == IMAGE:
        image = unit.content
        segments = [Segment(op, image["src"], role=IMAGE_ROLE)] if op != EQUAL else []
        return BlockDiff(
            IMAGE,
            status,
            segments + whole(op, image["alt"]),
            images=[_side(op, image)],
            caption=whole(op, image.get("caption", "")),
        )
    return BlockDiff(unit.type, status, whole(op, unit.content), **_attributes(unit))


def _attributes(unit: Unit) -> dict:
    return {"level": unit.level, "kind": unit.kind, "depth": unit.depth, "ordered": unit.ordered}


def _changed_inline(before: Unit, after: Unit) -> BlockDiff | None:
    words = inline_diff(before.content, after.content)
    if words.ratio() < SIMILAR_ENOUGH:
        return None
    return BlockDiff(
        after.type,
        "changed",
        words.segments(),
        notes=_notes(before, after),
        old_ordered=before.ordered if before.ordered != after.ordered else None,
        **_attributes(after),
    )


def _notes(before: Unit, after: Unit) -> list[str]:
    notes = []
    if before.level != after.level:
        notes.append(f"Heading level {before.level} → {after.level}")
    if before.kind != after.kind:
        notes.append(f"Callout: {before.kind} → {after.kind}")
    if before.depth != after.depth:
        notes.append("Now a nested item" if after.depth else "No longer a nested item")
    return notes


def _changed_table(before: Unit, after: Unit) -> BlockDiff | None:
    old, new = before.content, after.content
    if len(old["header"]) != len(new["header"]):
        return None  # another shape: shown as the old table removed and the new one added
    rows = [_row_pair(old["header"], new["header"], header=True)]
    old_keys = [_row_key(row) for row in old["rows"]]
    new_keys = [_row_key(row) for row in new["rows"]]
    runs = matching_runs(old_keys, new_keys).runs
    for tag, i1, i2, j1, j2 in opcodes(runs, len(old_keys), len(new_keys)):
        if tag == EQUAL:
            rows.extend(RowDiff("equal", _whole_row(EQUAL, row)) for row in new["rows"][j1:j2])
            continue
        olds, news = old["rows"][i1:i2], new["rows"][j1:j2]
        for index in range(max(len(olds), len(news))):
            rows.append(_row_pair(_at(olds, index), _at(news, index)))
    return BlockDiff(TABLE, "changed", _table_segments(rows), rows=rows)


def _at(items: list, index: int):
    return items[index] if index < len(items) else None


def _row_pair(old: list | None, new: list | None, *, header: bool = False) -> RowDiff:
    if new is None:
        return RowDiff("deleted", _whole_row(DELETE, old), header)
    if old is None:
        return RowDiff("inserted", _whole_row(INSERT, new), header)
    if _row_key(old) == _row_key(new):
        return RowDiff("equal", _whole_row(EQUAL, new), header)
    cells = [inline_diff(a, b).segments() for a, b in zip(old, new, strict=True)]
    return RowDiff("changed", cells, header)


def _whole_row(op: str, row: list) -> list[list[Segment]]:
    return [whole(op, cell) for cell in row]


def _table_segments(rows: list[RowDiff]) -> list[Segment]:
    """A table's cells in reading order, as one list of segments (for the API)."""
    segments: list[Segment] = []
    for number, row in enumerate(rows):
        if number:
            segments.append(Segment(EQUAL, "\n"))
        for index, cell in enumerate(row.cells):
            if index:
                segments.append(Segment(EQUAL, " | "))
            segments.extend(cell)
    return segments


def _changed_image(before: Unit, after: Unit) -> BlockDiff:
    old, new = before.content, after.content
    replaced = (old["src"], old["sha256"]) != (new["src"], new["sha256"])
    if replaced:
        sides = [_side(DELETE, old), _side(INSERT, new)]
        files = [
            Segment(DELETE, old["src"], role=IMAGE_ROLE),
            Segment(INSERT, new["src"], role=IMAGE_ROLE),
        ]
    else:
        sides, files = [_side(EQUAL, new)], []
    return BlockDiff(
        IMAGE,
        "changed",
        files + inline_diff(old["alt"], new["alt"]).segments(),
        notes=["Image replaced"] if replaced else [],
        images=sides,
        caption=inline_diff(old.get("caption", ""), new.get("caption", "")).segments(),
    )


def _side(op: str, image: dict) -> ImageSide:
    return ImageSide(op, default_storage.url(image["src"]), image["alt"])


_CHANGED = {TABLE: _changed_table, IMAGE: _changed_image}
