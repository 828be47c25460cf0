"""Time the revision diff on adversarial text. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/diff.py

Repetitive text is the hard case for a diff: words from a four-word vocabulary, so that every
word matches thousands of others. Each case diffs two independent random texts and renders the
review page's diff (``cms/_diff.html``), as the review screen does:

- one paragraph of 5,000 words, and one of 20,000 (before the bounded alignment of
  ``cms.diff.matching_runs``, the 20,000-word paragraph took about 22 s);
- a 100 KB article of short paragraphs, every one of them edited;
- a 100 KB article of one paragraph with a word changed every 50 words;
- a 100 KB article of tables and lists (numbered, with nested items; cells and items with
  bold words and links), every one of them edited, and the same with one cell in ten and one
  item in ten changed (a typical review).
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402

from cms.body import body_to_text, canonical_body, validate_body  # noqa: E402
from cms.diff import diff_revisions  # noqa: E402

VOCABULARY = ["take", "the", "pill", "daily"]
RUNS = 3


def words(count: int, rng: random.Random) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(count))


def paragraphs(size: int, words_each: int, rng: random.Random) -> list[dict]:
    blocks, total = [], 0
    while total < size:
        text = words(words_each, rng)
        blocks.append({"type": "paragraph", "text": text})
        total += len(text) + 1
    return blocks


def every_fiftieth_changed(body: list[dict], rng: random.Random) -> list[dict]:
    changed = body[0]["text"].split()
    for index in range(0, len(changed), 50):
        changed[index] = rng.choice(["tablet", "weekly", "a"])
    return [{"type": "paragraph", "text": " ".join(changed)}]


def rich(size: int, rng: random.Random) -> list[dict]:
    """Headings, tables of 20 rows and numbered lists of 10 items with nested items, cells and
    items of repetitive words, some bold or linked, until ``size`` characters of text."""
    blocks: list[dict] = []
    while len(body_to_text(blocks)) < size:
        blocks.append({"type": "heading", "text": words(4, rng)})
        rows = [[_inline(words(3, rng), rng), words(2, rng)] for _ in range(20)]
        blocks.append({"type": "table", "header": ["Dose", "When"], "rows": rows})
        items = [{**_item(words(8, rng), rng), "items": [words(5, rng)]} for _ in range(10)]
        blocks.append({"type": "list", "ordered": True, "items": items})
    return canonical_body(blocks)


def _inline(text: str, rng: random.Random):
    first, _, rest = text.partition(" ")
    mark = rng.choice([{}, {"bold": True}, {"link": f"article:{first}"}])
    return {"spans": [{"text": first, **mark}, {"text": " " + rest}]} if mark else text


def _item(text: str, rng: random.Random) -> dict:
    content = _inline(text, rng)
    return {"text": content} if isinstance(content, str) else content


def one_in_ten_changed(body: list[dict], rng: random.Random) -> list[dict]:
    changed = json.loads(json.dumps(body))
    for block in changed:
        if block["type"] == "table":
            for row in block["rows"][::10]:
                row[1] = words(2, rng)
        elif block["type"] == "list":
            for item in block["items"][::10]:
                item["items"][0] = words(5, rng)
    return changed


def cases(rng: random.Random):
    yield "one paragraph, 5,000 words", [_para(words(5000, rng))], [_para(words(5000, rng))]
    yield "one paragraph, 20,000 words", [_para(words(20000, rng))], [_para(words(20000, rng))]
    yield (
        "100 KB article, short paragraphs, all edited",
        paragraphs(100_000, 12, rng),
        paragraphs(100_000, 12, rng),
    )
    long = [_para(words(100_000 // 5, rng))]
    yield (
        "100 KB article, one paragraph, 1 word in 50 changed",
        long,
        every_fiftieth_changed(long, rng),
    )
    tables = rich(100_000, rng)
    yield "100 KB article, tables and lists, all edited", tables, rich(100_000, rng)
    yield (
        "100 KB article, tables and lists, 1 in 10 changed",
        tables,
        one_in_ten_changed(tables, rng),
    )


def _para(text: str) -> dict:
    return {"type": "paragraph", "text": text}


def measure(old: list[dict], new: list[dict]) -> tuple[float, float]:
    diff_times, page_times = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        diff = diff_revisions(old_title="T", old_body=old, new_title="T", new_body=new)
        middle = time.perf_counter()
        render_to_string("cms/_diff.html", {"diff": diff})
        diff_times.append(middle - start)
        page_times.append(time.perf_counter() - start)
    return statistics.median(diff_times), statistics.median(page_times)


def main() -> None:
    rng = random.Random(14)
    print(f"{'case':<52} {'KB':>6} {'diff s':>8} {'diff+render s':>14}")
    for name, old, new in cases(rng):
        validate_body(new)
        size = len(body_to_text(new)) / 1000
        diff_s, page_s = measure(old, new)
        print(f"{name:<52} {size:>6.0f} {diff_s:>8.3f} {page_s:>14.3f}")


if __name__ == "__main__":
    main()
