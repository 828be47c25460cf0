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
