"""A report's columns, declared once: each says its key, its label, its value in JSON and the
API, its text in CSV and the terminal, its cell on the page, and, if it is sortable, the order it
sorts by. The writers (``export.py``), the page and the API serializer all read the same list."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.db import connection
from django.db.models import F, OrderBy
from django.utils.safestring import SafeString, mark_safe

# What a column holds, for the API schema and for CSV. Every CSV cell is guarded against
# formulas (reviews.reports.export), whatever its kind; a plain negative number stays a number.
KINDS = ("text", "date", "integer", "decimal", "people", "words", "reasons")


@dataclass(frozen=True)
class Order:
    """One ORDER BY term, over a column of the report's row query (the same name in the ORM
    annotation and in the SQL of a streamed export).

    ``nulls``: "lowest" sorts NULL as the smallest value (first ascending, last descending);
    "last" keeps NULLs last both ways; "" for a column that is never NULL.
    """

    field: str
    nulls: str = ""

    def nulls_first(self, descending: bool) -> bool | None:
        if self.nulls == "lowest":
            return not descending
        if self.nulls == "last":
            return False
        return None


def _text(value) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    key: str  # the JSON and API key, the CSV header and the sort key
    label: str  # the header on the page and in the terminal
    value: Callable[[Any], Any]  # row -> the JSON value
    # row -> the CSV and terminal cell. By default the value as text ("" for None); a column
    # whose value is a list or a date says how to write it.
    text: Callable[[Any], str] | None = None
    display: Callable[[Any], str] | None = None  # row -> the page cell (None: not on the page)
    kind: str = "text"
    sort: tuple[Order, ...] = ()  # sortable when not empty: the order of ``?sort=<key>``
    sort_reads: str = "ascending"  # how the values read under ``?sort=<key>`` (aria-sort)
    # An index gives the sort's order, so a page walks it and stops after the page (either
    # direction); other sorts read and sort every matching row.
    sort_indexed: bool = False
    width: int = 12  # the terminal column width
    help: str = ""  # the API field's description

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}.")
        if self.text is None:
            value = self.value
            object.__setattr__(self, "text", lambda row: _text(value(row)))

    @property
    def sortable(self) -> bool:
        return bool(self.sort)


@dataclass(frozen=True)
class Sorts:
    """The sort keys of a list of columns: ``key`` and ``-key`` for each sortable column.
    ``-key`` reverses the column's own terms; ``tiebreak`` terms the column does not name follow
    in ascending order, so that every order is total."""

    columns: tuple[Column, ...]
    tiebreak: tuple[Order, ...]
    default: str

    @property
    def keys(self) -> list[str]:
        return [k for c in self.columns if c.sortable for k in (c.key, f"-{c.key}")]

    def terms(self, key: str) -> list[tuple[str, bool, bool | None]]:
        """(field, descending, nulls first) for each term of ``key`` (the default if unknown)."""
        if key not in self.keys:
            key = self.default
        descending = key.startswith("-")
        column = next(c for c in self.columns if c.key == key.lstrip("-"))
        terms = [(o.field, descending, o.nulls_first(descending)) for o in column.sort]
        named = {o.field for o in column.sort}
        terms += [(o.field, False, o.nulls_first(False)) for o in self.tiebreak
                  if o.field not in named]  # fmt: skip
        return terms

    def indexed(self, key: str) -> bool:
        """Whether an index gives the order of ``key`` (``Column.sort_indexed``)."""
        if key not in self.keys:
            key = self.default
        return next(c for c in self.columns if c.key == key.lstrip("-")).sort_indexed

    def order_by(self, key: str) -> list[OrderBy]:
        """The ORM ordering of ``key``."""
        return [
            F(field).desc(**_nulls(nulls_first)) if descending
            else F(field).asc(**_nulls(nulls_first))
            for field, descending, nulls_first in self.terms(key)
        ]  # fmt: skip

    def order_sql(self, key: str, table: str) -> str:
        """The same ordering as SQL over the columns of ``table`` (a derived table)."""
        quote = connection.ops.quote_name
        return ", ".join(
            f"{table}.{quote(field)} {'DESC' if descending else 'ASC'}"
            + ("" if nulls_first is None else " NULLS FIRST" if nulls_first else " NULLS LAST")
            for field, descending, nulls_first in self.terms(key)
        )


def _nulls(nulls_first: bool | None) -> dict:
    if nulls_first is None:
        return {}
    return {"nulls_first": True} if nulls_first else {"nulls_last": True}


@dataclass(frozen=True)
class Header:
    label: str
    sort: str = ""  # the sort key its link selects ("" if not sortable)
    aria_sort: str = ""  # "ascending"/"descending" on the column the page is sorted by


def page_columns(columns: Iterable[Column]) -> list[Column]:
    return [c for c in columns if c.display is not None]


def headers(columns: Iterable[Column], *, sort: str) -> list[Header]:
    """The page's header cells: a sort link on each sortable column (the current column's link
    reverses it) and aria-sort on the column the rows are sorted by."""
    result = []
    for column in page_columns(columns):
        if not column.sortable:
            result.append(Header(column.label))
            continue
        aria = ""
        if sort in (column.key, f"-{column.key}"):
            reverse = {"ascending": "descending", "descending": "ascending"}
            aria = column.sort_reads if sort == column.key else reverse[column.sort_reads]
        link = f"-{column.key}" if sort == column.key else column.key
        result.append(Header(column.label, sort=link, aria_sort=aria))
    return result


class Cells:
    """``Cells(columns)(row)``: the page's ``<td>`` cells of a row, each escaped unless its
    display is already safe HTML (as ``conditional_escape`` does, without its lazy-text
    wrapper): joined here rather than looped over in the template, with the page's columns
    looked up once for all the rows."""

    def __init__(self, columns: Iterable[Column]):
        self.displays = tuple(c.display for c in page_columns(columns))

    def __call__(self, row) -> SafeString:
        return mark_safe(
            "".join(
                f"<td>{v.__html__() if hasattr(v, '__html__') else escape(str(v))}</td>"
                for v in [display(row) for display in self.displays]
            )
        )
