"""The review-status report's one declaration: its two SQL strategies give the same rows, and
every route (page, CSV, JSON, command, API) accepts the same filters and gives the same rows."""

import csv
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from rest_framework.pagination import PageNumberPagination
from rest_framework.test import APIClient

from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from cms.services.revisions import publish_revision
from reviews.api.serializers import ReviewStatusRowSerializer
from reviews.reports.review_status import COLUMNS, SORTS, review_status_rows, with_row_columns
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.selectors.flag_reasons import article_flag_reasons
from reviews.services.scan import scan_reviews
from reviews.views import reports as reports_views
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    TopicFactory,
    UserFactory,
    assign,
    editor_account,
    policy,
    sign,
    translation,
)

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def reviewed_days_ago(days: int) -> date:
    """A review date that makes a Standard (24-month) article due ``days`` ago, more or less."""
    due = today() - timedelta(days=days)
    return due.replace(year=due.year - 2, day=min(due.day, 28))


# Words of three reading grades (about 0, 3 and 19), so that the grade sorts and filters.
GRADED_WORDS = [
    "Take your pills. Rest a lot. Drink water.",
    "Take your medicine as directed.",
    "Chemotherapy medications occasionally cause considerable gastrointestinal discomfort.",
]


@pytest.fixture
def varied():
    """Flagged articles of every sort: overdue by various amounts, due soon, never reviewed,
    several flags at once, no topic, each policy, two editors, several assigned reviewers (in
    order), signers who are not assigned, a second signature on an edited article, and one
    article that is fine (not listed)."""
    asthma, stroke = TopicFactory(name="Asthma"), TopicFactory(name="Stroke")
    maya = ReviewerFactory(full_name="Maya Patel", credentials="MD")
    omar = ReviewerFactory(full_name="Omar Haddad", credentials="PharmD")
    zed = ReviewerFactory(full_name="Zed Last", credentials="RN")
    ellen, eric = editor_account("ellen"), editor_account("eric")
    made = []
    for n, days in enumerate([10, 45, 120, 400, 800, 1500, -20]):
        article = ArticleFactory(
            title=f"{'Beta' if n % 3 else 'Alpha'} sheet {n}",
            topic=[asthma, stroke, None][n % 3],
            review_policy=policy(["Standard", "Evergreen", "Medication & fast-moving"][n % 3]),
            owner=[ellen, eric][n % 2],
            body=[{"type": "paragraph", "text": GRADED_WORDS[n % 3]}],
        )
        sign(article, on=reviewed_days_ago(days), reviewer=[maya, omar, zed][n % 3])
        made.append(article)
    assign(made[0], zed, maya)
    assign(made[1], omar)
    assign(made[3], maya, omar, zed)
    assign(made[5], omar)
    twice = made[2]
    sign(twice, on=reviewed_days_ago(90), reviewer=maya)
    edit_article(
        article_id=twice.pk, editor=ellen, changes={"title": "Alpha sheet 2, edited"},
        kind=ChangeKind.EDITORIAL, reason="Typo", at=timezone.now(),
        base_revision_id=latest_revision(twice).history_id,
    )  # fmt: skip
    for n in range(2):
        never = ArticleFactory(title=f"Never reviewed {n}", topic=asthma if n else None,
                               owner=ellen)  # fmt: skip
        assign(never, maya)
    fine = ArticleFactory(title="Fine")
    sign(fine, on=today() - timedelta(days=30), reviewer=maya)
    scan_reviews(as_of=today())


