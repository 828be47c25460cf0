"""docs/production-role.sql: the application's role can use the tables but not get around the
record's guards. Runs the file on the test database (inside the test's transaction, so the role
and its grants are rolled back at the end) and acts as that role with SET ROLE."""

from datetime import date
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from reviews.chain import verify_records
from reviews.choices import AuditAction
from reviews.models import AuditEvent, SignOff
from reviews.services.audit import record_event
from tests.factories import ArticleFactory, sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROLE_SQL = Path(__file__).resolve().parents[2] / "docs" / "production-role.sql"


@pytest.fixture
def signoff():
    return sign(ArticleFactory(), on=date(2026, 1, 5))


@pytest.fixture
def as_app_role(signoff):
    with connection.cursor() as cursor:
        cursor.execute(ROLE_SQL.read_text())
        cursor.execute(ROLE_SQL.read_text())  # idempotent
        cursor.execute("SET ROLE recheck_app")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused(statement: str, params=None, match="permission denied|must be owner"):
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)


@pytest.mark.usefixtures("as_app_role")
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE reviews_signoff",
        "TRUNCATE reviews_auditevent",
        "ALTER TABLE reviews_signoff DISABLE TRIGGER ALL",
        "ALTER TABLE reviews_auditevent DISABLE TRIGGER reviews_auditevent_append_only",
        "ALTER TABLE cms_historicalarticle DISABLE TRIGGER USER",
        "DROP TRIGGER reviews_signoff_append_only ON reviews_signoff",
        "ALTER TABLE reviews_signoff DROP CONSTRAINT signoff_chain_no_fork",
        "UPDATE reviews_signoff SET comment = 'tampered'",
        "DELETE FROM reviews_signoff",
        "UPDATE reviews_auditevent SET detail = 'tampered'",
        "DELETE FROM reviews_auditevent",
        "SET session_replication_role = replica",
    ],
)
def test_the_app_role_cannot_get_around_the_record(statement):
    refused(statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == ("recheck_app",)


@pytest.mark.usefixtures("as_app_role")
def test_a_signed_revision_stays_as_signed_for_the_app_role(signoff):
    refused(
        "UPDATE cms_historicalarticle SET title = 'Renamed' WHERE history_id = %s",
        [signoff.revision_id],
        match="append-only",
    )


@pytest.mark.usefixtures("as_app_role")
def test_the_app_role_reads_and_appends_as_the_app_does(signoff):
    assert SignOff.objects.filter(pk=signoff.pk).exists()
    second = sign(ArticleFactory(), on=date(2026, 2, 1))  # article, revision, sign-off, events
    event = record_event(action=AuditAction.POLICY_CHANGED, at=timezone.now(), detail="x")
    assert second.prev_hash == signoff.row_hash
    assert AuditEvent.objects.order_by("-pk").first() == event
    assert verify_records().problem is None
