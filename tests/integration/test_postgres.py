from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import ArticleFactory, sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE reviews_signoff SET comment = 'tampered' WHERE id = %s",
        "DELETE FROM reviews_signoff WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_sign_off(statement):
    signoff = sign(ArticleFactory(), on=date(2025, 1, 1))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [signoff.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT comment FROM reviews_signoff WHERE id = %s", [signoff.pk])
        assert cursor.fetchone() == ("",)


def test_the_one_open_flag_rule_is_a_partial_unique_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'one_open_flag_per_article_kind'"
        )
        (definition,) = cursor.fetchone()
    assert "UNIQUE" in definition and "resolved_on IS NULL" in definition


@pytest.mark.parametrize("statement", ["UPDATE reviews_auditevent SET detail = 'x'",
                                       "DELETE FROM reviews_auditevent"])  # fmt: skip
def test_the_database_refuses_to_change_or_delete_the_audit_trail(statement):
    from django.utils import timezone

    from reviews.services.audit import record_event

    record_event(action="policy_changed", at=timezone.now(), detail="Standard: 24 → 18")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
