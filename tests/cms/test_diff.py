import random
import sys
from dataclasses import asdict

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from cms.body import body_to_text, validate_body
from cms.diff import diff_revisions, diff_words

BODY = [
    {"type": "heading", "text": "How targeted therapy is done"},
    {"type": "paragraph", "text": "Most TKI medicines are taken as pills, once or twice a day."},
    {"type": "list", "items": ["Imatinib mesylate", "Nilotinib"]},
]


def diff(new_body, old_body=BODY, old_title="T", new_title="T"):
    return diff_revisions(
        old_title=old_title, old_body=old_body, new_title=new_title, new_body=new_body
    )


def ops(segments):
    return [(s.op, s.text) for s in segments]


def test_identical_revisions_have_no_changes():
    result = diff(BODY)
    assert not result.changed
    assert {b.status for b in result.blocks} == {"equal"}
    assert result.words_inserted == result.words_deleted == 0


def test_one_changed_word_shows_inside_its_paragraph():
    new = [
        BODY[0],
        {"type": "paragraph", "text": BODY[1]["text"].replace("twice", "three times")},
        BODY[2],
    ]
    block = diff(new).blocks[1]
    assert block.status == "changed"
    assert ops(block.segments) == [
        ("equal", "Most TKI medicines are taken as pills, once or "),
        ("delete", "twice "),
        ("insert", "three times "),
        ("equal", "a day."),
    ]


def test_a_new_list_item_is_inserted():
    new = [*BODY[:2], {"type": "list", "items": ["Imatinib mesylate", "Nilotinib", "Ponatinib"]}]
    result = diff(new)
    assert [(b.type, b.status) for b in result.blocks][-3:] == [
        ("item", "equal"),
        ("item", "equal"),
        ("item", "inserted"),
    ]
    assert result.words_inserted == 1 and result.words_deleted == 0


def test_a_deleted_paragraph_and_a_rewritten_heading():
    new = [{"type": "heading", "text": "Taking your medicine"}, BODY[2]]
    result = diff(new)
    statuses = [(b.type, b.status) for b in result.blocks]
    assert ("heading", "deleted") in statuses and ("heading", "inserted") in statuses
    assert ("paragraph", "deleted") in statuses
    assert result.words_deleted == 5 + 12


def test_a_title_change_is_a_word_diff():
    result = diff(BODY, old_title="ALL: Targeted Therapy", new_title="ALL: Targeted Treatment")
    assert result.changed
    assert ops(result.title) == [
        ("equal", "ALL: Targeted "),
        ("delete", "Therapy"),
        ("insert", "Treatment"),
    ]


def test_from_nothing_everything_is_inserted():
    result = diff(BODY, old_body=[], old_title="")
    assert {b.status for b in result.blocks} == {"inserted"}
    assert result.words_inserted == 1 + 5 + 12 + 3


words = st.lists(
    st.sampled_from(["take", "the", "pill", "daily", "with", "food.", "water"]), max_size=12
)


@given(old=words, new=words)
def test_the_segments_rebuild_both_texts(old, new):
    old_text, new_text = " ".join(old), " ".join(new)
    segments = diff_words(old_text, new_text)
    assert "".join(s.text for s in segments if s.op != "delete") == new_text
    # Equal runs carry the new text's spacing, so the old text comes back word for word.
    assert "".join(s.text for s in segments if s.op != "insert").split() == old_text.split()


# Bounded work -------------------------------------------------------------------------------


class TooMuchWork(Exception):
    pass


