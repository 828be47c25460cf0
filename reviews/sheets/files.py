"""Reading a file the import was given, never more than a limit."""

from pathlib import Path

from reviews.sheets.data import SheetError


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, or SheetError if there are more than ``limit``: its size is checked
    before reading, and no more than ``limit + 1`` bytes are read (a file that grows, or a
    device or pipe that reports no size, cannot make the import read it whole)."""
    size = path.stat().st_size
    if size > limit:
        raise SheetError(_too_large(size, limit))
    with path.open("rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise SheetError(_too_large(len(raw), limit, more=True))
    return raw


def _too_large(size: int, limit: int, more: bool = False) -> str:
    return f"the file is {'over ' if more else ''}{size:,} bytes; the limit is {limit:,}"
