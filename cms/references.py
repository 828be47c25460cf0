"""An article's references (its sources): one stored format, part of every revision and of the
signed content hash (docs/references.md).

``Article.references`` is a JSON list of references, each one of:

    {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the trial"}
    {"type": "pmid", "value": "12345678"}
    {"type": "url", "value": "https://www.nice.org.uk/guidance/ng80"}
    {"type": "guideline", "name": "GINA asthma strategy", "version": "2024", "date": "2024-05-01"}

``note`` is optional on every type; a guideline's ``version`` and ``date`` (ISO) are optional.
Optional keys appear only when set, so one list of sources has exactly one JSON form
(``canonical_references``), and ``validate_references`` refuses any other.

Editors write one reference per line (``references_from_text``, ``references_to_text``):

    doi:10.1056/NEJMoa2034577 — the trial
    pmid:12345678
    https://www.nice.org.uk/guidance/ng80 — NICE asthma guideline
    guideline: GINA asthma strategy | 2024 | 5/1/2024 — note  (or 2024-05-01)
"""

import re
from datetime import date
from urllib.parse import quote, urlsplit

from django.core.exceptions import ValidationError

from cms.templatetags.cms_tags import us_date
from cms.text import clean_line

DOI = "doi"
PMID = "pmid"
URL = "url"
GUIDELINE = "guideline"
REFERENCE_TYPES = (DOI, PMID, URL, GUIDELINE)
TYPE_LABELS = {DOI: "DOI", PMID: "PMID", URL: "Web page", GUIDELINE: "Guideline"}

MAX_REFERENCES = 50
MAX_NOTE = 500
MAX_NAME = 300
MAX_VERSION = 50
MAX_URL = 2000

DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+")
PMID_PATTERN = re.compile(r"[1-9]\d{0,8}")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
NOTE_SEPARATOR = " — "  # an em dash with a space either side; " -- " is read the same way
_NOTE_SPLIT = re.compile(r"\s+(?:—|--)\s+")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/")
_PUBMED = re.compile(r"https?://pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/?$", re.IGNORECASE)

_LABELS = {"value": "The reference", "name": "The guideline's name", "version": "The version",
           "date": "The date", "note": "The note"}  # fmt: skip

_KEYS = {
    DOI: ({"type", "value"}, {"note"}),
    PMID: ({"type", "value"}, {"note"}),
    URL: ({"type", "value"}, {"note"}),
    GUIDELINE: ({"type", "name"}, {"version", "date", "note"}),
}


# -- One reference ----------------------------------------------------------------------------


def reference_problem(reference) -> str | None:
    """What is wrong with one stored reference, or None (it may still be non-canonical)."""
    if not isinstance(reference, dict) or reference.get("type") not in REFERENCE_TYPES:
        return f"the type is one of {', '.join(REFERENCE_TYPES)}."
    kind = reference["type"]
    required, optional = _KEYS[kind]
    keys = set(reference)
    if not required <= keys or not keys <= required | optional:
        return (
            f"a {kind} reference has the keys {sorted(required)} "
            f"(and optionally {sorted(optional)})."
        )
    if any(not isinstance(value, str) for value in reference.values()):
        return "every value is text."
    problem = _VALUE_CHECKS[kind](reference)
    if problem is None and "note" in reference:
        return _line_problem(reference["note"], "The note", MAX_NOTE)
    return problem


def _doi_problem(reference: dict) -> str | None:
    if DOI_PATTERN.fullmatch(reference["value"]):
        return None
    return f"{reference['value'][:80]!r} is not a DOI (10.<digits>/<suffix>)."