def python_lines(function, limit: int) -> int:
    """How many lines of Python ``function()`` runs (a measure of work that does not depend on
    the machine's speed), stopping it with TooMuchWork past ``limit``."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > limit:
                raise TooMuchWork(f"more than {limit} lines")
        return trace

    sys.settrace(trace)
    try:
        function()
    finally:
        sys.settrace(None)
    return count


def repetitive(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(["take", "the", "pill", "daily"]) for _ in range(count))


@pytest.mark.parametrize("words", [1_000, 4_000])
def test_a_repetitive_paragraph_is_diffed_in_linear_work(words):
    """Four words repeated: every word matches a quarter of the others, which made difflib's
    alignment quadratic or worse (20,000 words: 22 s on the review page). Now the work grows
    with the length, not its square: about 4 lines of Python per word."""
    old, new = repetitive(words, 1), repetitive(words, 2)
    lines = python_lines(lambda: diff_words(old, new), limit=15 * words)
    assert lines <= 15 * words


def test_the_alignment_steps_stay_within_their_budget():
    from cms.diff import EXACT_CELLS, STEPS_PER_TOKEN, matching_runs

    for old, new in [
        (repetitive(20_000, 1).split(), repetitive(20_000, 2).split()),
        (list(range(5000)) * 2, list(range(5000))[::-1] * 2),
        (["a", "b"] * 5000, ["b", "a"] * 5000),
    ]:
        alignment = matching_runs(old, new)
        budget = STEPS_PER_TOKEN * (len(old) + len(new)) + EXACT_CELLS
        assert alignment.steps <= budget + 2 * (len(old) + len(new)) + 1


def test_a_long_paragraph_with_a_few_edits_still_shows_the_edits():
    words = [f"w{n}" for n in range(5000)]
    changed = list(words)
    changed[1000], changed[4000] = "ONE", "TWO"
    segments = diff_words(" ".join(words), " ".join(changed))
    assert [(s.op, s.text.strip()) for s in segments if s.op != "equal"] == [
        ("delete", "w1000"), ("insert", "ONE"), ("delete", "w4000"), ("insert", "TWO"),
    ]  # fmt: skip


def test_a_block_too_tangled_to_align_shows_as_replaced():
    old = [{"type": "paragraph", "text": repetitive(20_000, 1)}]
    new = [{"type": "paragraph", "text": repetitive(20_000, 2)}]
    result = diff(new, old_body=old)
    assert [b.status for b in result.blocks] == ["deleted", "inserted"]
    assert result.words_deleted == result.words_inserted == 20_000


# Rich bodies (issue 15) ---------------------------------------------------------------------

OLD_SHA, NEW_SHA = "a" * 64, "b" * 64


def html(result) -> str:
    return render_to_string("cms/_diff.html", {"diff": result})


def para(*spans) -> dict:
    return {"type": "paragraph", "spans": list(spans)}


def changes(segments):
    return [(s.op, s.text.strip(), s.role) for s in segments if s.op != "equal"]


def test_a_changed_link_target_shows_old_and_new_target():
    old = [para({"text": "See "}, {"text": "inhalers", "link": "article:inhalers"})]
    new = [para({"text": "See "}, {"text": "inhalers", "link": "article:spacers"})]
    result = diff(new, old_body=old)
    [block] = result.blocks
    assert block.status == "changed"
    assert changes(block.segments) == [
        ("delete", "article:inhalers", "target"),
        ("insert", "article:spacers", "target"),
    ]
    assert result.changed and result.words_inserted == result.words_deleted == 0
    assert (
        'inhalers <span class="link-target">(link: <del>article:inhalers</del> → '
        "<ins>article:spacers</ins>)</span>" in html(result)
    )


def test_a_word_made_bold_shows_as_changed_words():
    old = [para({"text": "Call your doctor right away."})]
    new = [para({"text": "Call your doctor "}, {"text": "right away.", "bold": True})]
    [block] = diff(new, old_body=old).blocks
    assert changes(block.segments) == [
        ("delete", "right away.", "text"),
        ("insert", "right away.", "text"),
    ]
    assert "<ins><strong>right away.</strong></ins>" in html(diff(new, old_body=old))


def table(*rows) -> dict:
    return {"type": "table", "header": ["Dose", "When"], "rows": [list(row) for row in rows]}


def test_a_table_is_diffed_cell_by_cell_and_row_by_row():
    old = [table(["10 mg", "Morning"], ["20 mg", "Night"])]
    new = [table(["10 mg", "Evening"], ["20 mg", "Night"], ["30 mg", "Never"])]
    result = diff(new, old_body=old)
    [block] = result.blocks
    assert (block.type, block.status) == ("table", "changed")
    assert [(row.header, row.status) for row in block.rows] == [
        (True, "equal"), (False, "changed"), (False, "equal"), (False, "inserted"),
    ]  # fmt: skip
    assert ops(block.rows[1].cells[0]) == [("equal", "10 mg")]
    assert ops(block.rows[1].cells[1]) == [("delete", "Morning"), ("insert", "Evening")]
    assert result.words_inserted == 1 + 3 and result.words_deleted == 1
    page = html(result)
    assert "<td><del>Morning</del><ins>Evening</ins></td>" in page
    assert '<tr class="row inserted">' in page


def test_a_removed_row_and_a_table_of_another_shape():
    old = [table(["10 mg", "Morning"], ["20 mg", "Night"])]
    removed = diff([table(["20 mg", "Night"])], old_body=old).blocks[0]
    assert [row.status for row in removed.rows] == ["equal", "deleted", "equal"]
    wider = {"type": "table", "header": ["Dose", "When", "Why"], "rows": [["1", "2", "3"]]}
    result = diff([wider], old_body=old)
    assert [(b.type, b.status) for b in result.blocks] == [
        ("table", "deleted"), ("table", "inserted"),
    ]  # fmt: skip


def callout(kind: str, text: str) -> dict:
    return {"type": "callout", "kind": kind, "text": text}


def test_callouts_added_removed_and_of_another_kind():
    old = [callout("warning", "Call 911 if you cannot breathe."), callout("note", "Keep it dry.")]
    new = [callout("emergency", "Call 911 if you cannot breathe.")]
    result = diff(new, old_body=old)
    assert [(b.type, b.status, b.kind) for b in result.blocks] == [
        ("callout", "changed", "emergency"), ("callout", "deleted", "note"),
    ]  # fmt: skip
    assert result.blocks[0].notes == ["Callout: warning → emergency"]
    page = html(result)
    assert '<strong class="callout-label">Note:</strong> <del>Keep it dry.</del>' in page
    assert "(Callout: warning → emergency)" in page
    added = diff(old, old_body=[])
    assert [(b.status, b.kind) for b in added.blocks] == [
        ("inserted", "warning"), ("inserted", "note"),
    ]  # fmt: skip


def image(src: str, sha: str, alt: str, caption: str = "") -> dict:
    block = {"type": "image", "src": src, "sha256": sha, "alt": alt}
    return {**block, "caption": caption} if caption else block


def test_a_replaced_image_shows_both_images_and_the_alt_text_change():
    old = [image("images/old.png", OLD_SHA, "How to hold it", "Upright.")]
    new = [image("images/new.png", NEW_SHA, "How to hold the inhaler", "Upright, cap off.")]
    result = diff(new, old_body=old)
    [block] = result.blocks
    assert (block.type, block.status, block.notes) == ("image", "changed", ["Image replaced"])
    assert [(side.op, side.url, side.alt) for side in block.images] == [
        ("delete", default_storage.url("images/old.png"), "How to hold it"),
        ("insert", default_storage.url("images/new.png"), "How to hold the inhaler"),
    ]
    assert changes(block.caption) == [("delete", "Upright.", "text"), ("insert", "Upright, cap off.", "text")]  # fmt: skip  # noqa: E501
    page = html(result)
    assert f'<del>Old image: <img src="{default_storage.url("images/old.png")}"' in page
    assert f'<ins>New image: <img src="{default_storage.url("images/new.png")}"' in page
    assert "Alt text: How to hold <del>it</del><ins>the inhaler</ins>" in page
    same_file = diff([image("images/old.png", OLD_SHA, "Holding it")], old_body=old).blocks[0]
    assert [side.op for side in same_file.images] == ["equal"] and not same_file.notes


def test_list_items_nested_and_a_list_made_numbered():
    old = [{"type": "list", "items": ["Shake it.", {"text": "Breathe", "items": ["slowly"]}]}]
    new = [
        {
            "type": "list",
            "ordered": True,
            "items": ["Shake it well.", {"text": "Breathe", "items": ["slowly", "deeply"]}],
        }
    ]
    result = diff(new, old_body=old)
    assert [(b.status, b.depth) for b in result.blocks] == [
        ("changed", 0), ("changed", 0), ("changed", 1), ("inserted", 1),
    ]  # fmt: skip
    page = html(result)
    assert '<p class="diff-note">List: bulleted → numbered</p>' in page
    assert "<ol>" in page and '<li class="block inserted">' in page
    assert '<ul><li class="block changed">slowly</li>' in page


def test_an_old_body_renders_its_items_in_a_list():
    """The one change to old bodies' diff HTML: list items sit in a <ul> (they were bare)."""
    page = html(diff(BODY))
    assert '<ul><li class="block equal">Imatinib mesylate</li>' in page


