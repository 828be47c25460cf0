"""Word-level diffs of inline content: plain text, or spans with bold, italic and links.

A word's marks are part of the word: a word that became bold shows as removed and added. A
link's target is a token of its own after the link's last word, so a link whose words stayed
and whose target changed shows the old target removed and the new one added.
"""

import re
from dataclasses import dataclass

from cms.body import span_marks, spans_of
from cms.diff.align import DELETE, EQUAL, INSERT, matching_runs, opcodes

_WORD = re.compile(r"\S+\s*")
_SPACE = re.compile(r"\s*")
TEXT, TARGET, IMAGE = "text", "target", "image"


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""  # the target of the link these words are in
    role: str = TEXT  # "text"; "target": a link's target; "image": an image's file


def diff_words(old: str, new: str) -> list[Segment]:
    """Word-level segments turning ``old`` into ``new``; spacing is kept, runs are merged."""
    return WordDiff(old, new).segments()


class WordDiff:
    """The word alignment of two texts, made once: its share of common words decides whether
    a block shows as edited, and its segments show the edit."""

    def __init__(self, old: str, new: str):
        self.old_words, self.new_words = _WORD.findall(old), _WORD.findall(new)
        a = [w.rstrip() for w in self.old_words]
        b = [w.rstrip() for w in self.new_words]
        self.runs = matching_runs(a, b).runs
        self.sizes = len(a), len(b)

    def ratio(self) -> float:
        """As ``SequenceMatcher.ratio``: twice the common words over all words (1 if none)."""
        total = sum(self.sizes)
        return 2 * sum(n for _, _, n in self.runs) / total if total else 1.0

    def segments(self) -> list[Segment]:
        segments: list[Segment] = []
        for tag, i1, i2, j1, j2 in opcodes(self.runs, *self.sizes):
            if tag == EQUAL:
                append(segments, Segment(EQUAL, "".join(self.new_words[j1:j2])))
                continue
            if tag in (DELETE, "replace"):
                append(segments, Segment(DELETE, "".join(self.old_words[i1:i2])))
            if tag in (INSERT, "replace"):
                append(segments, Segment(INSERT, "".join(self.new_words[j1:j2])))
        return segments


class InlineDiff(WordDiff):
    """The word alignment of two pieces of inline content (``cms.body.spans_of``)."""

    def __init__(self, old, new):
        self.old_tokens, self.new_tokens = tokens(old), tokens(new)
        a = [_key(token) for token in self.old_tokens]
        b = [_key(token) for token in self.new_tokens]
        self.runs = matching_runs(a, b).runs
        self.sizes = len(a), len(b)

    def segments(self) -> list[Segment]:
        segments: list[Segment] = []
        for tag, i1, i2, j1, j2 in opcodes(self.runs, *self.sizes):
            if tag == EQUAL:
                _extend(segments, EQUAL, self.new_tokens[j1:j2])
                continue
            if tag in (DELETE, "replace"):
                _extend(segments, DELETE, self.old_tokens[i1:i2])
            if tag in (INSERT, "replace"):
                _extend(segments, INSERT, self.new_tokens[j1:j2])
        return segments


def inline_diff(old, new) -> WordDiff:
    """The word diff of two pieces of inline content; plain text takes the plain path."""
    if _is_plain(old) and _is_plain(new):
        return WordDiff(_plain(old), _plain(new))
    return InlineDiff(old, new)


def whole(op: str, content) -> list[Segment]:
    """The segments of inline content removed or added whole (or kept whole)."""
    if _is_plain(content):
        return [Segment(op, _plain(content))] if _plain(content) else []
    segments: list[Segment] = []
    for span, target in _spans_with_targets(content):
        append(segments, Segment(op, span["text"], *span_marks(span)))
        if target:
            segments.append(Segment(op, target, role=TARGET))
    return segments


def _spans_with_targets(content):
    """Each span, with the target of the link it ends (else "")."""
    spans = spans_of(content)
    for index, span in enumerate(spans):
        link = span.get("link", "")
        following = spans[index + 1].get("link", "") if index + 1 < len(spans) else ""
        yield span, link if link != following else ""


def content_key(content):
    """A hashable form of inline content, equal exactly when the content is."""
    if _is_plain(content):
        return _plain(content)
    return tuple((span["text"], *span_marks(span)) for span in spans_of(content))


def _is_plain(content) -> bool:
    return isinstance(content, str) or "spans" not in content


def _plain(content) -> str:
    return content if isinstance(content, str) else content.get("text", "")


def tokens(content) -> list[Segment]:
    """Inline content as words (with their marks and following space), each link followed by
    a token holding its target."""
    words: list[Segment] = []
    for span in spans_of(content):
        bold, italic, link = span_marks(span)
        text = span["text"]
        space = _SPACE.match(text).group()
        if space and words and words[-1].role == TEXT:
            words[-1] = Segment(EQUAL, words[-1].text + space, *_marks(words[-1]))
        if words and words[-1].link and words[-1].link != link:
            words.append(Segment(EQUAL, words[-1].link, role=TARGET))
        words.extend(Segment(EQUAL, word, bold, italic, link) for word in _WORD.findall(text))
    if words and words[-1].link:
        words.append(Segment(EQUAL, words[-1].link, role=TARGET))
    return words


def _marks(segment: Segment) -> tuple:
    return segment.bold, segment.italic, segment.link


def _key(token: Segment):
    if token.role == TARGET:
        return ("\x00target", token.text)
    # The words of a link match whatever its target: a changed target shows on its own.
    marks = (token.bold, token.italic, bool(token.link))
    word = token.text.rstrip()
    return word if marks == (False, False, False) else (word, *marks)


def _extend(segments: list[Segment], op: str, words: list[Segment]) -> None:
    for word in words:
        append(segments, Segment(op, word.text, *_marks(word), role=word.role))


def append(segments: list[Segment], segment: Segment) -> None:
    """Add ``segment``, merged into the last one when they differ only in text."""
    if not segment.text:
        return
    last = segments[-1] if segments else None
    text, words = segment.text, segment.role == TEXT and (last is None or last.role == TEXT)
    glued = last and last.op == EQUAL and not last.text[-1:].isspace()
    if words and segment.op == DELETE and glued:
        text = " " + text  # the new text ended here; keep the removed words apart from it
    same = last and (last.op, _marks(last)) == (segment.op, _marks(segment))
    if words and same:
        segments[-1] = Segment(last.op, last.text + text, *_marks(last))
    else:
        segments.append(Segment(segment.op, text, *_marks(segment), role=segment.role))


def count_words(segments, op: str) -> int:
    """The words of ``segments`` with ``op`` (links' targets and image files are not words)."""
    return sum(len(s.text.split()) for s in segments if s.op == op and s.role == TEXT)
