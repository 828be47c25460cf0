"""What an import reports: a status per sheet and the summary of a run."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reviews.sheets.finding import FAILED, SKIPPED

IMPORTED = "imported"
UPDATED = "updated"
UNCHANGED = "unchanged"
PENDING = "pending"  # --force over in-app changes: saved as a revision awaiting review


class ImportRefused(Exception):
    """The import cannot start (an unknown policy, a bad ``--language``); nothing was read or
    saved."""


@dataclass(frozen=True)
class SheetOutcome:
    path: Path
    status: str  # imported, updated, unchanged, pending, failed or skipped
    slug: str = ""
    reason: str = ""
    line: int | None = None
    warnings: tuple[str, ...] = ()  # 'path:line: what the sheet was imported without'.

    @property
    def error_line(self) -> str:
        """'path:line: reason', the one line a rejection prints."""
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.reason}"


@dataclass
class ImportSummary:
    outcomes: list[SheetOutcome] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(outcome.status for outcome in self.outcomes)

    @property
    def failed(self) -> list[SheetOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == FAILED]

    @property
    def skipped(self) -> list[SheetOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == SKIPPED]

    @property
    def warnings(self) -> list[str]:  # what sheets were imported without, naming the file
        return [warning for outcome in self.outcomes for warning in outcome.warnings]
