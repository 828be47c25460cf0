"""Forms that name reviewers: choosing, assigning and moving them, and their own accounts
and pages."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import clean_line
from reviews.models import Reviewer
from reviews.selectors import reviewers_named
from reviews.widgets import ReviewerSearchInput

MAX_REVIEWERS = 4


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
        choices = (
            Reviewer.objects.filter(Q(active=True) | Q(pk__in=[r.pk for r in current]))
            .select_related("user")
            .with_signing_role()  # each label says why they cannot sign, in this one query
        )
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
