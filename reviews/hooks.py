"""What the review domain adds to content pages and flows, through cms.hooks."""

from collections import defaultdict

from django.template.loader import render_to_string
from django.urls import reverse

from cms import hooks
from reviews.due import article_review_status
from reviews.models import SignOff
from reviews.selectors import article_signers

AUDIT_ROWS_ON_HISTORY = 200


@hooks.register(hooks.PUBLIC_ARTICLE_HTML)
def public_footer(request, article) -> str:
    """The review footer (crediting the people who signed the live text, never those merely
    assigned) and the readers' problem-report form."""
    context = {"article": article, "revision": article.live_revision}
    context["signers"] = article_signers(article)
    return render_to_string("reviews/_public_article.html", context, request=request)


@hooks.register(hooks.ARTICLE_BADGES)
def review_status_badge(article, as_of) -> str:
    """The review-status badge on content lists (the same tag as the review screens)."""
    return render_to_string(
        "reviews/_review_status.html", {"status": article_review_status(article, as_of=as_of)}
    )


@hooks.register(hooks.ARTICLE_SUMMARY_HTML)
def review_summary(request, article) -> str:
    """Policy, last review and next due date, on the history page."""
    return render_to_string("reviews/_article_summary.html", {"article": article})


@hooks.register(hooks.ARTICLE_ACTIONS_HTML)
def review_actions(request, article) -> str:
    """Buttons to assign reviewers and to review, for those allowed to."""
    return render_to_string("reviews/_article_actions.html", {"article": article}, request=request)


@hooks.register(hooks.ARTICLE_HISTORY_HTML)
def article_audit_trail(request, article) -> str:
    """The article's audit trail, newest first, on the history page."""
    trail = article.audit_events.select_related("actor", "revision")[:AUDIT_ROWS_ON_HISTORY]
    return render_to_string("reviews/_article_audit.html", {"trail": trail}, request=request)


@hooks.register(hooks.REVISION_NOTES)
def revision_signatures(revisions) -> dict[int, str]:
    """Every signature on each listed revision (one query for all of them)."""
    by_revision = defaultdict(list)
    ids = [revision.history_id for revision in revisions]
    for signoff in SignOff.objects.filter(revision_id__in=ids).order_by("signed_at", "id"):
        by_revision[signoff.revision_id].append(signoff)
    return {
        history_id: render_to_string("reviews/_revision_signatures.html", {"signoffs": signoffs})
        for history_id, signoffs in by_revision.items()
    }


@hooks.register(hooks.AFTER_CREATE_URL)
def assign_after_create(article) -> str:
    """A new article needs reviewers: the editor goes on to assign them."""
    return reverse("reviews:assign", args=[article.slug])


@hooks.register(hooks.HOME_URL)
def workspace_home(request) -> str:
    """Signed-in staff start at their workspace."""
    return reverse("reviews:home")
