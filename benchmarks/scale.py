"""Benchmark Recheck at scale on PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/scale.py              # 100,000 articles
    .venv/bin/python benchmarks/scale.py --n 1000000  # a million

It builds N published articles with topics, reviewers, an imported revision (history row) and a
sign-off each (5% never reviewed), then measures the scan, the review-status report (first
page, each filter of ``FILTERS``, a deep page), the CSV export, the dashboard and the workload
page, through the real views in-process.

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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.body import clinical_content_hash  # noqa: E402
from cms.models import Article, HistoricalArticle, Topic  # noqa: E402
from reviews.models import ArticleReviewer, Reviewer, ReviewPolicy, SignOff  # noqa: E402
from reviews.services.report_snapshot import refresh_report_snapshot  # noqa: E402
from reviews.services.review_dates import refresh_review_dates  # noqa: E402
from reviews.services.scan import scan_reviews  # noqa: E402

BATCH = 5000
BODY = [
    {"type": "heading", "text": "What to know"},
    {"type": "paragraph", "text": "Take your medicine as directed by your care team."},
]
TABLES = (
    "reviews_reviewflag, reviews_flagsnapshot, reviews_notification, reviews_auditevent, "
    "reviews_signoff, reviews_articlereviewer, cms_article, cms_historicalarticle, cms_topic, "
    "reviews_reviewer, reviews_historicalreviewer"
)


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
    """N articles in bulk: article, history row, reviewer link, sign-off (95%)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLES} CASCADE")
    rng = random.Random(42)
    policies = list(ReviewPolicy.objects.all())
    topics = Topic.objects.bulk_create(
        [Topic(name=f"Condition {i}", slug=f"condition-{i}") for i in range(2000)]
    )
    reviewers = Reviewer.objects.bulk_create(
        [Reviewer(full_name=f"Reviewer {i}", credentials="MD") for i in range(3000)]
    )
    digest = clinical_content_hash(title="x", body=BODY)
    created_at = timezone.make_aware(datetime(2019, 1, 1, 9))
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        stop = min(n, start + BATCH)
        reviewed = {}
        articles = []
        for i in range(start, stop):
            last = None if rng.random() < 0.05 else as_of - timedelta(days=rng.randint(0, 2200))
            reviewed[i] = last
            articles.append(
                Article(
                    title=f"Article {i}",
                    slug=f"article-{i}",
                    body=BODY,
                    topic=rng.choice(topics),
                    review_policy=rng.choice(policies),
                    status=Article.Status.PUBLISHED,
                    originated_on=date(2018, 1, 1),
                    last_reviewed_on=last,
                )
            )
        Article.objects.bulk_create(articles)
        history = HistoricalArticle.objects.bulk_create(
            [
                HistoricalArticle(
                    id=a.pk,
                    title=a.title,
                    slug=a.slug,
                    summary="",
                    body=BODY,
                    source="",
                    topic_id=a.topic_id,
                    review_policy_id=a.review_policy_id,
                    status=a.status,
                    originated_on=a.originated_on,
                    history_date=created_at,
                    history_type="+",
                    history_change_reason="Benchmark import",
                    change_kind="imported",
                )
                for a in articles
            ]
        )
        links, signoffs = [], []
        for offset, (article, revision) in enumerate(zip(articles, history, strict=True)):
            reviewer = rng.choice(reviewers)
            links.append(ArticleReviewer(article=article, reviewer=reviewer, position=0))
            last = reviewed[start + offset]
            if last is not None:
                signoffs.append(
                    SignOff(
                        article=article,
                        revision=revision,
                        content_sha256=digest,
                        reviewer=reviewer,
                        reviewer_name=reviewer.full_name,
                        reviewer_credentials="MD",
                        signed_at=timezone.make_aware(datetime.combine(last, clock(12))),
                        meaning="imported",
                    )
                )
        ArticleReviewer.objects.bulk_create(links)
        SignOff.objects.bulk_create(signoffs)
        print(f"\r  built {stop:,}/{n:,} articles", end="", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cms_article a SET live_revision_id = h.history_id "
            "FROM cms_historicalarticle h WHERE h.id = a.id"
        )
        cursor.execute("ANALYZE")
    print(f"\r  built {n:,} articles with history, links and sign-offs in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    timed("refresh_review_dates (all articles)", refresh_review_dates)


def reviewers_can_sign() -> None:
    """Give each reviewer without an account one. Only a reviewer with an active account can
    sign (``can_sign_q``), and the scan flags every article none of whose reviewers can sign
    (``reviewer_credentials_expired``): without accounts, every article of the benchmark would
    carry that flag, which no real library does."""
    users = get_user_model().objects
    missing = list(Reviewer.objects.filter(user__isnull=True).values_list("pk", flat=True))
    if not missing:
        return
    for start in range(0, len(missing), BATCH):
        users.bulk_create(
            [users.model(username=f"bench-reviewer-{pk}") for pk in missing[start : start + BATCH]],
            ignore_conflicts=True,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_reviewer r SET user_id = u.id FROM auth_user u "
            "WHERE r.user_id IS NULL AND u.username = 'bench-reviewer-' || r.id"
        )
    print(f"  gave {len(missing):,} reviewers an account (so that they can sign)")


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
    args = parser.parse_args()
    as_of = timezone.localdate()

    ensure_database()
    print(f"PostgreSQL, {args.n:,} articles, as of {as_of}")
    if not args.reuse:
        build(args.n, as_of)
    reviewers_can_sign()
    with connection.cursor() as cursor:
        # CASCADE: reader reports point at flags (none here).
        cursor.execute(
            "TRUNCATE reviews_reviewflag, reviews_flagsnapshot, reviews_reportsnapshot CASCADE"
        )
        cursor.execute("ANALYZE")
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
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does within a minute of the first scan

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
