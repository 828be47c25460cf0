"""Withdrawing an article from the public, and restoring it (content admins; audited)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Article
from reviews.choices import AuditAction
from reviews.services.audit import record_event
from reviews.services.scan import scan_reviews

PERMISSION = "reviews.withdraw_article"


class WithdrawalRefused(Exception):
    """Nothing was withdrawn or restored; the message says why."""


def check_can_withdraw(user) -> None:
    """Raise WithdrawalRefused unless ``user`` may withdraw and restore articles."""
    if not user.has_perm(PERMISSION):
        raise WithdrawalRefused(_("Only content admins can withdraw or restore articles."))


@transaction.atomic
def withdraw_article(*, article_id: int, actor, reason: str, at: datetime) -> Article:
    """Withdraw the article from the public: its public URL answers 410 and it leaves the
    library, the search and the scans' scope; a scan of it, in this transaction, resolves its
    open date flags, so reports drop it at once. Its status and live revision are kept, for
    ``restore_article``. Audited.

    Raises WithdrawalRefused (nothing saved): no permission or reason, already withdrawn (so
    a replayed request records nothing twice)."""
    check_can_withdraw(actor)
    reason = (reason or "").strip()
    if not reason:
        raise WithdrawalRefused(_("Say why the article is withdrawn."))
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.withdrawn_at is not None:
        raise WithdrawalRefused(_("It is already withdrawn."))
    Article.objects.filter(pk=article.pk).update(withdrawn_at=at, withdrawal_reason=reason)
    article.withdrawn_at, article.withdrawal_reason = at, reason
    record_event(action=AuditAction.ARTICLE_WITHDRAWN, at=at, actor=actor, article=article,
                 detail=reason)  # fmt: skip
    scan_reviews(as_of=timezone.localdate(at), article_ids=[article.pk])
    return article


@transaction.atomic
def restore_article(*, article_id: int, actor, reason: str, at: datetime) -> Article:
    """Bring a withdrawn article back as it was (its status and live revision never changed);
    a scan of it raises the flags that hold again. Audited.

    Raises WithdrawalRefused (nothing saved): no permission or reason, not withdrawn."""
    check_can_withdraw(actor)
    reason = (reason or "").strip()
    if not reason:
        raise WithdrawalRefused(_("Say why the article is restored."))
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.withdrawn_at is None:
        raise WithdrawalRefused(_("It is not withdrawn."))
    Article.objects.filter(pk=article.pk).update(withdrawn_at=None, withdrawal_reason="")
    article.withdrawn_at, article.withdrawal_reason = None, ""
    record_event(action=AuditAction.ARTICLE_RESTORED, at=at, actor=actor, article=article,
                 detail=reason)  # fmt: skip
    scan_reviews(as_of=timezone.localdate(at), article_ids=[article.pk])
    return article
