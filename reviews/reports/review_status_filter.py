"""The review-status report's filters and sorts: one django-filter FilterSet, read by the page,
the downloads, the command and the API."""

from datetime import date, timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from cms.models import Article, Topic
from cms.selectors import article_owner_ids
from reviews.choices import FLAGS_IN_DUE_ORDER, FlagKind
from reviews.forms import REVIEWER_HELP, PolicyChoiceField, ReviewStatusFilterForm
from reviews.models import ArticleReviewer, Reviewer, ReviewFlag, ReviewPolicy
from reviews.reports.language_filter import LanguageFilter
from reviews.reports.review_status import FLAG_DUE_ON, SORTS
from reviews.selectors import (
    reviewers_named,
)
from reviews.widgets import (
    CheckboxesOnce,
    NumberInputOnce,
    ReviewerSearchInput,
    SelectOnce,
    TextInputOnce,
)


class _IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=NumberInputOnce, **kwargs)


_DAYS = {"min_value": -36_525, "max_value": 36_525}  # a century either way


class _PolicyFilter(django_filters.ModelChoiceFilter):
    field_class = PolicyChoiceField


def _this_article() -> OuterRef:
    """The article of the outer row, read from its review state (the same id): the report's
    pages walk the review state's due-date index, so a test on this column can run before the
    wide ``cms_article`` row is fetched (the reviewer filter at 1M: 8.6 -> 4.6 ms in SQL, 51
    article rows read instead of 1,211)."""
    return OuterRef("review__pk")


def _open_flags(kinds: list[str] | None = None) -> QuerySet[ReviewFlag]:
    flags = ReviewFlag.objects.filter(article_id=_this_article(), resolved_on__isnull=True)
    return flags.filter(kind__in=kinds) if kinds else flags


