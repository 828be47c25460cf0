"""Building the drug vocabulary: find or make the concept for a set of names, and add the
names it lacks. One ``Vocabulary`` per import, so that each file reads the names once."""

from dataclasses import dataclass, field

from reviews.drugdata.names import display_name, is_stoplisted, normalise, without_salt
from reviews.models import DrugConcept, DrugName, NameKind


@dataclass
class Vocabulary:
    """The names known so far ({normalised: concept id}, ingredients first) and what this
    import added. Reads every name once, at the first lookup."""

    by_name: dict[str, int] | None = None
    by_rxcui: dict[str, int] | None = None
    concepts_added: int = 0
    names_added: int = 0
    _names_of: dict[int, set[str]] = field(default_factory=dict)

    def _load(self):
        if self.by_name is not None:
            return
        self.by_name, self.by_rxcui = {}, {}
        rows = DrugName.objects.order_by("pk").values_list("normalised", "concept_id", "kind")
        for normalised, concept_id, kind in rows:  # a name that is an ingredient means it
            if kind == NameKind.INGREDIENT or normalised not in self.by_name:
                self.by_name[normalised] = concept_id
            self._names_of.setdefault(concept_id, set()).add(normalised)
        for pk, rxcui in DrugConcept.objects.filter(rxcui__isnull=False).values_list("pk", "rxcui"):
            self.by_rxcui[rxcui] = pk

    def find(self, names: list[str], rxcui: str | None = None) -> int | None:
        """The concept any of ``names`` (or the RXCUI) already means, if one does."""
        self._load()
        if rxcui and rxcui in self.by_rxcui:
            return self.by_rxcui[rxcui]
        for name in names:
            for key in (normalise(name), without_salt(name)):
                if key in self.by_name:
                    return self.by_name[key]
        return None

    def concept(
        self,
        *,
        ingredient: str,
        brands: list[str] = (),
        synonyms: list[str] = (),
        rxcui: str | None = None,
    ) -> int:
        """The concept of ``ingredient`` (made if new), with every given name added to it.
        A brand name is looked up first: a brand already known names its ingredient."""
        found = self.find([*brands, ingredient, *synonyms], rxcui)
        if found is None:
            found = DrugConcept.objects.create(
                name=display_name(without_salt(ingredient)), rxcui=rxcui or None
            ).pk
            self.concepts_added += 1
            if rxcui:
                self.by_rxcui[rxcui] = found
        elif rxcui and rxcui not in self.by_rxcui:
            # A drug first known from the FDA's files, now found in RxNorm by its name.
            DrugConcept.objects.filter(pk=found, rxcui__isnull=True).update(rxcui=rxcui)
            self.by_rxcui[rxcui] = found
        self.add_name(found, without_salt(ingredient), NameKind.INGREDIENT)
        if normalise(ingredient) != without_salt(ingredient):
            self.add_name(found, ingredient, NameKind.SYNONYM)
        for brand in brands:
            self.add_name(found, brand, NameKind.BRAND)
        for synonym in synonyms:
            self.add_name(found, synonym, NameKind.SYNONYM)
        return found

    def add_name(self, concept_id: int, name: str, kind: str) -> bool:
        """Give the concept ``name`` unless it has it. Returns whether it was added."""
        self._load()
        key = normalise(name)
        if not key or key in self._names_of.setdefault(concept_id, set()):
            return False
        stoplisted = kind == NameKind.BRAND and is_stoplisted(key)
        DrugName.objects.create(
            concept_id=concept_id,
            name=name.strip(),
            normalised=key,
            kind=kind,
            stoplisted=stoplisted,
        )
        self._names_of[concept_id].add(key)
        self.by_name.setdefault(key, concept_id)
        self.names_added += 1
        return True
