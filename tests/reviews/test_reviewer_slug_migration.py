"""Migration 0023 gives every existing reviewer a unique slug from their name."""

from importlib import import_module

import pytest
from django.apps import apps

from reviews.models import Reviewer
from tests.factories import ReviewerFactory

pytestmark = pytest.mark.django_db
migration = import_module("reviews.migrations.0023_reviewer_public_pages")


def test_the_backfill_gives_unique_slugs_oldest_profile_first_and_to_their_history():
    first = ReviewerFactory(full_name="Ann Lee", credentials="MD", slug="old-1")
    second = ReviewerFactory(full_name="Ann  Lee", credentials="RN", slug="old-2")
    third = ReviewerFactory(full_name="李明", slug="old-3")
    ReviewerFactory(full_name="Zoë Brown", slug="old-4")

    migration.backfill_slugs(apps, None)

    assert list(Reviewer.objects.order_by("pk").values_list("slug", flat=True)) == [
        "ann-lee",
        "ann-lee-2",
        "reviewer",
        "zoe-brown",
    ]
    for reviewer in (first, second, third):
        reviewer.refresh_from_db()
        assert set(reviewer.history.values_list("slug", flat=True)) == {reviewer.slug}
