"""The Django admin for the review domain. Every screen that writes calls the service that owns
the rule (assignments, flags, reviewer profiles, accounts, policies); append-only and derived
records are read-only."""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from cms.admin import GuardedHistoryAdmin, ViewOnlyMixin
from reviews.models import (
    ArticleReviewer,
    AuditEvent,
    ClinicalEvent,
    FlagSnapshot,
    Notification,
    ReaderReport,
    ReportSnapshot,
    Reviewer,
    ReviewFlag,
    ReviewPolicy,
    SignOff,
)
from reviews.services.accounts import (
    AccountRefused,
    UserHasHistory,
    deactivate_instead_message,
    history_of,
    save_account,
    set_roles,
    users_with_history,
)
from reviews.services.assignments import AssignmentRefused, assign_reviewers
from reviews.services.flags import (
    FlagRefused,
    change_dismiss_reason,
    dismiss_flag,
    reopen_flag,
    resolve_flag,
)
from reviews.services.policies import save_policy
from reviews.services.reviewers import ReviewerRefused, save_reviewer


class RefusalsAsMessages:
    """Shows a service's refusal (one of ``refusals``) as an error message, never a server
    error. The add, change and delete pages run in a transaction that the refusal rolls back;
    actions on the list get one too, so that a bulk action is all or nothing."""

    refusals: tuple[type[Exception], ...] = ()

    def _refused(self, request, error: Exception, url: str):
        self.message_user(request, error.args[0] if error.args else str(error), messages.ERROR)
        return HttpResponseRedirect(url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except self.refusals as error:
            return self._refused(request, error, request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except self.refusals as error:
            return self._refused(request, error, request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        except self.refusals as error:
            return self._refused(request, error, request.get_full_path())


class AppendOnlyAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """For append-only records: the admin shows them and nothing more."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "interval_months",
        "review_window_days",
        "withdrawal_after_months",
        "required_signoffs",
        "is_default",
    ]

    def save_model(self, request, obj, form, change):
        save_policy(policy=obj, actor=request.user, at=timezone.now())


@admin.register(Reviewer)
class ReviewerAdmin(RefusalsAsMessages, GuardedHistoryAdmin):
    """Profiles are saved through reviews.services.reviewers (audited field by field). They
    are never deleted here: untick "active" instead, which keeps who signed what."""

    refusals = (ReviewerRefused,)
    list_display = ["full_name", "credentials", "specialty", "credentials_expire_on", "active"]
    list_filter = ["active"]
    search_fields = ["full_name", "credentials", "specialty"]
    raw_id_fields = ["user"]

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


@admin.register(SignOff)
class SignOffAdmin(AppendOnlyAdmin):
    """Sign-offs are append-only: the admin shows them and nothing more."""

    list_display = [
        "article",
        "reviewer_name",
        "reviewer_credentials",
        "meaning",
        "signed_at",
        "workspace",
    ]
    list_filter = ["meaning"]
    search_fields = ["article__title", "reviewer_name"]
    list_select_related = ["article"]

    def get_readonly_fields(self, request, obj=None):
        return ["workspace", *super().get_readonly_fields(request, obj)]

    @admin.display(description="Workspace")
    def workspace(self, obj):
        return format_html(
            '<a href="{}">Signed revision</a> · <a href="{}">Article history</a>',
            reverse("cms:revision-detail", args=[obj.article.slug, obj.revision_id]),
            reverse("cms:article-history", args=[obj.article.slug]),
        )


class ReviewFlagAdminForm(forms.ModelForm):
    """Says which change is meant; the admin then calls that one service."""

    resolved = forms.BooleanField(
        required=False,
        help_text="Tick to resolve an open flag (with a reason below, to dismiss it as needing "
        "no action). Untick to reopen a resolved one.",
    )

    class Meta:
        model = ReviewFlag
        fields = ["dismiss_reason"]
        labels = {"dismiss_reason": "Reason for dismissal"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_resolved = self.instance.resolved_on is not None
        self.was_dismissed = self.was_resolved and self.instance.dismissed_by_id is not None
        self.reason_before = self.instance.dismiss_reason
        self.fields["resolved"].initial = self.was_resolved
        self.change_to_make = None  # "dismiss", "resolve", "reopen" or "change_reason"

    def clean(self):
        data = super().clean()
        resolved = data.get("resolved")
        reason = (data.get("dismiss_reason") or "").strip()
        if not self.was_resolved:
            if resolved:
                self.change_to_make = "dismiss" if reason else "resolve"
            elif reason:
                self.add_error("resolved", "Tick “resolved” to dismiss the flag with this reason.")
        elif not resolved:
            self.change_to_make = "reopen"  # which clears any dismissal and its reason
        elif reason != self.reason_before.strip():
            if self.was_dismissed:
                self.change_to_make = "change_reason"
            else:
                self.add_error(
                    "dismiss_reason",
                    "This flag was resolved, not dismissed: it has no reason to change.",
                )
        return data


@admin.register(ReviewFlag)
class ReviewFlagAdmin(RefusalsAsMessages, admin.ModelAdmin):
    """Flags are raised by the scan and by readers; here they are resolved, dismissed,
    reopened or their dismissal reason corrected, each through reviews.services.flags."""

    form = ReviewFlagAdminForm
    refusals = (FlagRefused,)
    list_display = ["article", "kind", "raised_on", "resolved_on", "dismissed_by"]
    list_filter = ["kind", ("resolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["article__title", "detail"]
    fields = [
        "article",
        "kind",
        "raised_on",
        "detail",
        "resolved_on",
        "dismissed_by",
        "resolved",
        "dismiss_reason",
    ]
    readonly_fields = ["article", "kind", "raised_on", "detail", "resolved_on", "dismissed_by"]
    list_select_related = ["article", "dismissed_by"]

    def save_model(self, request, obj, form, change):
        where = {"flag": obj, "actor": request.user, "at": timezone.now()}
        reason = form.cleaned_data.get("dismiss_reason", "")
        if form.change_to_make == "dismiss":
            dismiss_flag(reason=reason, **where)
        elif form.change_to_make == "resolve":
            resolve_flag(**where)
        elif form.change_to_make == "reopen":
            reopen_flag(**where)
        elif form.change_to_make == "change_reason":
            change_dismiss_reason(reason=reason, **where)
        obj.refresh_from_db()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    """The audit trail is append-only: the admin shows it and nothing more."""

    list_display = ["at", "action", "actor", "article", "subject", "change_kind"]
    list_filter = ["action", "change_kind"]
    search_fields = ["article__title", "subject", "detail"]
    list_select_related = ["actor", "article"]


@admin.register(ClinicalEvent)
class ClinicalEventAdmin(GuardedHistoryAdmin):
    list_display = ["term", "kind", "event_date", "source_url"]
    list_filter = ["kind"]
    search_fields = ["term", "note"]
    date_hierarchy = "event_date"


@admin.register(ReaderReport)
class ReaderReportAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "article", "message"]
    search_fields = ["article__title", "message"]
    list_select_related = ["article"]


@admin.register(Notification)
class NotificationAdmin(AppendOnlyAdmin):
    list_display = ["day", "kind", "recipient", "subject", "emailed_at", "read_at"]
    list_filter = ["kind", "day"]
    search_fields = ["recipient__username", "subject"]
    list_select_related = ["recipient"]


@admin.register(FlagSnapshot)
class FlagSnapshotAdmin(AppendOnlyAdmin):
    list_display = ["day", "kind", "count"]
    list_filter = ["kind"]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(AppendOnlyAdmin):
    list_display = ["day", "computed_at"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(RefusalsAsMessages, DjangoUserAdmin):
    """Django's user admin, with every change to roles (groups, own permissions, staff and
    superuser status) and to "active" made and audited by reviews.services.accounts. A user
    with history is deactivated, never deleted."""

    refusals = (AccountRefused, UserHasHistory)
    actions = ["delete_selected", "deactivate_selected"]

    def save_model(self, request, obj, form, change):
        save_account(user=obj, actor=request.user, at=timezone.now())

    def save_related(self, request, form, formsets, change):
        # Instead of form.save_m2m(): the user's only many-to-many fields are its roles.
        data = form.cleaned_data
        if "groups" in data or "user_permissions" in data:
            set_roles(
                user=form.instance,
                groups=data.get("groups"),
                permissions=data.get("user_permissions"),
                actor=request.user,
                at=timezone.now(),
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and self.has_delete_permission(request, user):
            history = history_of(user)
            if history:
                self.message_user(
                    request, deactivate_instead_message(user, history), messages.ERROR
                )
                return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description="Delete selected users")
    def delete_selected(self, request, queryset):
        kept = sorted(user.get_username() for user in users_with_history(queryset))
        if kept:
            self.message_user(
                request,
                f"Nothing was deleted: {', '.join(kept)} "
                f"{'has' if len(kept) == 1 else 'have'} history, and deleting would erase who "
                "did what. Deactivate instead.",
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

    @admin.action(permissions=["change"], description="Deactivate selected users")
    def deactivate_selected(self, request, queryset):
        at = timezone.now()
        users = list(queryset.filter(is_active=True))
        for user in users:
            user.is_active = False
            save_account(user=user, actor=request.user, at=at)
        self.message_user(request, f"{len(users)} deactivated.", messages.SUCCESS)
