"""A word-level diff between two revisions, shaped for reading prose.

Blocks (headings, paragraphs, list items) are aligned first; a block that was edited shows the
words removed and added inside it, while blocks that were rewritten beyond recognition show as
removed and added whole. Uses only difflib.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from cms.body import LIST

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
SIMILAR_ENOUGH = 0.3  # below this share of common words, a block is shown as replaced
_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class BlockDiff:
    type: str  # "heading", "paragraph" or "item" (one per list item)
    status: str  # "equal", "changed", "inserted" or "deleted"
    segments: list[Segment]


@dataclass(frozen=True)
class RevisionDiff:
    title: list[Segment]
    blocks: list[BlockDiff]

    @property
    def changed(self) -> bool:
        """True if anything differs, in the title or the body."""
        return any(s.op != EQUAL for s in self._segments())

    @property
    def words_inserted(self) -> int:
        return sum(len(s.text.split()) for s in self._segments() if s.op == INSERT)

    @property
    def words_deleted(self) -> int:
        return sum(len(s.text.split()) for s in self._segments() if s.op == DELETE)

    def _segments(self):
        yield from self.title
        for block in self.blocks:
            yield from block.segments


def diff_revisions(
    *, old_title: str, old_body: list[dict] | None, new_title: str, new_body: list[dict] | None
) -> RevisionDiff:
    """Compare two revisions word by word, block by block."""
    return RevisionDiff(
        title=diff_words(old_title or "", new_title or ""),
        blocks=_diff_blocks(_units(old_body or []), _units(new_body or [])),
    )


def diff_words(old: str, new: str) -> list[Segment]:
    """Word-level segments turning ``old`` into ``new``; spacing is kept, runs are merged."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    matcher = SequenceMatcher(
        a=[w.rstrip() for w in old_words], b=[w.rstrip() for w in new_words], autojunk=False
    )
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            _append(segments, EQUAL, "".join(new_words[j1:j2]))
            continue
        if tag in (DELETE, "replace"):
            _append(segments, DELETE, "".join(old_words[i1:i2]))
        if tag in (INSERT, "replace"):
            _append(segments, INSERT, "".join(new_words[j1:j2]))
    return segments


def _units(body: list[dict]) -> list[tuple[str, str]]:
    units = []
    for block in body:
        if block["type"] == LIST:
            units.extend(("item", item) for item in block["items"])
        else:
            units.append((block["type"], block["text"]))
    return units


def _diff_blocks(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[BlockDiff]:
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    blocks: list[BlockDiff] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            blocks.extend(
                BlockDiff(kind, EQUAL, [Segment(EQUAL, text)]) for kind, text in new[j1:j2]
            )
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for index in range(max(len(olds), len(news))):
            before = olds[index] if index < len(olds) else None
            after = news[index] if index < len(news) else None
            blocks.extend(_pair(before, after))
    return blocks


def _pair(before, after) -> list[BlockDiff]:
    if after is None:
        return [BlockDiff(before[0], "deleted", [Segment(DELETE, before[1])])]
    if before is None:
        return [BlockDiff(after[0], "inserted", [Segment(INSERT, after[1])])]
    similarity = SequenceMatcher(a=before[1].split(), b=after[1].split(), autojunk=False).ratio()
    if before[0] == after[0] and similarity >= SIMILAR_ENOUGH:
        return [BlockDiff(after[0], "changed", diff_words(before[1], after[1]))]
    return [
        BlockDiff(before[0], "deleted", [Segment(DELETE, before[1])]),
        BlockDiff(after[0], "inserted", [Segment(INSERT, after[1])]),
    ]


def _append(segments: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if (
        op == DELETE
        and segments
        and segments[-1].op == EQUAL
        and not segments[-1].text[-1:].isspace()
    ):
        text = " " + text  # the new text ended here; keep the removed words apart from it
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))
