"""Fuzzing the importer with hypothesis: random bytes, truncated HTML, huge lines and odd dates.
It never raises, and a sheet is either imported whole or not at all."""

import json
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.body import validate_body
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
# What a hostile page may carry in the constructs HTML import keeps (links, marks, lists,
# tables, images): the visible words are harmless, the rest must never reach the body.
HOSTILE = [
    "<script>alert('x')</script>",
    "<p onclick=\"alert('x')\">Tap here.</p>",
    "<p>Open <a href=\"javascript:alert('x')\">this</a>.</p>",
    "<p><a href=\"JaVaScRiPt:alert('x')\">Open</a></p>",
    "<p><a href=\"java\tscript:alert('x')\">Open</a></p>",
    "<p><a href=' javascript:alert(1)'>Open</a></p>",
    '<p><a href="data:text/html;base64,PHNjcmlwdD4=">Open</a></p>',
    "<p><a href='vbscript:msgbox(1)'>Open</a></p>",
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Chart">',
    '<img src=x onerror="alert(\'x\')" alt="Chart">',
    "<p style=\"background:url(javascript:alert('x'))\">Shaded.</p>",
    "<style>p{color:red}</style>",
    "<svg onload=alert('x')><text>Pic</text></svg>",
    "<iframe src=\"javascript:alert('x')\"></iframe>",
    "<p><b onmouseover=\"alert('x')\">Bold</b> and <i style='x'>slanted</i></p>",
    "<table><tr><th onclick=alert(1)>A</th><th>B</th></tr><tr><td><a href='javascript:alert(1)'>"
    "C</a></td><td style='x:expression(alert(1))'>D</td></tr></table>",
    "<ol><li><a href='javascript:alert(1)'>Step</a><ul><li onclick=alert(1)>Sub</li></ul></li>"
    "</ol>",
    "<base href='javascript:alert(1)//'><p><a href='relative'>Rel</a></p>",
    "<figure><img src='data:image/svg+xml,<svg onload=alert(1)>' alt='Fig'>"
    "<figcaption>Caption</figcaption></figure>",
]
SURVIVES_NOT = ("javascript", "vbscript", "data:", "<", "alert", "onclick", "onerror", "style")
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


@FUZZ
@given(fragments=st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=6))
def test_hostile_markup_never_reaches_the_body(tmp_path_factory, fragments):
    page = GOOD_HTML.replace("<h2>What to eat</h2>", "<h2>What to eat</h2>" + "".join(fragments))
    path = tmp_path_factory.mktemp("fuzz") / "sheet.html"
    path.write_text(page, encoding="utf-8")
    with transaction.atomic():
        outcome = import_sheet(
            path=path,
            policy=ReviewPolicy.objects.get(is_default=True),
            as_of=AS_OF,
            at=at_nine(AS_OF),
        )
        assert outcome.status != FAILED, outcome.reason
        body = Article.objects.get(slug=outcome.slug).body
        validate_body(body)
        stored = json.dumps(body).lower()
        assert not [marker for marker in SURVIVES_NOT if marker in stored], stored
        transaction.set_rollback(True)
