"""Reading sheet files into lines: decoding, text exports, HTML pages as documents."""

from datetime import date

import pytest

from reviews.sheets import SheetError, parse_html, read_sheet
from reviews.sheets.reading import html_lines, text_lines
from tests.samples import SAMPLE, SAMPLE_HTML

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
        {
            "type": "paragraph",
            "spans": [{"text": "Use it "}, {"text": "every", "bold": True}, {"text": " day."}],
        },
        {"type": "list", "items": ["Shake it.", "Breathe out."]},
    ]
    assert sheet.reviewers == [("Ann Lee", "MD PhD")]
    assert sheet.reviewed_on == date(2024, 3, 5)


def test_undecodable_bytes_are_rejected_with_their_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\n\nCaf\u00e9 au lait.\n".encode("latin-1"))
    with pytest.raises(SheetError) as raised:
        read_sheet(path, as_of=AS_OF)
    assert raised.value.line == 3
    assert "do not decode as UTF-8" in raised.value.reason


def test_html_lines_keep_their_source_line_and_drop_what_is_not_text():
    lines = html_lines(
        "<html><body>\n"
        "<h1>Gout: Diet</h1>\n"
        "<div role='navigation'>Home</div><div hidden>Secret</div><script>x()</script>\n"
        "<p>First<br>\nSecond</p>\n"
        "<ul><li>One <p>two</p></li></ul>\n"
        "</body></html>"
    )
    assert [(line.kind, line.text, line.number, line.level) for line in lines] == [
        ("heading", "Gout: Diet", 2, 1),
        ("text", "First", 4, 0),
        ("text", "Second", 5, 0),
        ("item", "One", 6, 0),
        ("item", "two", 6, 0),
    ]


def test_text_lines_skip_blanks_and_read_bullets_as_items():
    lines = text_lines("Title\n\n• Shake it.\n- Breathe out.\n*not a bullet\n")
    assert [(line.kind, line.text, line.number) for line in lines] == [
        ("text", "Title", 1),
        ("item", "Shake it.", 3),
        ("item", "Breathe out.", 4),
        ("text", "*not a bullet", 5),
    ]
