"""Events from public drug data, keyed by their source record so that a re-import changes
nothing."""

from datetime import date

from reviews.models import ClinicalEvent, DrugConcept

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def record_event(
    *, key: str, concept_id: int, kind: str, on: date, source_url: str, note: str = ""
) -> str:
    """Create the event of source record ``key``, or bring it up to date. Returns CREATED,
    UPDATED or UNCHANGED; an unchanged event is not saved (no history row). Two queries at
    most, three when it saves."""
    term = DrugConcept.objects.values_list("name", flat=True).get(pk=concept_id)
    wanted = {
        "term": term[:200],
        "concept_id": concept_id,
        "kind": kind,
        "event_date": on,
        "source_url": source_url[:500],
        "note": note,
    }
    event = ClinicalEvent.objects.filter(source_key=key).first()
    if event is None:
        ClinicalEvent.objects.create(source_key=key, **wanted)
        return CREATED
    changed = {name: value for name, value in wanted.items() if getattr(event, name) != value}
    if not changed:
        return UNCHANGED
    for name, value in changed.items():
        setattr(event, name, value)
    event._change_reason = "Re-imported from public drug data"
    event.save()
    del event._change_reason
    return UPDATED
