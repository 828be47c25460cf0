"""HTML sheets keep what the body can hold: marks, links, numbered and nested lists, tables of
data and images with alt text; what they lose is said in warnings naming the line."""

import hashlib
from datetime import date
from pathlib import Path

import pytest

from cms.body import validate_body
from cms.markup import body_from_markup, body_to_markup
from reviews.sheets import SheetWarning, parse_html, read_sheet
from reviews.sheets.images import ImageFinder

AS_OF = date(2026, 11, 23)
RICH = Path(__file__).resolve().parents[2] / "fixtures" / "sheets" / "gout-diet-rich.html"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
FOOTER = "<div>Online Medical Reviewer: Ann Lee MD<br>Date Last Reviewed: 3/5/2024</div>"


def body_of(html: str, **options) -> list[dict]:
    return parse_html(f"<h1>Gout: Diet</h1>{html}", as_of=AS_OF, **options).body


def test_a_rich_sheet_keeps_marks_links_numbered_nested_lists_and_tables():
    sheet = read_sheet(RICH, as_of=AS_OF)
    validate_body(sheet.body)
    paragraph, heading, numbered, subheading, table = sheet.body
    assert paragraph["spans"][1] == {"text": "Drink plenty of water", "bold": True}
    assert paragraph["spans"][3] == {
        "text": "diet guide",
        "link": "https://www.example.org/gout/diet%20guide",
    }
    assert heading == {"type": "heading", "text": "Cutting down on purines"}
    assert numbered["ordered"] is True
    assert numbered["items"][1]["items"] == ["Liver", "Kidneys"]
    assert subheading == {"type": "heading", "text": "Foods and purines", "level": 3}
    assert table["header"] == ["Food", "Purines"]
    assert table["rows"] == [["Anchovies", {"spans": [{"text": "High", "bold": True}]}],
                             ["Cherries", "Low"]]  # fmt: skip
    assert (sheet.reviewers, sheet.reviewed_on) == ([("Ann Lee", "MD")], date(2024, 3, 5))
    assert sheet.source == "Example Health" and sheet.warnings == []
    # The editor's parser stores the same blocks for the same content.
    assert body_from_markup(body_to_markup(sheet.body)) == sheet.body


@pytest.mark.parametrize(
    ("href", "kept", "warning"),
    [
        ("https://example.org/a b", "https://example.org/a%20b", ""),
        ("HTTP://Example.org/x", "HTTP://Example.org/x", ""),
        ("mailto:help@example.org", "mailto:help@example.org", ""),
        ("/gout/more", "", "a relative link '/gout/more' kept as plain text"),
        ("javascript:alert(1)", "", "a javascript: link kept as plain text"),
        ("java\tscript:alert(1)", "", "a javascript: link kept as plain text"),
        ("data:text/html,<b>x</b>", "", "a data: link kept as plain text"),
        ("#top", "", ""),
    ],
)
def test_links_are_kept_only_when_absolute_and_safe(href, kept, warning):
    sheet = parse_html(f'<h1>Gout: Diet</h1><p>See <a href="{href}">this</a>.</p>', as_of=AS_OF)
    content = sheet.body[0]
    if kept:
        assert content["spans"][1] == {"text": "this", "link": kept}
    else:
        assert content == {"type": "paragraph", "text": "See this."}
    assert [w.reason for w in sheet.warnings if warning in w.reason] == (
        [sheet.warnings[0].reason] if warning else []
    )
    assert bool(sheet.warnings) == bool(warning)


def test_relative_links_resolve_against_the_base_href():
    sheet = parse_html(
        "<head><base href='https://example.org/library/'></head><h1>Gout: Diet</h1>"
        "<p><a href='gout/more.html'>More</a> and <a href='//cdn.example.org/x'>x</a></p>",
        as_of=AS_OF,
    )
    assert [span.get("link") for span in sheet.body[0]["spans"]] == [
        "https://example.org/library/gout/more.html",
        None,
        "https://cdn.example.org/x",
    ]
    assert sheet.warnings == []


def test_a_base_that_is_not_http_resolves_nothing():
    sheet = parse_html(
        "<base href='javascript:alert(1)//'><h1>Gout: Diet</h1><p><a href='x'>X</a></p>",
        as_of=AS_OF,
    )
    assert sheet.body == [{"type": "paragraph", "text": "X"}]
    assert sheet.warnings == [
        SheetWarning("a relative link 'x' kept as plain text (the sheet has no <base href>)", 1)
    ]


