"""A word-level diff between two revisions, shaped for reading prose.

Blocks (headings, paragraphs, list items, callouts, tables, images) are aligned first; a block
that was edited shows the words removed and added inside it (a table cell by cell, a link's
changed target, a callout's or list's changed kind, an image replaced), while blocks that were
rewritten beyond recognition show as removed and added whole.

References (the revision's sources) are compared apart, by what identifies each one
(``cms.diff.references``): added, removed, or changed (note, version or date).

The work is bounded, near-linear in the size of the two texts, whatever they hold (see
``cms.diff.align.matching_runs``): ``difflib.SequenceMatcher`` is quadratic or worse on
repetitive text, so it only ever sees small regions, and a region too tangled to align within
the budget is shown as removed and added whole.
"""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from cms.diff.align import (
    DELETE,
    EQUAL,
    EXACT_CELLS,
    INSERT,
    STEPS_PER_TOKEN,
    Alignment,
    matching_runs,
)
from cms.diff.blocks import SIMILAR_ENOUGH, BlockDiff, ImageSide, RowDiff, diff_blocks
from cms.diff.html import layout, segments_html
from cms.diff.references import ReferenceChange, diff_references
from cms.diff.words import Segment, count_words, diff_words

__all__ = [
    "DELETE", "EQUAL", "EXACT_CELLS", "INSERT", "SIMILAR_ENOUGH", "STEPS_PER_TOKEN", "Alignment",
    "BlockDiff", "ImageSide", "ReferenceChange", "RevisionDiff", "RowDiff", "Segment",
    "diff_of", "diff_revisions", "diff_words", "matching_runs",
]  # fmt: skip


@dataclass(frozen=True)
class RevisionDiff:
    title: list[Segment]
    blocks: list[BlockDiff]
    references: list[ReferenceChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True if anything differs, in the title, the body or the references."""
        return (
            any(s.op != EQUAL for s in self.title)
            or any(block.status != EQUAL for block in self.blocks)
            or bool(self.references)
        )

    @property
    def words_inserted(self) -> int:
        return count_words(self._segments(), INSERT)

    @property
    def words_deleted(self) -> int:
        return count_words(self._segments(), DELETE)

    @property
    def title_html(self) -> SafeString:
        return segments_html(self.title)

    @property
    def shown(self):
        """The blocks as the page shows them (``cms.diff.html.layout``)."""
        return layout(self.blocks)

    def _segments(self):
        yield from self.title
        for block in self.blocks:
            yield from block.segments
            yield from block.caption


def diff_revisions(
    *,
    old_title: str,
    old_body: list[dict] | None,
    new_title: str,
    new_body: list[dict] | None,
    old_references: list[dict] | None = None,
    new_references: list[dict] | None = None,
) -> RevisionDiff:
    """Compare two revisions word by word, block by block, and their references."""
    return RevisionDiff(
        title=diff_words(old_title or "", new_title or ""),
        blocks=diff_blocks(old_body or [], new_body or []),
        references=diff_references(old_references or [], new_references or []),
    )


def diff_of(old, new) -> RevisionDiff:
    """The diff from revision ``old`` (a historical row, or None: from nothing) to revision
    ``new``: title, body and references."""
    return diff_revisions(
        old_title=old.title if old else "",
        old_body=old.body if old else [],
        new_title=new.title,
        new_body=new.body,
        old_references=old.references if old else [],
        new_references=new.references,
    )
