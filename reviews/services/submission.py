"""Sending an article's pending words (back) to its reviewers."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import Article
from reviews.choices import AuditAction, SignOffMeaning
from reviews.models import SignOff
from reviews.services.audit import record_event


class SubmissionRefused(Exception):
    """The article was not sent to review; the message says why."""


@transaction.atomic
def send_to_review(*, article_id: int, actor, at: datetime) -> Article:
    """Send a draft (one sent back with changes requested, or never published) to review: it
    becomes "Awaiting review" and enters its reviewers' queues with its newest revision.
    Audited. A substantive edit does the same for a live article (``cms.services.editing``).

    Raises SubmissionRefused (nothing saved): no permission, the article is not a draft
    (already awaiting review, live with nothing pending, archived or withdrawn), or its newest
    revision is the one reviewers asked to change."""
    if not actor.has_perm("cms.change_article"):
        raise SubmissionRefused(_("Only editors can send articles to review."))
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.withdrawn_at is not None:
        raise SubmissionRefused(_("It is withdrawn; restore it first."))
    refusal = {
        Article.Status.AWAITING_REVIEW: _("It is already awaiting review."),
        Article.Status.PUBLISHED: _("It is live with nothing pending: edit it to send a change."),
        Article.Status.ARCHIVED: _("It is archived."),
    }.get(article.status)
    if refusal:
        raise SubmissionRefused(refusal)
    newest = article.history.order_by("-history_id").values_list("history_id", flat=True)[:1]
    if SignOff.objects.filter(
        revision_id__in=list(newest), meaning=SignOffMeaning.CHANGES_REQUESTED
    ).exists():
        raise SubmissionRefused(_("Its reviewers asked for changes to these words: edit it first."))
    # As a request for changes sets DRAFT (reviews.services.signoff): a status, not new words.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.AWAITING_REVIEW)
    article.status = Article.Status.AWAITING_REVIEW
    record_event(action=AuditAction.SENT_TO_REVIEW, at=at, actor=actor, article=article)
    return article