class ReviewStatusFilter(django_filters.FilterSet):
    """The report's filters and sorts. ``qs`` is the articles the report lists: those with an
    open flag (of the chosen kinds, with ``flag``) that pass every other filter.

    Built with the day it runs for (``as_of``), which the days-overdue range counts from. Always
    bound: no data means no filters.
    """

    flag = django_filters.MultipleChoiceFilter(
        choices=[(kind, gettext_lazy(label)) for kind, label in FlagKind.choices],
        method="filter_flag",
        label="Open flag",
        widget=CheckboxesOnce,
    )
    topic = django_filters.CharFilter(
        method="filter_topic",
        widget=TextInputOnce,
        label="Topic",
        help_text="Topic name (any case).",
    )
    language = LanguageFilter()
    policy = _PolicyFilter(
        field_name="review__policy",
        queryset=ReviewPolicy.objects.order_by("name"),
        to_field_name="name",
        empty_label="Any policy",
        widget=SelectOnce,
        label="Policy",
        help_text="Review policy name.",
    )
    reviewer = django_filters.CharFilter(
        method="filter_reviewer",
        widget=ReviewerSearchInput(attrs={"list": "reviewer-names"}),
        label="Reviewer",
        help_text=f"Assigned to review it. {REVIEWER_HELP} Part of a name matches too.",
    )
    editor = django_filters.CharFilter(
        method="filter_editor",
        widget=TextInputOnce(attrs={"list": "editor-names", "autocomplete": "off"}),
        label="Editor",
        help_text="The owner's username or name, or part of it (any case).",
    )
    min_days = _IntegerFilter(
        method="filter_min_days",
        **_DAYS,
        label="Days overdue from",
        help_text="At least this many days overdue. Never-reviewed articles have no days "
        "overdue, so a days range leaves them out.",
    )
    max_days = _IntegerFilter(
        method="filter_max_days",
        **_DAYS,
        label="to",
        help_text="At most this many days overdue.",
    )
    min_grade = django_filters.NumberFilter(
        field_name="reading_grade",
        widget=NumberInputOnce,
        lookup_expr="gte",
        min_value=-20,
        max_value=100,
        label="Reading grade from",
        help_text="At least this Flesch–Kincaid grade (of the latest words).",
    )
    max_grade = django_filters.NumberFilter(
        field_name="reading_grade",
        widget=NumberInputOnce,
        lookup_expr="lte",
        min_value=-20,
        max_value=100,
        label="to",
        help_text="At most this grade. A grade range leaves out articles not graded yet.",
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in SORTS.keys],
        method="keep_order",
        empty_label=None,
        label="Sort",
        help_text=f"A column key, or -key to reverse it (default {SORTS.default}).",
    )

    class Meta:
        model = Article
        fields: list[str] = []
        form = ReviewStatusFilterForm

    def __init__(self, data=None, queryset=None, *, as_of: date, request=None, prefix=None):
        super().__init__({} if data is None else data, queryset, request=request, prefix=prefix)
        self.as_of = as_of

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("flag"):
            queryset = queryset.filter(Exists(_open_flags()))  # any kind
        return super().filter_queryset(queryset)

    def filter_flag(self, queryset, name, value: list[str]):
        if len(set(value)) == 1 and value[0] in FLAGS_IN_DUE_ORDER:
            # A join rather than EXISTS: an article has at most one open flag of a kind (a
            # constraint), so no row repeats, and the flag's copy of the due date is there to
            # order by (FLAG_DUE_ON). With EXISTS beside such a join, PostgreSQL took the two
            # for independent and expected 709 due-soon articles of 26,132 at 1M, so it
            # gathered and sorted them all (300 ms) instead of walking the flags' index.
            return queryset.filter(flags__kind=value[0], flags__resolved_on__isnull=True).annotate(
                **{FLAG_DUE_ON: F("flags__due_on")}
            )
        return queryset.filter(Exists(_open_flags(value)))

    # Names are looked up first (one small query each) and the rows filtered by id: PostgreSQL
    # has statistics for an id column, none for UPPER(name) across a join, and without them it
    # walked the due-date index through most of a million articles to find one reviewer's.
    def filter_topic(self, queryset, name, value: str):
        topics = Topic.objects.filter(name__iexact=value).values_list("pk", flat=True)
        return queryset.filter(topic_id__in=list(topics))

    def filter_editor(self, queryset, name, value: str):
        value = value.strip()
        editors = get_user_model().objects.filter(
            Q(username__icontains=value) | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        ).values_list("pk")  # fmt: skip
        return queryset.filter(owner_id__in=[pk for (pk,) in editors])

    def filter_reviewer(self, queryset, name, value: str):
        # A UNION, so that each side keeps its own plan (the printed-name match reads the
        # UPPER(full_name) index); one WHERE with both sides OR-ed read every reviewer for each.
        partly = Reviewer.objects.filter(full_name__icontains=value.strip())
        named = reviewers_named(value).order_by().values_list("pk", flat=True)
        reviewers = list(named.union(partly.order_by().values_list("pk")))
        assigned = ArticleReviewer.objects.filter(
            article_id=_this_article(), reviewer_id__in=reviewers
        )
        return queryset.filter(Exists(assigned)) if reviewers else queryset.none()

    # A days range is a plain range on next_review_due (no "OR IS NULL"), so PostgreSQL reads
    # just that stretch of the due-date index; never-reviewed articles (no due date) fall out.
    def filter_min_days(self, queryset, name, value: int):
        return queryset.filter(review__next_review_due__lte=self.as_of - timedelta(days=value))

    def filter_max_days(self, queryset, name, value: int):
        return queryset.filter(review__next_review_due__gte=self.as_of - timedelta(days=value))

    def keep_order(self, queryset, name, value: str):
        return queryset  # the rows are sorted by review_status_rows (``self.chosen_sort``)

    @property
    def chosen_sort(self) -> str:
        """The chosen sort key (the default when none, or when the form is invalid)."""
        if self.is_valid() and self.form.cleaned_data.get("sort"):
            return self.form.cleaned_data["sort"]
        return SORTS.default


SUGGESTED_NAMES = 500  # a list the filters suggest: enough for a team, bounded for a large one


def reviewer_suggestions() -> list[str]:
    """Reviewers' names, as the reviewer filter suggests them (at most SUGGESTED_NAMES)."""
    names = Reviewer.objects.order_by("full_name").values_list("full_name", flat=True)
    return list(names.distinct()[:SUGGESTED_NAMES])


def editor_suggestions() -> list[str]:
    """The usernames of articles' owners, as the editor filter suggests them (at most
    SUGGESTED_NAMES). Two small queries: the owners are found along the owner index
    (``article_owner_ids``)."""
    owners = get_user_model().objects.filter(pk__in=article_owner_ids()).order_by("username")
    return list(owners.values_list("username", flat=True)[:SUGGESTED_NAMES])
