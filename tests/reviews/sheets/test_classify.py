"""What each line of a sheet is: chrome, reviewer and date lines, the footer, title and body."""

from datetime import date

import pytest

from reviews.sheets import Line, SheetError, parse_html, parse_text, read_sheet
from reviews.sheets.classify import is_chrome
from tests.samples import SAMPLE

AS_OF = date(2026, 11, 23)


def test_the_sample_body_keeps_its_structure_and_drops_the_chrome():
    sheet = read_sheet(SAMPLE, as_of=AS_OF)
    headings = [b["text"] for b in sheet.body if b["type"] == "heading"]
    assert headings == [
        "When is targeted therapy used for ALL?",
        "Types of targeted therapy for ALL",
        "How targeted therapy is done",
        "Possible side effects of targeted therapy",
        "Partnering with your care team",
    ]
    lists = [b["items"] for b in sheet.body if b["type"] == "list"]
    assert lists[0] == ["Imatinib mesylate", "Nilotinib", "Ponatinib", "Dasatinib"]
    assert lists[1] == ["Revumenib"]
    assert len(lists[3]) == 10
    assert sheet.body[0]["type"] == "paragraph"
    assert sheet.body[0]["text"].startswith("Targeted therapy is the use of medicines")
    text = str(sheet.body)
    for chrome in ("A B C D", "Click a letter", "Topic Index", "©", "All rights reserved"):
        assert chrome not in text
    assert "Online Medical Reviewer" not in text and "Date Last Reviewed" not in text


def test_the_words_stay_exactly_as_written_typos_included():
    sheet = read_sheet(SAMPLE, as_of=AS_OF)
    assert "an allergicor infusion-related reaction" in str(sheet.body)


GOOD = "Title line\n\nSome body text.\n"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (GOOD + "Date Last Reviewed: last spring\n", 4, "unparseable review date 'last spring'"),
        (GOOD + "Date Last Reviewed: 10/1/23\n", 4, "unparseable review date '10/1/23'"),
        (GOOD + "Date Last Reviewed:\n", 4, "unparseable review date '(nothing)'"),
        (GOOD + "Date Last Reviewed: 13/45/2023\n", 4, "impossible review date '13/45/2023'"),
        (GOOD + "Date Last Reviewed: 2023-02-29\n", 4, "impossible review date '2023-02-29'"),
        (GOOD + "Date Last Reviewed: 11/24/2026\n", 4, "is in the future (today is 2026-11-23)"),
        ("\n\n© 2026 Someone. All rights reserved.\n", 3, "no title"),
        ("", 1, "no title"),
        ("Only a title\n\nOnline Medical Reviewer: Ann Lee MD\n", 1, "an empty body"),
        (
            GOOD + "Date Last Reviewed: 1/1/2020\nDate Last Reviewed: 1/1/2021\n",
            5,
            "a second 'Date Last Reviewed' line (the first is on line 4)",
        ),
        ("T" * 301 + "\n\nBody.\n", 1, "the title is 301 characters long"),
    ],
)
def test_bad_text_sheets_are_rejected_with_the_line_and_reason(text, line, reason):
    with pytest.raises(SheetError) as raised:
        parse_text(text, as_of=AS_OF)
    assert raised.value.line == line
    assert reason in raised.value.reason


def test_an_html_page_without_h1_has_no_title():
    with pytest.raises(SheetError, match="no title"):
        parse_html("<html><body><h2>Sub</h2><p>Text.</p></body></html>", as_of=AS_OF)


def test_the_review_date_may_be_iso_or_us_order():
    us = parse_text(GOOD + "Date Last Reviewed: 3/5/2024\n", as_of=AS_OF)
    iso = parse_text(GOOD + "Date Last Reviewed: 2024-03-05\n", as_of=AS_OF)
    assert us.reviewed_on == iso.reviewed_on == date(2024, 3, 5)


def test_a_sheet_without_a_review_date_reads_with_none():
    assert parse_text(GOOD, as_of=AS_OF).reviewed_on is None


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        (Line("text", "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z", 1), True),
        (
            Line(
                "text",
                "A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P | Q | R | S | T",
                1,
            ),
            True,
        ),
        (Line("item", "Q", 1), True),
        (Line("text", "Q", 1), False),
        (Line("text", "Click a letter to see topics", 1), True),
        (Line("text", "Back to top", 1), True),
        (Line("text", "Print this page and keep it", 1), False),
        (Line("text", "This information is not intended as a substitute for care.", 1), True),
        (Line("text", "Eat less red meat.", 1), False),
    ],
)
def test_site_chrome_is_recognised(line, chrome):
    assert is_chrome(line) is chrome


def test_lines_after_the_copyright_are_footer_and_the_printed_role_is_title_cased():
    sheet = parse_text(
        "Gout: Diet\n\nEat less red meat.\nMEDICAL REVIEWER: Ann Lee MD\n"
        "Medical Reviewer: Ann Lee MD\n(c) 2026 Example Health. All rights reserved.\n"
        "Terms of use\n",
        as_of=AS_OF,
    )
    assert sheet.body == [{"type": "paragraph", "text": "Eat less red meat."}]
    assert sheet.reviewers == [("Ann Lee", "MD")]
    assert sheet.reviewer_role == "Medical Reviewer"
    assert sheet.source == "Example Health"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Asthma\u202e: Triggers\n\nBody.\n", 1, "the title contains a bidirectional"),
        ("Asthma\u200b: Triggers\n\nBody.\n", 1, "the title contains a zero-width"),
        ("Asthma\x1f: Triggers\n\nBody.\n", 1, "the title contains a control character"),
        (
            "Gout\n\nBody.\n\nOnline Medical Reviewer: Ann\x1eLee MD\n",
            5,
            "the reviewer line contains a control character or line break (U+001E)",
        ),
        (
            "Gout\n\nBody.\n\nOnline Medical Reviewer: Ann\u2066Lee MD\n",
            5,
            "the reviewer line contains a bidirectional control character (U+2066)",
        ),
    ],
)
def test_titles_and_reviewer_names_with_hidden_characters_are_refused(text, line, reason):
    with pytest.raises(SheetError) as raised:
        parse_text(text, as_of=AS_OF)
    assert (raised.value.line, raised.value.reason[: len(reason)]) == (line, reason)


def test_titles_and_reviewer_names_are_nfc_normalised():
    sheet = parse_html(
        "<h1>Cafe\u0301 asthma</h1><p>Body.</p>"
        "<p>Online Medical Reviewer: Jose\u0301 Ni\u0303 MD</p>",
        as_of=AS_OF,
    )
    assert sheet.title == "Caf\u00e9 asthma"
    assert sheet.reviewers == [("Jos\u00e9 N\u0129", "MD")]
