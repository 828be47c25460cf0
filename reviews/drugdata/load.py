"""Importing public drug data files: which format a path is, one transaction per file, a
malformed record reported as ``FILE:RECORD: reason`` while the rest still load, and a summary
of the events by kind."""

import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from reviews.drugdata.vocabulary import Vocabulary


class RecordError(Exception):
    """A record that does not follow its format; the message is the reason."""


class FileRefused(Exception):
    """A path that is no drug data file this importer reads."""


def noop_progress(total: int, desc: str):
    """The default progress: none. A caller passes e.g. ``tqdm`` (total=, desc=) instead."""
    return _Quiet()


class _Quiet:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class ImportReport:
    """What an import did: events by (kind, created/updated/unchanged), records skipped by
    reason, the malformed ones (``FILE:RECORD: reason``), and the vocabulary it grew."""

    files: int = 0
    records: int = 0
    events: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    concepts_added: int = 0
    names_added: int = 0
    labels_added: int = 0

    def event(self, kind: str, outcome: str) -> None:
        self.events[(kind, outcome)] += 1

    def summary(self) -> list[str]:
        """Lines for a person: one per event kind, then the vocabulary, skips and errors."""
        lines = [f"{self.files} file(s), {self.records} record(s)."]
        for kind in sorted({kind for kind, _ in self.events}):
            counts = {outcome: n for (k, outcome), n in self.events.items() if k == kind}
            lines.append(
                f"{kind}: {counts.get('created', 0)} created, {counts.get('updated', 0)} "
                f"updated, {counts.get('unchanged', 0)} unchanged"
            )
        lines.append(
            f"Vocabulary: {self.concepts_added} drug(s) and {self.names_added} name(s) added; "
            f"{self.labels_added} label version(s) recorded."
        )
        for reason, n in sorted(self.skipped.items()):
            lines.append(f"Skipped {n}: {reason}")
        if self.errors:
            lines.append(f"{len(self.errors)} malformed record(s), not loaded.")
        return lines

    @property
    def vocabulary_changed(self) -> bool:
        return bool(self.concepts_added or self.names_added)


@dataclass
class Context:
    """What a format's importer writes through: the vocabulary, the report, the progress."""

    vocabulary: Vocabulary
    report: ImportReport
    progress: Callable

    def malformed(self, where: str, reason: str) -> None:
        self.report.errors.append(f"{where}: {reason}")


def import_drug_files(paths: list[Path], *, progress: Callable = noop_progress) -> ImportReport:
    """Import each drug data file in ``paths`` (a directory: the files in it), each in its own
    transaction. RxNorm's RXNCONSO.RRF and RXNREL.RRF load together, and Drugs@FDA's
    Submissions.txt with the Products.txt (and Applications.txt, when there) beside it.
    Raises FileRefused for a path of no known format, before loading anything."""
    from reviews.drugdata import drugsatfda, openfda_enforcement, openfda_labels, rxnorm

    units = plan(paths)
    report = ImportReport()
    for kind, path in units:
        report_before = (report.concepts_added, report.names_added)
        vocabulary = Vocabulary()
        context = Context(vocabulary=vocabulary, report=report, progress=progress)
        try:
            with transaction.atomic():
                if kind == "rxnorm":
                    rxnorm.import_rxnorm(path, context)
                elif kind == "drugsatfda":
                    drugsatfda.import_drugsatfda(path, context)
                else:
                    results = openfda_results(path)
                    if results and "recall_number" in results[0]:
                        openfda_enforcement.import_enforcement(path, results, context)
                    else:
                        openfda_labels.import_labels(path, results, context)
        except FileRefused as error:
            report.errors.append(str(error))
            continue
        report.files += 1
        report.concepts_added = report_before[0] + vocabulary.concepts_added
        report.names_added = report_before[1] + vocabulary.names_added
    return report


def plan(paths: list[Path]) -> list[tuple[str, Path]]:
    """The units to import, in a safe order (RxNorm first: it names brands' ingredients; then
    Drugs@FDA, then openFDA, its enforcement downloads last: a recall with no drug names is
    matched against the vocabulary the others built). Raises FileRefused naming a path of no
    known format."""
    units = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            inside = [p for p in sorted(path.rglob("*")) if p.is_file() and _known(p)]
            if not inside:
                raise FileRefused(f"{path}: no drug data files in this folder")
            units += [(_kind(p), p) for p in inside if _kind(p)]
        elif not path.exists():
            raise FileRefused(f"{path}: no such file")
        elif not _known(path):
            raise FileRefused(
                f"{path}: not a drug data file (openFDA drug label or enforcement JSON, "
                "Drugs@FDA Submissions.txt, RxNorm RXNCONSO.RRF)"
            )
        elif _kind(path):
            units.append((_kind(path), path))
    seen, result = set(), []
    for kind, path in sorted(units, key=_order):
        if path.resolve() not in seen:
            seen.add(path.resolve())
            result.append((kind, path))
    return result


def _order(unit: tuple[str, Path]) -> int:
    kind, path = unit
    if kind == "openfda" and "enforcement" in path.name.lower():
        return 3  # openFDA names its downloads drug-enforcement-0001-of-0001.json(.zip)
    return {"rxnorm": 0, "drugsatfda": 1, "openfda": 2}[kind]


def _known(path: Path) -> bool:
    name = path.name.lower()
    return name in {
        "rxnconso.rrf",
        "rxnrel.rrf",
        "submissions.txt",
        "products.txt",
        "applications.txt",
    } or name.endswith((".json", ".json.zip", "drugsatfda.zip"))


def _kind(path: Path) -> str | None:
    """The unit a path starts; None for a file read with another (RXNREL.RRF, Products.txt)."""
    name = path.name.lower()
    if name == "rxnconso.rrf":
        return "rxnorm"
    if name in {"submissions.txt", "drugsatfda.zip"}:
        return "drugsatfda"
    if name.endswith((".json", ".json.zip")):
        return "openfda"
    return None


def openfda_results(path: Path) -> list:
    """The ``results`` of an openFDA download. Raises FileRefused."""
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise FileRefused(f"{path}: no 'results' list (not an openFDA download)")
    return data["results"]


def read_json(path: Path) -> dict:
    """An openFDA download: the JSON file, or the zip holding it. Raises FileRefused."""
    try:
        if path.name.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.lower().endswith(".json")]
                if len(members) != 1:
                    raise FileRefused(f"{path}: the zip holds {len(members)} JSON files, not 1")
                with archive.open(members[0]) as member:
                    return json.load(io.TextIOWrapper(member, encoding="utf-8"))
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (ValueError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise FileRefused(f"{path}: not readable JSON ({error})") from error
