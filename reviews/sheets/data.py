"""The plain data a sheet is read into, and the one error reading it raises."""

from dataclasses import dataclass, field
from datetime import date

DEFAULT_REVIEWER_ROLE = "Online Medical Reviewer"


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
    reviewer_role: str = DEFAULT_REVIEWER_ROLE
    reviewed_on: date | None = None
    source: str = ""
