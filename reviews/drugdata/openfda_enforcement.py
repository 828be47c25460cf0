"""openFDA drug enforcement reports (https://open.fda.gov/apis/drug/enforcement/): recalls
with ``recall_number``, ``classification`` ("Class I", "Class II", "Class III"),
``recall_initiation_date`` and ``report_date`` (YYYYMMDD), ``product_description``,
``reason_for_recall`` and the ``openfda`` names. A Class I recall is an event that flags; a
Class II recall is recorded and flags only under a policy that asks
(``ReviewPolicy.flag_class_ii_recalls``); Class III is skipped.

Most recalls, Class I ones above all (compounded and unapproved products), come with an empty
``openfda`` block. Their drugs are then found in the ``product_description`` by the same rule
as an article's mentions (``reviews.services.mentions``: whole words, any case, stoplisted
names left out, a brand counting as its ingredient), against the vocabulary as it stands once
the file's recalls that do carry names are loaded. A recall naming no known drug is skipped."""

from reviews.choices import EventKind
from reviews.drugdata.events import record_event
from reviews.drugdata.openfda_labels import _strings, _yyyymmdd
from reviews.services.mentions import Matcher, build_matcher

KINDS = {"Class I": EventKind.CLASS_I_RECALL, "Class II": EventKind.CLASS_II_RECALL}
SOURCE = "https://api.fda.gov/drug/enforcement.json?search=recall_number:%22{number}%22"
NO_KNOWN_DRUG = "recall with no openfda drug names and no known drug in its product description"


def import_enforcement(path, results: list, context) -> None:
    """Load each recall of one file: first those with ``openfda`` names, then those without,
    matched against the vocabulary those names have grown (one automaton per file)."""
    bar = context.progress(total=len(results), desc=path.name)
    unnamed = []
    for number, record in enumerate(results, start=1):
        try:
            recall = parse_recall(record)
        except ValueError as error:
            context.malformed(f"{path}:{number}", str(error))
        else:
            context.report.records += 1
            if recall["classification"] not in KINDS:
                context.report.skipped["Class III recall"] += 1
            elif _ingredient(recall) is None:
                unnamed.append(recall)
            else:
                load_recall(recall, context)
        bar.update(1)
    if unnamed:
        matcher = build_matcher()
        for recall in unnamed:
            load_unnamed_recall(recall, matcher, context)
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


def _ingredient(recall: dict) -> str | None:
    return (recall["substances"] or recall["generic"] or [None])[0]


def load_recall(recall: dict, context) -> None:
    """The event of a Class I or II recall that names its drug in ``openfda``."""
    concept_id = context.vocabulary.concept(
        ingredient=_ingredient(recall), brands=recall["brands"], synonyms=recall["generic"]
    )
    _record(recall, concept_id, f"openfda-enforcement:{recall['number']}", "", context)


def load_unnamed_recall(recall: dict, matcher: Matcher, context) -> None:
    """The events of a Class I or II recall with an empty ``openfda``: one per drug of the
    vocabulary its product description names, keyed by recall number and concept, so a
    recall matched to more drugs after the vocabulary grows keeps its first event's key."""
    concepts = sorted(matcher.concepts_in(recall["product"]))
    if not concepts:
        context.report.skipped[NO_KNOWN_DRUG] += 1
        return
    for concept_id in concepts:
        key = f"openfda-enforcement:{recall['number']}:{concept_id}"
        _record(recall, concept_id, key, " (drug named in the product description)", context)


def _record(recall: dict, concept_id: int, key: str, how: str, context) -> None:
    kind = KINDS[recall["classification"]]
    note = f"{recall['classification']} recall {recall['number']}{how}: {recall['reason']}"
    outcome = record_event(
        key=key,
        concept_id=concept_id,
        kind=kind,
        on=recall["on"],
        source_url=SOURCE.format(number=recall["number"]),
        note=note[:2000],
    )
    context.report.event(kind, outcome)
