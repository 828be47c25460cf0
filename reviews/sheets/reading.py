"""Reading a sheet file into lines: decoding its bytes, then a text export line by line or an
HTML page as a document. What each line *is* is ``classify``'s business."""

import re
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.conf import settings

from reviews.sheets.classify import sheet_from_lines
from reviews.sheets.data import Line, ParsedSheet, SheetError

SHEET_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
BULLET = re.compile(r"^[•·▪◦‣\-*]\s+")


def read_sheet(path: Path, *, as_of: date) -> ParsedSheet:
    """Read one sheet file; the suffix picks the form. Raises SheetError (among others for a
    file over ``settings.IMPORT_MAX_BYTES``, refused before it is read) and OSError."""
    text = decode(read_limited(path, settings.IMPORT_MAX_BYTES))
    if path.suffix.lower() in HTML_SUFFIXES:
        return parse_html(text, as_of=as_of)
    return parse_text(text, as_of=as_of)


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, or SheetError if there are more than ``limit``: its size is checked
    before reading, and no more than ``limit + 1`` bytes are read (a file that grows, or a
    device or pipe that reports no size, cannot make the import read it whole)."""
    size = path.stat().st_size
    if size > limit:
        raise SheetError(_too_large(size, limit))
    with path.open("rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise SheetError(_too_large(len(raw), limit, more=True))
    return raw


def _too_large(size: int, limit: int, more: bool = False) -> str:
    return f"the file is {'over ' if more else ''}{size:,} bytes; the limit is {limit:,}"


def decode(raw: bytes) -> str:
    """UTF-8, with or without a BOM; CRLF and CR become LF. Raises SheetError naming the line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SheetError(
            f"bytes that do not decode as UTF-8 (byte 0x{raw[error.start]:02x} at offset "
            f"{error.start})",
            line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SheetError("a NUL byte: this is not a text sheet", line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, *, as_of: date) -> ParsedSheet:
    """Parse a text export: the title is the first line that is not chrome."""
    return sheet_from_lines(text_lines(text), as_of=as_of, title_from_h1=False)


def parse_html(text: str, *, as_of: date) -> ParsedSheet:
    """Parse an HTML page as a document: the title is the first ``h1``."""
    return sheet_from_lines(html_lines(text), as_of=as_of, title_from_h1=True)


def text_lines(text: str) -> list[Line]:
    """Each non-blank line; a line starting with a bullet is a list item."""
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        if BULLET.match(stripped):
            lines.append(Line("item", BULLET.sub("", stripped, count=1), number))
        else:
            lines.append(Line("text", stripped, number))
    return lines


# -- HTML to lines ---------------------------------------------------------------------------

_DROP_TAGS = {
    "head", "script", "style", "noscript", "template", "nav", "form", "button", "select",
    "iframe", "svg", "object", "embed", "input", "textarea",
}  # fmt: skip
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
    "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}  # fmt: skip
_TEXT_BLOCKS = {"p", "div", "td", "th", "dd", "dt", "blockquote", "pre"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def html_lines(text: str) -> list[Line]:
    """One line per block of the document's visible text (navigation, forms, scripts and
    hidden elements dropped); a ``<br>`` also ends a line. Raises SheetError for elements
    nested deeper than ``settings.IMPORT_MAX_HTML_DEPTH`` (the reader walks the tree
    recursively)."""
    soup = BeautifulSoup(text, "html.parser")
    refuse_deep_nesting(soup, settings.IMPORT_MAX_HTML_DEPTH)
    reader = _HtmlReader()
    reader.walk(soup, "text", 0)
    reader.flush()
    return reader.lines


def refuse_deep_nesting(soup: BeautifulSoup, limit: int) -> None:
    """SheetError, at the first element nested deeper than ``limit``; walks without recursion."""
    stack = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            if depth + 1 > limit:
                raise SheetError(
                    f"HTML nested more than {limit} elements deep", child.sourceline or None
                )
            stack.append((child, depth + 1))


class _HtmlReader:
    """Walks the tree, gathering the text of each block into one line. A line takes its kind,
    level and source line from the block where its first visible text appears."""

    def __init__(self):
        self.lines: list[Line] = []
        self._buffer: list[str] = []
        self._kind, self._level, self._number = "text", 0, 1

    def flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer.clear()
        if text:
            self.lines.append(Line(self._kind, text, self._number, self._level))

    def walk(self, node: Tag, kind: str, level: int) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self._text(child, node, kind, level)
            elif isinstance(child, Tag) and not _dropped(child):
                self._element(child, kind, level)

    def _text(self, string: NavigableString, parent: Tag, kind: str, level: int) -> None:
        if not self._buffer and str(string).strip():
            self._kind, self._level, self._number = kind, level, _line_of(string, parent)
        self._buffer.append(str(string))

    def _element(self, tag: Tag, kind: str, level: int) -> None:
        name = tag.name.lower()
        if name == "br":
            self.flush()
        elif name in _BLOCK_TAGS:
            self.flush()
            self.walk(tag, *_block_kind(name, kind, level))
            self.flush()
        else:
            self.walk(tag, kind, level)


def _dropped(tag: Tag) -> bool:
    """Markup that is not the sheet's text: scripts, navigation, forms, hidden elements."""
    return (
        tag.name.lower() in _DROP_TAGS or tag.get("role") == "navigation" or tag.has_attr("hidden")
    )


def _block_kind(name: str, kind: str, level: int) -> tuple[str, int]:
    """The (kind, level) of the lines inside a block ``name`` found within (kind, level)."""
    if name in _HEADINGS:
        return "heading", _HEADINGS[name]
    if name == "li":
        return "item", 0
    if name in _TEXT_BLOCKS and kind != "item":
        return "text", level
    return kind, level


def _line_of(string: NavigableString, parent: Tag) -> int:
    """The source line where ``string``'s text starts. html.parser records each tag's line;
    the nearest tag before the string (a ``<br>``, say) or else its parent anchors it."""
    anchor = string.previous_sibling
    while anchor is not None and not isinstance(anchor, Tag):
        anchor = anchor.previous_sibling
    base = anchor if anchor is not None and anchor.sourceline else parent
    text = str(string)
    leading = text[: len(text) - len(text.lstrip())]
    return (getattr(base, "sourceline", None) or 1) + leading.count("\n")