def test_links_in_the_chrome_and_footer_are_dropped_without_a_warning():
    sheet = parse_html(
        "<p><a href='/index'>Topic Index</a></p><h1>Gout: Diet</h1><p>Eat well.</p>"
        "<p><a href='/top'>Back to top</a></p>" + FOOTER + "<p>© 2026 <a href='/'>Us</a>.</p>"
        "<p><a href='/after'>After the footer</a></p>",
        as_of=AS_OF,
    )
    assert sheet.body == [{"type": "paragraph", "text": "Eat well."}]
    assert sheet.warnings == []


def test_a_link_in_a_heading_is_plain_text_and_said():
    sheet = parse_html(
        "<h1>Gout: Diet</h1><h2><a href='https://example.org'>Sources</a></h2><p>x</p>",
        as_of=AS_OF,
    )
    assert sheet.body[0] == {"type": "heading", "text": "Sources"}
    assert "a link in a heading" in sheet.warnings[0].reason


def test_bold_and_italic_nest_and_white_space_is_collapsed_as_a_page_shows_it():
    assert body_of("<p>  Take <b>two <i>small</i></b>\n  <em> pills </em>daily. </p>") == [
        {
            "type": "paragraph",
            "spans": [
                {"text": "Take "},
                {"text": "two ", "bold": True},
                {"text": "small", "bold": True, "italic": True},
                {"text": " "},
                {"text": "pills ", "italic": True},
                {"text": "daily."},
            ],
        }
    ]


def test_each_html_list_is_its_own_block_and_deeper_nesting_joins_the_nested_level():
    body = body_of(
        "<ul><li>Beer</li></ul><ol><li>one<ol><li>1.1<ul><li>1.1.1</li></ul></li></ol></li>"
        "<li><b>two</b></li></ol>"
    )
    assert body == [
        {"type": "list", "items": ["Beer"]},
        {
            "type": "list",
            "ordered": True,
            "items": [
                {"text": "one", "items": ["1.1", "1.1.1"]},
                {"spans": [{"text": "two", "bold": True}]},
            ],
        },
    ]
    validate_body(body)


def test_a_nested_list_with_no_item_above_it_is_a_top_level_list():
    body = body_of("<ul><ul><li>Liver</li></ul></ul>")
    assert body == [{"type": "list", "items": ["Liver"]}]


def test_a_table_without_th_takes_its_first_row_as_header_and_pads_short_rows():
    body = body_of(
        "<table><caption>Doses</caption><tr><td>Dose</td><td>When</td><td>Note</td></tr>"
        "<tr><td colspan='2'>As needed</td><td><a href='https://example.org'>see</a></td></tr>"
        "<tr><td>10 mg</td></tr></table>"
    )
    assert body == [
        {"type": "paragraph", "text": "Doses"},
        {
            "type": "table",
            "header": ["Dose", "When", "Note"],
            "rows": [
                ["As needed", "", {"spans": [{"text": "see", "link": "https://example.org"}]}],
                ["10 mg", "", ""],
            ],
        },
    ]
    validate_body(body)


def test_layout_tables_are_read_line_by_line_and_keep_the_footer_working():
    sheet = parse_html(
        "<table><tr><td><h1>Gout: Diet</h1><p>Eat less meat.</p></td></tr>"
        "<tr><td>Online Medical Reviewer: Ann Lee MD</td><td>Date Last Reviewed: 3/5/2024</td>"
        "</tr><tr><td>© 2026 Example Health.</td><td>Ignored</td></tr></table>",
        as_of=AS_OF,
    )
    assert sheet.body == [{"type": "paragraph", "text": "Eat less meat."}]
    assert (sheet.reviewers, sheet.reviewed_on) == ([("Ann Lee", "MD")], date(2024, 3, 5))
    assert sheet.source == "Example Health"
    one_column = body_of("<table><tr><td>First.</td></tr><tr><td>Second.</td></tr></table>")
    assert [block["type"] for block in one_column] == ["paragraph", "paragraph"]


