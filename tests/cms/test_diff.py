import random
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
