"""The editing syntax converts both ways without loss: every body written back as Markdown
parses to the same blocks, so its content hash is reproducible, whether it came from the first
plain format, the demo library, the sample sheet or a random rich body."""

import string
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.body import canonical_body, clinical_content_hash, validate_body
from cms.markup import body_from_markup, body_to_markup
from cms.models import Article
from reviews.demo.load import load_demo_data
from reviews.services.importer import import_sheets
from tests.factories import at_nine
from tests.samples import SAMPLE


def assert_round_trip(body):
    markup = body_to_markup(body)
    again = body_from_markup(markup)
    assert again == body, markup
    assert clinical_content_hash(title="t", body=again) == clinical_content_hash(
        title="t", body=body
    )


FIRST_FORMAT = [
    {"type": "heading", "text": "When is targeted therapy used? #1"},
    {"type": "paragraph", "text": "1. Take 2*3 [tablets] & <b> | ok_x - see: http://x #"},
    {"type": "list", "items": ["- dash", "10) ten", "+plus", ":::warning", "> quote", "`code`"]},
]


def test_bodies_of_the_first_format_are_valid_canonical_and_round_trip():
    validate_body(FIRST_FORMAT)
    assert canonical_body(FIRST_FORMAT) == FIRST_FORMAT
    assert_round_trip(FIRST_FORMAT)


@pytest.mark.django_db
def test_every_demo_article_and_the_sample_sheet_round_trip():
    load_demo_data(as_of=date(2026, 11, 23))
    import_sheets(paths=[SAMPLE], as_of=date(2026, 11, 23), at=at_nine(date(2026, 11, 23)))
    bodies = list(Article.objects.values_list("body", flat=True))
    assert len(bodies) > 40
    for body in bodies:
        validate_body(body)
        assert_round_trip(body)


ALPHABET = string.ascii_letters + string.digits + " *_[]<>|&#-+.:!()`\\~="
WORDS = st.text(alphabet=ALPHABET, min_size=1, max_size=30).filter(lambda t: t.strip() == t and t)
SPAN = st.builds(
    lambda text, bold, italic, link: {"text": text, "bold": bold, "italic": italic, "link": link},
    WORDS,
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "", "article:inhalers", "https://example.org/a?b=1"]),
)


def _inline(spans):
    out = []
    for span in spans:
        marks = {k: v for k, v in span.items() if k != "text" and v}
        out.append({"text": span["text"], **marks})
        out.append({"text": " "})
    return {"spans": out[:-1]}


INLINE = st.lists(SPAN, min_size=1, max_size=4).map(_inline)
BLOCK = st.one_of(
    st.builds(lambda t, h3: {"type": "heading", "text": t, "level": 3 if h3 else 2},
              WORDS, st.booleans()),
    INLINE.map(lambda c: {"type": "paragraph", **c}),
    st.builds(lambda items, ordered: {"type": "list", "ordered": ordered, "items": items},
              st.lists(INLINE, min_size=1, max_size=3), st.booleans()),
    st.builds(lambda header, rows: {"type": "table", "header": header, "rows": rows},
              st.lists(INLINE, min_size=2, max_size=2),
              st.lists(st.lists(INLINE, min_size=2, max_size=2), min_size=1, max_size=2)),
    st.builds(lambda kind, c: {"type": "callout", "kind": kind, **c},
              st.sampled_from(["note", "warning", "emergency"]), INLINE),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=5))
def test_random_rich_bodies_round_trip(blocks):
    body = canonical_body(blocks)
    validate_body(body)
    assert_round_trip(body)


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("![](/media/images/x.png)", "alt text"),
        ("![A spacer](https://evil.example/x.png)", "not one uploaded here"),
        ("Text ![A spacer](/media/images/x.png) inline", "own"),
        ("[x](ftp://example.org/)", "is not allowed"),
        ("[x](article:../admin)", "does not name an article"),
        ("- a\n  - b\n    - c", "one level deep"),
        ("", "at least one"),
    ],
)
def test_what_the_body_cannot_hold_is_refused_with_a_reason(markup, message):
    with pytest.raises(ValidationError, match=message):
        body_from_markup(markup)
