"""Public reviewer pages, and the form that shows or hides one and sets its bio."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cms.permissions import require_perm
from reviews.forms import ReviewerPageForm
from reviews.models import Reviewer
from reviews.selectors import reviewed_articles
from reviews.services.reviewers import ReviewerRefused, save_reviewer

PAGE_SIZE = 50


@login_not_required
def reviewer_page(request, reviewer_slug):
    """A reviewer's name, credentials, specialty, bio and the public articles whose live text
    credits them; 404 when the page is turned off."""
    reviewer = get_object_or_404(Reviewer, slug=reviewer_slug, public_page=True)
    page = Paginator(reviewed_articles(reviewer), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reviews/reviewer_page.html", {"reviewer": reviewer, "page": page})


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
    return _page_settings(request, reviewer, done="reviews:reviewers")


def _page_settings(request, reviewer, *, done):
    initial = {"public_page": reviewer.public_page, "bio": reviewer.bio}
    # Bound on every POST, even one with no fields: an unticked box sends nothing.
    form = ReviewerPageForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reviewer.public_page = form.cleaned_data["public_page"]
        reviewer.bio = form.cleaned_data["bio"]
        try:
            save_reviewer(reviewer=reviewer, actor=request.user, at=timezone.now())
        except ReviewerRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            shown = "shown" if reviewer.public_page else "hidden"
            messages.success(request, f"The public page of {reviewer.printed_name} is {shown}.")
            return redirect(done)
    return render(request, "reviews/reviewer_page_settings.html",
                  {"reviewer": reviewer, "form": form})  # fmt: skip