def _pmid_problem(reference: dict) -> str | None:
    if PMID_PATTERN.fullmatch(reference["value"]):
        return None
    return f"{reference['value'][:80]!r} is not a PMID (digits only)."


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address a reader may follow (http or https), or None."""
    if len(value) > MAX_URL or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return "a web address is at most 2,000 characters with no spaces."
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "\\" in value:
        return f"the address {value[:80]!r} is not allowed: use https://… or http://…."
    return None


def _guideline_problem(reference: dict) -> str | None:
    for key, label, limit in (("name", "The guideline's name", MAX_NAME),
                              ("version", "The version", MAX_VERSION)):  # fmt: skip
        if key not in reference:
            continue
        problem = _line_problem(reference[key], label, limit)
        if problem:
            return problem
        # The editing syntax separates the fields with "|" and the note with " — ".
        if "|" in reference[key] or _NOTE_SPLIT.search(reference[key]):
            return f"{label} may not hold '|' or ' — '."
    if "date" in reference and not _is_date(reference["date"]):
        return f"{reference['date'][:40]!r} is not a date (M/D/YYYY)."
    return None


_VALUE_CHECKS = {
    DOI: _doi_problem,
    PMID: _pmid_problem,
    URL: lambda reference: url_problem(reference["value"]),
    GUIDELINE: _guideline_problem,
}


def _line_problem(value: str, label: str, limit: int) -> str | None:
    try:
        cleaned = clean_line(value, label)
    except ValidationError as error:
        return error.messages[0]
    if not cleaned:
        return f"{label} is empty."
    if len(cleaned) > limit:
        return f"{label} is longer than {limit} characters."
    return None


def _is_date(value: str) -> bool:
    if not DATE_PATTERN.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def reference_key(reference: dict) -> tuple[str, str]:
    """What identifies a reference in a list (two references never share it): the DOI (any
    case), PMID or address; a guideline's name (any case)."""
    if reference["type"] == GUIDELINE:
        return (GUIDELINE, reference["name"].casefold())
    value = reference["value"]
    return (reference["type"], value.lower() if reference["type"] == DOI else value)


# -- The list ---------------------------------------------------------------------------------


def canonical_references(references: list[dict]) -> list[dict]:
    """The one JSON form of ``references`` (assumed well-formed): text NFC and stripped,
    optional keys only when they say something, keys in a fixed order."""
    return [_canonical_reference(reference) for reference in references]


def _canonical_reference(reference: dict) -> dict:
    kind = reference["type"]
    canonical = {"type": kind}
    names = ("name", "version", "date", "note") if kind == GUIDELINE else ("value", "note")
    for name in names:
        value = clean_line(reference.get(name) or "", _LABELS[name])
        if value:
            canonical[name] = value
    return canonical


def validate_references(references) -> None:
    """Raise ValidationError unless ``references`` is a list of at most MAX_REFERENCES
    well-formed references in canonical form, no two alike (docs/references.md)."""
    if not isinstance(references, list):
        raise ValidationError("The references are a list.")
    if len(references) > MAX_REFERENCES:
        raise ValidationError(f"An article has at most {MAX_REFERENCES} references.")
    seen = set()
    for number, reference in enumerate(references, start=1):
        problem = reference_problem(reference)
        if problem:
            raise ValidationError(f"Reference {number}: {problem}")
        key = reference_key(reference)
        if key in seen:
            raise ValidationError(f"Reference {number} repeats an earlier one.")
        seen.add(key)
    if canonical_references(references) != references:
        raise ValidationError(
            "The references are not in their canonical form (docs/references.md)."
        )


# -- Showing them -----------------------------------------------------------------------------


def reference_link(reference: dict) -> str:
    """Where a reader can follow the reference: doi.org, PubMed or the address itself; "" for
    a guideline (it names a document, not a place), or for a value that is not well-formed
    (links are only ever https to doi.org and PubMed, or an http(s) address)."""
    kind, value = reference.get("type"), reference.get("value")
    if kind == DOI and DOI_PATTERN.fullmatch(value or ""):
        return "https://doi.org/" + quote(value, safe="/")
    if kind == PMID and PMID_PATTERN.fullmatch(value or ""):
        return f"https://pubmed.ncbi.nlm.nih.gov/{value}/"
    if kind == URL and isinstance(value, str) and url_problem(value) is None:
        return value
    return ""


def reference_label(reference: dict) -> str:
    """The reference as one line of plain text, without its note ("DOI 10.1056/…",
    "GINA asthma strategy, version 2024, 5/1/2024": dates as the interface prints them)."""
    kind = reference["type"]
    if kind == GUIDELINE:
        parts = [reference["name"]]
        if reference.get("version"):
            parts.append(f"version {reference['version']}")
        if reference.get("date"):
            parts.append(us_date(date.fromisoformat(reference["date"])))
        return ", ".join(parts)
    if kind == URL:
        return reference["value"]
    return f"{TYPE_LABELS[kind]} {reference['value']}"


