"""RxNorm's prescribable content (https://www.nlm.nih.gov/research/umls/rxnorm/docs/rxnormfiles.html):
pipe-delimited ``RXNCONSO.RRF`` (RXCUI|LAT|TS|LUI|STT|SUI|ISPREF|RXAUI|SAUI|SCUI|SDUI|SAB|TTY|
CODE|STR|SRL|SUPPRESS|CVF|) and ``RXNREL.RRF`` (RXCUI1|RXAUI1|STYPE1|REL|RXCUI2|RXAUI2|STYPE2|
RELA|RUI|SRUI|SAB|SL|RG|DIR|SUPPRESS|CVF|). Of SAB=RXNORM: each ingredient (TTY IN) is a
concept with its RXCUI; a brand name (BN) joins the ingredients it is a ``tradename_of``
(``has_tradename`` the other way), a precise ingredient (PIN, a salt) the ingredient it is a
``form_of``. The relation is read from the two concepts' term types, so either direction of
the pair serves."""

from collections import defaultdict
from pathlib import Path

from reviews.drugdata.load import FileRefused
from reviews.models import NameKind

CONSO_FIELDS = 18
REL_FIELDS = 16
TERM_TYPES = {"IN", "BN", "PIN"}


def import_rxnorm(path: Path, context) -> None:
    """Load RXNCONSO.RRF with the RXNREL.RRF beside it."""
    rel_path = path.with_name("RXNREL.RRF")
    if not rel_path.exists():
        raise FileRefused(f"{path}: RXNREL.RRF must be beside it")
    atoms: dict[str, tuple[str, str]] = {}  # rxcui -> (TTY, STR): IN, BN, PIN of RXNORM
    for line, fields in _records(path, CONSO_FIELDS, context):
        rxcui, sab, tty, name = fields[0], fields[11], fields[12], fields[14]
        if sab != "RXNORM" or tty not in TERM_TYPES:
            continue
        if not rxcui.isdigit() or not name.strip():
            context.malformed(f"{path}:{line}", "no RXCUI or no STR")
            continue
        atoms.setdefault(rxcui, (tty, name.strip()))
    linked: dict[str, set[str]] = defaultdict(set)  # IN rxcui -> BN and PIN rxcuis
    for _line, fields in _records(rel_path, REL_FIELDS, context):
        first, second, rela, sab = fields[0], fields[4], fields[7], fields[10]
        if sab != "RXNORM" or rela not in {"has_tradename", "tradename_of", "has_form", "form_of"}:
            continue
        pair = {atoms.get(first, ("", ""))[0]: first, atoms.get(second, ("", ""))[0]: second}
        if "IN" in pair and ("BN" in pair or "PIN" in pair):
            linked[pair["IN"]].add(pair.get("BN") or pair["PIN"])
    ingredients = [(rxcui, name) for rxcui, (tty, name) in atoms.items() if tty == "IN"]
    bar = context.progress(total=len(ingredients), desc=path.name)
    for rxcui, name in sorted(ingredients):
        context.report.records += 1
        concept_id = context.vocabulary.concept(ingredient=name, rxcui=rxcui)
        for other in sorted(linked[rxcui]):
            tty, other_name = atoms[other]
            kind = NameKind.BRAND if tty == "BN" else NameKind.SYNONYM
            context.vocabulary.add_name(concept_id, other_name, kind)
        bar.update(1)
    bar.close()


def _records(path: Path, width: int, context):
    """(line number, fields) of a pipe-delimited RRF file; a line with another number of
    fields is malformed."""
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            text = text.rstrip("\r\n")
            if not text:
                continue
            fields = text.split("|")
            if fields and fields[-1] == "":
                fields.pop()  # each line ends with a separator
            if len(fields) != width:
                context.malformed(
                    f"{path}:{number}", f"{len(fields)} fields, not the {width} of {path.name}"
                )
                continue
            yield number, fields
