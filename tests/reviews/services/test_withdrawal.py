"""Withdrawing and restoring articles, and sending drafts to review: checked, audited, and
out of the scans' scope while withdrawn."""

from datetime import date

import pytest

from cms.models import Article
from reviews.choices import AuditAction, FlagKind, SignOffMeaning
from reviews.models import AuditEvent, ReviewFlag
from reviews.selectors import articles_in_scope, review_queue
from reviews.services.scan import scan_reviews
from reviews.services.submission import SubmissionRefused, send_to_review
from reviews.services.withdrawal import WithdrawalRefused, restore_article, withdraw_article
from tests.factories import (
    ArticleFactory,
    UserFactory,
    assign,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
NOW = at_nine(TODAY)


@pytest.fixture
def admin():
    return UserFactory(username="ada", role="Content admins")


def events(article, action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(article=article, action=action))


def test_withdrawing_is_audited_and_restoring_brings_it_back_as_it_was(admin):
    article = ArticleFactory()
    live, status = article.live_revision_id, article.status
    withdraw_article(article_id=article.pk, actor=admin, reason="Superseded by a new sheet", at=NOW)
    article.refresh_from_db()
    assert article.withdrawn_at == NOW and article.withdrawal_reason == "Superseded by a new sheet"
    assert article.status_label == "Withdrawn"
    [event] = events(article, AuditAction.ARTICLE_WITHDRAWN)
    assert (event.actor, event.detail) == (admin, "Superseded by a new sheet")
    assert article.history.count() == 1  # not a revision: the words did not change

    restore_article(article_id=article.pk, actor=admin, reason="Withdrawn by mistake", at=NOW)
    article.refresh_from_db()
    assert article.withdrawn_at is None and article.withdrawal_reason == ""
    assert (article.live_revision_id, article.status) == (live, status)
    [event] = events(article, AuditAction.ARTICLE_RESTORED)
    assert (event.actor, event.detail) == (admin, "Withdrawn by mistake")


def test_withdrawing_twice_is_refused_and_audited_once(admin):
    article = ArticleFactory()
    withdraw_article(article_id=article.pk, actor=admin, reason="Old", at=NOW)
    with pytest.raises(WithdrawalRefused, match="already withdrawn"):
        withdraw_article(article_id=article.pk, actor=admin, reason="Old", at=NOW)
    assert len(events(article, AuditAction.ARTICLE_WITHDRAWN)) == 1
    with pytest.raises(WithdrawalRefused, match="not withdrawn"):
        restore_article(article_id=ArticleFactory().pk, actor=admin, reason="Why", at=NOW)


@pytest.mark.parametrize("role", ["Editors", "Medical reviewers", None])
def test_only_content_admins_withdraw(role):
    article = ArticleFactory()
    user = UserFactory(role=role)
    with pytest.raises(WithdrawalRefused, match="Only content admins"):
        withdraw_article(article_id=article.pk, actor=user, reason="Old", at=NOW)
    article.refresh_from_db()
    assert article.withdrawn_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.ARTICLE_WITHDRAWN).exists()


def test_a_reason_is_required(admin):
    article = ArticleFactory()
    with pytest.raises(WithdrawalRefused, match="Say why"):
        withdraw_article(article_id=article.pk, actor=admin, reason="  ", at=NOW)


def test_withdrawn_articles_leave_the_scope_and_their_date_flags_are_resolved(admin):
    article = ArticleFactory(originated_on=date(2020, 1, 1))  # never reviewed, overdue
    kept = ArticleFactory(originated_on=date(2020, 1, 1))
    scan_reviews(as_of=TODAY)
    assert ReviewFlag.objects.filter(article=article, resolved_on=None).exists()

    withdraw_article(article_id=article.pk, actor=admin, reason="Old", at=NOW)
    assert set(articles_in_scope()) == {kept}
    assert not ReviewFlag.objects.filter(article=article, resolved_on=None).exists()
    scan_reviews(as_of=TODAY)  # the daily scan leaves it alone
    assert not ReviewFlag.objects.filter(article=article, resolved_on=None).exists()
    assert ReviewFlag.objects.filter(article=kept, resolved_on=None).exists()

    restore_article(article_id=article.pk, actor=admin, reason="Back", at=NOW)
    assert ReviewFlag.objects.filter(
        article=article, resolved_on=None, kind=FlagKind.NEVER_REVIEWED
    ).exists()


def test_a_draft_sent_back_goes_to_review_once_edited():
    editor = editor_account()
    article = ArticleFactory()
    signoff = sign(article, on=TODAY, meaning=SignOffMeaning.CHANGES_REQUESTED)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    with pytest.raises(SubmissionRefused, match="asked for changes"):
        send_to_review(article_id=article.pk, actor=editor, at=NOW)
    assert signoff.revision_id == article.live_revision_id

    draft = ArticleFactory(published=False, status=Article.Status.DRAFT)
    send_to_review(article_id=draft.pk, actor=editor, at=NOW)
    draft.refresh_from_db()
    assert draft.status == Article.Status.AWAITING_REVIEW
    assert events(draft, AuditAction.SENT_TO_REVIEW)[0].actor == editor
    with pytest.raises(SubmissionRefused, match="already awaiting review"):
        send_to_review(article_id=draft.pk, actor=editor, at=NOW)
    assert len(events(draft, AuditAction.SENT_TO_REVIEW)) == 1


def test_sending_to_review_is_refused_for_live_withdrawn_and_non_editors(admin):
    editor = editor_account()
    live = ArticleFactory()
    with pytest.raises(SubmissionRefused, match="live with nothing pending"):
        send_to_review(article_id=live.pk, actor=editor, at=NOW)
    draft = ArticleFactory(published=False, status=Article.Status.DRAFT)
    with pytest.raises(SubmissionRefused, match="Only editors"):
        send_to_review(article_id=draft.pk, actor=admin, at=NOW)
    withdraw_article(article_id=draft.pk, actor=admin, reason="Old", at=NOW)
    with pytest.raises(SubmissionRefused, match="withdrawn"):
        send_to_review(article_id=draft.pk, actor=editor, at=NOW)


def test_withdrawn_articles_leave_the_reviewers_queues(admin):
    maya = reviewer_account("Maya Patel")
    article = ArticleFactory()  # live, never reviewed: in the queue
    assign(article, maya)
    assert list(review_queue(reviewer=maya, as_of=TODAY)) == [article]
    withdraw_article(article_id=article.pk, actor=admin, reason="Old", at=NOW)
    assert list(review_queue(reviewer=maya, as_of=TODAY)) == []
