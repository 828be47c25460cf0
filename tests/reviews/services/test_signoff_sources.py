"""Sign-offs and references: the content hash covers them (old signatures still verify), and an
approval states "I checked the sources are current", recorded in the signed comment."""

import hashlib
import json
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.chain import verify_records
from reviews.choices import AuditAction, SignOffMeaning
from reviews.models import AuditEvent, SignOff
from reviews.services.signoff import (
    SOURCES_NOT_CHECKED,
    SOURCES_STATEMENT,
    SignOffRefused,
    revision_hash,
    sign_off,
)
from tests.factories import PASSWORD, ArticleFactory, assign, editor_account, reviewer_account, sign

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.combine(date(2026, 11, 23), time(15, 4)))
SOURCE = {"type": "pmid", "value": "12345678", "note": "the cohort"}


def add_reference(article, references=(SOURCE,)):
    return edit_article(
        article_id=article.pk,
        editor=editor_account(),
        changes={"references": list(references)},
        kind=ChangeKind.SUBSTANTIVE,
        reason="Cite the cohort",
        base_revision_id=latest_revision(article).history_id,
        at=NOW,
    )


def signs(article, reviewer, *, meaning=SignOffMeaning.APPROVED, comment="", checked=True):
    revision = latest_revision(article)
    return sign_off(
        article_id=article.pk,
        user=reviewer.user,
        revision_id=revision.history_id,
        content_sha256=revision_hash(revision),
        meaning=meaning,
        comment=comment,
        password=PASSWORD,
        at=NOW,
        sources_checked=checked,
    )


def old_hash(revision) -> str:
    """The content hash as it was computed before references existed."""
    content = {"title": revision.title, "body": revision.body}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_a_signature_made_before_references_still_verifies():
    article = ArticleFactory()
    signoff = sign(article, on=date(2025, 1, 1))
    assert signoff.content_sha256 == old_hash(article.live_revision)
    assert revision_hash(article.live_revision) == signoff.content_sha256
    add_reference(article)  # a new revision; the signed one is untouched
    assert verify_records().problem is None


def test_adding_a_reference_changes_the_hash_and_the_new_revision_needs_its_own_signature():
    article = ArticleFactory()
    signed = sign(article, on=date(2025, 1, 1))
    revision = add_reference(article)
    assert revision.title == article.live_revision.title
    assert revision.body == article.live_revision.body
    assert revision_hash(revision) != signed.content_sha256
    maya = reviewer_account()
    assign(article, maya)
    result = signs(article, maya)
    assert result.went_live and result.signoff.content_sha256 == revision_hash(revision)
    assert verify_records().problem is None


@pytest.mark.parametrize("meaning", [SignOffMeaning.APPROVED, SignOffMeaning.REVIEWED_NO_CHANGE])
def test_an_approval_without_the_sources_statement_is_refused(meaning):
    article = ArticleFactory()
    if meaning == SignOffMeaning.APPROVED:
        add_reference(article)
    maya = reviewer_account()
    assign(article, maya)
    with pytest.raises(SignOffRefused) as refused:
        signs(article, maya, meaning=meaning, checked=False)
    assert str(refused.value) == SOURCES_NOT_CHECKED
    assert not SignOff.objects.filter(reviewer=maya).exists()


def test_the_statement_is_recorded_in_the_signed_comment_and_the_audit_trail():
    article = ArticleFactory()
    add_reference(article)
    maya = reviewer_account()
    assign(article, maya)
    signoff = signs(article, maya, comment="Dose matches the label.").signoff
    assert signoff.comment == f"{SOURCES_STATEMENT}\nDose matches the label."
    event = AuditEvent.objects.get(action=AuditAction.SIGNED, revision=signoff.revision)
    assert event.detail.endswith(SOURCES_STATEMENT)
    assert verify_records().problem is None


def test_a_request_for_changes_needs_no_statement_and_records_none():
    article = ArticleFactory()
    add_reference(article)
    maya = reviewer_account()
    assign(article, maya)
    signoff = signs(
        article, maya, meaning=SignOffMeaning.CHANGES_REQUESTED, comment="Old trial.", checked=False
    ).signoff
    assert signoff.comment == "Old trial."
