"""Report output: a report's columns are declared once, and the table, CSV and JSON writers all
read that one list. Writers stream row by row, so memory stays flat for any number of rows."""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from reviews.selectors import OverdueRow


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key and CSV header
    label: str  # the table header
    value: Callable[[OverdueRow], Any]  # the JSON value
    text: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    width: int = 12  # the table column width


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _names(people) -> list[dict]:
    return [{"name": x.name, "credentials": x.credentials} for x in people]


OVERDUE_COLUMNS = [
    Column("slug", "Slug", lambda r: r.slug, width=30),
    Column("title", "Title", lambda r: r.title, width=40),
    Column("topic", "Topic", lambda r: r.topic, width=24),
    Column("policy", "Policy", lambda r: r.policy, width=16),
    Column(
        "signed_by",
        "Signed by",
        lambda r: _names(r.signed_by),
        text=lambda v: "; ".join(f"{x['name']} ({x['credentials']})" for x in v),
        width=40,
    ),
    Column(
        "assigned",
        "Assigned",
        lambda r: _names(r.assigned),
        text=lambda v: "; ".join(f"{x['name']} ({x['credentials']})" for x in v),
        width=40,
    ),
    Column("last_reviewed", "Last reviewed", lambda r: _iso(r.last_reviewed), width=13),
    Column("next_review_due", "Next due", lambda r: _iso(r.next_review_due), width=10),
    Column(
        "days_overdue",
        "Days over",
        lambda r: r.days_overdue,
        text=lambda v: "" if v is None else str(v),
        width=9,
    ),
    Column("flags", "Flags", lambda r: list(r.flags), text=lambda v: " ".join(v), width=30),
]


BATCH_ROWS = 1000  # rows per chunk of a streamed download: fewer, larger writes


def iter_json(rows: Iterable[OverdueRow], columns=OVERDUE_COLUMNS) -> Iterator[str]:
    """A JSON list of objects with exactly the columns' keys, in chunks of rows."""
    batch: list[str] = ["["]
    first = True
    for row in rows:
        batch.append(("\n" if first else ",\n") + json.dumps(
            {c.key: c.value(row) for c in columns}, ensure_ascii=False
        ))  # fmt: skip
        first = False
        if len(batch) >= BATCH_ROWS:
            yield "".join(batch)
            batch = []
    batch.append("]\n" if first else "\n]\n")
    yield "".join(batch)


class _Lines(list):
    """A file-like list for csv.writer: each write() appends a line."""

    def write(self, value: str) -> None:
        self.append(value)


def iter_csv(rows: Iterable[OverdueRow], columns=OVERDUE_COLUMNS) -> Iterator[str]:
    """CSV with a header of the columns' keys, in chunks of rows."""
    lines = _Lines()
    writer = csv.writer(lines)
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([c.text(c.value(row)) for c in columns])
        if len(lines) >= BATCH_ROWS:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def write_json(rows: Iterable[OverdueRow], out: TextIO, columns=OVERDUE_COLUMNS) -> int:
    """Write ``iter_json`` to ``out``. Returns the row count."""
    counted = _Counted(rows)
    for chunk in iter_json(counted, columns):
        out.write(chunk)
    return counted.count


def write_csv(rows: Iterable[OverdueRow], out: TextIO, columns=OVERDUE_COLUMNS) -> int:
    """Write ``iter_csv`` to ``out``. Returns the row count."""
    counted = _Counted(rows)
    for chunk in iter_csv(counted, columns):
        out.write(chunk)
    return counted.count


class _Counted:
    def __init__(self, rows: Iterable):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def write_table(rows: Iterable[OverdueRow], out: TextIO, columns=OVERDUE_COLUMNS) -> int:
    """A fixed-width text table for terminals. Returns the row count."""
    out.write("  ".join(c.label.ljust(c.width) for c in columns).rstrip() + "\n")
    count = 0
    for row in rows:
        cells = [_fit(c.text(c.value(row)), c.width) for c in columns]
        out.write("  ".join(cells).rstrip() + "\n")
        count += 1
    if not count:
        out.write("No article has an open flag.\n")
    return count


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
