"""Importing clinical events from CSV."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from cms.text import clean_line
from reviews.choices import EventKind
from reviews.models import ClinicalEvent

COLUMNS = ("term", "synonyms", "event_date", "kind", "note", "source_url")


@dataclass
class EventImport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)  # "FILE:LINE: reason"


def import_events(path: Path) -> EventImport:
    """Load events from a CSV file with a header row of COLUMNS (``synonyms`` separated by
    ``;``; ``kind`` a value or label of EventKind; dates as YYYY-MM-DD).

    All or nothing: any bad row is reported as FILE:LINE and nothing is saved. An event with the
    same term, date and kind is updated, so importing a file twice changes nothing.
    """
    result = EventImport()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        result.errors.append(f"{path}: cannot read as UTF-8 text: {error}")
        return result
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("term", "event_date", "kind") if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(f"{path}:1: missing column(s): {', '.join(missing)}")
        return result
    rows = []
    for row in reader:
        line = reader.line_num
        try:
            rows.append(_parse(row))
        except ValueError as error:
            result.errors.append(f"{path}:{line}: {error}")
    if result.errors:
        return result
    with transaction.atomic():
        for values in rows:
            _, created = ClinicalEvent.objects.update_or_create(
                term=values.pop("term"),
                event_date=values.pop("event_date"),
                kind=values.pop("kind"),
                defaults=values,
            )
            result.created += created
            result.updated += not created
    return result


def _line(value: str | None, label: str) -> str:
    """``clean_line`` with its refusal as the ValueError this module reports per row."""
    try:
        return clean_line(value or "", label)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None


def _parse(row: dict) -> dict:
    term = _line(row.get("term"), "term")
    if not term:
        raise ValueError("no term")
    raw_date = (row.get("event_date") or "").strip()
    try:
        event_date = date.fromisoformat(raw_date)
    except ValueError:
        raise ValueError(f"event_date {raw_date!r} is not a date as YYYY-MM-DD") from None
    raw_kind = (row.get("kind") or "").strip()
    kind = next(
        (value for value, label in EventKind.choices if raw_kind.lower() in (value, label.lower())),
        None,
    )
    if kind is None:
        raise ValueError(f"kind {raw_kind!r} is not one of {', '.join(EventKind.values)}")
    url = (row.get("source_url") or "").strip()
    if url:
        try:
            URLValidator()(url)
        except ValidationError:
            raise ValueError(f"source_url {url!r} is not a URL") from None
    synonyms = [_line(s, "a synonym") for s in (row.get("synonyms") or "").split(";") if s.strip()]
    return {
        "term": term,
        "event_date": event_date,
        "kind": kind,
        "synonyms": synonyms,
        "note": (row.get("note") or "").strip(),
        "source_url": url,
    }