def test_the_strategies_give_the_same_rows_for_every_sort_and_filter(varied):
    filter_sets = [
        {},
        {"flag": ["overdue"], "min_days": 20},
        {"topic": "asthma"},
        {"reviewer": "Maya Patel"},
        {"flag": ["never_reviewed", "due_soon"]},
        {"flag": ["due_soon"]},  # read in due order from the flags (FLAGS_IN_DUE_ORDER)
        {"min_grade": 1, "max_grade": 25},
    ]
    for sort in SORTS.keys:
        for data in filter_sets:
            filters = ReviewStatusFilter(data, as_of=today())
            paged = review_status_rows(articles=filters.qs, as_of=today(), sort=sort)
            page_rows = paged[0:1000]
            streamed = list(review_status_rows(articles=filters.qs, as_of=today(), sort=sort,
                                               stream=True))  # fmt: skip
            assert streamed == page_rows, (sort, data)
            assert page_rows and paged.count() == len(page_rows)
    everything = list(review_status_rows(articles=ReviewStatusFilter({}, as_of=today()).qs,
                                         as_of=today(), stream=True))  # fmt: skip
    # The library is as varied as it claims.
    assert {kind for row in everything for kind in row.flags} >= {
        "overdue", "due_soon", "never_reviewed", "withdrawal_candidate"}  # fmt: skip
    assert any(len(row.assigned) == 3 for row in everything)
    assert any(row.topic == "" for row in everything)
    assert any(row.signed_by and not row.assigned for row in everything)
    assert "Fine" not in {row.title for row in everything}


def test_the_default_order_is_most_overdue_first_never_reviewed_on_top(varied):
    rows = list(review_status_rows(articles=ReviewStatusFilter({}, as_of=today()).qs,
                                   as_of=today(), stream=True))  # fmt: skip
    assert [r.title for r in rows[:2]] == ["Never reviewed 0", "Never reviewed 1"]
    days = [r.days_overdue for r in rows[2:]]
    assert days == sorted(days, reverse=True)


def test_a_days_range_never_matches_never_reviewed_articles(varied):
    for data in ({"min_days": 0}, {"max_days": 0}, {"min_days": -36525, "max_days": 36525},
                 {"flag": ["never_reviewed"], "max_days": 10}):  # fmt: skip
        filters = ReviewStatusFilter(data, as_of=today())
        rows = list(review_status_rows(articles=filters.qs, as_of=today(), stream=True))
        assert all(row.days_overdue is not None for row in rows), data
    low, high = 30, 400
    filters = ReviewStatusFilter({"min_days": low, "max_days": high}, as_of=today())
    rows = list(review_status_rows(articles=filters.qs, as_of=today(), stream=True))
    assert rows and all(low <= row.days_overdue <= high for row in rows)


def test_a_grade_range_filters_and_the_grade_sorts_ungraded_last(varied):
    Article.objects.filter(title="Never reviewed 0").update(reading_grade=None)  # not graded
    everything = ReviewStatusFilter({"sort": "reading_grade"}, as_of=today())
    rows = list(review_status_rows(articles=everything.qs, as_of=today(), sort="reading_grade"))
    grades = [row.reading_grade for row in rows]
    assert grades[-1] is None and None not in grades[:-1]
    assert grades[:-1] == sorted(grades[:-1]) and grades[0] < 1 < 15 < grades[-2]
    backwards = review_status_rows(articles=everything.qs, as_of=today(), sort="-reading_grade")
    assert [row.reading_grade for row in backwards][:-1] == grades[-2::-1]  # ungraded: last
    ranged = ReviewStatusFilter({"min_grade": 1, "max_grade": 25}, as_of=today())
    assert ranged.is_valid()
    inside = list(review_status_rows(articles=ranged.qs, as_of=today(), stream=True))
    assert inside and all(1 <= row.reading_grade <= 25 for row in inside)
    assert len(inside) == len([g for g in grades if g is not None and 1 <= g <= 25])
    backwards_range = ReviewStatusFilter({"min_grade": 9, "max_grade": 1}, as_of=today())
    assert "max_grade" in backwards_range.errors


def test_a_days_range_is_a_plain_range_on_the_due_date():
    """No ``OR next_review_due IS NULL``: PostgreSQL can read just that stretch of the due-date
    index instead of walking every never-reviewed article first."""
    filters = ReviewStatusFilter({"min_days": 30, "max_days": 400}, as_of=date(2026, 11, 23))
    sql = str(filters.qs.query).upper()
    assert "IS NULL" not in sql.split("EXISTS")[0] + sql.split(")")[-1]
    assert '"NEXT_REVIEW_DUE" <= 2026-10-24' in sql and '"NEXT_REVIEW_DUE" >= 2025-10-19' in sql


