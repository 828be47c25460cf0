"""Benchmark the review scan and the overdue report at scale. Prints figures; asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recheck_bench \\
        .venv/bin/python benchmarks/scan_and_report.py --n 100000

It empties and refills the database it is pointed at (it refuses the default SQLite file and
any database whose name lacks "bench"), so never point it at real data.
"""

import argparse
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recheck_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cms.models import Article, Topic  # noqa: E402
from reviews.models import ArticleReviewer, Reviewer, ReviewFlag, ReviewPolicy  # noqa: E402
from reviews.reports import write_csv, write_json  # noqa: E402
from reviews.selectors import overdue_rows  # noqa: E402
from reviews.services.review_dates import refresh_review_dates  # noqa: E402
from reviews.services.scan import scan_reviews  # noqa: E402

AS_OF = date(2026, 11, 23)
BATCH = 5000


def ensure_database():
    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Refusing to empty database {name!r}: its name must contain 'bench'.")
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        with psycopg.connect(**params, autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def build(n: int):
    """N published articles with reviewers and a spread of review dates, in bulk."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE reviews_reviewflag, reviews_articlereviewer, cms_article, "
                "cms_historicalarticle, cms_topic, reviews_reviewer, reviews_signoff CASCADE"
            )
        else:
            for table in ("reviews_reviewflag", "reviews_articlereviewer", "cms_article"):
                cursor.execute(f"DELETE FROM {table}")
    rng = random.Random(42)
    policies = list(ReviewPolicy.objects.all())
    topics = Topic.objects.bulk_create(
        [Topic(name=f"Topic {i}", slug=f"topic-{i}") for i in range(500)]
    )
    reviewers = Reviewer.objects.bulk_create(
        [Reviewer(full_name=f"Reviewer {i}", credentials="MD") for i in range(2000)]
    )
    body = [{"type": "paragraph", "text": "Benchmark body."}]
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        articles = []
        for i in range(start, min(n, start + BATCH)):
            never = rng.random() < 0.05
            articles.append(
                Article(
                    title=f"Article {i}",
                    slug=f"article-{i}",
                    body=body,
                    topic=rng.choice(topics),
                    review_policy=rng.choice(policies),
                    status=Article.Status.PUBLISHED,
                    originated_on=date(2015, 1, 1),
                    last_reviewed_on=None
                    if never
                    else AS_OF - timedelta(days=rng.randint(0, 365 * 6)),
                )
            )
        Article.objects.bulk_create(articles)
        ArticleReviewer.objects.bulk_create(
            [
                ArticleReviewer(article=a, reviewer=rng.choice(reviewers), position=0)
                for a in articles
            ]
        )
        print(f"\r  built {min(n, start + BATCH)}/{n} articles", end="", flush=True)
    print(f"\r  built {n} articles in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    refresh_review_dates()
    print(f"  refresh_review_dates: {time.perf_counter() - started:.2f} s")


def timed(label, func):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - started
    print(f"  {label}: {elapsed:.2f} s, {len(queries)} queries")
    return result, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to build")
    args = parser.parse_args()

    ensure_database()
    print(f"Database: {connection.vendor}, {args.n} articles, as of {AS_OF}")
    build(args.n)
    ReviewFlag.objects.all().delete()
    result, _ = timed("scan (first, raises every flag)", lambda: scan_reviews(as_of=AS_OF))
    print(f"    open flags: {dict(result.open)}")
    timed("scan (again, nothing to change)", lambda: scan_reviews(as_of=AS_OF))
    timed("scan (a day later)", lambda: scan_reviews(as_of=AS_OF + timedelta(days=1)))

    for label, writer in (("JSON", write_json), ("CSV", write_csv)):
        sink = open(os.devnull, "w")  # noqa: SIM115
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        count, elapsed = timed(
            f"overdue report {label}", lambda w=writer, s=sink: w(overdue_rows(as_of=AS_OF), s)
        )
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"    {count} rows, {count / elapsed:,.0f} rows/s, "
            f"peak RSS {rss_after / 1024:.0f} MiB (grew {(rss_after - rss_before) / 1024:.0f} MiB)"
        )


if __name__ == "__main__":
    main()
