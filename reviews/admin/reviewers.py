"""Policies, articles' review state, reviewer profiles and assignments: every save goes
through a service."""

from collections import defaultdict

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from cms.admin import GuardedHistoryAdmin, ViewOnlyMixin, workspace_links
from cms.templatetags.cms_tags import us_datetime
from reviews.admin.base import RefusalsAsMessages
from reviews.models import (
    ArticleReview,
    ArticleReviewer,
    Reviewer,
    ReviewerInvitation,
    ReviewPolicy,
)
from reviews.services.assignments import AssignmentRefused, assign_reviewers
from reviews.services.policies import save_policy, set_article_policy
from reviews.services.reviewers import ReviewerRefused, save_reviewer


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    """Saved through reviews.services.policies.save_policy, which audits the change in the
    request and leaves recomputing the articles' dates to a Celery task; the page shows how far
    that has got."""

    list_display = [
        "name",
        "interval_months",
        "review_window_days",
        "withdrawal_after_months",
        "required_signoffs",
        "is_default",
        "reminders",
        "review_dates",
    ]
    readonly_fields = ["review_dates"]

    @admin.display(description="Reminders")
    def reminders(self, obj):
        """When the policy reminds, as people read it."""
        before = [f"{days} days before" for days in obj.reminder_offsets if days > 0]
        when = before + (["on the due day"] if obj.remind_on_due_day else [])
        if obj.overdue_reminder_every_days:
            when.append(f"every {obj.overdue_reminder_every_days} days while overdue")
        return "; ".join(when) or "none"

    @admin.display(description="Review dates")
    def review_dates(self, obj):
        requested, finished = obj.dates_refresh_requested_at, obj.dates_refreshed_at
        if obj.pk is None or requested is None or (finished and finished >= requested):
            changed = obj.dates_refresh_changed
            return "Up to date" + (f" (the last run changed {changed})" if changed else "")
        articles = ArticleReview.objects.filter(policy=obj).count()
        started = obj.dates_refresh_started_at
        if started and started >= requested:
            return f"Recomputing the dates of {articles} articles, since {_moment(started)}"
        return (
            f"Queued at {_moment(requested)}: the dates of {articles} articles will be "
            "recomputed by a worker (or by the next daily scan)"
        )

    def save_model(self, request, obj, form, change):
        save_policy(policy=obj, actor=request.user, at=timezone.now(), in_background=True)
        if (
            obj.dates_refresh_requested_at
            and obj.dates_refreshed_at != obj.dates_refresh_requested_at
        ):
            self.message_user(
                request,
                "The articles' review dates are being recomputed in the background; "
                "this policy's page shows when they are up to date.",
            )


def _moment(at) -> str:
    return us_datetime(at)


STATE_DATES = ["last_reviewed_on", "next_review_due", "review_window_opens_on", "withdrawal_due_on"]


@admin.register(ArticleReview)
class ArticleReviewAdmin(admin.ModelAdmin):
    """Each article's policy and review dates. Only the policy can be changed here, through
    ``set_article_policy`` (dates recomputed, change audited); sign-offs set the dates, and
    every article has its row from creation, so none is added or deleted here."""

    list_display = [
        "article",
        "policy",
        "last_reviewed_on",
        "next_review_due",
        "withdrawal_due_on",
        "workspace",
    ]
    list_filter = ["policy"]
    search_fields = ["article__title", "article__slug"]
    date_hierarchy = "next_review_due"
    list_select_related = ["article", "policy"]
    fields = ["workspace", "policy", *STATE_DATES]
    readonly_fields = ["workspace", *STATE_DATES]

    @admin.display(description="Workspace")
    def workspace(self, obj):
        return workspace_links(obj.article)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        set_article_policy(
            article=obj.article, policy=obj.policy, actor=request.user, at=timezone.now()
        )


