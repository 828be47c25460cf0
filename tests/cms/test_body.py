import re

import pytest
from django.core.exceptions import ValidationError

from cms.body import body_to_text, clinical_content_hash, validate_body
from cms.markup import body_from_markup, body_to_markup

BLOCKS = [
    {"type": "paragraph", "text": "Targeted therapy is the use of medicines."},
    {"type": "heading", "text": "Types of targeted therapy for ALL"},
    {"type": "list", "items": ["Imatinib mesylate", "Nilotinib"]},
    {"type": "paragraph", "text": "Other medicines, like blinatumomab, are given through an I.V."},
]


def test_markup_round_trips():
    assert body_from_markup(body_to_markup(BLOCKS)) == BLOCKS


def test_markup_accepts_bullets_crlf_and_joins_paragraph_lines():
    markup = "## Heading\r\n\r\nfirst line\r\nsecond line\r\n\r\n• one\r\n- two\r\n"
    assert body_from_markup(markup) == [
        {"type": "heading", "text": "Heading"},
        {"type": "paragraph", "text": "first line second line"},
        {"type": "list", "items": ["one", "two"]},
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "at least one"),
        ("text", "at least one"),
        ([{"type": "video"}], "Block 1 is not a known kind of block"),
        ([{"type": "table"}], "Block 1 (table): expected the keys"),
        ([{"type": "paragraph", "text": "  "}], "Block 1 (paragraph): it has no text"),
        ([{"type": "list", "items": []}], "Block 1 (list): a list needs items"),
        ([{"type": "list", "items": ["ok", ""]}], "Block 1 (list): an item is empty"),
        ([{"type": "heading", "text": "x", "html": "<b>"}], "Block 1 (heading): expected the keys"),
    ],
)
def test_invalid_bodies_are_refused_with_a_message(body, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        validate_body(body)


def test_valid_body_passes():
    validate_body(BLOCKS)


def test_text_keeps_every_word():
    text = body_to_text(BLOCKS)
    assert "Nilotinib" in text and "blinatumomab" in text


def test_content_hash_changes_with_any_word_and_only_then():
    same = clinical_content_hash(title="T", body=[dict(b) for b in BLOCKS])
    assert same == clinical_content_hash(title="T", body=BLOCKS)
    changed = [*BLOCKS[:-1], {"type": "paragraph", "text": "Other medicines are pills."}]
    assert clinical_content_hash(title="T", body=changed) != same
    assert clinical_content_hash(title="T2", body=BLOCKS) != same
