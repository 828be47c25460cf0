"""Drugs@FDA data files (https://www.fda.gov/drugs/drug-approvals-and-databases/drugsfda-data-files):
tab-separated tables with a header row. An original approval is a row of ``Submissions.txt``
with SubmissionType ORIG and SubmissionStatus AP, dated SubmissionStatusDate; its drug comes
from the rows of ``Products.txt`` with the same ApplNo (DrugName, ActiveIngredient, several
ingredients separated by ";"). ``Applications.txt``, when beside them, gives ApplType: generic
(ANDA) approvals are skipped, since a generic is no news to a sheet. The files may also be read
from the ``drugsatfda.zip`` download."""

import csv
import io
import zipfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from reviews.choices import EventKind
from reviews.drugdata.events import record_event
from reviews.drugdata.load import FileRefused

SOURCE = (
    "https://www.accessdata.fda.gov/scripts/cder/daf/index.cfm?event=overview.process"
    "&ApplNo={appl_no}"
)
SUBMISSION_COLUMNS = {"ApplNo", "SubmissionType", "SubmissionStatus", "SubmissionStatusDate"}
PRODUCT_COLUMNS = {"ApplNo", "DrugName", "ActiveIngredient"}


def import_drugsatfda(path: Path, context) -> None:
    """Load the original approvals of ``Submissions.txt`` (or ``drugsatfda.zip``) with the
    products beside it."""
    tables = _tables(path)
    label = str(path)
    submissions_name = label if path.suffix.lower() == ".txt" else f"{label}:Submissions.txt"
    products_name = (
        str(path.with_name("Products.txt"))
        if path.suffix.lower() == ".txt"
        else f"{label}:Products.txt"
    )
    products = _products(tables["Products.txt"], products_name, context)
    types = {}
    if "Applications.txt" in tables:
        for _, row in _rows(
            tables["Applications.txt"], "Applications.txt", {"ApplNo", "ApplType"}, context
        ):
            types[(row["ApplNo"] or "").strip()] = (row["ApplType"] or "").strip()
    rows = list(_rows(tables["Submissions.txt"], submissions_name, SUBMISSION_COLUMNS, context))
    bar = context.progress(total=len(rows), desc=path.name)
    for line, row in rows:
        bar.update(1)
        if (row["SubmissionType"] or "").strip() != "ORIG" or (
            row["SubmissionStatus"] or ""
        ).strip() != "AP":
            continue
        context.report.records += 1
        appl_no = (row["ApplNo"] or "").strip()
        try:
            approved_on = _date(row["SubmissionStatusDate"])
            if not appl_no.isdigit():
                raise ValueError(f"ApplNo {appl_no[:20]!r} is not a number")
        except ValueError as error:
            context.malformed(f"{submissions_name}:{line}", str(error))
            continue
        if types.get(appl_no) == "ANDA":
            context.report.skipped["generic (ANDA) approval"] += 1
            continue
        if not products.get(appl_no):
            context.report.skipped["approval with no product rows"] += 1
            continue
        load_approval(appl_no, approved_on, products[appl_no], types.get(appl_no, ""), context)
    bar.close()


def _products(text: str, name: str, context) -> dict[str, list[dict]]:
    """{ApplNo: its product rows}."""
    products = defaultdict(list)
    for line, row in _rows(text, name, PRODUCT_COLUMNS, context):
        appl_no = (row["ApplNo"] or "").strip()
        if not appl_no.isdigit():
            context.malformed(f"{name}:{line}", f"ApplNo {appl_no[:20]!r} is not a number")
            continue
        products[appl_no].append(row)
    return products


def load_approval(appl_no, approved_on, products, appl_type, context) -> None:
    """One event per ingredient of the application's products."""
    brands = sorted({(p["DrugName"] or "").strip() for p in products} - {""})
    ingredients = sorted(
        {
            part.strip()
            for p in products
            for part in (p["ActiveIngredient"] or "").split(";")
            if part.strip()
        }
    )
    for ingredient in ingredients:
        own_brands = [b for b in brands if b.lower() != ingredient.lower()]
        concept_id = context.vocabulary.concept(ingredient=ingredient, brands=own_brands)
        kind = EventKind.FDA_APPROVAL
        suffix = f":{ingredient.lower()}" if len(ingredients) > 1 else ""
        outcome = record_event(
            key=f"drugsatfda:{appl_no}:orig{suffix}",
            concept_id=concept_id,
            kind=kind,
            on=approved_on,
            source_url=SOURCE.format(appl_no=appl_no),
            note=f"Original approval of {', '.join(brands) or ingredient} "
            f"({'; '.join(ingredients)}), {appl_type or 'application'} {appl_no}.",
        )
        context.report.event(kind, outcome)


def _tables(path: Path) -> dict[str, str]:
    """The text of Submissions.txt, Products.txt and (if there) Applications.txt."""
    names = ("Submissions.txt", "Products.txt", "Applications.txt")
    tables = {}
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                members = {Path(m).name: m for m in archive.namelist()}
                for name in names:
                    if name in members:
                        tables[name] = _decode(archive.read(members[name]))
        except zipfile.BadZipFile as error:
            raise FileRefused(f"{path}: not a zip ({error})") from error
    else:
        for name in names:
            sibling = path.with_name(name)
            if sibling.exists():
                tables[name] = _decode(sibling.read_bytes())
    for name in names[:2]:
        if name not in tables:
            raise FileRefused(f"{path}: {name} must be beside it")
    return tables


def _decode(data: bytes) -> str:
    # The FDA's files are not always UTF-8 (names with accents in Windows-1252).
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(text: str, name: str, needed: set[str], context):
    """(line number, row) of a tab-separated table; a row with too few fields is malformed."""
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = needed - set(reader.fieldnames or [])
    if missing:
        raise FileRefused(f"{name}: no column {', '.join(sorted(missing))}")
    for row in reader:
        line = reader.line_num
        if None in row.values() or None in row:
            context.malformed(f"{name}:{line}", "wrong number of tab-separated fields")
            continue
        yield line, row


def _date(text: str):
    text = (text or "").strip()
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            pass
    raise ValueError(f"SubmissionStatusDate {text[:30]!r} is not a date as YYYY-MM-DD")
