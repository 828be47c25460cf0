"""One line of text a person names something with: no hidden, reordering or splitting
characters, and NFC-normalised."""

import pytest
from django.core.exceptions import ValidationError

from cms.forms import ArticleCreateForm, ArticleEditForm
from cms.text import clean_line, refused_character

REFUSED = [
    "\x00", "\t", "\n", "\r", "\x1e", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
]  # fmt: skip


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_a_line_refuses_control_bidi_and_zero_width_characters(char):
    with pytest.raises(ValidationError) as refused:
        clean_line(f"Ann{char}Lee", "Name")
    (message,) = refused.value.messages
    assert message.startswith("Name contains ") and f"U+{ord(char):04X}" in message


def test_a_line_is_nfc_normalised_and_stripped():
    decomposed = "Jose\u0301 Nu\u0303n\u0303ez "
    assert clean_line(decomposed, "Name") == "Jos\u00e9 N\u0169\u00f1ez"
    assert clean_line("Ärzte: Schilddrüse", "Title") == "Ärzte: Schilddrüse"
    assert refused_character("Asthma: اختبار") is None  # right-to-left text itself is fine


EDIT = {"summary": "", "body": "Some text.", "change_kind": "editorial", "base_revision": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [ArticleCreateForm, ArticleEditForm])
def test_the_workspace_forms_refuse_hidden_characters_in_the_title_and_reason(form_class):
    form = form_class(data={**EDIT, "title": "Asthma\u202e: Triggers", "reason": "Fix\x1ftypo"})
    assert not form.is_valid()
    assert (
        "The title contains a bidirectional control character (U+202E)" in (form.errors["title"][0])
    )
    assert "U+001F" in form.errors["reason"][0]


@pytest.mark.django_db
def test_the_workspace_forms_store_the_title_nfc_normalised():
    form = ArticleEditForm(data={**EDIT, "title": "Cafe\u0301 asthma", "reason": "Typo"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Caf\u00e9 asthma"
