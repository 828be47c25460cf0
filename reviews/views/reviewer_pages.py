"""Public reviewer pages, and the form that shows or hides one and sets its bio (and, for
content admins, the languages the reviewer reviews in)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.languages import language_name
from cms.permissions import require_perm
from reviews.forms import ReviewerPageForm
from reviews.models import Reviewer
from reviews.selectors import reviewed_articles
from reviews.services.reviewers import ReviewerRefused, save_reviewer

PAGE_SIZE = 50


class ReviewerProfileForm(ReviewerPageForm):
    """The public page settings plus the languages the reviewer reviews in: for content admins
    only, as the languages decide which articles the reviewer may sign. Checked and written in
    standard form by the model's ``clean`` (through ``save_reviewer``)."""

    languages = forms.CharField(
        max_length=200,
        label=_("Reviews in"),
        help_text=_(
            "Language tags separated by spaces, such as “en es”. They sign only articles in "
            "these languages (es covers es-MX)."
        ),
    )


def language_names(reviewer: Reviewer) -> list[str]:
    """The reviewer's languages by their own names ("English", "Español")."""
    return [language_name(tag) for tag in reviewer.language_list]


@login_not_required
def reviewer_page(request, reviewer_slug):
    """A reviewer's name, credentials, specialty, bio and the public articles whose live text
    credits them; 404 when the page is turned off."""
    reviewer = get_object_or_404(Reviewer, slug=reviewer_slug, public_page=True)
    page = Paginator(reviewed_articles(reviewer), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/reviewer_page.html",
        {"reviewer": reviewer, "page": page, "languages": language_names(reviewer)},
    )


@require_perm("reviews.add_signoff")
def my_reviewer_page(request):
    """A reviewer's own public page settings (404 for an account with no reviewer profile)."""
    reviewer = Reviewer.objects.filter(user=request.user).first()
    if reviewer is None:
        raise Http404("Your account has no reviewer profile.")
    return _page_settings(request, reviewer, done="reviews:my-reviewer-page")


@require_perm("reviews.change_reviewer")
def reviewer_page_settings(request, reviewer_id):
    """A content admin's view of any reviewer's public page settings."""
    reviewer = get_object_or_404(Reviewer, pk=reviewer_id)
    return _page_settings(
        request, reviewer, done="reviews:reviewers", form_class=ReviewerProfileForm
    )


def _page_settings(request, reviewer, *, done, form_class=ReviewerPageForm):
    fields = list(form_class.base_fields)
    initial = {name: getattr(reviewer, name) for name in fields}
    # Bound on every POST, even one with no fields: an unticked box sends nothing.
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for name in fields:
            setattr(reviewer, name, form.cleaned_data[name])
        try:
            save_reviewer(reviewer=reviewer, actor=request.user, at=timezone.now())
        except ReviewerRefused as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            said = (
                gettext("The public page of %(name)s is shown.")
                if reviewer.public_page
                else gettext("The public page of %(name)s is hidden.")
            )
            messages.success(request, said % {"name": reviewer.printed_name})
            return redirect(done)
    return render(request, "reviews/reviewer_page_settings.html",
                  {"reviewer": reviewer, "form": form})  # fmt: skip


def _add_model_errors(form, error: ValidationError) -> None:
    """The model's errors on the form's fields (on the form itself for a field it lacks)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)