def test_sort_keys_are_the_sortable_columns_both_ways():
    sortable = [c.key for c in COLUMNS if c.sortable]
    assert SORTS.keys == [k for key in sortable for k in (key, f"-{key}")]
    assert set(dict(ReviewStatusFilter.base_filters["sort"].extra["choices"])) == set(SORTS.keys)
    # ``-key`` reverses the column's own terms; the article id breaks ties, ascending. The
    # due order is the due-date index's own: (due, never reviewed first; article id).
    assert SORTS.terms("days_overdue") == [("next_review_due", False, True), ("id", False, None)]
    assert SORTS.terms("-days_overdue") == [("next_review_due", True, False), ("id", True, None)]
    assert SORTS.terms("topic") == [("topic_name", False, False), ("id", False, None)]
    assert SORTS.terms("-title") == [("title", True, None), ("id", True, None)]
    assert SORTS.terms("-topic")[0] == ("topic_name", True, False)  # no topic: last both ways
    assert SORTS.terms("nonsense") == SORTS.terms("days_overdue")  # fmt: skip


def test_the_api_serializer_fields_are_the_columns():
    assert list(ReviewStatusRowSerializer().fields) == [c.key for c in COLUMNS]


# -- Every route -----------------------------------------------------------------------------

COMBINATIONS = [
    {},
    {"flag": ["overdue"]},
    {"flag": ["due_soon", "never_reviewed"]},
    {"topic": "asthma"},
    {"policy": "Evergreen"},
    {"reviewer": "Maya Patel"},
    {"reviewer": "omar haddad pharmd"},
    {"editor": "ERIC"},
    {"min_days": 30, "max_days": 400},
    {"flag": ["overdue"], "min_days": 30, "max_days": 400},
    {"min_days": 100},
    {"max_days": 50},
    {"flag": ["overdue"], "topic": "Stroke", "policy": "Evergreen", "editor": "eric",
     "reviewer": "Omar Haddad", "min_days": 1, "max_days": 36525},
    {"sort": "-title"},
    {"sort": "topic", "flag": ["overdue", "withdrawal_candidate"]},
    {"sort": "-last_reviewed", "max_days": 1000},
    {"sort": "policy", "reviewer": "Zed Last RN"},
    {"min_grade": 1, "max_grade": 25},
    {"sort": "-reading_grade", "min_grade": 2.5},
]  # fmt: skip


def _page(client, params) -> list[str]:
    slugs, number = [], 1
    while True:
        context = client.get(reverse("reviews:report-review-status"),
                             {**params, "page": number}).context  # fmt: skip
        slugs += [row.slug for row in context["page"].object_list]
        if not context["page"].has_next():
            return slugs
        number += 1


def _download(client, params, fmt) -> str:
    response = client.get(reverse("reviews:report-review-status"), {**params, "format": fmt})
    return b"".join(response.streaming_content).decode()


def _command(params) -> list[str]:
    args = ["--as-of", today().isoformat(), "--format", "json"]
    for name, value in params.items():
        option = f"--{name.replace('_', '-')}"
        args += [option, *value] if isinstance(value, list) else [f"{option}={value}"]
    out = StringIO()
    call_command("review_status_report", *args, stdout=out)
    return [row["slug"] for row in json.loads(out.getvalue())]


def _api(client, params) -> list[str]:
    slugs, number = [], 1
    while True:
        body = client.get("/api/reports/review-status/", {**params, "page": number}).json()
        slugs += [row["slug"] for row in body["results"]]
        if not body["next"]:
            return slugs
        number += 1


