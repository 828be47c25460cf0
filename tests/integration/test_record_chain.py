"""The hash chains under concurrent appends, in real threads with their own PostgreSQL
connections: appends wait for each other, so the chain never forks and nothing deadlocks."""

from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from reviews.chain import verify_records
from reviews.choices import AuditAction, SignOffMeaning
from reviews.models import AuditEvent, SignOff
from reviews.services.audit import record_event
from reviews.services.signoff import record_sign_off
from tests.factories import ArticleFactory, ReviewerFactory, at_nine
from tests.integration.threads import run_together

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def events(count: int):
    def append():
        for n in range(count):
            record_event(action=AuditAction.POLICY_CHANGED, at=timezone.now(), detail=str(n))
        return count

    return append


def test_concurrent_appends_keep_one_unbroken_chain():
    assert run_together(*[events(25) for _ in range(8)]) == [25] * 8
    assert AuditEvent.objects.count() == 200
    assert verify_records().problem is None


def test_a_sign_off_then_an_event_beside_an_event_then_a_sign_off_do_not_deadlock():
    """A web sign-off writes the sign-off, then its event; an import saves an audited revision,
    then the sign-off. Both hold their first append's lock until they commit."""
    revisions = [ArticleFactory().live_revision for _ in range(6)]
    reviewer = ReviewerFactory()

    def signature(revision, event_first: bool):
        def append():
            with transaction.atomic():
                if event_first:
                    record_event(action=AuditAction.POLICY_CHANGED, at=timezone.now())
                signoff = record_sign_off(
                    revision=revision,
                    reviewer=reviewer,
                    meaning=SignOffMeaning.APPROVED,
                    signed_at=at_nine(date(2026, 1, 5)),
                    source="a test",
                    recorded_at=timezone.now(),
                )
                record_event(action=AuditAction.POLICY_CHANGED, at=timezone.now())
                return signoff.pk

        return append

    results = run_together(
        *[signature(revision, event_first=n % 2 == 0) for n, revision in enumerate(revisions)]
    )
    assert all(isinstance(result, int) for result in results), results
    assert SignOff.objects.count() == 6
    assert verify_records().problem is None
