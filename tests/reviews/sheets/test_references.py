"""A sheet's "References" section becomes the article's references, not its body, in text and
HTML sheets alike; re-importing an unchanged sheet is "unchanged"."""

from datetime import date
from pathlib import Path

import pytest

from cms.models import Article
from reviews.services.importer import IMPORTED, UNCHANGED, UPDATED, import_sheets
from reviews.sheets import parse_html, parse_text
from tests.factories import at_nine

AS_OF = date(2026, 11, 23)
FOOTER = (
    "Online Medical Reviewer: Jessica Gotwals RN BSN MPH\nDate Last Reviewed: 10/1/2023\n"
    "© 2026 The StayWell Company, LLC. All rights reserved."
)
TEXT = f"""Gout: Diet

Eat less red meat.

References
  • doi:10.1056/NEJMoa2034577 — the trial
  • Smith J, et al. Diet and gout. BMJ. 2020;368:m101. PMID: 31978945.
  • guideline: ACR gout guideline | 2020 | 2020-06-01
https://www.nice.org.uk/guidance/ng219
A citation with nothing to follow.

{FOOTER}
"""
EXPECTED = [
    {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the trial"},
    {"type": "pmid", "value": "31978945",
     "note": "Smith J, et al. Diet and gout. BMJ. 2020;368:m101. PMID: 31978945."},
    {"type": "guideline", "name": "ACR gout guideline", "version": "2020", "date": "2020-06-01"},
    {"type": "url", "value": "https://www.nice.org.uk/guidance/ng219"},
]  # fmt: skip
HTML = """<html><body><h1>Gout: Diet</h1><p>Eat less red meat.</p>
<h2>References</h2>
<ul><li>doi:10.1056/NEJMoa2034577 — the trial</li>
<li><a href="https://www.nice.org.uk/guidance/ng219">NICE gout guideline</a></li>
<li><a href="javascript:alert(1)">Hostile</a> "><script>alert(1)</script></li></ul>
<h2>After the references</h2><p>More words.</p>
<p>Online Medical Reviewer: Jessica Gotwals RN BSN MPH</p>
<p>Date Last Reviewed: 10/1/2023</p>
</body></html>"""


def test_a_text_sheets_references_section_is_read_into_references():
    sheet = parse_text(TEXT, as_of=AS_OF)
    assert sheet.references == EXPECTED
    assert sheet.body == [{"type": "paragraph", "text": "Eat less red meat."}]
    assert [(w.line, w.reason) for w in sheet.warnings] == [
        (10, "a reference with no DOI, PMID or web address was left out")
    ]


def test_an_html_sheets_references_section_ends_at_the_next_heading():
    sheet = parse_html(HTML, as_of=AS_OF)
    assert sheet.references == [
        {"type": "doi", "value": "10.1056/NEJMoa2034577", "note": "the trial"},
        {"type": "url", "value": "https://www.nice.org.uk/guidance/ng219",
         "note": "NICE gout guideline"},
    ]  # fmt: skip
    assert [block.get("text") for block in sheet.body] == [
        "Eat less red meat.",
        "After the references",
        "More words.",
    ]
    assert "alert" not in str(sheet.references)


def test_a_sheet_without_references_has_none():
    sheet = parse_text(f"Gout: Diet\n\nEat less red meat.\n\n{FOOTER}\n", as_of=AS_OF)
    assert sheet.references == []


@pytest.mark.django_db
def test_import_stores_the_references_and_a_reimport_is_unchanged(tmp_path: Path):
    path = tmp_path / "gout.txt"
    path.write_text(TEXT, encoding="utf-8")

    def run():
        return import_sheets(paths=[path], as_of=AS_OF, at=at_nine(AS_OF))

    assert run().counts == {IMPORTED: 1}
    article = Article.objects.get()
    assert article.references == EXPECTED and article.live_revision.references == EXPECTED
    assert "NEJMoa" not in str(article.body)
    assert run().counts == {UNCHANGED: 1}

    path.write_text(TEXT.replace("the trial", "the 2021 trial"), encoding="utf-8")
    assert run().counts == {UPDATED: 1}
    article.refresh_from_db()
    assert article.references[0]["note"] == "the 2021 trial"
