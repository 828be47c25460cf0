"""Reading published patient sheets (text exports or HTML pages) into plain data. No ORM.

Both forms become the same sequence of lines (``reading``): (kind, text, line number), where
kind is ``heading``, ``item`` or ``text`` (and, from HTML, ``table`` or ``image``, with marked
spans, numbered and nested lists: ``html_reader``, ``links``, ``tables``, ``images``). One
classifier (``classify``) then drops the site
chrome, picks out the reviewer and review-date lines and the copyright footer, and builds the
title and body, so the text and HTML forms of one sheet give the same article. ``credentials``
splits a printed reviewer into name and credentials; ``finding`` lists the sheet files under
the paths an import is given.
"""

from reviews.sheets.classify import MAX_TITLE_LENGTH, parse_review_date, sheet_from_lines
from reviews.sheets.credentials import split_credentials
from reviews.sheets.data import Line, ParsedSheet, SheetError, SheetWarning
from reviews.sheets.finding import find_sheet_files
from reviews.sheets.reading import SHEET_SUFFIXES, decode, parse_html, parse_text, read_sheet

__all__ = [
    "MAX_TITLE_LENGTH",
    "SHEET_SUFFIXES",
    "Line",
    "ParsedSheet",
    "SheetError",
    "SheetWarning",
    "decode",
    "find_sheet_files",
    "parse_html",
    "parse_review_date",
    "parse_text",
    "read_sheet",
    "sheet_from_lines",
    "split_credentials",
]
