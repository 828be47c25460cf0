"""Benchmark drug mentions and the trigger scan (issue 18) on PostgreSQL. Prints figures;
asserts nothing.

    .venv/bin/python benchmarks/drug_mentions.py --n 10000
    .venv/bin/python benchmarks/drug_mentions.py --n 100000 --events 10000

It builds N articles with ``scale.py``'s builder (the sample sheet's text, which names
revumenib, about 4.4 KB each), a synthetic vocabulary the size of RxNorm's prescribable
ingredients and brands (``--concepts`` ingredients, each with a brand and a synonym; every
tenth article also names one of them) and ``--events`` events spread over the concepts, then
measures: building the automaton, matching texts (in Python, no database), re-matching every
article (``rematch_all_articles``, then again with nothing to change), storing one article's
mentions at publish time, and the scan, with the trigger statements timed apart from the other
flag kinds' statements.

It empties the database it is pointed at (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/recheck_bench_drugs) and refuses one whose name lacks
"bench".
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recheck_bench_drugs")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.models import Article  # noqa: E402
from reviews.choices import EventKind  # noqa: E402
from reviews.models import ClinicalEvent, DrugConcept, DrugMention, DrugName  # noqa: E402
from reviews.services.mentions import (  # noqa: E402
    build_matcher,
    record_mentions,
    rematch_all_articles,
)
from reviews.services.scan import scan_reviews  # noqa: E402

KINDS = [EventKind.FDA_APPROVAL, EventKind.BOXED_WARNING, EventKind.CLASS_I_RECALL]


def vocabulary(concepts: int, events: int, as_of: date, sheet_drug_events: bool) -> None:
    """``concepts`` ingredients (revumenib first), each with a brand and a synonym, and
    ``events`` events over them: revumenib, which every article names, among them unless
    ``sheet_drug_events`` is off (then only the tenth of articles naming another drug can be
    flagged, a share nearer a real library's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reviews_drugmention, reviews_drugname, reviews_labelversion, "
            "reviews_clinicalevent, reviews_historicalclinicalevent, reviews_drugconcept "
            "RESTART IDENTITY CASCADE"
        )
    rows = DrugConcept.objects.bulk_create(
        [DrugConcept(name="Revumenib")]
        + [DrugConcept(name=f"Drugamab{i:05d}") for i in range(1, concepts)]
    )
    names = []
    for concept in rows:
        base = concept.name.lower()
        for name, kind in (
            (base, "ingredient"),
            (f"{base}brand", "brand"),
            (f"{base} hcl", "synonym"),
        ):
            names.append(DrugName(concept=concept, name=name, normalised=name, kind=kind))
    DrugName.objects.bulk_create(names, batch_size=5000)
    rng = random.Random(7)
    first = 0 if sheet_drug_events else 1
    picks = [rows[0]] if sheet_drug_events else []
    picks += [rows[rng.randrange(first, len(rows))] for _ in range(len(picks), events)]
    ClinicalEvent.objects.bulk_create(
        [
            ClinicalEvent(
                term=concept.name,
                concept=concept,
                kind=KINDS[i % len(KINDS)],
                event_date=as_of - timedelta(days=rng.randint(0, 2000)),
                source_url=f"https://example.org/event/{i}",
                source_key=f"bench:{i}",
            )
            for i, concept in enumerate(picks)
        ],
        batch_size=5000,
    )


def mention_more(n: int, concepts: int) -> None:
    """Every tenth article's live text also names a synthetic drug (by brand every other)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cms_article SET live_text = live_text || ' Ask about drugamab' || "
            "lpad(((id %% %s) + 1)::text, 5, '0') || CASE WHEN id %% 20 = 0 THEN 'brand' "
            "ELSE '' END || '.' WHERE id %% 10 = 0",
            [concepts - 1],
        )


def clock(label: str, func):
    started = time.perf_counter()
    result = func()
    print(f"  {label}: {(time.perf_counter() - started) * 1000:,.0f} ms")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--concepts", type=int, default=8_000)
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--reuse", action="store_true", help="keep the articles already built")
    parser.add_argument(
        "--no-sheet-drug-events",
        action="store_true",
        help="no events on revumenib, which every article names (a realistic share flagged)",
    )
    args = parser.parse_args()
    as_of = timezone.localdate()
    scale.ensure_database()
    print(f"PostgreSQL, {args.n:,} articles, {args.concepts:,} drugs, {args.events:,} events")
    if not args.reuse:
        clock("build articles", lambda: scale.build(args.n, as_of))
        scale.reviewers_can_sign()
        mention_more(args.n, args.concepts)
    vocabulary(args.concepts, args.events, as_of, not args.no_sheet_drug_events)
    scale.vacuum_analyze()

    matcher = clock(f"build the automaton ({DrugName.objects.count():,} names)", build_matcher)
    texts = list(Article.objects.values_list("live_text", flat=True)[:10_000])
    started = time.perf_counter()
    found = sum(len(matcher.concepts_in(text)) for text in texts)
    elapsed = time.perf_counter() - started
    print(
        f"  match {len(texts):,} texts ({sum(map(len, texts)) / len(texts):,.0f} chars each) "
        f"in Python: {elapsed * 1000:,.0f} ms, {len(texts) / elapsed:,.0f} texts/s, "
        f"{found:,} mentions"
    )
    result = clock("rematch every article (mentions from empty)", rematch_all_articles)
    print(f"    {result}")
    result = clock("rematch again (nothing changes)", rematch_all_articles)
    print(f"    {result}")
    article = Article.objects.order_by("pk").first()
    record_mentions(  # the first call of a process builds the automaton
        article_id=article.pk, revision_id=article.live_revision_id, text=article.live_text
    )
    with CaptureQueriesContext(connection) as queries:
        clock(
            "store one article's mentions at publish (record_mentions)",
            lambda: record_mentions(
                article_id=article.pk,
                revision_id=article.live_revision_id,
                text=article.live_text,
            ),
        )
    print(f"    {len(queries)} queries; {DrugMention.objects.count():,} mentions stored")
    scale.vacuum_analyze()

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reviews_reviewflag, reviews_flagsnapshot CASCADE")
    connection.force_debug_cursor = True
    for label, day in (
        ("first scan", as_of),
        ("scan again", as_of),
        ("a day later", as_of + timedelta(days=1)),
    ):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = scan_reviews(as_of=day)
            total = time.perf_counter() - started
        trigger = [q for q in queries if "reviews_drugmention" in q["sql"]]
        others = [q for q in queries if q not in trigger and "reviews_reviewflag" in q["sql"]]
        statement_times = [f"{float(q['time']) * 1000:,.0f}" for q in trigger]
        slowest_other = max((float(q["time"]) for q in others), default=0)
        all_others = sum(float(q["time"]) for q in others)
        print(
            f"  {label}: {total * 1000:,.0f} ms, {len(queries)} queries; trigger statements "
            f"{sum(float(q['time']) for q in trigger) * 1000:,.0f} ms "
            f"({', '.join(statement_times)}); "
            f"other flag statements {all_others * 1000:,.0f} ms (slowest "
            f"{slowest_other * 1000:,.0f}); "
            f"open triggers {result.open.get('trigger', 0):,}"
        )


if __name__ == "__main__":
    main()
