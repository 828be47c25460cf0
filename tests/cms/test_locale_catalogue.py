"""The committed translation catalogues: each compiled .mo says what its .po says (a .po edited
without `make messages` fails here), and the public footer's labels are translated."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def po_messages(path: Path) -> dict:
    """The translations a .po file gives, keyed as ``gettext.GNUTranslations`` keys its
    catalogue: msgid (with "context\\x04" before it when it has one), or (msgid, n) for each
    plural form. Fuzzy, obsolete and untranslated entries are left out, as msgfmt leaves them
    out; the header is the entry with the empty msgid."""
    messages = {}
    for entry in path.read_text(encoding="utf-8").split("\n\n"):
        messages.update(_entry(entry))
    return messages


def _entry(text: str) -> dict:
    fields: dict[str, str] = {}
    flags: set[str] = set()
    current = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#") or not line:
            continue
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            current, _, value = line.partition(" ")
            fields[current] = ast.literal_eval(value)
    if "msgid" not in fields or "fuzzy" in flags:
        return {}
    key = fields["msgid"]
    if "msgctxt" in fields:
        key = f"{fields['msgctxt']}\x04{key}"
    if "msgid_plural" in fields:
        forms = {name: value for name, value in fields.items() if name.startswith("msgstr[")}
        if not all(forms.values()):
            return {}
        return {(key, int(name[7:-1])): value for name, value in forms.items()}
    return {key: fields["msgstr"]} if fields.get("msgstr") else {}


def mo_messages(path: Path) -> dict:
    with path.open("rb") as compiled:
        return dict(gettext.GNUTranslations(compiled)._catalog)


def test_there_is_a_spanish_catalogue():
    assert Path(settings.BASE_DIR, "locale/es/LC_MESSAGES/django.po") in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda path: path.parts[-3])
def test_each_compiled_catalogue_is_in_step_with_its_po_file(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    expected, compiled = po_messages(po), mo_messages(mo)
    # The header's text holds dates msgfmt does not change; compare the messages.
    expected.pop("", None)
    compiled.pop("", None)
    assert compiled == expected, f"{mo} is out of date: run `make messages` and commit both"


def test_the_public_footers_labels_are_translated_into_spanish():
    messages = po_messages(Path(settings.BASE_DIR, "locale/es/LC_MESSAGES/django.po"))
    assert messages["Online Medical Reviewer"] == "Revisor médico en línea"
    assert messages["Date Last Reviewed"] == "Fecha de la última revisión"
    for label in (
        "Next review due",
        "Not yet medically reviewed.",
        "Signatures on this version",
        "Source",
    ):
        assert messages.get(label), f"{label!r} has no Spanish translation"


def test_the_reader_sees_a_po_edited_without_recompiling(tmp_path):
    """The check itself: a changed translation in the .po no longer matches the .mo."""
    po = Path(settings.BASE_DIR, "locale/es/LC_MESSAGES/django.po")
    edited = tmp_path / "django.po"
    edited.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgstr "Fecha de la última revisión"', 'msgstr "Última revisión"'
        ),
        encoding="utf-8",
    )
    assert po_messages(edited) != po_messages(po)
    assert po_messages(edited)["Date Last Reviewed"] == "Última revisión"
