from datetime import date
from pathlib import Path

import pytest

from reviews.sheets import SheetError, parse_html, parse_text, read_sheet, split_credentials

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "000_a4a6a23edc28d406.txt"
SAMPLE_HTML = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "sheets"
    / "acute-lymphocytic-leukemia-targeted-therapy.html"
)
AS_OF = date(2026, 11, 23)


def test_the_sample_sheet_reads_with_title_reviewers_date_and_source():
    sheet = read_sheet(SAMPLE, as_of=AS_OF)
    assert sheet.title == "Acute Lymphocytic Leukemia: Targeted Therapy"
    assert sheet.reviewers == [
        ("Jessica Gotwals", "RN BSN MPH"),
        ("Susan K. Dempsey-Walls", "RN"),
    ]
    assert sheet.reviewer_role == "Online Medical Reviewer"
    assert sheet.reviewed_on == date(2023, 10, 1)
    assert sheet.source == "The StayWell Company, LLC"


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


def test_bom_and_crlf_read_the_same_as_plain_utf8(tmp_path):
    original = SAMPLE.read_bytes()
    variant = tmp_path / "sheet.txt"
    variant.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    assert read_sheet(variant, as_of=AS_OF) == read_sheet(SAMPLE, as_of=AS_OF)


def test_the_html_and_text_forms_of_one_sheet_read_the_same():
    assert read_sheet(SAMPLE_HTML, as_of=AS_OF) == read_sheet(SAMPLE, as_of=AS_OF)


def test_html_is_parsed_as_a_document():
    sheet = parse_html(
        "<html><head><title>Not it</title></head><body>"
        "<nav><a href='/'>Home</a></nav>"
        "<h1>Asthma: <em>Inhalers</em></h1>"
        "<p>Use it <b>every</b> day.<!-- a comment --></p>"
        "<ul><li><p>Shake it.</p></li><li>Breathe out.</li></ul>"
        "<div>Online Medical Reviewer: Ann Lee, MD, PhD<br>Date Last Reviewed: 2024-03-05</div>"
        "</body></html>",
        as_of=AS_OF,
    )
    assert sheet.title == "Asthma: Inhalers"
    assert sheet.body == [
        {"type": "paragraph", "text": "Use it every day."},
        {"type": "list", "items": ["Shake it.", "Breathe out."]},
    ]
    assert sheet.reviewers == [("Ann Lee", "MD PhD")]
    assert sheet.reviewed_on == date(2024, 3, 5)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Jessica Gotwals RN BSN MPH", ("Jessica Gotwals", "RN BSN MPH")),
        ("Susan K. Dempsey-Walls RN", ("Susan K. Dempsey-Walls", "RN")),
        ("Ann Lee, MD, PhD", ("Ann Lee", "MD PhD")),
        ("Raymond Kent Turley BSN MSN RN", ("Raymond Kent Turley", "BSN MSN RN")),
        ("Amy Finke PharmD", ("Amy Finke", "PharmD")),
        ("Jo Ray PA-C", ("Jo Ray", "PA-C")),
        ("Stacey Wojcik M.D.", ("Stacey Wojcik", "M.D.")),
        ("Prince", ("Prince", "")),
        ("MD", ("MD", "")),
    ],
)
def test_credentials_are_the_trailing_run_of_credential_tokens(printed, expected):
    assert split_credentials(printed) == expected


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


def test_undecodable_bytes_are_rejected_with_their_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\n\nCaf\u00e9 au lait.\n".encode("latin-1"))
    with pytest.raises(SheetError) as raised:
        read_sheet(path, as_of=AS_OF)
    assert raised.value.line == 3
    assert "do not decode as UTF-8" in raised.value.reason


def test_an_html_page_without_h1_has_no_title():
    with pytest.raises(SheetError, match="no title"):
        parse_html("<html><body><h2>Sub</h2><p>Text.</p></body></html>", as_of=AS_OF)


def test_the_review_date_may_be_iso_or_us_order():
    us = parse_text(GOOD + "Date Last Reviewed: 3/5/2024\n", as_of=AS_OF)
    iso = parse_text(GOOD + "Date Last Reviewed: 2024-03-05\n", as_of=AS_OF)
    assert us.reviewed_on == iso.reviewed_on == date(2024, 3, 5)


def test_a_sheet_without_a_review_date_reads_with_none():
    assert parse_text(GOOD, as_of=AS_OF).reviewed_on is None