# -- Editing syntax ---------------------------------------------------------------------------


def references_from_text(text: str) -> list[dict]:
    """Parse the editing syntax (one reference per line, blank lines skipped) into canonical
    references. Raises ValidationError naming the line of the first problem."""
    references = []
    seen: dict[tuple, int] = {}
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            reference = parse_reference(line)
        except ValidationError as error:
            raise ValidationError(f"Line {number}: {error.messages[0]}") from None
        key = reference_key(reference)
        if key in seen:
            raise ValidationError(f"Line {number} repeats line {seen[key]}.")
        seen[key] = number
        references.append(reference)
    if len(references) > MAX_REFERENCES:
        raise ValidationError(f"An article has at most {MAX_REFERENCES} references.")
    return references


def parse_reference(line: str) -> dict:
    """One line of the editing syntax as a canonical, valid reference; ValidationError if not."""
    reference = _canonical_reference(_parse_line(line.strip()))
    problem = reference_problem(reference)
    if problem:
        raise ValidationError(problem)
    return reference


def _parse_line(line: str) -> dict:
    head, note = _split_note(line)
    lowered = head.lower()
    if lowered.startswith("guideline:"):
        return {**_parse_guideline(head[len("guideline:") :]), "note": note}
    return {**_parse_identifier(head, lowered), "note": note}


def _parse_guideline(fields_text: str) -> dict:
    fields = [part.strip() for part in fields_text.split("|")]
    if len(fields) > 3:
        raise ValidationError("a guideline is 'guideline: name | version | M/D/YYYY'.")
    name, version, when = fields + [""] * (3 - len(fields))
    if not name:
        raise ValidationError("a guideline needs its name.")
    return {"type": GUIDELINE, "name": name, "version": version, "date": _typed_date(when)}


def _typed_date(text: str) -> str:
    """A typed date as stored (ISO): M/D/YYYY as the interface prints dates, or YYYY-MM-DD.
    Anything else is kept as typed, for ``validate_references`` to refuse with its reason."""
    month_day_year = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if month_day_year:
        month, day, year = map(int, month_day_year.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def _parse_identifier(head: str, lowered: str) -> dict:
    """A DOI, PMID or web address, written with its prefix or as a link."""
    for prefix, kind in (("doi:", DOI), ("pmid:", PMID)):
        if lowered.startswith(prefix):
            return {"type": kind, "value": head[len(prefix) :].strip()}
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            return {"type": DOI, "value": head[len(prefix) :]}
    pubmed = _PUBMED.match(head)
    if pubmed:
        return {"type": PMID, "value": pubmed.group(1)}
    if DOI_PATTERN.fullmatch(head):
        return {"type": DOI, "value": head}
    if lowered.startswith(("https://", "http://")):
        return {"type": URL, "value": head}
    raise ValidationError(
        "start the line with doi:, pmid:, guideline: or an https:// address "
        "(see docs/references.md)."
    )


def _split_note(line: str) -> tuple[str, str]:
    """The reference and its note, split at the first " — " (or " -- ")."""
    parts = _NOTE_SPLIT.split(line, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


def references_to_text(references: list[dict]) -> str:
    """The editing syntax for ``references``: ``references_from_text`` reads it back as they are."""
    return "\n".join(_reference_line(reference) for reference in references)


def _reference_line(reference: dict) -> str:
    kind = reference["type"]
    if kind == GUIDELINE:
        when = reference.get("date", "")
        when = us_date(date.fromisoformat(when)) if when else ""
        fields = [reference["name"], reference.get("version", ""), when]
        while fields[-1] == "":
            fields.pop()
        head = "guideline: " + " | ".join(fields)
    elif kind == URL:
        head = reference["value"]
    else:
        head = f"{kind}:{reference['value']}"
    return head + (NOTE_SEPARATOR + reference["note"] if reference.get("note") else "")
