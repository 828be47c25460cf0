import json
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, models, transaction

from cms.models import HistoricalArticle
from reviews.chain import compute_row_hash, verify_records
from reviews.choices import AuditAction
from reviews.models import AppendOnlyError, AuditEvent, SignOff
from reviews.services.audit import record_event
from tests.factories import ArticleFactory, sign
from tests.reviews.tamper import SQLITE_TRIGGERS, json_param

pytestmark = pytest.mark.django_db

# A time zone that is not UTC, and microseconds: both must survive the round trip.
AT = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5)))


def event(detail: str = "", **fields) -> AuditEvent:
    return record_event(action=AuditAction.POLICY_CHANGED, at=AT, detail=detail, **fields)


def test_each_row_links_to_the_row_before_it_in_its_table():
    assert not AuditEvent.objects.exists()
    first, second = event("Standard: 24 → 18"), event("Standard: 18 → 24")
    assert first.prev_hash == ""
    assert second.prev_hash == first.row_hash
    assert len(second.row_hash) == 64 and int(second.row_hash, 16) >= 0


def test_the_hash_read_back_from_the_database_is_the_hash_written():
    written = event("Dosing: 5 mg → 2.5 mg", subject="reviewer 5")
    read = AuditEvent.objects.get(pk=written.pk)
    assert read.at == AT
    assert compute_row_hash(read, read.prev_hash) == written.row_hash == read.row_hash


def test_every_field_but_the_id_and_the_hashes_is_covered():
    row = event("a", subject="user 7")
    for name, value in [("detail", "b"), ("subject", "user 8"), ("at", AT + timedelta(1))]:
        changed = AuditEvent.objects.get(pk=row.pk)
        setattr(changed, name, value)
        assert compute_row_hash(changed, row.prev_hash) != row.row_hash, name
    assert compute_row_hash(row, "0" * 64) != row.row_hash


def test_the_two_chains_are_separate():
    article = ArticleFactory()  # its revision is audited
    assert AuditEvent.objects.exists()
    signoff = sign(article, on=date(2026, 1, 5))
    assert signoff.prev_hash == ""
    assert AuditEvent.objects.order_by("-pk").first().prev_hash != ""


def test_bulk_create_chains_its_rows_in_order():
    event("before")
    rows = AuditEvent.objects.bulk_create(
        [AuditEvent(action=AuditAction.REVIEWER_ASSIGNED, at=AT, detail=str(n)) for n in range(5)],
        batch_size=2,
    )
    stored = list(AuditEvent.objects.order_by("pk"))
    assert [row.pk for row in stored[1:]] == [row.pk for row in rows]
    for before, row in zip(stored, stored[1:], strict=False):
        assert row.prev_hash == before.row_hash
        assert compute_row_hash(row, row.prev_hash) == row.row_hash
    assert verify_records().problem is None


@pytest.mark.parametrize(
    "options", [{"ignore_conflicts": True}, {"update_conflicts": True, "unique_fields": ["id"]}]
)
def test_bulk_create_cannot_skip_or_update_rows(options):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(action="signed", at=AT)], **options)
    assert not AuditEvent.objects.exists()


def test_a_row_cannot_be_slipped_in_before_the_last_one():
    first, _ = event("one"), event("two")
    with pytest.raises(AppendOnlyError):
        AuditEvent(pk=first.pk + 1, action="signed", at=AT).save(force_insert=True)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(pk=first.pk + 100, action="signed", at=AT)])