@pytest.mark.parametrize("params", COMBINATIONS, ids=lambda p: "&".join(p) or "none")
def test_every_route_takes_the_same_filters_and_gives_the_same_rows(varied, params, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 3)  # several pages: API
    monkeypatch.setattr(reports_views, "PAGE_SIZE", 3)  # and web
    admin = UserFactory(username="ada", role="Content admins")
    client, api = Client(), APIClient()
    client.force_login(admin)
    api.force_authenticate(admin)
    filters = ReviewStatusFilter(params, as_of=today())
    expected = [row.slug for row in review_status_rows(
        articles=filters.qs, as_of=today(), sort=filters.chosen_sort, stream=True)]  # fmt: skip

    assert _page(client, params) == expected
    assert [r["slug"] for r in csv.DictReader(StringIO(_download(client, params, "csv")))] == (
        expected
    )
    assert [r["slug"] for r in json.loads(_download(client, params, "json"))] == expected
    assert _command(params) == expected
    assert _api(api, params) == expected
    if params in ({}, {"flag": ["overdue"]}):
        assert len(expected) >= 5


def test_the_api_rows_equal_the_json_download(varied):
    admin = UserFactory(username="ada", role="Content admins")
    client, api = Client(), APIClient()
    client.force_login(admin)
    api.force_authenticate(admin)
    downloaded = json.loads(_download(client, {"sort": "title"}, "json"))
    assert (
        api.get("/api/reports/review-status/", {"sort": "title"}).json()["results"]
        == (downloaded[:50])
    )


def test_reviewers_are_found_by_name_or_printed_name_in_any_case():
    from reviews.selectors import reviewers_named

    jess = ReviewerFactory(full_name="Jessica Gotwals", credentials="RN BSN MPH")
    plain = ReviewerFactory(full_name="Sam Roe", credentials="")
    for typed in ("Jessica Gotwals", " jessica gotwals ", "JESSICA GOTWALS RN BSN MPH"):
        assert list(reviewers_named(typed)) == [jess], typed
    assert list(reviewers_named("sam roe")) == [plain]
    for typed in ("Jessica", "Jessica Gotwals RN", "Gotwals RN BSN MPH", "Sam Roe MD", ""):
        assert not reviewers_named(typed).exists(), typed


@pytest.mark.postgres
def test_postgresql_reads_a_days_range_from_the_due_date_index(varied):
    """The days range alone, in the report's order, is an Index Cond on the due-date index
    (reviews_state_due_nulls_first), not a filter applied while walking every article. (Which
    table the whole page query starts from depends on the statistics; this is the part the
    range decides.)"""
    from django.db import connection

    from cms.models import Article

    filters = ReviewStatusFilter({}, as_of=today())
    in_range = filters.filter_max_days(
        filters.filter_min_days(Article.objects.all(), "min_days", 30), "max_days", 400
    )
    page = with_row_columns(in_range).order_by(*SORTS.order_by("days_overdue"))[:51]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "reviews_state_due_nulls_first" in plan, plan
    condition = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "next_review_due >=" in condition and "next_review_due <=" in condition, plan
    assert "IS NULL" not in plan, plan


@pytest.mark.postgres
def test_postgresql_pages_in_due_order_from_the_index_without_sorting(varied):
    """The first page in the default order is read from reviews_state_due_nulls_first and
    stops after the page: no Sort over every flagged article (a LEFT JOIN to the review state
    forced one, 144 ms instead of 15 at 100k)."""
    from django.db import connection

    from cms.models import Article

    page = with_row_columns(Article.objects.all()).order_by(*SORTS.order_by("days_overdue"))
    sql, params = page[:26].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "reviews_state_due_nulls_first" in plan, plan
    assert "Sort" not in plan, plan


