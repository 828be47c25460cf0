"""Which HTML tables of a sheet are tables of data, and their rows of cells.

Pages laid out with tables are common, so a table is kept as a table only when it looks like
data: two rows or more and two to ``MAX_COLUMNS`` columns, no table, heading or list inside,
and no cell that prints the review (a reviewer, the review date, the copyright line), which
must stay lines for ``classify``. Any other table is read as today, cell by cell as lines.
"""

from bs4 import Tag

from reviews.sheets.classify import prints_review

MAX_COLUMNS = 20
MAX_SPAN = MAX_COLUMNS
_NOT_IN_DATA = ["table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl"]


def data_table_rows(table: Tag) -> list[list[Tag | None]] | None:
    """The rows of a data table, each as long as the widest (None for a cell that another
    spans, or that a short row lacks), the header row first; None for a layout table."""
    if table.find(_NOT_IN_DATA) is not None:
        return None
    rows = []
    for row in table.find_all("tr"):
        cells = row.find_all(["td", "th"], recursive=False)
        if any(cell.get_text(strip=True) for cell in cells):
            rows.append(_spread(cells))
    width = max((len(row) for row in rows), default=0)
    if len(rows) < 2 or not 2 <= width <= MAX_COLUMNS or _prints_review(rows):
        return None
    return [row + [None] * (width - len(row)) for row in rows]


def _spread(cells: list[Tag]) -> list[Tag | None]:
    """A row's cells, with a cell spanning n columns followed by n - 1 empty places."""
    spread: list[Tag | None] = []
    for cell in cells:
        spread.append(cell)
        spread.extend([None] * (_colspan(cell) - 1))
    return spread[: MAX_COLUMNS + 1]  # wider than allowed: still refused, never huge


def _colspan(cell: Tag) -> int:
    try:
        return min(max(int(str(cell.get("colspan", "1")).strip()), 1), MAX_SPAN)
    except ValueError:
        return 1


def _prints_review(rows: list[list[Tag | None]]) -> bool:
    return any(
        prints_review(" ".join(cell.get_text(" ").split()))
        for row in rows
        for cell in row
        if cell is not None
    )
