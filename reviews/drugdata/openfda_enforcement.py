"""openFDA drug enforcement reports (https://open.fda.gov/apis/drug/enforcement/): recalls
with ``recall_number``, ``classification`` ("Class I", "Class II", "Class III"),
``recall_initiation_date`` and ``report_date`` (YYYYMMDD), ``product_description``,
``reason_for_recall`` and the ``openfda`` names. A Class I recall is an event that flags; a
Class II recall is recorded and flags only under a policy that asks
(``ReviewPolicy.flag_class_ii_recalls``); Class III is skipped."""

from reviews.choices import EventKind
from reviews.drugdata.events import record_event
from reviews.drugdata.openfda_labels import _strings, _yyyymmdd

KINDS = {"Class I": EventKind.CLASS_I_RECALL, "Class II": EventKind.CLASS_II_RECALL}
SOURCE = "https://api.fda.gov/drug/enforcement.json?search=recall_number:%22{number}%22"


def import_enforcement(path, results: list, context) -> None:
    """Load each recall of one file."""
    bar = context.progress(total=len(results), desc=path.name)
    for number, record in enumerate(results, start=1):
        try:
            recall = parse_recall(record)
        except ValueError as error:
            context.malformed(f"{path}:{number}", str(error))
        else:
            context.report.records += 1
            load_recall(recall, context)
        bar.update(1)
    bar.close()


def parse_recall(record) -> dict:
    """The fields a recall needs; raises ValueError with the reason."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    number = str(record.get("recall_number") or "").strip()
    if not number:
        raise ValueError("no recall_number")
    classification = str(record.get("classification") or "").strip()
    if classification not in {"Class I", "Class II", "Class III"}:
        raise ValueError(
            f"classification {classification[:20]!r} is not Class I, Class II or Class III"
        )
    field = "recall_initiation_date" if record.get("recall_initiation_date") else "report_date"
    names = record.get("openfda") or {}
    if not isinstance(names, dict):
        raise ValueError("openfda is not an object")
    return {
        "number": number,
        "classification": classification,
        "on": _yyyymmdd(record.get(field), field),
        "generic": _strings(names, "generic_name"),
        "brands": _strings(names, "brand_name"),
        "substances": _strings(names, "substance_name"),
        "reason": str(record.get("reason_for_recall") or "").strip(),
        "product": str(record.get("product_description") or "").strip(),
    }


def load_recall(recall: dict, context) -> None:
    report = context.report
    kind = KINDS.get(recall["classification"])
    if kind is None:
        report.skipped["Class III recall"] += 1
        return
    ingredient = (recall["substances"] or recall["generic"] or [None])[0]
    if ingredient is None:
        report.skipped["recall with no openfda drug names"] += 1
        return
    concept_id = context.vocabulary.concept(
        ingredient=ingredient, brands=recall["brands"], synonyms=recall["generic"]
    )
    note = f"{recall['classification']} recall {recall['number']}: {recall['reason']}"
    outcome = record_event(
        key=f"openfda-enforcement:{recall['number']}",
        concept_id=concept_id,
        kind=kind,
        on=recall["on"],
        source_url=SOURCE.format(number=recall["number"]),
        note=note[:2000],
    )
    report.event(kind, outcome)
