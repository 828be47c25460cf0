"""Upgrading to reviews 0025: events typed in before it match through the mentions."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviews.models import ClinicalEvent, DrugMention, ReviewFlag
from reviews.services.scan import scan_reviews
from tests.reviews.test_migrations import _sequences_past_loaded_rows

BEFORE = ("reviews", "0024_reading_grade")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_events_typed_in_before_0025_get_their_drug_and_mentions(reference_data):
    _sequences_past_loaded_rows()
    executor = _migrate([BEFORE])
    cms_leaf = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "cms"]
    old = executor.loader.project_state([BEFORE, *cms_leaf]).apps
    topic = old.get_model("cms", "Topic").objects.create(name="Leukemia", slug="leukemia")
    article = old.get_model("cms", "Article").objects.create(
        title="Targeted therapy",
        slug="targeted-therapy",
        topic=topic,
        status="published",
        originated_on=date(2020, 1, 1),
        live_text="Targeted therapy\nYou may be given Revuforj.",
    )
    old.get_model("reviews", "ArticleReview").objects.create(
        article_id=article.pk,
        policy=old.get_model("reviews", "ReviewPolicy").objects.get(is_default=True),
        last_reviewed_on=date(2023, 10, 1),
    )
    old.get_model("reviews", "ClinicalEvent").objects.create(
        term="Revumenib", synonyms=["Revuforj"], event_date=date(2024, 11, 15), kind="fda_approval"
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    event = ClinicalEvent.objects.get()
    assert event.concept.name == "Revumenib"
    assert DrugMention.objects.filter(article_id=article.pk, concept=event.concept).exists()
    scan_reviews(as_of=date(2026, 11, 23))
    assert ReviewFlag.objects.get(article_id=article.pk, kind="trigger").detail == (
        "Revumenib: FDA approval on 11/15/2024"
    )
