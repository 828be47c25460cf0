"""manage.py overdue_report, the deprecated name of review_status_report (same code): the
report's rows, columns and formats, as they were before the rename."""

import csv
import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    TopicFactory,
    assign,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "000_a4a6a23edc28d406.txt"
KEYS = [
    "slug",
    "title",
    "language",
    "topic",
    "policy",
    "signed_by",
    "assigned",
    "last_reviewed",
    "next_review_due",
    "days_overdue",
    "reading_grade",
    "flags",
    "reasons",
]


def report(*args) -> str:
    out = StringIO()
    call_command("overdue_report", "--as-of", "2026-11-23", *args, stdout=out)
    return out.getvalue()


def test_the_imported_sample_is_418_days_overdue():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    call_command("scan_reviews", "--as-of", "2026-11-23", stdout=StringIO())

    (row,) = json.loads(report("--format", "json"))

    assert list(row) == KEYS
    assert row == {
        "slug": "acute-lymphocytic-leukemia-targeted-therapy",
        "title": "Acute Lymphocytic Leukemia: Targeted Therapy",
        "language": "en",
        "topic": "Acute Lymphocytic Leukemia",
        "policy": "Standard",
        "signed_by": [
            {"name": "Jessica Gotwals", "credentials": "RN BSN MPH"},
            {"name": "Susan K. Dempsey-Walls", "credentials": "RN"},
        ],
        "assigned": [],  # the printed reviewers have no accounts: they cannot be assigned
        "last_reviewed": "2023-10-01",
        "next_review_due": "2025-10-01",
        "days_overdue": 418,
        "reading_grade": 6.4,  # Flesch–Kincaid (tests/cms/test_readability.py)
        "flags": ["overdue"],
        "reasons": [
            {
                "kind": "overdue",
                "label": "Overdue",
                "reason": "Due 10/1/2025; 418 days overdue.",
                "links": [],
            }
        ],
    }
    table = report()
    assert "acute-lymphocytic-leukemia-ta" in table and "418" in table


@pytest.fixture
def library():
    """Four flagged articles and one that is fine."""
    asthma, stroke = TopicFactory(name="Asthma"), TopicFactory(name="Stroke")
    maya = reviewer_account("Maya Patel", "MD")
    omar = reviewer_account("Omar Haddad", "PharmD")
    very = ArticleFactory(slug="very-overdue", title="Very overdue", topic=asthma)
    sign(very, on=date(2020, 1, 1), reviewer=maya)
    a_bit = ArticleFactory(slug="a-bit-overdue", title="A bit overdue", topic=stroke)
    sign(a_bit, on=date(2024, 10, 1), reviewer=omar)
    soon = ArticleFactory(slug="due-soon", title="Due soon", topic=asthma)
    sign(soon, on=date(2024, 12, 10), reviewer=omar)
    never = ArticleFactory(slug="never", title="Never reviewed", topic=stroke)
    fine = ArticleFactory(slug="fine", title="Fine", topic=asthma)
    sign(fine, on=date(2026, 1, 1), reviewer=maya)
    assign(very, maya, omar)
    assign(soon, omar)
    assign(never, maya)
    scan_reviews(as_of=date(2026, 11, 23))


def slugs(*args) -> list[str]:
    return [row["slug"] for row in json.loads(report("--format", "json", *args))]


def test_rows_come_most_overdue_first_with_never_reviewed_at_the_top(library):
    rows = json.loads(report("--format", "json"))
    assert [r["slug"] for r in rows] == ["never", "very-overdue", "a-bit-overdue", "due-soon"]
    assert [r["days_overdue"] for r in rows] == [None, 1787, 53, -17]
    assert rows[0]["last_reviewed"] is None and rows[0]["next_review_due"] is None
    assert rows[0]["flags"] == ["never_reviewed"]
    assert rows[1]["flags"] == ["overdue", "withdrawal_candidate"]
    assert [r["name"] for r in rows[1]["assigned"]] == ["Maya Patel", "Omar Haddad"]
    # Omar is assigned but never signed: only Maya is credited.
    assert [r["name"] for r in rows[1]["signed_by"]] == ["Maya Patel"]


def test_filters_by_flag_topic_and_reviewer(library):
    assert slugs("--flag", "due_soon") == ["due-soon"]
    assert slugs("--flag", "due_soon", "never_reviewed") == ["never", "due-soon"]
    assert slugs("--topic", "asthma") == ["very-overdue", "due-soon"]
    assert slugs("--reviewer", "Maya Patel") == ["never", "very-overdue"]
    assert slugs("--reviewer", "omar haddad pharmd") == ["very-overdue", "due-soon"]


def test_csv_has_the_same_columns(library):
    rows = list(csv.DictReader(StringIO(report("--format", "csv"))))
    assert list(rows[0]) == KEYS
    assert rows[1]["assigned"] == "Maya Patel (MD); Omar Haddad (PharmD)"
    assert rows[1]["signed_by"] == "Maya Patel (MD)"
    assert rows[1]["flags"] == "overdue withdrawal_candidate"
    assert rows[0]["days_overdue"] == "" and rows[1]["days_overdue"] == "1787"


def test_an_empty_report_says_so():
    assert json.loads(report("--format", "json")) == []
    assert "No article has an open flag." in report()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--topic", "Gout"], "No topic named 'Gout'."),
        (["--reviewer", "Nobody"], "No reviewer named 'Nobody'."),
        (["--as-of", "soon"], "--as-of: 'soon' is not a date as YYYY-MM-DD"),
    ],
)
def test_unknown_filters_are_clear_errors(args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)


def test_the_report_reads_in_three_queries_whatever_the_number_of_rows():
    for number in range(30):
        article = ArticleFactory()
        assign(article, ReviewerFactory(), ReviewerFactory())
        if number % 2:
            sign(article, on=date(2022, 1, 1))
    scan_reviews(as_of=date(2026, 11, 23))
    with CaptureQueriesContext(connection) as queries:
        rows = json.loads(report("--format", "json"))
    assert len(rows) == 30
    # The rows' one query, one read of the reviewers' names and one of why the reviewers of
    # articles that no one can sign cannot (beside its transaction and, on PostgreSQL, the
    # settings that keep parallel workers and JIT off it).
    reading = [q["sql"] for q in queries if "SELECT" in q["sql"]]  # or DECLARE … FOR SELECT
    assert len(reading) == 3, reading
