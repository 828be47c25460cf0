"""Drug mentions: which drugs of the vocabulary each article's live text names.

One Aho–Corasick automaton (pyahocorasick) over every name that is not stoplisted finds all
the names in a text in one pass, whatever the size of the vocabulary. A match counts only as a
whole word (no letter, digit or underscore either side), in any case; a brand name counts as
its ingredient's concept. The scan joins the stored mentions to the events of their concepts
(``reviews.services.triggers``)."""

from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick
from django.db import transaction
from django.db.models import Count, Max, Q

from cms.models import Article
from reviews.drugdata.names import normalise
from reviews.drugdata.vocabulary import Vocabulary
from reviews.models import ClinicalEvent, DrugConcept, DrugMention, DrugName, NameKind
from reviews.services.triggers import whole_word_pattern

CHUNK = 2000


@dataclass(frozen=True)
class Matcher:
    """An automaton over the vocabulary's names: name → (length, concept ids)."""

    automaton: object | None

    def concepts_in(self, text: str) -> set[int]:
        """The concepts ``text`` names as whole words, in any case."""
        if self.automaton is None or not text:
            return set()
        text = normalise(text)
        found = set()
        for end, (length, concepts) in self.automaton.iter(text):
            start = end - length + 1
            if _word_char(text, start - 1) or _word_char(text, end + 1):
                continue
            found.update(concepts)
        return found


def _word_char(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    char = text[index]
    return char.isalnum() or char == "_"


_cached: tuple[tuple, Matcher] | None = None


def current_matcher() -> Matcher:
    """The matcher for the vocabulary as it is now: built once per process and rebuilt when
    the names change. One query when it is current."""
    global _cached
    key = tuple(
        DrugName.objects.aggregate(
            n=Count("pk"), last=Max("pk"), stop=Count("pk", filter=Q(stoplisted=True))
        ).values()
    )
    if _cached is None or _cached[0] != key:
        _cached = (key, build_matcher())
    return _cached[1]


def build_matcher() -> Matcher:
    """A new automaton over every name that is not stoplisted."""
    concepts: dict[str, set[int]] = {}
    for normalised, concept_id in DrugName.objects.filter(stoplisted=False).values_list(
        "normalised", "concept_id"
    ):
        concepts.setdefault(normalised, set()).add(concept_id)
    if not concepts:
        return Matcher(automaton=None)
    automaton = ahocorasick.Automaton()
    for name, ids in concepts.items():
        automaton.add_word(name, (len(name), tuple(sorted(ids))))
    automaton.make_automaton()
    return Matcher(automaton=automaton)


def record_mentions(*, article_id: int, revision_id: int | None, text: str) -> set[int]:
    """Store the drugs ``text`` (an article's new live text) names as the article's mentions,
    matched on ``revision_id``. Returns the concept ids. Four or five queries."""
    wanted = current_matcher().concepts_in(text)
    mentions = DrugMention.objects.filter(article_id=article_id)
    mentions.exclude(concept_id__in=wanted).delete()
    DrugMention.objects.bulk_create(
        [DrugMention(article_id=article_id, concept_id=c, revision_id=revision_id) for c in wanted],
        ignore_conflicts=True,
    )
    if wanted:
        mentions.exclude(revision_id=revision_id).update(revision_id=revision_id)
    return wanted


@dataclass(frozen=True)
class RematchResult:
    articles: int
    added: int
    removed: int


def rematch_all_articles(
    *, progress: Callable[[int, int], None] | None = None, chunk_size: int = CHUNK
) -> RematchResult:
    """Match every article's live text against the vocabulary again (after an import) and
    make the stored mentions exactly that. Idempotent: a second run adds and removes nothing.
    One transaction per chunk of articles (keyset order), so a run stopped part-way keeps the
    chunks it finished and the next run completes it; ``progress(done, total)`` after each."""
    matcher = build_matcher()
    total = Article.objects.count()
    done = added = removed = 0
    last = 0
    while True:
        rows = list(
            Article.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "live_revision_id", "live_text")[:chunk_size]
        )
        if not rows:
            break
        last = rows[-1][0]
        with transaction.atomic():
            chunk_added, chunk_removed = _rematch_chunk(rows, matcher)
        added, removed, done = added + chunk_added, removed + chunk_removed, done + len(rows)
        if progress:
            progress(done, total)
    return RematchResult(articles=done, added=added, removed=removed)


def _rematch_chunk(rows, matcher: Matcher) -> tuple[int, int]:
    wanted = {}
    for pk, revision_id, text in rows:
        for concept_id in matcher.concepts_in(text):
            wanted[(pk, concept_id)] = revision_id
    existing = {
        (article_id, concept_id): (pk, revision_id)
        for pk, article_id, concept_id, revision_id in DrugMention.objects.filter(
            article_id__in=[row[0] for row in rows]
        ).values_list("pk", "article_id", "concept_id", "revision_id")
    }
    stale = [pk for key, (pk, _) in existing.items() if key not in wanted]
    if stale:
        DrugMention.objects.filter(pk__in=stale).delete()
    new = [
        DrugMention(article_id=a, concept_id=c, revision_id=revision_id)
        for (a, c), revision_id in wanted.items()
        if (a, c) not in existing
    ]
    DrugMention.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    moved = [
        DrugMention(pk=existing[key][0], revision_id=revision_id)
        for key, revision_id in wanted.items()
        if key in existing and existing[key][1] != revision_id
    ]
    if moved:
        DrugMention.objects.bulk_update(moved, ["revision_id"], batch_size=1000)
    return len(new), len(stale)


@transaction.atomic
def link_hand_entered_event(event: ClinicalEvent) -> int:
    """Give a hand-entered event (admin, API, events file, demo) its concept: the drug its term
    or a synonym already names, else a new one named by its term; its names join that
    concept's, and the articles whose live text names a name new to the vocabulary get the
    mention at once (one regex query, served by the trigram index on PostgreSQL). Returns the
    concept id."""
    vocabulary = Vocabulary()
    names = event.names
    concept_id = vocabulary.find(names)
    if concept_id is None:
        concept_id = DrugConcept.objects.create(name=event.term).pk
    added = [
        name
        for position, name in enumerate(names)
        if vocabulary.add_name(
            concept_id, name, NameKind.INGREDIENT if position == 0 else NameKind.SYNONYM
        )
    ]
    if event.concept_id != concept_id:
        ClinicalEvent.objects.filter(pk=event.pk).update(concept_id=concept_id)
        event.concept_id = concept_id
    if added:
        rows = Article.objects.filter(live_text__iregex=whole_word_pattern(added)).values_list(
            "pk", "live_revision_id"
        )
        DrugMention.objects.bulk_create(
            [
                DrugMention(article_id=pk, concept_id=concept_id, revision_id=rev)
                for pk, rev in rows
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
    return concept_id
