"""Benchmark Recheck at scale on PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/scale.py              # 100,000 articles
    .venv/bin/python benchmarks/scale.py --n 1000000  # a million
    .venv/bin/python benchmarks/scale.py --n 1000000 --reuse  # measure again, no build

It builds N published articles with the text of the sample sheet (about 4.4 KB each), topics,
reviewers, an imported revision (history row), a review state and a sign-off each (5% never
reviewed), runs VACUUM ANALYZE, then measures the writes of the review dates (every date, a
pass that changes nothing, a policy change), the scan, the review-status report (first page,
each filter of ``FILTERS``, a deep page), the CSV export, the dashboard and the workload page,
through the real views in-process.

It empties the database it is pointed at (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/recheck_bench) and refuses any database whose name lacks
"bench", so never point it at real data.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
# Production settings (DEBUG off): with DEBUG on, Django logs every query's SQL with its
# parameters bound, which adds 1-2 ms to each report page's main query.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-" + "x" * 30)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recheck_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.body import body_to_text, clinical_content_hash  # noqa: E402
from cms.markup import body_from_markup  # noqa: E402
from cms.models import Article, HistoricalArticle, Topic  # noqa: E402
from reviews.models import ArticleReview, ArticleReviewer, Reviewer, ReviewPolicy, SignOff  # noqa: E402
from reviews.roles import MEDICAL_REVIEWERS  # noqa: E402
from reviews.services.policies import save_policy  # noqa: E402
from reviews.services.report_snapshot import refresh_report_snapshot  # noqa: E402
from reviews.services.review_dates import refresh_review_dates  # noqa: E402
from reviews.services.scan import scan_reviews  # noqa: E402
from tests.samples import SAMPLE  # noqa: E402

BATCH = 5000
# The sample sheet read as editing markup (body_from_markup): 26 paragraphs, 4.3 KB of text.
SHEET = body_from_markup(SAMPLE.read_text(encoding="utf-8"))
TABLES = (
    "reviews_reviewflag, reviews_flagsnapshot, reviews_notification, reviews_auditevent, "
    "reviews_signoff, reviews_articlereviewer, reviews_articlereview, cms_article, "
    "cms_historicalarticle, cms_topic, reviews_reviewer, reviews_historicalreviewer"
)


def sheet_text(number: int, title: str, topic: str) -> tuple[list[dict], str]:
    """The sample sheet's body with the article's title in place of the sheet's and one
    sentence of its own, and the live text made of them (``revision_text``: the title, then
    the body's lines): about 4.4 KB, no two articles alike."""
    body = list(SHEET)  # the blocks that stay the same are shared, not copied
    body[1] = {"type": "paragraph", "text": title}
    body[2] = {
        "type": "paragraph",
        "text": f"{SHEET[2]['text']} This sheet, number {number}, is filed under {topic}.",
    }
    return body, f"{title}\n{body_to_text(body)}"


def ensure_database():
    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor != "postgresql" or "bench" not in str(name):
        sys.exit(
            f"Refusing: needs a PostgreSQL database whose name contains 'bench', not {name!r}."
        )
    import psycopg

    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def build(n: int, as_of: date) -> None:
    """N articles in bulk: revision (history row), article (its live text and live revision
    set as it is inserted, so that no article row is written twice), review state with its
    dates unset, reviewer link, sign-off (95%)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
    rng = random.Random(42)
    policies = list(ReviewPolicy.objects.all())
    topics = Topic.objects.bulk_create(
        [Topic(name=f"Condition {i}", slug=f"condition-{i}") for i in range(2000)]
    )
    reviewers = Reviewer.objects.bulk_create(
        [
            Reviewer(full_name=f"Reviewer {i}", credentials="MD", slug=f"reviewer-{i}")
            for i in range(3000)
        ]
    )
    created_at = timezone.make_aware(datetime(2019, 1, 1, 9))
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        stop = min(n, start + BATCH)
        history, articles, states, links, signoffs = [], [], [], [], []
        for i in range(start, stop):
            last = None if rng.random() < 0.05 else as_of - timedelta(days=rng.randint(0, 2200))
            topic, policy, reviewer = (
                rng.choice(topics),
                rng.choice(policies),
                rng.choice(reviewers),
            )
            title = f"Article {i}"
            body, text = sheet_text(i, title, topic.name)
            revision = HistoricalArticle(
                history_id=i + 1,
                id=i + 1,
                title=title,
                slug=f"article-{i}",
                summary="",
                body=body,
                source="",
                topic_id=topic.pk,
                status=Article.Status.PUBLISHED,
                originated_on=date(2018, 1, 1),
                history_date=created_at,
                history_type="+",
                history_change_reason="Benchmark import",
                change_kind="imported",
            )
            history.append(revision)
            articles.append(
                Article(
                    pk=i + 1,
                    title=title,
                    slug=revision.slug,
                    body=body,
                    topic=topic,
                    status=Article.Status.PUBLISHED,
                    originated_on=revision.originated_on,
                    live_text=text,
                    live_revision_id=revision.history_id,
                )
            )
            states.append(ArticleReview(article_id=i + 1, policy=policy, last_reviewed_on=last))
            links.append(ArticleReviewer(article_id=i + 1, reviewer=reviewer, position=0))
            if last is not None:
                signoffs.append(
                    SignOff(
                        article_id=i + 1,
                        revision=revision,
                        content_sha256=clinical_content_hash(title=title, body=body),
                        reviewer=reviewer,
                        reviewer_name=reviewer.full_name,
                        reviewer_credentials="MD",
                        signed_at=timezone.make_aware(datetime.combine(last, clock(12))),
                        meaning="imported",
                    )
                )
        HistoricalArticle.objects.bulk_create(history)
        Article.objects.bulk_create(articles)
        ArticleReview.objects.bulk_create(states)
        ArticleReviewer.objects.bulk_create(links)
        SignOff.objects.bulk_create(signoffs)
        print(f"\r  built {stop:,}/{n:,} articles", end="", flush=True)
    with connection.cursor() as cursor:  # the ids above were given, not drawn
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [Article, HistoricalArticle]
        ):
            cursor.execute(statement)
    print(f"\r  built {n:,} articles with history, review states, links and sign-offs in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip


def vacuum_analyze() -> None:
    """VACUUM ANALYZE the whole database, as autovacuum would some time after a bulk change:
    fresh statistics for the planner, dead rows gone, the visibility map set (index-only
    scans). Autocommit, outside any transaction, as VACUUM requires."""
    assert connection.get_autocommit() and not connection.in_atomic_block
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")


def wal_position() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return cursor.fetchone()[0]


def timed_write(label, func):
    """``timed``, then the rows the write changed (its return value) and the WAL it wrote."""
    before = wal_position()
    rows = timed(label, func)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [before])
        wal = int(cursor.fetchone()[0])
    per_row = f", {wal / rows:,.0f} bytes a row" if rows else ""
    print(f"    {rows:,} rows changed; WAL {wal / 2**20:,.1f} MiB{per_row}")
    return rows


def measure_review_state(*, from_unset: bool, changes: bool) -> None:
    """The writes of the review dates. ``from_unset`` (right after a build, every date unset):
    ``refresh_review_dates`` over every article. ``changes``: a pass that changes nothing, then
    one policy's interval changed through ``save_policy`` (about a third of the articles) and
    put back."""
    print("Review state (dates written by refresh_review_dates)")
    if from_unset:
        timed_write("refresh_review_dates, every date from unset", refresh_review_dates)
    if not changes:
        return
    # Every row was just rewritten: a pass right after it would also prune the dead row
    # versions and set hint bits on every page (1.4 s at 1M, 0.8 s after a VACUUM), as
    # autovacuum would soon after.
    if from_unset:
        vacuum_analyze()
    timed_write("refresh_review_dates again (nothing changes)", refresh_review_dates)
    policy = ReviewPolicy.objects.default()
    interval = policy.interval_months
    articles = ArticleReview.objects.filter(policy=policy).count()
    for months in (interval - 6 if interval > 6 else interval + 6, interval):
        policy.interval_months = months
        timed_write(
            f"save_policy {policy.name}: {months} months ({articles:,} articles)",
            lambda: save_policy(policy=policy, at=timezone.now()),
        )


def reviewers_can_sign() -> None:
    """Give each reviewer without an account one, in the medical reviewers' role. Only a
    reviewer with an active account holding the signing permission can sign (``can_sign_q``),
    and the scan flags every article none of whose reviewers can sign
    (``reviewer_credentials_expired``): without them, every article of the benchmark would
    carry that flag, which no real library does. Accounts made by earlier runs get the role
    too."""
    users = get_user_model().objects
    missing = list(Reviewer.objects.filter(user__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(missing), BATCH):
        users.bulk_create(
            [users.model(username=f"bench-reviewer-{pk}") for pk in missing[start : start + BATCH]],
            ignore_conflicts=True,
        )
    role = Group.objects.get(name=MEDICAL_REVIEWERS)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_reviewer r SET user_id = u.id FROM auth_user u "
            "WHERE r.user_id IS NULL AND u.username = 'bench-reviewer-' || r.id"
        )
        cursor.execute(
            "INSERT INTO auth_user_groups (user_id, group_id) "
            "SELECT r.user_id, %s FROM reviews_reviewer r WHERE r.user_id IS NOT NULL "
            "ON CONFLICT DO NOTHING",
            [role.pk],
        )
        given = cursor.rowcount
    print(f"  gave {len(missing):,} reviewers an account and {given:,} the role (to sign)")


class _QueryCounter:
    """Counts queries without logging them (logging the SQL would add to the time)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(label, func, repeat=1):
    """Run ``func`` ``repeat`` times; print the median time and the query count."""
    times, result, queries = [], None, 0
    for _ in range(repeat):
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = func()
            times.append(time.perf_counter() - started)
        queries = counter.count
    median = statistics.median(times)
    extra = f" (median of {repeat}, min {min(times) * 1000:.0f} ms)" if repeat > 1 else ""
    print(f"  {label}: {median * 1000:,.0f} ms{extra}, {queries} queries")
    return result


def machine_speed() -> None:
    """How fast this machine runs plain Python and plain PostgreSQL today (best of 3 each), so
    that runs on different machines can be compared: the figures below move with these."""
    python, postgresql = [], []
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(20_000_000):
            total += number
        python.append(time.perf_counter() - started)
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("SELECT sum(n) FROM generate_series(1, 10000000) AS n")
            cursor.fetchone()
            postgresql.append(time.perf_counter() - started)
    print(
        f"  machine: Python adds 20 million numbers in {min(python):.2f} s; PostgreSQL sums "
        f"10 million in {min(postgresql):.2f} s"
    )


def page(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def export_csv(client, url):
    """Rows per second (plain run), then peak memory (a second run under tracemalloc, which
    slows Python down, so it is not timed)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = -1  # the header
    for chunk in client.get(url).streaming_content:
        rows += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    for _ in client.get(url).streaming_content:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  CSV export: {rows:,} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s; "
        f"process peak RSS {rss_after / 1024:.0f} MiB (before the export "
        f"{rss_before / 1024:.0f} MiB); peak Python allocations {peak / 2**20:.1f} MiB"
    )


def main():
    parser = argparse.ArgumentParser(description="Benchmark Recheck at scale.")
    parser.add_argument("--n", type=int, default=100_000, help="articles to build")
    parser.add_argument("--reuse", action="store_true", help="measure the existing data")
    parser.add_argument(
        "--skip-review-state",
        action="store_true",
        help="skip the no-change pass and the policy change (a build still times its first "
        "refresh_review_dates)",
    )
    args = parser.parse_args()
    as_of = timezone.localdate()

    ensure_database()
    print(f"PostgreSQL, {args.n:,} articles, as of {as_of}")
    machine_speed()
    if not args.reuse:
        build(args.n, as_of)
    reviewers_can_sign()
    with connection.cursor() as cursor:
        # CASCADE: reader reports point at flags (none here).
        cursor.execute(
            "TRUNCATE reviews_reviewflag, reviews_flagsnapshot, reviews_reportsnapshot CASCADE"
        )
    vacuum_analyze()
    if not (args.reuse and args.skip_review_state):
        measure_review_state(from_unset=not args.reuse, changes=not args.skip_review_state)
        vacuum_analyze()
    print("Scan")
    result = timed("first scan (raises every flag)", lambda: scan_reviews(as_of=as_of))
    print(f"    open flags: {dict(result.open)}")
    timed("scan again (nothing changes)", lambda: scan_reviews(as_of=as_of), repeat=3)
    timed("scan a day later", lambda: scan_reviews(as_of=as_of + timedelta(days=1)))
    scan_reviews(as_of=as_of)
    timed(
        "report figures for the dashboard (after each full scan)",
        lambda: refresh_report_snapshot(as_of=as_of, at=timezone.now()),
    )
    vacuum_analyze()  # what autovacuum does within a minute of the first scan

    admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
    admin.groups.add(Group.objects.get(name="Content admins"))
    client = Client()
    client.force_login(admin)
    print("Pages (server time, in-process)")
    report = "/reports/review-status/"
    timed("review-status report, first page", page(client, report), repeat=7)
    for label, query in FILTERS.items():
        timed(f"review-status report, {label}", page(client, f"{report}?{query}"), repeat=7)
    timed(
        "review-status report, page 100 sorted by title",
        page(client, f"{report}?sort=title&page=100"),
        repeat=7,
    )
    timed("dashboard", page(client, "/reports/"), repeat=7)
    timed("workload (first page)", page(client, "/reports/workload/"), repeat=7)
    print("Export")
    export_csv(client, f"{report}?format=csv")


# The filter combinations measured on the review-status report (the data has topics named
# "Condition N", reviewers "Reviewer N" and the three default policies).
FILTERS = {
    "flag=overdue, 30–400 days": "flag=overdue&min_days=30&max_days=400",
    "flag=overdue, topic, 30–400 days": ("flag=overdue&topic=Condition+0&min_days=30&max_days=400"),
    "reviewer": "reviewer=Reviewer+17",
    "reviewer and flag=overdue": "reviewer=Reviewer+17+MD&flag=overdue",
    "policy": "policy=Evergreen",
    "policy, 30–400 days, sorted by title": "policy=Evergreen&min_days=30&max_days=400&sort=title",
    "flag=due_soon (a dashboard link)": "flag=due_soon",
    "flag=never_reviewed": "flag=never_reviewed",
}


if __name__ == "__main__":
    main()
