"""Reading published patient sheets (text exports or HTML pages) into plain data. No ORM.

Both forms become the same sequence of lines: (kind, text, line number), where kind is
``heading``, ``item`` or ``text``. One classifier then drops the site chrome, picks out the
reviewer and review-date lines and the copyright footer, and builds the title and body, so the
text and HTML forms of one sheet give the same article.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from cms.body import HEADING, LIST, PARAGRAPH

SHEET_SUFFIXES = (".txt", ".html", ".htm")
MAX_TITLE_LENGTH = 300

# Credentials as printed after a reviewer's name. Matched case-insensitively, dots ignored.
CREDENTIAL_TOKENS = {
    token.upper()
    for token in """
    RN BSN MSN MPH BSPH MD DO PHARMD PHD NP PA PA-C APRN CNS CNM CRNA FNP FNP-BC ANP ANP-BC
    AGNP AGNP-C ACNP DNP DRPH EDD PSYD MBA MHA MPA MS MSC MA BS BSC BA RD LD RDN LDN CDE CDCES
    DDS DMD OD DPM DPT PT OT OTR OTR/L RPH BCPS LPN LVN CCRN OCN IBCLC LCSW LMFT LPC CHES
    FACP FACC FACS FAAP FACOG FAAFP FRCP MBBS MRCP CPNP PNP WHNP RRT CRT CSCS ATC MPAS MSPAS
    """.split()
}

CHROME_LINES = re.compile(
    r"^(?:Click a letter\b|Click 'Topic Index'|Click 'Library Index'|"
    r"Topic Index$|Library Index$|Back to top$|Print$|Share$|Skip to (?:main )?content$)",
    re.IGNORECASE,
)
REVIEWER_LINE = re.compile(r"^((?:Online )?Medical Reviewer)\s*:\s*(.*)$", re.IGNORECASE)
DATE_LINE = re.compile(r"^Date Last Reviewed\s*:\s*(.*)$", re.IGNORECASE)
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|Copyright\b)\s*(?:©\s*)?(\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(.*)$", re.IGNORECASE
)
DISCLAIMER = re.compile(r"^This information is not intended as a substitute", re.IGNORECASE)
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
BULLET = re.compile(r"^[•·▪◦‣\-*]\s+")
HEADING_MAX_WORDS = 12


class SheetError(Exception):
    """A sheet that cannot be imported. ``line`` is 1-based (None when no line applies)."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Line:
    kind: str  # "heading", "item" or "text"
    text: str
    number: int
    level: int = 0  # 1-6 for HTML headings, 0 otherwise


@dataclass
class ParsedSheet:
    title: str
    body: list[dict]
    reviewers: list[tuple[str, str]] = field(default_factory=list)  # (name, credentials)
    reviewer_role: str = "Online Medical Reviewer"
    reviewed_on: date | None = None
    source: str = ""


def read_sheet(path: Path, *, as_of: date) -> ParsedSheet:
    """Read one sheet file; the suffix picks the form. Raises SheetError."""
    raw = path.read_bytes()
    text = decode(raw)
    if path.suffix.lower() in (".html", ".htm"):
        return parse_html(text, as_of=as_of)
    return parse_text(text, as_of=as_of)


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
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        if BULLET.match(stripped):
            lines.append(Line("item", BULLET.sub("", stripped, count=1), number))
        else:
            lines.append(Line("text", stripped, number))
    return _build(lines, as_of=as_of, title_from_h1=False)


def parse_html(text: str, *, as_of: date) -> ParsedSheet:
    """Parse an HTML page as a document: the title is the first ``h1``."""
    soup = BeautifulSoup(text, "html.parser")
    return _build(_html_lines(soup), as_of=as_of, title_from_h1=True)


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
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _html_lines(soup: BeautifulSoup) -> list[Line]:
    lines: list[Line] = []
    buffer: list[str] = []
    state = {"kind": "text", "level": 0, "line": 1}

    def flush():
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            lines.append(Line(state["kind"], text, state["line"], state["level"]))

    def walk(node: Tag, kind: str, level: int):
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if not buffer and str(child).strip():
                    state.update(kind=kind, level=level, line=_line_of(child, node))
                buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _DROP_TAGS or child.get("role") == "navigation" or child.has_attr("hidden"):
                continue
            if name == "br":
                flush()
                continue
            if name in _BLOCK_TAGS:
                flush()
                child_kind, child_level = kind, level
                if name in _HEADINGS:
                    child_kind, child_level = "heading", _HEADINGS[name]
                elif name == "li":
                    child_kind, child_level = "item", 0
                elif name in ("p", "div", "td", "th", "dd", "dt", "blockquote", "pre"):
                    child_kind = "text" if kind != "item" else kind
                walk(child, child_kind, child_level)
                flush()
            else:
                walk(child, kind, level)

    walk(soup, "text", 0)
    flush()
    return lines


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


# -- Lines to a sheet ------------------------------------------------------------------------


