"""manage.py review_status_report: its options are the report's FilterSet (the same filters and
sorts as the page and the API). The rows, columns and formats are tested through the old name
in test_overdue_report.py, and every route against the others in tests/reviews/reports/."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    TopicFactory,
    assign,
    editor_account,
    policy,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)


def report(*args, stderr=None) -> str:
    out = StringIO()
    call_command("review_status_report", "--as-of", AS_OF.isoformat(), *args, stdout=out,
                 stderr=stderr or StringIO())  # fmt: skip
    return out.getvalue()


def slugs(*args) -> list[str]:
    return [row["slug"] for row in json.loads(report("--format", "json", *args))]


@pytest.fixture
def library():
    asthma, stroke = TopicFactory(name="Asthma"), TopicFactory(name="Stroke")
    maya, omar = reviewer_account("Maya Patel", "MD"), reviewer_account("Omar Haddad", "PharmD")
    ellen = editor_account("ellen")
    very = ArticleFactory(slug="very-overdue", title="Very overdue", topic=asthma, owner=ellen)
    sign(very, on=date(2020, 1, 1), reviewer=maya)
    a_bit = ArticleFactory(slug="a-bit-overdue", title="A bit overdue", topic=stroke,
                           review_policy=policy("Evergreen"))  # fmt: skip
    sign(a_bit, on=date(2022, 10, 1), reviewer=omar)
    soon = ArticleFactory(slug="due-soon", title="Due soon", topic=asthma, owner=ellen)
    sign(soon, on=date(2024, 12, 10), reviewer=omar)
    ArticleFactory(slug="never", title="Never reviewed", topic=stroke)
    assign(very, maya, omar)
    assign(soon, omar)
    scan_reviews(as_of=AS_OF)


def test_every_filter_of_the_filterset_is_an_option():
    from django.core.management import load_command_class

    parser = load_command_class("reviews", "review_status_report").create_parser(
        "manage.py", "review_status_report"
    )
    options = {action.dest for action in parser._actions}
    assert set(ReviewStatusFilter.base_filters) <= options


def test_filters_and_sorts(library):
    assert slugs() == ["never", "very-overdue", "a-bit-overdue", "due-soon"]
    assert slugs("--flag", "due_soon", "never_reviewed") == ["never", "due-soon"]
    assert slugs("--topic", "asthma") == ["very-overdue", "due-soon"]
    assert slugs("--policy", "evergreen") == ["a-bit-overdue"]
    assert slugs("--reviewer", "omar haddad pharmd") == ["very-overdue", "due-soon"]
    assert slugs("--editor", "ELLEN") == ["very-overdue", "due-soon"]
    assert slugs("--min-days", "30", "--max-days", "2000") == ["very-overdue", "a-bit-overdue"]
    assert slugs("--max-days", "0") == ["due-soon"]  # never reviewed is in no days range
    assert slugs("--sort=title") == ["a-bit-overdue", "due-soon", "never", "very-overdue"]
    assert slugs("--sort=-days_overdue") == ["due-soon", "a-bit-overdue", "very-overdue", "never"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min-days", "9", "--max-days", "1"], "--max-days: The range ends before it starts."),
        (["--policy", "Weekly"], "--policy: Select a valid choice."),
        (["--topic", "Gout"], "No topic named 'Gout'."),
        (["--reviewer", "Nobody"], "No reviewer named 'Nobody'."),
    ],
)
def test_invalid_filters_are_clear_errors(library, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)


def test_an_unknown_sort_is_refused_by_the_parser():
    with pytest.raises(CommandError, match="invalid choice: 'nonsense'"):
        report("--sort=nonsense")


def test_the_table_names_every_column_and_says_when_empty(library):
    table = report()
    assert table.splitlines()[0].split()[:4] == ["Slug", "Title", "Language", "Topic"]
    assert "Days overdue" in table.splitlines()[0]
    assert "No article has an open flag." in report("--flag", "trigger")


def test_the_old_name_says_it_is_deprecated_and_prints_the_same(library):
    err = StringIO()
    old = StringIO()
    call_command("overdue_report", "--as-of", AS_OF.isoformat(), "--format", "csv",
                 "--min-days", "30", stdout=old, stderr=err)  # fmt: skip
    assert "overdue_report is deprecated: use review_status_report" in err.getvalue()
    assert old.getvalue() == report("--format", "csv", "--min-days", "30")
    quiet = StringIO()
    report("--format", "csv", stderr=quiet)
    assert quiet.getvalue() == ""
