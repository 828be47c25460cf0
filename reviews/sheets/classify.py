"""What each line of a sheet is, and the sheet those lines make.

The reviewer lines, the "Date Last Reviewed" line and the copyright footer say who reviewed the
sheet, when, and who published it (their labels, in each language a sheet may be in, are in
``languages``: the labels give the sheet its language and the review date its order); site
chrome (letter bars, index links, the disclaimer) and whatever follows the copyright line are
dropped; the first remaining line (the first ``h1`` in HTML) is the title and the rest is the
body, but for a "References" section, which becomes the references (``references``).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from cms.body import HEADING, LIST, PARAGRAPH, canonical_body
from cms.text import clean_line
from reviews.sheets.credentials import split_credentials
from reviews.sheets.data import DEFAULT_REVIEWER_ROLE, Line, ParsedSheet, SheetError, SheetWarning
from reviews.sheets.languages import (
    FOOTER_LABELS,
    RIGHTS_RESERVED,
    FooterLine,
    footer_label,
    is_disclaimer,
    printed_role,
)
from reviews.sheets.references import references_from_lines, split_references

MAX_TITLE_LENGTH = 300
HEADING_MAX_WORDS = 12

CHROME_LINES = re.compile(
    r"^(?:Click a letter\b|Click 'Topic Index'|Click 'Library Index'|"
    r"Topic Index$|Library Index$|Back to top$|Print$|Share$|Skip to (?:main )?content$)",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|Copyright\b)\s*(?:©\s*)?(\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(.*)$", re.IGNORECASE
)
SLASHED_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WHOLE_BLOCKS = ("table", "image")


def sheet_from_lines(lines: list[Line], *, as_of: date, title_from_h1: bool) -> ParsedSheet:
    """Classify ``lines`` and build the sheet. Raises SheetError for a reviewer line with no
    name, a second or bad review date, a missing or over-long title, or an empty body."""
    printed = PrintedReview()
    content: list[Line] = []
    for line in lines:
        if line.kind in _WHOLE_BLOCKS:  # a table or image is never chrome or the footer
            if not printed.in_footer:
                content.append(line)
            continue
        if printed.take(line, as_of=as_of):
            continue
        if not printed.in_footer and not is_chrome(line):
            content.append(line)

    title_index = _title_index(content, title_from_h1)
    if title_index is None:
        where = "no <h1> heading" if title_from_h1 else "no line of text"
        raise SheetError(f"no title ({where})", lines[0].number if lines else 1)
    title_line = content[title_index]
    title = _clean(title_line.text, "the title", title_line.number)
    if len(title) > MAX_TITLE_LENGTH:
        raise SheetError(
            f"the title is {len(title)} characters long; the limit is {MAX_TITLE_LENGTH}",
            title_line.number,
        )
    body_lines, reference_lines = split_references(content[title_index + 1 :])
    body, warnings = _blocks(body_lines, from_html=title_from_h1)
    references, reference_warnings = references_from_lines(reference_lines)
    if not body:
        raise SheetError("an empty body: nothing follows the title", title_line.number)
    return ParsedSheet(
        title=title,
        body=body,
        reviewers=printed.reviewers,
        reviewer_role=printed.role,
        reviewed_on=printed.reviewed_on,
        source=printed.source,
        warnings=warnings + reference_warnings,
        references=references,
        language=printed.language,
    )


@dataclass
class PrintedReview:
    """What a sheet prints about its review, gathered line by line: the reviewers and their
    role, the review date, and the publisher from the copyright line (which starts the
    footer); and the language its labels are in (None if it prints none). Labels in two
    languages are refused: the date's order would be a guess."""

    reviewers: list[tuple[str, str]] = field(default_factory=list)
    role: str = DEFAULT_REVIEWER_ROLE
    reviewed_on: date | None = None
    date_line: int | None = None
    source: str = ""
    in_footer: bool = False
    language: str | None = None
    language_line: int | None = None

    def take(self, line: Line, *, as_of: date) -> bool:
        """Record ``line`` if it is a reviewer, review-date or copyright line; False if not."""
        if labelled := footer_label(line.text):
            self._set_language(labelled, line.number)
            if labelled.kind == "reviewer":
                self._add_reviewer(labelled, line.number)
            else:
                self._set_review_date(labelled, line.number, as_of=as_of)
        elif copyright_line := COPYRIGHT.match(line.text):
            self.source = self.source or _publisher(copyright_line.group(2))
            self.in_footer = True
        else:
            return False
        return True

    def _set_language(self, labelled: FooterLine, number: int) -> None:
        if self.language is None:
            self.language, self.language_line = labelled.language, number
        elif labelled.language != self.language:
            raise SheetError(
                f"footer labels in two languages: {labelled.labels.name} here, "
                f"{FOOTER_LABELS[self.language].name} on line {self.language_line}",
                number,
            )

    def _add_reviewer(self, labelled: FooterLine, number: int) -> None:
        self.role = printed_role(labelled)
        name, credentials = split_credentials(_clean(labelled.value, "the reviewer line", number))
        if not name:
            raise SheetError("a reviewer line with no name", number)
        if (name, credentials) not in self.reviewers:
            self.reviewers.append((name, credentials))

    def _set_review_date(self, labelled: FooterLine, number: int, *, as_of: date) -> None:
        if self.date_line is not None:
            raise SheetError(
                f"a second '{labelled.labels.date_label}' line (the first is on line "
                f"{self.date_line})",
                number,
            )
        self.reviewed_on = parse_review_date(
            labelled.value, as_of=as_of, line=number, day_first=labelled.labels.day_first
        )
        self.date_line = number