def test_reasons_are_in_the_reader_s_language_not_the_article_s():
    """A Spanish sheet on an English screen gives English reasons, and the reverse."""
    spanish = ArticleFactory(title="Hoja", language="es")
    sign(spanish, on=reviewed_days_ago(40))
    scan_reviews(as_of=today())
    articles = ReviewStatusFilter({}, as_of=today()).qs
    for stream in (False, True):
        (row,) = list(review_status_rows(articles=articles, as_of=today(), stream=stream))
        assert row.language == "es"
        assert [r.label for r in row.flag_reasons()] == ["Overdue"], stream
        with override("es"):
            (row,) = list(review_status_rows(articles=articles, as_of=today(), stream=stream))
        assert [r.label for r in row.flag_reasons()] != ["Overdue"], stream


def test_the_report_s_reasons_are_the_review_page_s(varied):
    """Every row's reasons, in both strategies and as the CSV's text, are those the review page
    shows (``article_flag_reasons``): a pinned translation's reason names its pin, a
    withdrawal candidate's names its policy's limit, and one whose assigned reviewers cannot
    sign says who and why."""
    source = ArticleFactory(title="Source")
    sign(source, on=today() - timedelta(days=30))
    spanish = translation(source)
    edit = edit_article(
        article_id=source.pk, editor=editor_account(), kind=ChangeKind.SUBSTANTIVE,
        changes={"body": [*source.body, {"type": "paragraph", "text": "New dosing."}]},
        reason="Dosing", base_revision_id=latest_revision(source).history_id, at=timezone.now(),
    )  # fmt: skip
    source.refresh_from_db()
    publish_revision(article=source, revision=edit, at=timezone.now())
    scan_reviews(as_of=today())
    articles = ReviewStatusFilter({}, as_of=today()).qs
    by_slug = {a.slug: a for a in Article.objects.select_related("review")}
    kinds = set()
    for stream in (False, True):
        for row in review_status_rows(articles=articles, as_of=today(), stream=stream)[0:1000] \
                if not stream else review_status_rows(articles=articles, as_of=today(),
                                                      stream=True):  # fmt: skip
            # In the same order as the review page lists them (FlagKind's).
            expected = article_flag_reasons(by_slug[row.slug], as_of=today())
            reasons = row.flag_reasons()
            assert [r.kind for r in reasons] == [r.kind for r in expected]
            assert row.reasons_text() == " | ".join(map(str, reasons))
            assert reasons == expected, row.slug  # naming who cannot sign, as the page does
            kinds.update(row.flags)
    assert {"translation_outdated", "withdrawal_candidate", "overdue"} <= kinds
    assert "reviewer_credentials_expired" in kinds
    spanish_reason = next(
        r for r in article_flag_reasons(spanish, as_of=today()) if r.kind == "translation_outdated"
    )
    assert f"since revision {spanish.source_revision_id}" in spanish_reason.text


def test_only_sorts_an_index_gives_are_walked():
    walked = {key for key in SORTS.keys if SORTS.indexed(key)}
    assert walked == {"days_overdue", "-days_overdue", "next_review_due", "-next_review_due",
                      "title", "-title"}  # fmt: skip
    assert SORTS.indexed("nonsense")  # the default sort


def _in_flag_due_order(rows) -> bool:
    return 'ORDER BY "reviews_reviewflag"."due_on"' in str(rows.queryset.query)


def _due_soon_by_exists():
    """The due-soon articles as any other kind is filtered (EXISTS), which walks the review
    state's due-order index."""
    from django.db.models import Exists, OuterRef

    from reviews.models import ReviewFlag

    due_soon = ReviewFlag.objects.filter(
        article=OuterRef("pk"), kind="due_soon", resolved_on__isnull=True
    )
    return Article.objects.filter(Exists(due_soon))


