"""Report writers: CSV, JSON and a terminal table, each reading a report's declared columns.
They stream row by row, so memory stays flat for any number of rows."""

import csv
import json
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from reviews.reports.columns import Column

BATCH_ROWS = 1000  # rows per chunk of a streamed download: fewer, larger writes

# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# In a column of numbers, a plain negative number ("-17" days overdue) is the one cell starting
# so that stays as it is: quoted, it would no longer be a number. Anything else, in any column,
# is quoted.
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def csv_safe(text: str, *, numbers: bool = False) -> str:
    """``text`` with a leading single quote if a spreadsheet would run it as a formula.
    ``numbers``: the column holds numbers, so a plain negative number is left alone."""
    if text.startswith(FORMULA_STARTS) and not (numbers and _NUMBER.fullmatch(text)):
        return f"'{text}"
    return text


def iter_json(rows: Iterable, columns: Iterable[Column]) -> Iterator[str]:
    """A JSON list of objects with exactly the columns' keys, in chunks of rows."""
    columns = list(columns)
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


def _plain(line: str, commas: int) -> bool:
    """Whether the cells joined with commas in ``line`` need nothing more: no cell holds a
    comma (the count says so), a quote or a line break, which csv.writer's QUOTE_MINIMAL would
    quote, and none starts like a formula: in such a line a cell starts only at the start of
    the line or after a comma.

    Each test looks for one character where it can (a one-character ``in`` is a memchr, about
    a tenth of a two-character search over a whole line): a line holding ``=``, ``+``, ``@``
    or a tab anywhere goes to the guard, which writes it right, if a little slower. Only ``-``
    is common enough inside cells (every date has two) to be looked for after a comma."""
    return (
        line.count(",") == commas
        and '"' not in line and "\n" not in line and "\r" not in line and "\t" not in line
        and "=" not in line and "+" not in line and "@" not in line
        and ",-" not in line and line[:1] not in FORMULA_STARTS
    )  # fmt: skip


def iter_csv(rows: Iterable, columns: Iterable[Column]) -> Iterator[str]:
    """CSV with a header of the columns' keys, in chunks of rows. A cell of any column that
    starts like a formula gets a leading single quote (``csv_safe``).

    This loop runs a million times for a large export, so a line whose cells need neither
    quoting nor a guard (most lines) is joined with commas directly; any other goes through
    the guard and ``csv.writer``. A test holds the two to the same output."""
    columns = list(columns)
    texts = [c.text for c in columns]
    numbers = [c.kind in ("integer", "decimal") for c in columns]
    commas = len(columns) - 1
    lines = _Lines()
    writer = csv.writer(lines)
    writer.writerow([c.key for c in columns])
    for row in rows:
        cells = [text(row) for text in texts]
        line = ",".join(cells)
        if _plain(line, commas):
            lines.append(line + "\r\n")
        else:
            writer.writerow(_guarded(cells, numbers))
        if len(lines) >= BATCH_ROWS:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def _guarded(cells: list[str], numbers: list[bool]) -> list[str]:
    return [csv_safe(cell, numbers=number) for cell, number in zip(cells, numbers, strict=True)]


def write_json(rows: Iterable, out: TextIO, columns: Iterable[Column]) -> int:
    """Write ``iter_json`` to ``out``. Returns the row count."""
    counted = _Counted(rows)
    for chunk in iter_json(counted, columns):
        out.write(chunk)
    return counted.count


def write_csv(rows: Iterable, out: TextIO, columns: Iterable[Column]) -> int:
    """Write ``iter_csv`` to ``out``. Returns the row count."""
    counted = _Counted(rows)
    for chunk in iter_csv(counted, columns):
        out.write(chunk)
    return counted.count


def write_table(
    rows: Iterable, out: TextIO, columns: Iterable[Column], *, empty: str = "No rows."
) -> int:
    """A fixed-width text table for terminals. Returns the row count."""
    columns = list(columns)
    out.write("  ".join(c.label.ljust(c.width) for c in columns).rstrip() + "\n")
    count = 0
    for row in rows:
        cells = [_fit(c.text(row), c.width) for c in columns]
        out.write("  ".join(cells).rstrip() + "\n")
        count += 1
    if not count:
        out.write(f"{empty}\n")
    return count


class _Counted:
    def __init__(self, rows: Iterable):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
