"""Forms of the review screens."""

from django import forms
from django.core import validators
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import ChangeKind
from cms.templatetags.cms_tags import short_datetime
from cms.text import clean_line
from reviews.choices import (
    APPROVING_MEANINGS,
    REVIEWER_MEANINGS,
    AuditAction,
    BulkAction,
    CloseReason,
    SignOffMeaning,
)
from reviews.models import Reviewer
from reviews.selectors import reviewers_named
from reviews.services.signoff import SOURCES_STATEMENT
from reviews.widgets import ReviewerSearchInput

MAX_REVIEWERS = 4
MAX_BULK_ARTICLES = 200  # a few pages of the lists; more is refused, not truncated


class SignOffForm(forms.Form):
    meaning = forms.ChoiceField(
        choices=[
            (
                meaning,
                gettext_lazy("Request changes")
                if meaning == SignOffMeaning.CHANGES_REQUESTED
                else label,
            )
            for meaning, label in SignOffMeaning.choices
            if meaning in REVIEWER_MEANINGS
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("What your signature means"),
    )
    comment = forms.CharField(
        required=False,
        label=gettext_lazy("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when you request changes."),
    )
    sources_checked = forms.BooleanField(
        required=False,
        label=SOURCES_STATEMENT,
        help_text=gettext_lazy("Required to approve; recorded with your signature."),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Re-enter your password: it is your electronic signature."),
    )
    revision_id = forms.IntegerField(widget=forms.HiddenInput)
    content_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        data = super().clean()
        if (
            data.get("meaning") == SignOffMeaning.CHANGES_REQUESTED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Say what needs to change."))
        if data.get("meaning") in APPROVING_MEANINGS and not data.get("sources_checked"):
            self.add_error("sources_checked", _("An approval states that you checked the sources."))
        return data


class _ReviewerSelect(forms.Select):
    """A select whose reviewers outside ``allowed`` (pks) are shown, disabled."""

    allowed: set = set()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.pk not in self.allowed and not selected:
            option["attrs"]["disabled"] = True
        return option


class _ReviewerChoiceField(forms.ModelChoiceField):
    """Each reviewer with why they cannot sign on ``as_of``, if they cannot
    (``Reviewer.signing_refusal``)."""

    def __init__(self, *args, as_of, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of = as_of
        self.language = language

    def label_from_instance(self, reviewer):
        refusal = reviewer.signing_refusal(self.as_of, language=self.language)
        if not refusal:
            return str(reviewer)
        return _("%(name)s — cannot sign: %(reason)s") % {
            "name": reviewer.printed_name,
            "reason": refusal,
        }


class AssignReviewersForm(forms.Form):
    """Up to four reviewers, in the order they are printed. Active reviewers who cannot sign on
    ``as_of`` are listed too, disabled, with the reason (a current one stays choosable)."""

    def __init__(self, *args, eligible, current, as_of=None, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(eligible.values_list("pk", flat=True)) | {r.pk for r in current}
        choices = Reviewer.objects.filter(
            Q(active=True) | Q(pk__in=[r.pk for r in current])
        ).select_related("user")
        for position in range(MAX_REVIEWERS):
            widget = _ReviewerSelect()
            widget.allowed = allowed
            self.fields[f"reviewer_{position}"] = _ReviewerChoiceField(
                queryset=choices.order_by("full_name"),
                as_of=as_of or timezone.localdate(),
                language=language,
                widget=widget,
                required=position == 0,
                label=_("Reviewer %(number)s") % {"number": position + 1},
                initial=current[position] if position < len(current) else None,
            )

    def reviewers(self) -> list[Reviewer]:
        chosen = [self.cleaned_data.get(f"reviewer_{p}") for p in range(MAX_REVIEWERS)]
        return [reviewer for reviewer in chosen if reviewer]

    def clean(self):
        data = super().clean()
        chosen = [r.pk for r in self.reviewers()]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Each reviewer can be listed only once."))
        return data


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("", gettext_lazy("Any action")), *AuditAction.choices],
        required=False,
        label=gettext_lazy("Action"),
    )
    change_kind = forms.ChoiceField(
        choices=[("", gettext_lazy("Any kind")), *ChangeKind.choices],
        required=False,
        label=gettext_lazy("Change kind"),
    )
    actor = forms.CharField(required=False, label=gettext_lazy("User"))
    article = forms.CharField(required=False, label=gettext_lazy("Article"))
    since = forms.DateField(
        required=False,
        label=gettext_lazy("Since"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        required=False,
        label=gettext_lazy("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


# Plain text: the review-status filter formats it into its own help text at import.
REVIEWER_HELP = "Name, with or without credentials."
_REVIEWER_HELP = gettext_lazy("Name, with or without credentials.")


class ReviewerField(forms.CharField):
    """A reviewer named in a ``ReviewerSearchInput``, resolved on submit with
    ``reviewers_named``. An unknown or ambiguous name is an error that says which; a name that
    matches one reviewer's printed name exactly picks that reviewer. ``allowed`` (a queryset)
    refuses anyone outside it with ``refused`` (``%(name)s`` is the reviewer's printed name)."""

    widget = ReviewerSearchInput

    def __init__(self, *, allowed=None, refused=None, **kwargs):
        kwargs.setdefault("help_text", _REVIEWER_HELP)
        super().__init__(max_length=400, **kwargs)
        self.allowed = allowed
        self.refused = refused or gettext_lazy("%(name)s cannot be chosen here.")

    def clean(self, value) -> Reviewer | None:
        name = super().clean(value)
        if not name:
            return None
        matches = list(reviewers_named(name).order_by("full_name", "credentials", "pk")[:6])
        exact = [r for r in matches if r.printed_name.casefold() == name.casefold()]
        if len(matches) > 1 and len(exact) == 1:
            matches = exact
        if not matches:
            raise forms.ValidationError(
                _('No reviewer is named "%(name)s".') % {"name": name}, code="unknown"
            )
        if len(matches) > 1:
            found = {
                "count": len(matches),
                "name": name,
                "listed": ", ".join(r.printed_name for r in matches[:5]),
            }
            message = (
                _(
                    'More than five reviewers are named "%(name)s" (%(listed)s): '
                    "add the credentials."
                )
                if len(matches) > 5
                else _(
                    '%(count)s reviewers are named "%(name)s" (%(listed)s): add the credentials.'
                )
            )
            raise forms.ValidationError(message % found, code="ambiguous")
        reviewer = matches[0]
        if self.allowed is not None and not self.allowed.filter(pk=reviewer.pk).exists():
            raise forms.ValidationError(
                self.refused, code="refused", params={"name": reviewer.printed_name}
            )
        return reviewer


class ArticleSlugsField(forms.Field):
    """The slugs of the articles ticked on a list (``articles``, repeated): at most ``limit``,
    each a slug; the server looks them up again."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(**kwargs)
        self.limit = limit

    def to_python(self, value) -> list[str]:
        values = [value] if isinstance(value, str) else list(value or [])
        if len(values) > self.limit:
            raise forms.ValidationError(
                _("Select at most %(limit)s articles at once.") % {"limit": self.limit}
            )
        slugs = [str(v).strip() for v in values if str(v).strip()]
        for slug in slugs:
            validators.validate_slug(slug)
        return slugs

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Select at least one article."), code="required")


class BulkActionForm(forms.Form):
    """One action on the articles ticked on a list: what, on which, and its reviewer or reason."""

    action = forms.ChoiceField(choices=BulkAction.choices)
    articles = ArticleSlugsField(limit=MAX_BULK_ARTICLES)
    reviewer = ReviewerField(required=False)
    reason = forms.CharField(required=False, max_length=500)

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")

    def clean(self):
        data = super().clean()
        if data.get("action") == BulkAction.WITHDRAW and not data.get("reason"):
            self.add_error("reason", _("Say why the articles are withdrawn."))
        if data.get("action") == BulkAction.ASSIGN and not data.get("reviewer"):
            self.add_error("reviewer", _("Name the reviewer to assign."))
        return data


class WithdrawalForm(forms.Form):
    reason = forms.CharField(max_length=500, label=gettext_lazy("Why"))

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")


class _AllAtOnce(forms.models.ModelChoiceIterator):
    """The choices of a short list in one plain query (the default iterator opens a
    server-side cursor on PostgreSQL: three round trips for three policies)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class PolicyChoiceField(forms.ModelChoiceField):
    """A review policy by name (any case). A number picks by id, as older links did."""

    iterator = _AllAtOnce

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        match = Q(name__iexact=text) | (Q(pk=int(text)) if text.isdigit() else Q(pk__in=[]))
        found = list(self.queryset.filter(match)[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found[0]


class ReviewStatusFilterForm(forms.Form):
    """The base form of the review-status report's FilterSet
    (``reviews.reports.review_status_filter.ReviewStatusFilter`` declares the fields)."""

    def clean(self):
        data = super().clean()
        low, high = data.get("min_days"), data.get("max_days")
        if low is not None and high is not None and low > high:
            self.add_error("max_days", _("The range ends before it starts."))
        low, high = data.get("min_grade"), data.get("max_grade")
        if low is not None and high is not None and low > high:
            self.add_error("max_grade", _("The range ends before it starts."))
        return data


class ReassignForm(forms.Form):
    from_reviewer = ReviewerField(label=gettext_lazy("From"))
    to_reviewer = ReviewerField(label=gettext_lazy("To"))
    reason = forms.CharField(max_length=200, label=gettext_lazy("Reason"))

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_reviewer"].allowed = eligible
        self.fields["to_reviewer"].refused = gettext_lazy(
            "%(name)s cannot sign now (inactive, no account, or credentials expired), so "
            "articles cannot move to them."
        )

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")

    def clean(self):
        data = super().clean()
        if data.get("from_reviewer") and data.get("from_reviewer") == data.get("to_reviewer"):
            self.add_error("to_reviewer", _("Choose another reviewer to move the articles to."))
        return data


class ReaderReportForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What is wrong on this page?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))


class ReportFilterForm(forms.Form):
    """The triage list's filters; anything unknown falls back to open reports."""

    status = forms.ChoiceField(
        choices=[
            ("open", gettext_lazy("Open")),
            ("closed", gettext_lazy("Closed")),
            ("all", gettext_lazy("All")),
        ],
        required=False,
        label=gettext_lazy("Status"),
    )
    mine = forms.BooleanField(
        required=False, label=gettext_lazy("Only mine (my articles, assigned to me)")
    )
    article = forms.SlugField(required=False, widget=forms.HiddenInput)


class AssignReportForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Nobody"),
        label=gettext_lazy("Assign to"),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )


class ReportNoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseReportForm(forms.Form):
    """Why the report is closed; ``fixed`` names one of the article's revisions."""

    reason = forms.ChoiceField(
        choices=CloseReason.choices, widget=forms.RadioSelect, label=gettext_lazy("Why close it")
    )
    revision = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("The revision that fixed it"),
        empty_label=gettext_lazy("Choose a revision"),
    )

    def __init__(self, *args, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].queryset = revisions
        self.fields["revision"].label_from_instance = _revision_label

    def clean(self):
        data = super().clean()
        if data.get("reason") == CloseReason.FIXED and not data.get("revision"):
            self.add_error("revision", _("Choose the revision that fixed it."))
        return data


def _revision_label(revision) -> str:
    """A revision as the close form lists it: when, what kind of change, and why."""
    kind = revision.get_change_kind_display() or _("saved")
    reason = revision.history_change_reason
    return f"{short_datetime(revision.history_date)} · {kind}" + (
        f" · {reason[:80]}" if reason else ""
    )


class DismissFlagForm(forms.Form):
    reason = forms.CharField(max_length=500, label=gettext_lazy("Why no action is needed"))

    def clean_reason(self):
        return clean_line(self.cleaned_data["reason"], "The reason")


class InviteReviewerForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("The link to set up the account is sent here."),
    )


class AcceptInvitationForm(forms.Form):
    """The invited reviewer's username and password (checked by the invitation service)."""

    username = forms.CharField(
        max_length=150,
        label=gettext_lazy("Username"),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        help_text=gettext_lazy("Letters, digits and @/./+/-/_ only. You log in with it."),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "At least 8 characters, not too common, not all digits, not like your name."
        ),
    )
    password_again = forms.CharField(
        label=gettext_lazy("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class ReviewerPageForm(forms.Form):
    """A reviewer's public page: shown or not, and the bio it shows."""

    public_page = forms.BooleanField(
        required=False,
        label=gettext_lazy("Show my public reviewer page"),
        help_text=gettext_lazy(
            "Off: the page answers “not found” and articles name you without a link."
        ),
    )
    bio = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("Bio"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Plain text; blank lines start a new paragraph."),
    )