def test_due_soon_pages_come_in_the_same_order_from_the_flags():
    """Due-soon rows, read in due order from their flags (the filter joins the flag and
    annotates its due date), come in the same order as the review state's due-order walk
    gives, for both due-date sorts."""
    for days in (-5, -20, -12, -30, -3):
        sign(ArticleFactory(), on=reviewed_days_ago(days))
    sign(ArticleFactory(), on=reviewed_days_ago(40))  # overdue
    scan_reviews(as_of=today())
    filters = ReviewStatusFilter({"flag": ["due_soon"]}, as_of=today())
    for sort in ("days_overdue", "-days_overdue", "next_review_due", "-next_review_due"):
        from_flags = review_status_rows(articles=filters.qs, as_of=today(), sort=sort)
        walked = review_status_rows(articles=_due_soon_by_exists(), as_of=today(), sort=sort)
        assert _in_flag_due_order(from_flags)
        assert not _in_flag_due_order(walked)
        assert [r.slug for r in from_flags[0:10]] == [r.slug for r in walked[0:10]], sort
        assert len(walked[0:10]) == 5 and from_flags[0] == walked[0]
        assert from_flags.count() == 5
    by_title = review_status_rows(articles=filters.qs, as_of=today(), sort="title")
    assert not _in_flag_due_order(by_title)  # not a due order
    assert [r.slug for r in by_title[0:10]] == sorted(r.slug for r in walked[0:10])
    both = ReviewStatusFilter({"flag": ["due_soon", "overdue"]}, as_of=today())
    assert not _in_flag_due_order(review_status_rows(articles=both.qs, as_of=today()))
    assert both.qs.count() == 6


@pytest.mark.postgres
def test_postgresql_reads_due_soon_pages_from_the_flag_index_without_workers():
    from django.db import connection

    sign(ArticleFactory(), on=reviewed_days_ago(-5))
    scan_reviews(as_of=today())
    filters = ReviewStatusFilter({"flag": ["due_soon"]}, as_of=today())
    for sort in ("days_overdue", "-days_overdue"):
        from_flags = review_status_rows(articles=filters.qs, as_of=today(), sort=sort)
        sql, params = from_flags.queryset[0:51].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: plan as at scale
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET LOCAL enable_seqscan = on")
        assert "reviews_flag_due_order" in plan and "Sort" not in plan, plan
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"
        by_policy = review_status_rows(articles=filters.qs, as_of=today(), sort="policy")
        assert len(by_policy[0:51]) == 1  # no index gives it: every row is read and sorted
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"
        assert len(from_flags[0:51]) == 1  # a walk: none for this transaction
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.postgres
def test_the_flag_due_order_index_covers_every_kind_that_carries_the_due_date():
    """Migration 0027 names the kinds of ``FLAGS_IN_DUE_ORDER`` in its partial index: a kind
    added to the set without a migration would be read from the flags without an index."""
    from django.db import connection

    from reviews.choices import FLAGS_IN_DUE_ORDER

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'reviews_flag_due_order'")
        (definition,) = cursor.fetchone()
    assert "due_on NULLS FIRST, article_id" in definition and "resolved_on IS NULL" in definition
    for kind in FLAGS_IN_DUE_ORDER:
        assert f"'{kind}'" in definition, definition


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the read's own transaction, as in a download
def test_postgresql_streams_every_row_without_workers_or_jit_and_then_restores_them(reference_data):
    """A whole-library read: parallel workers would each aggregate the three lists again, and
    JIT compiling costs more than it saves there; it reads one snapshot. The settings last as
    long as the read."""
    from django.db import connection

    def setting(name: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            return cursor.fetchone()[0]

    for n in range(3):
        sign(ArticleFactory(slug=f"old-{n}"), on=date(2020, 1, 1))
    scan_reviews(as_of=today())
    before = setting("max_parallel_workers_per_gather"), setting("jit")
    rows = review_status_rows(articles=ReviewStatusFilter({}, as_of=today()).qs,
                              as_of=today(), stream=True)  # fmt: skip
    first = next(rows)
    assert (setting("max_parallel_workers_per_gather"), setting("jit")) == ("0", "off")
    assert setting("transaction_isolation") == "repeatable read"  # one snapshot for the read
    assert [first.slug, *(row.slug for row in rows)] == ["old-0", "old-1", "old-2"]
    assert (setting("max_parallel_workers_per_gather"), setting("jit")) == before
    assert setting("transaction_isolation") == "read committed"
