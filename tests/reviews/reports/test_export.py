"""The writers read a report's columns; CSV never emits a cell a spreadsheet would run."""

import csv
import dataclasses
import json
from datetime import date
from io import StringIO

import pytest
from django.test import Client
from django.urls import reverse

from reviews.reports.export import csv_safe, iter_csv, write_json, write_table
from reviews.reports.review_status import COLUMNS, ReviewStatusRow
from reviews.selectors import ReviewerName
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, ReviewerFactory, TopicFactory, UserFactory, assign, sign

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]


def row(**fields) -> ReviewStatusRow:
    values = {
        "slug": "a", "title": "A", "language": "en", "topic": "T", "policy": "Standard",
        "signed_by": [], "assigned": [], "last_reviewed": date(2024, 1, 2),
        "next_review_due": date(2026, 1, 2),
        "days_overdue": -17, "reading_grade": 6.4, "flags": ["due_soon"],
        "flag_details": (("due_soon", ""),), "as_of": date(2025, 12, 16),
    }  # fmt: skip
    return ReviewStatusRow(**{**values, **fields})


def parsed_csv(rows) -> list[dict]:
    return list(csv.DictReader(StringIO("".join(iter_csv(rows, COLUMNS)))))


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_quotes_a_formula_in_every_text_column(formula):
    person = [ReviewerName(name=formula, credentials="MD")]
    (cells,) = parsed_csv([row(slug=formula, title=formula, topic=formula, policy=formula,
                               signed_by=person, assigned=person, flags=[formula])])  # fmt: skip
    text_columns = ["slug", "title", "topic", "policy", "signed_by", "assigned", "flags"]
    for key in text_columns:
        assert cells[key].startswith("'" + formula[0]), (key, cells[key])
    assert cells["title"] == "'" + formula


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.key)
@pytest.mark.parametrize("formula", ["=1+1", "+1", "@SUM(A1)", "\tx", "\rx", "-1+cmd|'/C calc'!A0"])
def test_csv_quotes_a_formula_whatever_the_column_and_its_kind(column, formula):
    """Every column of the report, dates and integers too: whatever a column's text turns out
    to be, the CSV writer guards it (only a plain negative integer in a column of integers
    stays as it is)."""
    columns = [dataclasses.replace(c, text=lambda r: formula) if c is column else c
               for c in COLUMNS]  # fmt: skip
    (cells,) = csv.DictReader(StringIO("".join(iter_csv([row()], columns))))
    assert cells[column.key] == "'" + formula


def test_csv_leaves_plain_text_numbers_and_dates_alone():
    (cells,) = parsed_csv([row(title="Asthma = lungs", topic="a-b")])
    assert cells["title"] == "Asthma = lungs" and cells["topic"] == "a-b"
    assert cells["days_overdue"] == "-17"  # a number, not a formula
    assert csv_safe("-17", numbers=True) == "-17" and csv_safe("-17") == "'-17"
    assert cells["last_reviewed"] == "2024-01-02"
    assert csv_safe("") == "" and csv_safe("'=1") == "'=1"
    assert cells["reading_grade"] == "6.4"
    (graded,) = parsed_csv([row(reading_grade=-1.5)])  # very short words: below grade 0
    assert graded["reading_grade"] == "-1.5" and csv_safe("-1.5", numbers=True) == "-1.5"
    (ungraded,) = parsed_csv([row(reading_grade=None)])
    assert ungraded["reading_grade"] == ""


def test_json_and_the_table_keep_the_text_as_it_is():
    out = StringIO()
    assert write_json([row(title="=1+1")], out, COLUMNS) == 1
    assert json.loads(out.getvalue())[0]["title"] == "=1+1"
    table = StringIO()
    write_table([row(title="=1+1")], table, COLUMNS)
    assert "=1+1" in table.getvalue()
    empty = StringIO()
    assert write_table([], empty, COLUMNS, empty="Nothing.") == 0
    assert empty.getvalue().endswith("Nothing.\n")


