"""What the review domain adds to content pages and flows, through cms.hooks."""

from collections import defaultdict
from dataclasses import replace

from django import forms
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms import hooks
from cms.templatetags.cms_tags import us_date
from reviews.due import article_review_status
from reviews.models import ReviewFlag, ReviewPolicy, SignOff
from reviews.selectors import (
    DUE_WINDOWS,
    article_flag_reasons,
    changes_requested,
    credited_reviewers,
    falling_due_in,
    in_due_window,
    most_urgent_first,
    reasons_for_flags,
)
from reviews.selectors.structured_data import article_json_ld, json_ld_script, printed_role
from reviews.services.bulk import bulk_actions_context
from reviews.services.policies import set_article_policy, starting_policy
from reviews.templatetags.reviews_tags import flag_reasons_html

AUDIT_ROWS_ON_HISTORY = 200


@hooks.register(hooks.PUBLIC_ARTICLE_HTML)
def public_footer(request, article) -> str:
    """The review footer (crediting the people who signed the live text, never those merely
    assigned) and the readers' problem-report form."""
    context = {"article": article, "revision": article.live_revision}
    context["signers"] = [
        replace(signer, role=printed_role(signer.role)) for signer in credited_reviewers(article)
    ]
    return render_to_string("reviews/_public_article.html", context, request=request)


@hooks.register(hooks.PUBLIC_ARTICLE_HEAD_HTML)
def public_structured_data(request, article) -> str:
    """The page as schema.org ``MedicalWebPage`` JSON-LD: the footer's people and date."""
    return json_ld_script(article_json_ld(article))


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
    """Buttons to assign reviewers, to review, and to withdraw or restore, for those allowed to."""
    return render_to_string("reviews/_article_actions.html", {"article": article}, request=request)


@hooks.register(hooks.ARTICLE_EDIT_NOTICES_HTML)
@hooks.register(hooks.ARTICLE_HISTORY_HTML)
def open_flag_reasons(request, article) -> str:
    """Why the article needs attention (each open flag with its reason), on the history page."""
    reasons = article_flag_reasons(article, as_of=timezone.localdate())
    return render_to_string("reviews/_article_flags.html", {"reasons": reasons}, request=request)


@hooks.register(hooks.ARTICLE_BULK_ACTIONS_HTML)
def bulk_actions(request) -> str:
    """Assign a reviewer, send to review, withdraw: the ticked articles of the editors' list,
    each action offered to those allowed it."""
    return render_to_string("reviews/_bulk_actions.html", bulk_actions_context(request.user),
                            request=request)  # fmt: skip


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
    slugs = {revision.history_id: revision.slug for revision in revisions}  # set at creation
    return {
        history_id: render_to_string(
            "reviews/_revision_signatures.html",
            {
                "signoffs": signoffs,
                "certificate_url": reverse(
                    "reviews:certificate", args=[slugs[history_id], history_id]
                ),
            },
        )
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


@hooks.register(hooks.ARTICLE_CREATE_FIELDS)
def review_policy_field(*, source=None) -> dict:
    """The new-article form asks which review policy the article follows: at first the one it
    would start under (``starting_policy``: a translation's source's, else the default)."""

    def initial():
        try:
            return starting_policy(translation_of_id=source.pk if source else None).pk
        except ReviewPolicy.DoesNotExist:  # no policy yet: the field says it is required
            return None

    return {
        "review_policy": forms.ModelChoiceField(
            queryset=ReviewPolicy.objects.all(), initial=initial
        )
    }


@hooks.register(hooks.ARTICLE_CREATED)
def apply_chosen_policy(*, article, data, actor, at) -> None:
    """The policy chosen on the new-article form (``starting_policy`` was set on creation)."""
    if data.get("review_policy"):
        set_article_policy(article=article, policy=data["review_policy"], actor=actor, at=at)


@hooks.register(hooks.ARTICLE_LIST)
def review_state_on_article_list() -> hooks.ArticleListExtension:
    """The editors' list: filter by policy and due window, most urgent first, with the policy
    and the last review shown."""
    return hooks.ArticleListExtension(
        fields={
            "policy": forms.ModelChoiceField(
                queryset=ReviewPolicy.objects.all(), required=False, empty_label="Any policy"
            ),
            "due": forms.ChoiceField(choices=DUE_WINDOWS, required=False, label="Due"),
            "due_month": forms.DateField(
                required=False,
                label="Due in month",
                input_formats=["%Y-%m"],
                widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
            ),
        },
        apply=_filter_by_review_state,
        columns=(
            ("Policy", lambda article, as_of: format_html("{}", article.review.policy.name)),
            ("Last reviewed", _last_reviewed_cell),
            ("Open flags", _open_flags_cell),
        ),
    )


def _filter_by_review_state(articles, data: dict, as_of):
    if data.get("policy"):
        articles = articles.filter(review__policy=data["policy"])
    articles = in_due_window(articles, due=data.get("due") or "", as_of=as_of)
    if data.get("due_month"):
        articles = falling_due_in(articles, month=data["due_month"], as_of=as_of)
    open_flags = ReviewFlag.objects.filter(resolved_on__isnull=True)
    return most_urgent_first(articles).prefetch_related(
        Prefetch("flags", queryset=open_flags, to_attr="open_flag_list")
    )


def _last_reviewed_cell(article, as_of) -> str:
    return format_html("{}", us_date(article.review.last_reviewed_on) or "—")


def _open_flags_cell(article, as_of) -> str:
    """Each open flag with its reason (flags prefetched as ``open_flag_list``)."""
    reasons = reasons_for_flags(article.open_flag_list, {article.pk: article}, as_of=as_of)
    return flag_reasons_html(reasons.get(article.pk, [])) or mark_safe("—")


@hooks.register(hooks.ARTICLE_EDIT_NOTICES_HTML)
def change_request_notice(request, article) -> str:
    """On the edit page of an article sent back to its editor: who asked for changes, when,
    and their comment."""
    if not (article.status == article.Status.DRAFT and article.live_revision_id):
        return ""
    signoff = changes_requested(article)
    if signoff is None:
        return ""
    return render_to_string("reviews/_change_request.html", {"signoff": signoff})


@hooks.register(hooks.READING_GRADE_TARGET)
def policy_reading_grade_target(article) -> int | None:
    """The article's policy's target reading grade; for a new article, the default policy's.
    One query, never a cached ``article.review`` (the new-article form changes the policy
    after the article's state was made)."""
    if article is not None and article.pk is not None:
        policies = ReviewPolicy.objects.filter(article_reviews__article=article.pk)
        target = policies.values_list("target_reading_grade", flat=True).first()
        if target is not None:
            return target
    try:
        return ReviewPolicy.objects.default().target_reading_grade
    except ReviewPolicy.DoesNotExist:
        return None
