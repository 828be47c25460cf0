import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cms.models import HistoricalArticle
from reviews import chain
from reviews.demo import load_demo_data
from reviews.models import AuditEvent, SignOff
from tests.reviews.tamper import json_param, owner_cursor

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo_data(as_of=date(2026, 11, 23))
    assert SignOff.objects.count() > 10 and AuditEvent.objects.count() > 10


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_records", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as raised:
        verify(*args)
    return str(raised.value)


def test_clean_records_pass_with_a_one_line_summary(demo):
    (line,) = verify().splitlines()
    assert line.startswith(
        f"Records intact: {SignOff.objects.count()} sign-offs, "
        f"{AuditEvent.objects.count()} audit events;"
    )
    head = AuditEvent.objects.order_by("-pk").first().row_hash
    assert head[:16] in line


def test_an_empty_database_passes():
    assert verify().startswith("Records intact: 0 sign-offs, 0 audit events;")


def test_small_chunks_and_progress_give_the_same_answer(demo, monkeypatch):
    monkeypatch.setattr(chain, "PROGRESS_EVERY", 10)
    out, err = StringIO(), StringIO()
    call_command("verify_records", "--chunk-size", "7", stdout=out, stderr=err)
    assert out.getvalue() == verify()
    total = SignOff.objects.count()
    assert f"sign-offs: 10 of {total} checked" in err.getvalue().splitlines()


def test_the_walk_reads_in_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    # Two counts, two cursors, one look-up of the signed revisions per chunk of sign-offs.
    with django_assert_max_num_queries(5):
        assert chain.verify_records().problem is None


def test_one_changed_character_in_a_signed_revision_names_the_sign_off_and_revision(demo):
    signoff = SignOff.objects.order_by("pk").first()
    revision = HistoricalArticle.objects.get(history_id=signoff.revision_id)
    body = json.dumps(revision.body)
    index = body.index('"text": "') + len('"text": "')  # the first character of the words
    assert body[index] != "a"
    with owner_cursor("cms_historicalarticle") as cursor:
        cursor.execute(
            f"UPDATE cms_historicalarticle SET body = {json_param()} WHERE history_id = %s",
            [body[:index] + "a" + body[index + 1 :], revision.history_id],
        )
    assert broken() == (
        f"sign-off {signoff.pk}: revision {revision.history_id} no longer matches the signed "
        "content hash"
    )


def test_an_audit_event_removed_from_the_middle_names_the_row_after_the_gap(demo):
    ids = list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))
    before, removed, after = ids[len(ids) // 2 - 1 : len(ids) // 2 + 2]
    with owner_cursor("reviews_auditevent") as cursor:
        cursor.execute("DELETE FROM reviews_auditevent WHERE id = %s", [removed])
    assert broken() == (
        f"audit event {after}: prev_hash does not match the row before it "
        f"(audit event {before}): a row was removed or changed"
    )


def test_the_first_audit_events_removed_are_noticed(demo):
    first, second = AuditEvent.objects.order_by("pk").values_list("pk", flat=True)[:2]
    with owner_cursor("reviews_auditevent") as cursor:
        cursor.execute("DELETE FROM reviews_auditevent WHERE id = %s", [first])
    assert broken().startswith(f"audit event {second}: prev_hash is set but no row comes before")


def test_a_changed_comment_on_a_sign_off_is_noticed(demo):
    signoff = SignOff.objects.order_by("pk")[3]
    with owner_cursor("reviews_signoff") as cursor:
        cursor.execute("UPDATE reviews_signoff SET comment = 'x' WHERE id = %s", [signoff.pk])
    assert broken() == (
        f"sign-off {signoff.pk}: the row no longer matches its row_hash: it was changed"
    )


def test_a_changed_sign_off_given_a_fresh_row_hash_breaks_the_link_after_it(demo):
    signoff, following = SignOff.objects.order_by("pk")[3:5]
    signoff.reviewer_name = "Someone Else"
    forged = chain.compute_row_hash(signoff, signoff.prev_hash)
    with owner_cursor("reviews_signoff") as cursor:
        cursor.execute(
            "UPDATE reviews_signoff SET reviewer_name = %s, row_hash = %s WHERE id = %s",
            ["Someone Else", forged, signoff.pk],
        )
    assert broken() == (
        f"sign-off {following.pk}: prev_hash does not match the row before it "
        f"(sign-off {signoff.pk}): a row was removed or changed"
    )


def test_the_first_broken_link_is_the_one_reported(demo):
    early, late = SignOff.objects.order_by("pk")[1], SignOff.objects.order_by("-pk")[0]
    with owner_cursor("reviews_signoff") as cursor:
        cursor.execute(
            "UPDATE reviews_signoff SET comment = 'x' WHERE id IN (%s, %s)", [early.pk, late.pk]
        )
    with owner_cursor("reviews_auditevent") as cursor:
        cursor.execute("UPDATE reviews_auditevent SET detail = 'x'")
    assert broken("--chunk-size", "3").startswith(f"sign-off {early.pk}: ")