@pytest.mark.django_db
def test_the_download_quotes_formulas_typed_into_the_library():
    topic = TopicFactory(name='=HYPERLINK("http://x")')
    article = ArticleFactory(title="@SUM(1)", topic=topic)
    signer = ReviewerFactory(full_name="+Plus Person", credentials="MD")
    sign(article, on=date(2020, 1, 1), reviewer=signer)
    assign(article, ReviewerFactory(full_name="-Minus Person"))
    scan_reviews(as_of=date.today())
    client = Client()
    client.force_login(UserFactory(username="ada", role="Content admins"))
    response = client.get(reverse("reviews:report-review-status"), {"format": "csv"})
    (cells,) = csv.DictReader(StringIO(b"".join(response.streaming_content).decode()))
    assert cells["title"] == "'@SUM(1)"
    assert cells["topic"] == '\'=HYPERLINK("http://x")'
    assert cells["signed_by"] == "'+Plus Person (MD)"
    assert cells["assigned"] == "'-Minus Person (MD)"


@pytest.mark.django_db
def test_a_stored_name_holding_the_reports_separators_breaks_no_route():
    """Rows written before the input rules (directly, here) may hold U+001E and U+001F, which
    the report joins lists with: the page, CSV, JSON, API and command still list the article,
    with the separators dropped from the name."""
    from django.core.management import call_command
    from rest_framework.test import APIClient

    odd = ReviewerFactory(full_name="Ann\x1fLee\x1e", credentials="M\x1eD\x1f")
    article = ArticleFactory(title="Gout", slug="gout")
    sign(article, on=date(2020, 1, 1), reviewer=odd)
    assign(article, odd, ReviewerFactory(full_name="Bo Ek", credentials="RN"))
    scan_reviews(as_of=date.today())
    admin = UserFactory(username="ada", role="Content admins")
    client, api = Client(), APIClient()
    client.force_login(admin)
    api.force_authenticate(admin)
    url = reverse("reviews:report-review-status")

    page = client.get(url).context["page"].object_list
    assert [(r.slug, [p.printed for p in r.assigned]) for r in page] == [
        ("gout", ["AnnLee MD", "Bo Ek RN"])
    ]
    assert [p.printed for p in page[0].signed_by] == ["AnnLee MD"]
    (cells,) = csv.DictReader(StringIO(b"".join(client.get(url, {"format": "csv"})
                                                 .streaming_content).decode()))  # fmt: skip
    assert cells["signed_by"] == "AnnLee (MD)"
    (listed,) = json.loads(b"".join(client.get(url, {"format": "json"}).streaming_content))
    assert listed["assigned"][0] == {"name": "AnnLee", "credentials": "MD"}
    (from_api,) = api.get("/api/reports/review-status/").json()["results"]
    assert from_api["signed_by"] == [{"name": "AnnLee", "credentials": "MD"}]
    out = StringIO()
    call_command("review_status_report", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())[0]["assigned"][1]["name"] == "Bo Ek"


# Cells that a plain comma-joined line cannot hold, each in every position of a row.
AWKWARD = ["a,b", 'say "hi"', "two\nlines", "cr\rhere", "", "=1+1", "-1", "-1.5", "+x", "@x",
           "\tx", "-", ",", '"', "é ü 中", "ok", "a=b", "1+2", "me@x.org", "a\tb", "a-b",
           "x,-1"]  # fmt: skip


def _reference_csv(records, numbers) -> str:
    """What iter_csv wrote before its plain-line path: every cell guarded, then csv.writer."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([f"c{n}" for n in range(len(numbers))])
    for cells in records:
        writer.writerow([csv_safe(c, numbers=n) for c, n in zip(cells, numbers, strict=True)])
    return out.getvalue()


def test_plain_lines_and_the_csv_writer_give_the_same_output():
    from reviews.reports.columns import Column

    kinds = ["text", "integer", "date", "decimal"]
    columns = [Column(f"c{n}", f"C{n}", value=lambda r, n=n: r[n], text=lambda r, n=n: r[n],
                      kind=kind) for n, kind in enumerate(kinds)]  # fmt: skip
    numbers = [kind in ("integer", "decimal") for kind in kinds]
    records = [["plain", "12", "2024-01-02", "6.4"], ["", "", "", ""]]
    for awkward in AWKWARD:
        for position in range(len(kinds)):
            cells = ["plain", "12", "2024-01-02", "6.4"]  # alone, a plain line
            cells[position] = awkward
            records.append(cells)
    written = "".join(iter_csv(records, columns))
    assert written == _reference_csv(records, numbers)
    assert len(list(csv.reader(StringIO(written)))) == len(records) + 1
