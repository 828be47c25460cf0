"""Reading a sheet file into lines: decoding its bytes, then a text export line by line or an
HTML page as a document (``html_reader``). What each line *is* is ``classify``'s business."""

import re
from datetime import date
from pathlib import Path

from django.conf import settings

from cms.body import IMAGE
from reviews.sheets.classify import sheet_from_lines
from reviews.sheets.data import Line, ParsedSheet, SheetError
from reviews.sheets.files import read_limited
from reviews.sheets.html_reader import NO_IMAGES, html_lines, refuse_deep_nesting
from reviews.sheets.images import ImageFinder

__all__ = [
    "SHEET_SUFFIXES",
    "decode",
    "html_lines",
    "parse_html",
    "parse_text",
    "read_limited",
    "read_sheet",
    "refuse_deep_nesting",
    "text_lines",
]

SHEET_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
BULLET = re.compile(r"^[•·▪◦‣\-*]\s+")


def read_sheet(path: Path, *, as_of: date, roots: list[Path] | None = None) -> ParsedSheet:
    """Read one sheet file; the suffix picks the form. An HTML sheet's images are read from
    inside ``roots`` (resolved folders; by default the sheet's own folder). Raises SheetError
    (among others for a file over ``settings.IMPORT_MAX_BYTES``, refused before it is read)
    and OSError."""
    text = decode(read_limited(path, settings.IMPORT_MAX_BYTES))
    if path.suffix.lower() not in HTML_SUFFIXES:
        return parse_text(text, as_of=as_of)
    images = ImageFinder(path.parent, roots)
    sheet = parse_html(text, as_of=as_of, images=images)
    kept = {block["src"] for block in sheet.body if block["type"] == IMAGE}
    sheet.images = {name: file for name, file in images.found.items() if name in kept}
    return sheet


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


def parse_html(text: str, *, as_of: date, images: ImageFinder = NO_IMAGES) -> ParsedSheet:
    """Parse an HTML page as a document: the title is the first ``h1``. Images are found by
    ``images`` (by default none are: each is skipped with a warning)."""
    return sheet_from_lines(html_lines(text, images=images), as_of=as_of, title_from_h1=True)


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