def _build(lines: list[Line], *, as_of: date, title_from_h1: bool) -> ParsedSheet:
    reviewers: list[tuple[str, str]] = []
    role = "Online Medical Reviewer"
    reviewed_on: date | None = None
    date_line: int | None = None
    source = ""
    content: list[Line] = []
    in_footer = False

    for line in lines:
        if reviewer := REVIEWER_LINE.match(line.text):
            role = _title_case_role(reviewer.group(1))
            name, credentials = split_credentials(reviewer.group(2))
            if not name:
                raise SheetError("a reviewer line with no name", line.number)
            if (name, credentials) not in reviewers:
                reviewers.append((name, credentials))
            continue
        if reviewed := DATE_LINE.match(line.text):
            if date_line is not None:
                raise SheetError(
                    f"a second 'Date Last Reviewed' line (the first is on line {date_line})",
                    line.number,
                )
            reviewed_on = parse_review_date(reviewed.group(1), as_of=as_of, line=line.number)
            date_line = line.number
            continue
        if copyright_line := COPYRIGHT.match(line.text):
            source = source or _publisher(copyright_line.group(2))
            in_footer = True
            continue
        if DISCLAIMER.match(line.text) or _is_letter_bar(line.text):
            continue
        if CHROME_LINES.match(line.text) or (line.kind == "item" and _is_letter(line.text)):
            continue
        if in_footer:
            continue  # whatever follows the copyright line is footer, not body
        content.append(line)

    title_index = _title_index(content, title_from_h1)
    if title_index is None:
        where = "no <h1> heading" if title_from_h1 else "no line of text"
        raise SheetError(f"no title ({where})", lines[0].number if lines else 1)
    title_line = content[title_index]
    if len(title_line.text) > MAX_TITLE_LENGTH:
        raise SheetError(
            f"the title is {len(title_line.text)} characters long; the limit is {MAX_TITLE_LENGTH}",
            title_line.number,
        )
    body = _blocks(content[title_index + 1 :], from_html=title_from_h1)
    if not body:
        raise SheetError("an empty body: nothing follows the title", title_line.number)
    return ParsedSheet(
        title=title_line.text,
        body=body,
        reviewers=reviewers,
        reviewer_role=role,
        reviewed_on=reviewed_on,
        source=source,
    )


def _title_index(content: list[Line], from_h1: bool) -> int | None:
    for index, line in enumerate(content):
        if not from_h1 or (line.kind == "heading" and line.level == 1):
            return index
    return None


def _blocks(lines: list[Line], *, from_html: bool) -> list[dict]:
    blocks: list[dict] = []
    for line in lines:
        if line.kind == "item":
            if blocks and blocks[-1]["type"] == LIST:
                blocks[-1]["items"].append(line.text)
            else:
                blocks.append({"type": LIST, "items": [line.text]})
        elif line.kind == "heading" or (not from_html and _looks_like_heading(line.text)):
            blocks.append({"type": HEADING, "text": line.text})
        else:
            blocks.append({"type": PARAGRAPH, "text": line.text})
    return blocks


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


def _title_case_role(role: str) -> str:
    return " ".join(word.capitalize() for word in role.split())


def _publisher(rest: str) -> str:
    """'The StayWell Company, LLC. All rights reserved. …' -> 'The StayWell Company, LLC'."""
    rest = re.split(r"\.?\s+All rights reserved", rest, maxsplit=1, flags=re.IGNORECASE)[0]
    return rest.strip().rstrip(".").strip()[:200]


def split_credentials(printed: str) -> tuple[str, str]:
    """'Susan K. Dempsey-Walls RN' -> ('Susan K. Dempsey-Walls', 'RN').

    The credentials are the trailing run of credential tokens (commas allowed between them);
    the rest is the name.
    """
    words = printed.replace(",", " , ").split()
    credentials: list[str] = []
    while words:
        word = words[-1]
        if word == ",":
            words.pop()
            continue
        if word.replace(".", "").upper() in CREDENTIAL_TOKENS and len(words) > 1:
            credentials.insert(0, words.pop())
            continue
        break
    name = " ".join(words).replace(" ,", ",").strip().rstrip(",").strip()
    return name, " ".join(credentials)


def parse_review_date(value: str, *, as_of: date, line: int) -> date:
    """'10/1/2023' (US order) or '2023-10-01'. Raises SheetError for an unparseable, impossible
    or future date."""
    value = value.strip()
    if match := US_DATE.match(value):
        month, day, year = (int(part) for part in match.groups())
    elif match := ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        shown = value if value else "(nothing)"
        raise SheetError(
            f"unparseable review date {shown!r}: expected M/D/YYYY or YYYY-MM-DD", line
        )
    try:
        reviewed = date(year, month, day)
    except ValueError:
        raise SheetError(f"impossible review date {value!r}", line) from None
    if reviewed > as_of:
        raise SheetError(f"review date {value!r} is in the future (today is {as_of})", line)
    return reviewed
