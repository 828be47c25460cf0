"""The references of two revisions compared: which were added, removed or changed.

References are matched by what identifies them (``cms.references.reference_key``: the DOI,
PMID or address; a guideline's name), so a changed note, version or date shows as a change to
that reference, not as one removed and one added. Linear in the number of references.
"""

from dataclasses import dataclass

from cms.references import reference_key, reference_label

ADDED = "inserted"
REMOVED = "deleted"
CHANGED = "changed"
STATUS_LABELS = {ADDED: "Added", REMOVED: "Removed", CHANGED: "Changed"}
_FIELDS = ("version", "date", "note")


@dataclass(frozen=True)
class ReferenceChange:
    status: str  # inserted, deleted or changed (the words of the block diff)
    label: str  # the reference as one line ("DOI 10.1056/…"), the new one when changed
    old: dict | None  # the reference as stored in the old revision, None when added
    new: dict | None  # ...and in the new one, None when removed
    fields: tuple[str, ...] = ()  # what changed: version, date, note

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def details(self) -> list[tuple[str, str, str]]:
        """Each changed field as (field, old value, new value), "" where absent."""
        return [
            (name, (self.old or {}).get(name, ""), (self.new or {}).get(name, ""))
            for name in self.fields
        ]


def diff_references(old: list[dict], new: list[dict]) -> list[ReferenceChange]:
    """The references added, removed or changed from ``old`` to ``new``: removed ones first
    in their old order, then added and changed ones in their new order."""
    before = {reference_key(reference): reference for reference in old}
    after_keys = {reference_key(reference) for reference in new}
    changes = [
        ReferenceChange(REMOVED, reference_label(reference), reference, None)
        for key, reference in before.items()
        if key not in after_keys
    ]
    for reference in new:
        previous = before.get(reference_key(reference))
        if previous is None:
            changes.append(ReferenceChange(ADDED, reference_label(reference), None, reference))
        elif previous != reference:
            fields = tuple(name for name in _FIELDS if previous.get(name) != reference.get(name))
            # Only the spelling of the key differs (a DOI's case, a guideline name's).
            fields = fields or ("value" if reference["type"] != "guideline" else "name",)
            changes.append(
                ReferenceChange(CHANGED, reference_label(reference), previous, reference, fields)
            )
    return changes