@pytest.mark.parametrize("payload", ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>"])
def test_nothing_from_the_content_reaches_the_page_as_html(payload):
    old = [para({"text": "Safe"}), table(["a", "b"]), image("images/a.png", OLD_SHA, "alt")]
    new = [
        para({"text": payload, "bold": True}, {"text": payload, "link": "https://e.org/?q=<b>"}),
        table([payload, "b"]),
        callout("note", payload),
        {"type": "list", "items": [{"text": payload, "items": [payload]}]},
        image("images/a.png", NEW_SHA, payload, payload),
    ]
    for result in (diff(new, old_body=old, new_title=payload), diff(old, old_body=new)):
        page = html(result)
        assert "<script" not in page and "<img src=x" not in page and "<b>" not in page


def test_the_api_reads_the_same_fields():
    result = diff([table(["1", "2"]), callout("note", "Hi")], old_body=[table(["1", "3"])])
    data = asdict(result)
    assert {"title", "blocks"} <= set(data)
    for block in data["blocks"]:
        assert {"type", "status", "segments"} <= set(block)
        assert all({"op", "text"} <= set(segment) for segment in block["segments"])


# Bounded work on tables and lists ----------------------------------------------------------


def big_table(rows: int, seed: int) -> dict:
    rng = random.Random(seed)
    cells = [[repetitive(3, rng.random()), repetitive(2, rng.random())] for _ in range(rows)]
    return {"type": "table", "header": ["Dose", "When"], "rows": cells}


def long_list(items: int, seed: int) -> dict:
    rng = random.Random(seed)
    entries = []
    for _ in range(items):
        text = repetitive(4, rng.random())
        entries.append({"text": text, "items": [repetitive(2, rng.random())]})
    return {"type": "list", "ordered": True, "items": entries}


def words_in(body) -> int:
    validate_body(body)
    return len(body_to_text(body).split())


# Measured: 25 to 55 lines of Python per word (each pair of short items or cells is a small word
# diff of its own), the same at 500, 2,000 and 8,000 rows or items.
LINES_PER_WORD = 80


@pytest.mark.parametrize("size", [500, 2000])
def test_a_large_table_is_diffed_in_linear_work(size):
    """Cells of a four-word vocabulary: every row matches many others. The row alignment and
    the cell diffs stay linear in the number of words."""
    old, new = [big_table(size, 1)], [big_table(size, 2)]
    words = words_in(old) + words_in(new)
    lines = python_lines(lambda: diff(new, old_body=old), limit=LINES_PER_WORD * words)
    assert lines <= LINES_PER_WORD * words


@pytest.mark.parametrize("size", [500, 2000])
def test_a_long_list_is_diffed_in_linear_work(size):
    """Numbered items, each with a nested item, of the same four words."""
    old, new = [long_list(size, 1)], [long_list(size, 2)]
    words = words_in(old) + words_in(new)
    lines = python_lines(lambda: diff(new, old_body=old), limit=LINES_PER_WORD * words)
    assert lines <= LINES_PER_WORD * words


def test_the_row_alignment_steps_stay_within_their_budget():
    from cms.diff import EXACT_CELLS, STEPS_PER_TOKEN, matching_runs

    old = [tuple(row) for row in big_table(5000, 1)["rows"]]
    new = [tuple(row) for row in big_table(5000, 2)["rows"]]
    alignment = matching_runs(old, new)
    budget = STEPS_PER_TOKEN * (len(old) + len(new)) + EXACT_CELLS
    assert alignment.steps <= budget + 2 * (len(old) + len(new)) + 1


spans = st.lists(
    st.fixed_dictionaries(
        {"text": st.sampled_from(["take ", "the", " pill", "daily ", "with food."])},
        optional={
            "bold": st.just(True),
            "link": st.sampled_from(["article:inhalers", "https://example.org/"]),
        },
    ),
    min_size=1,
    max_size=8,
)


@given(old=spans, new=spans)
def test_inline_segments_rebuild_both_texts_and_links(old, new):
    from cms.body import inline_content, plain_text
    from cms.diff.words import inline_diff

    old, new = inline_content(old), inline_content(new)
    segments = inline_diff(old, new).segments()
    for left_out, content in (("delete", new), ("insert", old)):
        kept = [s for s in segments if s.op != left_out]
        words = "".join(s.text for s in kept if s.role == "text")
        # A space may set removed words apart from the words before them (as in plain text).
        assert "".join(words.split()) == "".join(plain_text(content).split())
        targets = [s.text for s in kept if s.role == "target"]
        assert targets == links_in(content)


def links_in(content) -> list[str]:
    """The target of each link, in order (a link is a run of spans with the same target)."""
    from cms.body import spans_of

    links = [span.get("link", "") for span in spans_of(content)]
    ends = zip(links, [*links[1:], ""], strict=True)
    return [link for link, after in ends if link and link != after]


def test_a_numbered_list_after_a_bulleted_one_shows_as_a_list_of_its_own():
    from cms.markup import body_from_markup

    old = body_from_markup("- a\n- b")
    new = body_from_markup("- a\n- b\n\n1. one\n2. two")
    shown = diff_revisions(old_title="t", old_body=old, new_title="t", new_body=new).shown
    lists = [group for group in shown if hasattr(group, "ordered")]
    assert [(group.ordered, len(group.items)) for group in lists] == [(False, 2), (True, 2)]
