"""Acting on many articles at once (the editors' list and the review-status report): each
article goes through the one service for its action, so every rule and audit holds."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from cms.models import Article
from reviews.choices import BulkAction
from reviews.forms import MAX_BULK_ARTICLES, MAX_REVIEWERS
from reviews.models import Reviewer
from reviews.services.assignments import AssignmentRefused, assign_reviewers
from reviews.services.rescan import one_scan_for_all
from reviews.services.submission import SubmissionRefused, send_to_review
from reviews.services.withdrawal import WithdrawalRefused, withdraw_article

# The permission each action needs; the services check it again for each article.
PERMISSIONS = {
    BulkAction.ASSIGN: "reviews.change_articlereviewer",
    BulkAction.SEND_TO_REVIEW: "cms.change_article",
    BulkAction.WITHDRAW: "reviews.withdraw_article",
}


def allowed_actions(user) -> list[tuple[str, str]]:
    """The bulk actions (value, label) ``user`` holds the permission for."""
    return [(a.value, a.label) for a in BulkAction if user.has_perm(PERMISSIONS[a])]


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)  # titles
    refused: list[tuple[str, str]] = field(default_factory=list)  # (title or slug, why)

    def summary(self) -> str:
        """ "N done, M refused: reasons"."""
        text = f"{len(self.done)} done, {len(self.refused)} refused"
        if self.refused:
            text += ": " + "; ".join(f"{name}: {why}" for name, why in self.refused)
        return text


def act_on_articles(
    *,
    action: str,
    slugs: list[str],
    actor,
    at: datetime,
    reason: str = "",
    reviewer: Reviewer | None = None,
) -> BulkResult:
    """Do ``action`` to each article named in ``slugs`` (once each, in order), each in its own
    transaction: one refusal does not undo the others. A slug that names no article is
    refused, as is each article its service refuses, with the service's reason; an action
    already done (a replayed request) is refused by its service, so nothing is audited twice.
    At most MAX_BULK_ARTICLES slugs (ValueError beyond)."""
    slugs = list(dict.fromkeys(slugs))
    if len(slugs) > MAX_BULK_ARTICLES:
        raise ValueError(f"At most {MAX_BULK_ARTICLES} articles at once.")
    articles = Article.objects.in_bulk(slugs, field_name="slug")
    result = BulkResult()
    with one_scan_for_all():  # the assignments' rescans: one task
        for slug in slugs:
            _act(articles.get(slug), slug, action=action, actor=actor, at=at, reason=reason,
                 reviewer=reviewer, result=result)  # fmt: skip
    return result


def _act(article, slug: str, *, action, actor, at, reason, reviewer, result: BulkResult) -> None:
    if article is None:
        result.refused.append((slug, "no such article."))
        return
    try:
        if action == BulkAction.WITHDRAW:
            withdraw_article(article_id=article.pk, actor=actor, reason=reason, at=at)
        elif action == BulkAction.SEND_TO_REVIEW:
            send_to_review(article_id=article.pk, actor=actor, at=at)
        elif action == BulkAction.ASSIGN:
            _add_reviewer(article=article, reviewer=reviewer, actor=actor, at=at)
        else:
            raise ValueError(f"Unknown bulk action {action!r}.")
    except (AssignmentRefused, SubmissionRefused, WithdrawalRefused) as error:
        result.refused.append((article.title, str(error)))
    else:
        result.done.append(article.title)


def _add_reviewer(*, article: Article, reviewer: Reviewer | None, actor, at: datetime) -> None:
    """Add ``reviewer`` after the article's current reviewers (assign_reviewers)."""
    if reviewer is None:
        raise AssignmentRefused(_("Choose a reviewer."))
    links = article.reviewer_links.select_related("reviewer").order_by("position")
    current = [link.reviewer for link in links]
    if reviewer in current:
        raise AssignmentRefused(
            _("%(name)s is already assigned.") % {"name": reviewer.printed_name}
        )
    if len(current) >= MAX_REVIEWERS:
        raise AssignmentRefused(_("It already has %(count)s reviewers.") % {"count": MAX_REVIEWERS})
    assign_reviewers(article=article, reviewers=[*current, reviewer], actor=actor, at=at)


def bulk_actions_context(user) -> dict:
    """What the bulk-action form (``reviews/_bulk_actions.html``) offers ``user``."""
    actions = allowed_actions(user)
    offered = {action for action, _ in actions}
    return {
        "actions": actions,
        "can_assign": BulkAction.ASSIGN in offered,
        "can_withdraw": BulkAction.WITHDRAW in offered,
    }
