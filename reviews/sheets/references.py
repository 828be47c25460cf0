"""A sheet's "References" section: a heading "References" and the lines or list items after
it (to the next HTML heading, or the end of the sheet's text) become the article's references
(cms/references.py), not its body.

A line in the editing syntax ("doi:10.…", "pmid:…", "guideline: Name | version | date", an
address) is read as such; a printed citation is read by the first DOI, PubMed id or address
in it (an HTML link's target first), with the citation as its note. A line with none of these
is left out, with a warning.
"""

import re

from django.core.exceptions import ValidationError

from cms.references import (
    DOI,
    MAX_NOTE,
    MAX_REFERENCES,
    PMID,
    URL,
    parse_reference,
    reference_key,
    reference_problem,
)
from reviews.sheets.data import Line, SheetWarning

HEADING = re.compile(r"^references\s*:?$", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_PMID = re.compile(r"\bPMID\s*:?\s*([1-9]\d{0,8})\b", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s\"<>]+")
_TRAILING = ".,;)]"


def is_references_heading(line: Line) -> bool:
    """Whether ``line`` starts the References section (a heading, or a line, saying so)."""
    return line.kind in ("heading", "text") and bool(HEADING.match(line.text))


def split_references(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """``lines`` before the References heading, and the lines of the section (without the
    heading); the lines after the section (from the next HTML heading) stay with the first."""
    for index, line in enumerate(lines):
        if is_references_heading(line):
            rest = lines[index + 1 :]
            end = next(
                (i for i, after in enumerate(rest) if after.kind == "heading" and after.level),
                len(rest),
            )
            return lines[:index] + rest[end:], rest[:end]
    return lines, []


def references_from_lines(lines: list[Line]) -> tuple[list[dict], list[SheetWarning]]:
    """The section's lines as canonical references (repeats dropped, at most MAX_REFERENCES),
    and a warning for each line left out."""
    references: list[dict] = []
    warnings: list[SheetWarning] = []
    seen = set()
    for line in lines:
        reference = _reference(line)
        if reference is None:
            reason = "a reference with no DOI, PMID or web address was left out"
            warnings.append(SheetWarning(reason, line.number))
            continue
        key = reference_key(reference)
        if key in seen:
            continue
        if len(references) == MAX_REFERENCES:
            warnings.append(
                SheetWarning(
                    f"more than {MAX_REFERENCES} references: the rest left out", line.number
                )
            )
            break
        seen.add(key)
        references.append(reference)
    return references, warnings


def _reference(line: Line) -> dict | None:
    try:
        return parse_reference(line.text)
    except ValidationError:
        pass
    link = next((span["link"] for span in line.spans if span.get("link")), "")
    for kind, value in (
        (URL, link if link.lower().startswith(("http://", "https://")) else ""),
        (DOI, _found(_DOI, line.text)),
        (PMID, _found(_PMID, line.text)),
        (URL, _found(_URL, line.text)),
    ):
        if not value:
            continue
        reference = {"type": kind, "value": value}
        note = " ".join(line.text.split())[:MAX_NOTE].strip()
        if note and note != value:
            reference["note"] = note
        if reference_problem(reference) is None:
            return reference
    return None


def _found(pattern: re.Pattern, text: str) -> str:
    match = pattern.search(text)
    return match.group(match.lastindex or 0).rstrip(_TRAILING) if match else ""
