"""Concurrent signatures and edits, in real threads with their own PostgreSQL connections."""

import pytest
from django.utils import timezone

from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.choices import APPROVING_MEANINGS, SignOffMeaning
from reviews.models import SignOff
from reviews.services.signoff import SignOffRefused, revision_hash, sign_off
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    assign,
    editor_account,
    policy,
    reviewer_account,
)
from tests.integration.threads import run_together

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def approve(article, reviewer, revision):
    return lambda: sign_off(
        article_id=article.pk,
        user=reviewer.user,
        revision_id=revision.history_id,
        content_sha256=revision_hash(revision),
        meaning=SignOffMeaning.APPROVED,
        comment="",
        password=PASSWORD,
        at=timezone.now(),
        sources_checked=True,
    )


def substantive_edit(article, editor, base, text):
    return lambda: edit_article(
        article_id=article.pk,
        editor=editor,
        changes={"body": [{"type": "paragraph", "text": text}]},
        kind=ChangeKind.SUBSTANTIVE,
        reason="Concurrent edit",
        base_revision_id=base.history_id,
        at=timezone.now(),
    )


def assert_live_revision_fully_signed(article, required):
    article.refresh_from_db()
    signers = (
        SignOff.objects.filter(revision=article.live_revision, meaning__in=APPROVING_MEANINGS)
        .values("reviewer")
        .distinct()
        .count()
    )
    assert signers >= required, f"live revision has {signers} of {required} sign-offs"


def test_two_reviewers_signing_at_once_both_count_and_the_revision_goes_live():
    strict = policy("Evergreen")
    strict.required_signoffs = 2
    strict.save()
    for round_number in range(5):
        article = ArticleFactory(review_policy=strict, published=False)
        maya = reviewer_account(f"Maya Patel {round_number}", "MD")
        omar = reviewer_account(f"Omar Haddad {round_number}", "PharmD")
        assign(article, maya, omar)
        revision = latest_revision(article)

        results = run_together(approve(article, maya, revision), approve(article, omar, revision))

        assert not [r for r in results if isinstance(r, Exception)], results
        article.refresh_from_db()
        assert article.live_revision == revision, f"round {round_number}: not live"
        assert [r.went_live for r in results].count(True) == 1
        assert_live_revision_fully_signed(article, required=2)


def test_an_editor_saving_while_a_reviewer_signs_never_publishes_unsigned_text():
    outcomes = set()
    for round_number in range(8):
        article = ArticleFactory()
        maya = reviewer_account(f"Maya Patel {round_number}", "MD")
        assign(article, maya)
        editor = editor_account(f"ellen{round_number}")
        pending = substantive_edit(article, editor, latest_revision(article), "Pending.")()
        original_live = Article.objects.get(pk=article.pk).live_revision

        results = run_together(
            approve(article, maya, pending),
            substantive_edit(article, editor, pending, f"Newer text {round_number}."),
        )
        signed, edited = results
        article.refresh_from_db()
        assert not isinstance(edited, Exception), edited  # the edit was based on the newest
        if isinstance(signed, SignOffRefused):
            # The edit came first: the signature on the old page was refused, nothing went live.
            assert "changed after you opened it" in str(signed)
            assert article.live_revision == original_live
            outcomes.add("edit first")
        else:
            assert not isinstance(signed, Exception), signed
            # The signature came first: the signed revision is live, the edit awaits review.
            assert article.live_revision == pending
            assert article.status == Article.Status.AWAITING_REVIEW
            outcomes.add("sign first")
        assert (
            article.live_revision == original_live
            or SignOff.objects.filter(revision=article.live_revision, reviewer=maya).exists()
        )
    assert outcomes  # at least one interleaving was seen; which ones depends on the scheduler
