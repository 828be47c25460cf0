"""The plain data a sheet is read into, and the one error reading it raises."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DEFAULT_REVIEWER_ROLE = "Online Medical Reviewer"


class SheetError(Exception):
    """A sheet that cannot be imported. ``line`` is 1-based (None when no line applies)."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class SheetWarning:
    """Something of a sheet that was imported without it (a relative link, an image)."""

    reason: str
    line: int | None = None

    def located(self, path) -> str:
        """'path:line: reason', as the import summary prints it."""
        return f"{path}:{self.line}: {self.reason}" if self.line else f"{path}: {self.reason}"


@dataclass(frozen=True)
class Line:
    kind: str  # "heading", "item", "text", "table" or "image"
    text: str  # the plain text (a table's cells, an image's alt text)
    number: int
    level: int = 0  # 1-6 for HTML headings; 1 for an item nested in another, 0 otherwise
    spans: tuple = ()  # the text as marked spans (cms.body), when some of it is marked
    ordered: bool = False  # an item of a numbered list
    group: int = 0  # the HTML list an item belongs to: each list is a block of its own
    block: dict | None = None  # a table's or image's block, whole (None: an image skipped)
    warnings: tuple[str, ...] = ()  # what the line lost, for the import summary


@dataclass
class ParsedSheet:
    title: str
    body: list[dict]
    reviewers: list[tuple[str, str]] = field(default_factory=list)  # (name, credentials)
    reviewer_role: str = DEFAULT_REVIEWER_ROLE
    reviewed_on: date | None = None
    source: str = ""
    warnings: list[SheetWarning] = field(default_factory=list)
    images: dict[str, Path] = field(default_factory=dict)  # storage name -> file to store
    references: list[dict] = field(default_factory=list)  # cms/references.py, canonical
    language: str | None = None  # of its footer labels (sheets.languages); None: it prints none

    def warning_lines(self, path) -> tuple[str, ...]:
        """Each warning as 'path:line: reason', as the import summary prints it."""
        return tuple(warning.located(path) for warning in self.warnings)