def test_the_database_refuses_a_fork_and_an_unchained_row():
    """What a writer that went around the model (or read a stale head) would get."""
    first = event("one")
    event("two")
    raw = models.QuerySet(AuditEvent)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw.bulk_create(
            [AuditEvent(action="signed", at=AT, prev_hash=first.row_hash, row_hash="f")]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        raw.bulk_create([AuditEvent(action="signed", at=AT, prev_hash="e" * 64, row_hash="")])


def test_rows_loaded_from_a_fixture_are_chained_whatever_hashes_it_carries(tmp_path):
    last = event("before")
    fixture = tmp_path / "events.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "reviews.auditevent",
                    "pk": last.pk + n,
                    "fields": {
                        "at": "2026-01-05T09:00:00Z",
                        "action": "policy_changed",
                        "detail": f"loaded {n}",
                        "prev_hash": "",
                        "row_hash": "forged",
                    },
                }
                for n in (1, 2)
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    loaded = list(AuditEvent.objects.filter(pk__gt=last.pk).order_by("pk"))
    assert [row.prev_hash for row in loaded] == [last.row_hash, loaded[0].row_hash]
    assert verify_records().problem is None
    with pytest.raises(AppendOnlyError):  # loading it again would overwrite the rows
        call_command("loaddata", str(fixture), verbosity=0)


def test_a_saved_row_cannot_be_saved_again():
    row = event("one")
    row.detail = "changed"
    with pytest.raises(AppendOnlyError):
        row.save_base()


# Triggers: both databases.


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE reviews_signoff SET comment = 'tampered' WHERE id = %s",
        "DELETE FROM reviews_signoff WHERE id = %s",
        "UPDATE reviews_auditevent SET detail = 'tampered' WHERE id > %s",
        "DELETE FROM reviews_auditevent WHERE id > %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_record(statement):
    signoff = sign(ArticleFactory(), on=date(2026, 1, 5))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [signoff.pk if "signoff" in statement else 0])
    assert verify_records().problem is None


@pytest.mark.parametrize("change", ["body", "title", "delete"])
def test_a_signed_revision_cannot_be_changed_or_deleted(change):
    article = ArticleFactory()
    signoff = sign(article, on=date(2026, 1, 5))
    statement, params = {
        "body": (
            f"UPDATE cms_historicalarticle SET body = {json_param()} WHERE history_id = %s",
            ['[{"type": "paragraph", "text": "Take twice the dose."}]'],
        ),
        "title": ("UPDATE cms_historicalarticle SET title = 'Renamed' WHERE history_id = %s", []),
        "delete": ("DELETE FROM cms_historicalarticle WHERE history_id = %s", []),
    }[change]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [*params, signoff.revision_id])
    revision = HistoricalArticle.objects.get(history_id=signoff.revision_id)
    assert revision.title == article.title and "twice" not in json.dumps(revision.body)


def test_a_revision_without_a_signature_can_still_be_changed():
    """The trigger is scoped to signed rows (the application itself never updates revisions)."""
    revision = ArticleFactory(published=False).history.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cms_historicalarticle SET title = 'Renamed' WHERE history_id = %s",
            [revision.history_id],
        )
    assert HistoricalArticle.objects.get(history_id=revision.history_id).title == "Renamed"


def test_the_record_triggers_exist_once_every_migration_has_run():
    """On SQLite a later migration that rebuilds one of these tables drops its triggers: it
    must create them again (see migration 0012)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O' "
                "AND tgrelid::regclass::text IN "
                "('reviews_signoff', 'reviews_auditevent', 'cms_historicalarticle')"
            )
            expected = {
                "reviews_signoff_append_only",
                "reviews_auditevent_append_only",
                "cms_historicalarticle_signed_append_only",
            }
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {name for name, _ in SQLITE_TRIGGERS}
        assert expected <= {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_flush_empties_the_tables_and_keeps_the_triggers():
    """Transactional tests end with Django's flush: on SQLite a DELETE per table, which the
    triggers refuse; tests/conftest.py lets the flush through and puts them back."""
    sign(ArticleFactory(), on=date(2026, 1, 5))
    call_command("flush", interactive=False, verbosity=0)
    assert not SignOff.objects.exists() and not AuditEvent.objects.exists()
    test_the_record_triggers_exist_once_every_migration_has_run()
    first = event("after the flush")
    assert first.prev_hash == ""
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_auditevent")