@admin.register(Reviewer)
class ReviewerAdmin(RefusalsAsMessages, GuardedHistoryAdmin):
    """Profiles are saved through reviews.services.reviewers (audited field by field). They
    are never deleted here: untick "active" instead, which keeps who signed what."""

    refusals = (ReviewerRefused,)
    list_display = [
        "full_name",
        "credentials",
        "specialty",
        "credentials_expire_on",
        "languages",
        "active",
        "account",
    ]
    list_filter = ["active"]
    search_fields = ["full_name", "credentials", "specialty"]
    raw_id_fields = ["user"]
    readonly_fields = ["account", "slug"]

    @admin.display(description="Account")
    def account(self, obj):
        """The linked account, or a link to invite the reviewer to set one up."""
        if obj.user_id:
            return obj.user.get_username()
        if obj.pk is None or not obj.active:
            return "none"
        return format_html(
            'none · <a href="{}">Invite by email</a>',
            reverse("reviews:invite-reviewer", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        save_reviewer(reviewer=obj, actor=request.user, at=timezone.now())

    def has_delete_permission(self, request, obj=None):
        return False


class ArticleReviewerAdminForm(forms.ModelForm):
    position = forms.IntegerField(
        min_value=0,
        required=False,
        help_text="Place in the printed list, from 0. Leave blank to add at the end.",
    )

    class Meta:
        model = ArticleReviewer
        fields = ["article", "reviewer", "position"]


@admin.register(ArticleReviewer)
class ArticleReviewerAdmin(RefusalsAsMessages, admin.ModelAdmin):
    """Every add, change and removal is made by reviews.services.assignments.assign_reviewers,
    which checks permission and eligibility and audits each change. The role is the one the
    service keeps for the whole article."""

    form = ArticleReviewerAdminForm
    refusals = (AssignmentRefused,)
    list_display = ["article", "position", "role", "reviewer", "workspace"]
    search_fields = ["article__title", "reviewer__full_name"]
    autocomplete_fields = ["reviewer"]
    raw_id_fields = ["article"]
    list_select_related = ["article", "reviewer"]

    @admin.display(description="Workspace")
    def workspace(self, obj):
        return format_html(
            '<a href="{}">Reviewers of this article</a>',
            reverse("reviews:assign", args=[obj.article.slug]),
        )

    def get_readonly_fields(self, request, obj=None):
        # Moving a link to another article is a removal there and an addition here.
        return ["role", "article", "workspace"] if obj is not None else ["role"]

    @staticmethod
    def _assigned(article) -> list[Reviewer]:
        return [link.reviewer for link in article.reviewer_links.select_related("reviewer")]

    def save_model(self, request, obj, form, change):
        reviewers = self._assigned(obj.article)
        if change:
            previous = ArticleReviewer.objects.get(pk=obj.pk).reviewer_id
            reviewers = [r for r in reviewers if r.pk != previous]
        position = form.cleaned_data.get("position")
        reviewers.insert(len(reviewers) if position is None else position, obj.reviewer)
        assign_reviewers(
            article=obj.article, reviewers=reviewers, actor=request.user, at=timezone.now()
        )
        # The service rewrites the article's links: point the admin at the new row.
        saved = obj.article.reviewer_links.get(reviewer=obj.reviewer)
        obj.pk, obj.position, obj.role = saved.pk, saved.position, saved.role

    def delete_model(self, request, obj):
        self.delete_queryset(request, ArticleReviewer.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        leaving = defaultdict(set)
        for link in queryset.select_related("article"):
            leaving[link.article].add(link.reviewer_id)
        at = timezone.now()
        for article, reviewer_ids in leaving.items():
            assign_reviewers(
                article=article,
                reviewers=[r for r in self._assigned(article) if r.pk not in reviewer_ids],
                actor=request.user,
                at=at,
            )


@admin.register(ReviewerInvitation)
class ReviewerInvitationAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Invitations are sent and accepted only through reviews.services.invitations (the
    reviewer list in the workspace); here they are read."""

    list_display = ["reviewer", "email", "invited_by", "sent_at", "expires_at", "accepted_at"]
    list_select_related = ["reviewer", "invited_by"]
    search_fields = ["reviewer__full_name", "email"]