def test_an_image_in_a_table_cell_is_skipped_with_a_warning():
    sheet = parse_html(
        "<h1>Gout: Diet</h1><table><tr><th>A</th><th>B</th></tr>"
        "<tr><td><img src='x.png' alt='X'> x</td><td>y</td></tr></table>",
        as_of=AS_OF,
    )
    assert sheet.body[0]["rows"] == [["x", "y"]]
    assert sheet.warnings == [SheetWarning("an image in a table cell ('x.png') skipped", 1)]


# Images --------------------------------------------------------------------------------------


def write_sheet(folder: Path, html: str) -> Path:
    path = folder / "sheet.html"
    path.write_text(f"<h1>Gout: Diet</h1><p>Text.</p>{html}", encoding="utf-8")
    return path


def test_a_local_image_with_alt_text_is_an_image_block_named_by_its_content(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "diet plate.png").write_bytes(PNG)
    sheet = read_sheet(
        write_sheet(
            tmp_path,
            "<figure><img src='img/diet%20plate.png' alt=' A  plate '>"
            "<figcaption>Half vegetables.</figcaption></figure><p>After.</p>",
        ),
        as_of=AS_OF,
    )
    sha256 = hashlib.sha256(PNG).hexdigest()
    name = f"images/{sha256}.png"
    assert sheet.body[1:] == [
        {"type": "image", "src": name, "sha256": sha256, "alt": "A plate",
         "caption": "Half vegetables."},
        {"type": "paragraph", "text": "After."},
    ]  # fmt: skip
    assert sheet.images == {name: tmp_path / "img" / "diet plate.png"}
    assert sheet.warnings == []
    validate_body(sheet.body)


@pytest.mark.parametrize(
    ("img", "reason"),
    [
        ("<img src='plate.png'>", "an image without alt text ('plate.png') skipped"),
        ("<img src='plate.png' alt=' '>", "an image without alt text ('plate.png') skipped"),
        ("<img src='https://example.org/p.png' alt='P'>", "only image files next to the sheet"),
        ("<img src='//example.org/p.png' alt='P'>", "only image files next to the sheet"),
        ("<img src='data:image/png;base64,iVBO' alt='P'>", "only image files next to the sheet"),
        ("<img src='/etc/p.png' alt='P'>", "it is not a path relative to the sheet"),
        ("<img src='../outside.png' alt='P'>", "it leads outside the folders given"),
        ("<img src='link.png' alt='P'>", "it leads outside the folders given"),
        ("<img src='missing.png' alt='P'>", "no such file"),
        ("<img src='page.svg' alt='P'>", "it is not a PNG, JPEG, GIF or WebP image"),
        ("<img src='big.png' alt='P'>", "the file is 60 bytes; the limit is 50"),
        ("<img alt='P'>", "it has no address"),
    ],
)
def test_images_that_cannot_be_kept_are_skipped_with_a_warning(tmp_path, settings, img, reason):
    settings.IMAGE_MAX_BYTES = 50
    folder = tmp_path / "given"
    folder.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG)
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    (folder / "plate.png").write_bytes(PNG)
    (folder / "page.svg").write_text("<svg onload='alert(1)'/>")
    (folder / "big.png").write_bytes(PNG + b"\x00" * 12)
    sheet = read_sheet(write_sheet(folder, img), as_of=AS_OF)
    assert sheet.body == [{"type": "paragraph", "text": "Text."}]
    assert sheet.images == {}
    [warning] = sheet.warnings
    assert reason in warning.reason and warning.line == 1


def test_an_image_may_be_read_from_anywhere_inside_the_given_folders(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "p.png").write_bytes(PNG)
    (tmp_path / "sheets").mkdir()
    sheet_path = write_sheet(tmp_path / "sheets", "<img src='../images/p.png' alt='P'>")
    alone = read_sheet(sheet_path, as_of=AS_OF)
    assert [block["type"] for block in alone.body] == ["paragraph"]
    given = read_sheet(sheet_path, as_of=AS_OF, roots=[tmp_path.resolve()])
    assert [block["type"] for block in given.body] == ["paragraph", "image"]


def test_parse_html_without_a_folder_skips_images():
    sheet = parse_html("<h1>Gout: Diet</h1><p>x</p><img src='p.png' alt='P'>", as_of=AS_OF)
    assert sheet.body == [{"type": "paragraph", "text": "x"}]
    assert "the sheet has no folder to read it from" in sheet.warnings[0].reason
    finder = ImageFinder(None)
    assert finder.find("p.png", "P") == (None, sheet.warnings[0].reason)
