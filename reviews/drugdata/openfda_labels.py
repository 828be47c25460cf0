"""openFDA drug labels (https://open.fda.gov/apis/drug/label/, bulk download files): each
record a version of a label (``set_id``, ``version``, ``effective_time`` YYYYMMDD), its
``openfda`` names (``generic_name``, ``brand_name``, ``substance_name``: lists) and its
``boxed_warning`` (a list of text). Events: a boxed warning new to the set or changed from the
previous version recorded (SHA-256 of its text); a new version of a set seen before."""

import hashlib
import re
from datetime import date, datetime

from reviews.choices import EventKind
from reviews.drugdata.events import record_event
from reviews.models import LabelVersion

DAILYMED = "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={set_id}"


def import_labels(path, results: list, context) -> None:
    """Load each label version of one file, oldest version of each set first."""
    parsed = []
    for number, record in enumerate(results, start=1):
        try:
            parsed.append(parse_label(record))
        except ValueError as error:
            context.malformed(f"{path}:{number}", str(error))
    parsed.sort(key=lambda label: (label["set_id"], label["version"]))
    bar = context.progress(total=len(parsed), desc=path.name)
    for label in parsed:
        context.report.records += 1
        load_label(label, context)
        bar.update(1)
    bar.close()


def parse_label(record) -> dict:
    """The fields a label version needs; raises ValueError with the reason."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    set_id = record.get("set_id")
    if not isinstance(set_id, str) or not set_id.strip():
        raise ValueError("no set_id")
    version = str(record.get("version", "")).strip()
    if not version.isdigit():
        raise ValueError(f"version {version[:20]!r} is not a whole number")
    effective = _yyyymmdd(record.get("effective_time"), "effective_time")
    names = record.get("openfda") or {}
    if not isinstance(names, dict):
        raise ValueError("openfda is not an object")
    boxed = record.get("boxed_warning") or []
    if isinstance(boxed, str):
        boxed = [boxed]
    if not isinstance(boxed, list) or not all(isinstance(text, str) for text in boxed):
        raise ValueError("boxed_warning is not a list of text")
    return {
        "set_id": set_id.strip(),
        "version": int(version),
        "effective_on": effective,
        "generic": _strings(names, "generic_name"),
        "brands": _strings(names, "brand_name"),
        "substances": _strings(names, "substance_name"),
        "boxed_sha256": boxed_warning_sha256(boxed),
    }


def boxed_warning_sha256(texts: list[str]) -> str:
    """SHA-256 of the boxed warning with its whitespace collapsed; "" when there is none."""
    text = re.sub(r"\s+", " ", " ".join(texts)).strip()
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def load_label(label: dict, context) -> None:
    """Record the version and raise its events. A version already recorded changes nothing."""
    report = context.report
    if LabelVersion.objects.filter(set_id=label["set_id"], version=label["version"]).exists():
        report.skipped["label version already imported"] += 1
        return
    ingredient = (label["substances"] or label["generic"] or [None])[0]
    if len(label["substances"]) > 1 and label["generic"]:
        ingredient = label["generic"][0]  # a combination: its generic name names it
    if ingredient is None:
        report.skipped["label with no openfda drug names"] += 1
        return
    concept_id = context.vocabulary.concept(
        ingredient=ingredient, brands=label["brands"], synonyms=label["generic"]
    )
    previous = (
        LabelVersion.objects.filter(set_id=label["set_id"], version__lt=label["version"])
        .order_by("-version")
        .first()
    )
    LabelVersion.objects.create(
        set_id=label["set_id"],
        version=label["version"],
        effective_on=label["effective_on"],
        boxed_warning_sha256=label["boxed_sha256"],
        concept_id=concept_id,
    )
    report.labels_added += 1
    url = DAILYMED.format(set_id=label["set_id"])
    key = f"openfda-label:{label['set_id']}:v{label['version']}"
    if label["boxed_sha256"] and (
        previous is None or previous.boxed_warning_sha256 != label["boxed_sha256"]
    ):
        note = (
            "New boxed warning."
            if previous is None or not previous.boxed_warning_sha256
            else (f"Boxed warning changed from label version {previous.version}.")
        )
        outcome = record_event(
            key=f"{key}:boxed-warning",
            concept_id=concept_id,
            kind=EventKind.BOXED_WARNING,
            on=label["effective_on"],
            source_url=url,
            note=note,
        )
        report.event(EventKind.BOXED_WARNING, outcome)
    if previous is not None:
        outcome = record_event(
            key=key,
            concept_id=concept_id,
            kind=EventKind.LABEL_CHANGE,
            on=label["effective_on"],
            source_url=url,
            note=f"Label version {label['version']} (was {previous.version}).",
        )
        report.event(EventKind.LABEL_CHANGE, outcome)


def _strings(names: dict, key: str) -> list[str]:
    values = names.get(key) or []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise ValueError(f"openfda.{key} is not a list of text")
    return [value.strip() for value in values if value.strip()]


def _yyyymmdd(value, name: str) -> date:
    text = str(value or "").strip()
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise ValueError(f"{name} {text[:20]!r} is not a date as YYYYMMDD") from None