def _clean(text: str, label: str, number: int) -> str:
    """``cms.text.clean_line``, refusing as a SheetError on line ``number``."""
    try:
        return clean_line(text, label)
    except ValidationError as error:
        raise SheetError(error.messages[0], number) from None


def prints_review(text: str) -> bool:
    """Whether ``text`` is a reviewer, review-date or copyright line."""
    return bool(footer_label(text) or COPYRIGHT.match(text))


def is_chrome(line: Line) -> bool:
    """Site furniture, not the sheet: the disclaimer, the A–Z bar and its letters, index and
    navigation links."""
    return bool(
        is_disclaimer(line.text)
        or _is_letter_bar(line.text)
        or CHROME_LINES.match(line.text)
        or (line.kind == "item" and _is_letter(line.text))
    )


def parse_review_date(value: str, *, as_of: date, line: int, day_first: bool = False) -> date:
    """'10/1/2023' (month first, as English sheets print it; with ``day_first``, as Spanish
    ones do, 1 October is '1/10/2023') or '2023-10-01'. Raises SheetError for an unparseable,
    impossible or future date."""
    value = value.strip()
    if match := SLASHED_DATE.match(value):
        first, second, year = (int(part) for part in match.groups())
        day, month = (first, second) if day_first else (second, first)
    elif match := ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        shown = value if value else "(nothing)"
        expected = "D/M/YYYY" if day_first else "M/D/YYYY"
        raise SheetError(
            f"unparseable review date {shown!r}: expected {expected} or YYYY-MM-DD", line
        )
    try:
        reviewed = date(year, month, day)
    except ValueError:
        raise SheetError(f"impossible review date {value!r}", line) from None
    if reviewed > as_of:
        raise SheetError(f"review date {value!r} is in the future (today is {as_of})", line)
    return reviewed


def _title_index(content: list[Line], from_h1: bool) -> int | None:
    for index, line in enumerate(content):
        if not from_h1 or (line.kind == "heading" and line.level == 1):
            return index
    return None


def _blocks(lines: list[Line], *, from_html: bool) -> tuple[list[dict], list[SheetWarning]]:
    """The body's blocks in canonical form (cms.body), and what its lines lost."""
    body = _BodyBuilder()
    for line in lines:
        if line.kind == "item":
            body.add_item(line)
        elif line.kind in _WHOLE_BLOCKS:
            body.add(line.block)
        elif line.kind == "heading" or (not from_html and _looks_like_heading(line.text)):
            body.add_heading(line)
        else:
            body.add({"type": PARAGRAPH, **_inline(line)})
        body.warnings.extend(SheetWarning(reason, line.number) for reason in line.warnings)
    return canonical_body(body.blocks), body.warnings


class _BodyBuilder:
    """Blocks as lines arrive: an item joins the list before it when it is of the same list
    (every text line is; an HTML list is a block of its own), a nested item the item above."""

    def __init__(self):
        self.blocks: list[dict] = []
        self.warnings: list[SheetWarning] = []
        self._list_group: int | None = None

    def add(self, block: dict | None) -> None:
        if block is not None:
            self.blocks.append(block)
            self._list_group = None

    def add_heading(self, line: Line) -> None:
        if any(span.get("link") for span in line.spans):
            reason = "a link in a heading kept as plain text (headings hold plain text)"
            self.warnings.append(SheetWarning(reason, line.number))
        self.add({"type": HEADING, "text": line.text, "level": 3 if line.level >= 3 else 2})

    def add_item(self, line: Line) -> None:
        item = {"spans": list(line.spans)} if line.spans else line.text
        if self._list_group != line.group:
            self.add({"type": LIST, "ordered": line.ordered, "items": []})
            self._list_group = line.group
        items = self.blocks[-1]["items"]
        if line.level and items:
            parent = items[-1] if isinstance(items[-1], dict) else {"text": items[-1]}
            items[-1] = {**parent, "items": [*parent.get("items", []), item]}
        else:
            items.append(item)


def _inline(line: Line) -> dict:
    return {"spans": list(line.spans)} if line.spans else {"text": line.text}


def _looks_like_heading(text: str) -> bool:
    """In a text export a heading is a short line that does not end a sentence."""
    return len(text.split()) <= HEADING_MAX_WORDS and not text.endswith(
        (".", ":", ";", ",", "!", '"', "”", ")")
    )


def _is_letter_bar(text: str) -> bool:
    """The A–Z bar: twenty or more single letters, perhaps with separators."""
    letters = [token for token in text.replace("|", " ").split() if token not in "·•-"]
    return len(letters) >= 20 and all(_is_letter(token) for token in letters)


def _is_letter(text: str) -> bool:
    return len(text) == 1 and (text.isalpha() or text == "#")


def _publisher(rest: str) -> str:
    """'The StayWell Company, LLC. All rights reserved. …' -> 'The StayWell Company, LLC'."""
    rest = RIGHTS_RESERVED.split(rest, maxsplit=1)[0]
    return rest.strip().rstrip(".").strip()[:200]
