"""Fuzzing the importer with hypothesis: random bytes, truncated HTML, huge lines and odd dates.
It never raises, and a sheet is either imported whole or not at all."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.models import Article
from reviews.models import ArticleReviewer, ReviewPolicy, SignOff
from reviews.services.importer import FAILED, import_sheet
from tests.factories import at_nine

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GOOD_HTML = (
    "<html><body><nav>A B C</nav><h1>Gout: Diet</h1><h2>What to eat</h2><p>Eat less red meat."
    "</p><ul><li>Drink water.</li></ul><div>Online Medical Reviewer: Ann Lee MD<br>"
    "Date Last Reviewed: 3/5/2024</div><p>&copy; 2026 Example Health. All rights reserved.</p>"
    "</body></html>"
)
dates = st.one_of(
    st.from_regex(r"\A\d{1,2}/\d{1,2}/\d{2,5}\Z"),
    st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}\Z"),
    st.text(max_size=20),
)
text_sheets = st.builds(
    lambda title, lines, when, reviewer: "\n".join(
        [title, "", *lines, f"Online Medical Reviewer: {reviewer}", f"Date Last Reviewed: {when}"]
    ),
    st.text(max_size=400),
    st.lists(st.text(max_size=5000), max_size=6),
    dates,
    st.text(max_size=60),
)


def run(tmp_path, name: str, data: bytes):
    """Import one sheet and check it, then roll back so that examples do not meet."""
    path = tmp_path / name
    path.write_bytes(data)
    with transaction.atomic():
        before = Article.objects.count()
        outcome = import_sheet(
            path=path,
            policy=ReviewPolicy.objects.get(is_default=True),
            as_of=AS_OF,
            at=at_nine(AS_OF),
        )
        assert_whole_or_nothing(outcome, before)
        assert "unexpected error" not in outcome.reason, outcome.reason  # no bug was caught
        transaction.set_rollback(True)
    return outcome


def assert_whole_or_nothing(outcome, before: int):
    articles = Article.objects.count()
    if outcome.status == FAILED:
        assert articles == before, outcome
        assert outcome.reason
    else:
        article = Article.objects.get(slug=outcome.slug)
        assert article.title and article.body and article.live_revision_id
        assert article.history.exists()
        assigned = set(
            ArticleReviewer.objects.filter(article=article).values_list("reviewer", flat=True)
        )
        signers = set(SignOff.objects.filter(article=article).values_list("reviewer", flat=True))
        if article.review.last_reviewed_on:
            # Every printed reviewer signed; only those who can sign are assigned.
            assert signers and assigned <= signers


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html"]))
def test_random_bytes_never_crash_the_importer(tmp_path_factory, data, suffix):
    run(tmp_path_factory.mktemp("fuzz"), f"sheet{suffix}", data)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(GOOD_HTML)))
def test_truncated_html_never_crashes_the_importer(tmp_path_factory, cut):
    run(tmp_path_factory.mktemp("fuzz"), "sheet.html", GOOD_HTML[:cut].encode())


@FUZZ
@given(sheet=text_sheets)
def test_odd_text_sheets_with_huge_lines_and_odd_dates_never_crash(tmp_path_factory, sheet):
    run(tmp_path_factory.mktemp("fuzz"), "sheet.txt", sheet.encode("utf-8", "replace"))
