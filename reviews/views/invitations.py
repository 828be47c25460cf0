"""Reviewers' accounts: the content admins' list of reviewers, inviting one, and the public
page where the invited reviewer sets up the account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.languages import language_name
from cms.permissions import require_perm
from cms.templatetags.cms_tags import short_datetime
from reviews.forms import AcceptInvitationForm, InviteReviewerForm
from reviews.models import Reviewer, ReviewerInvitation
from reviews.services.invitations import (
    InvitationExpired,
    InvitationRefused,
    accept_invitation,
    invite_reviewer,
    suggested_username,
    usable_invitation,
)

PAGE_SIZE = 50


@require_perm("reviews.invite_reviewer")
def reviewer_list(request):
    today = timezone.localdate()
    reviewers = (
        Reviewer.objects.select_related("user")
        .with_signing_role()
        .prefetch_related(
            Prefetch("invitations", queryset=ReviewerInvitation.objects.order_by("-sent_at", "-id"))
        )
    )
    query = request.GET.get("q", "").strip()[:200]
    if query:
        reviewers = reviewers.filter(full_name__icontains=query)
    page = Paginator(reviewers.order_by("full_name", "credentials"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for reviewer in page.object_list:
        reviewer.language_names = [language_name(tag) for tag in reviewer.language_list]
    page.object_list = [
        (reviewer, reviewer.signing_refusal(today), next(iter(reviewer.invitations.all()), None))
        for reviewer in page.object_list
    ]
    return render(
        request,
        "reviews/reviewers.html",
        {"page": page, "query": query, "now": timezone.now()},
    )


@require_perm("reviews.invite_reviewer")
def invite(request, reviewer_id):
    reviewer = get_object_or_404(Reviewer.objects.select_related("user"), pk=reviewer_id)
    form = InviteReviewerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_reviewer(
                reviewer=reviewer,
                email=form.cleaned_data["email"],
                actor=request.user,
                at=timezone.now(),
            )
        except InvitationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("Invitation sent to %(name)s at %(email)s; the link works once, until %(until)s.")
                % {
                    "name": reviewer.printed_name,
                    "email": invitation.email,
                    "until": short_datetime(invitation.expires_at),
                },
            )
            return redirect("reviews:reviewers")
    return render(
        request,
        "reviews/invite.html",
        {
            "reviewer": reviewer,
            "form": form,
            "refusal": reviewer.signing_refusal(timezone.localdate()),
        },
    )


@login_not_required
@never_cache  # the link is a credential: its page stays out of every cache
def accept(request, invitation_id, token):
    at = timezone.now()
    try:
        invitation = usable_invitation(invitation_id=invitation_id, token=token, at=at)
    except InvitationRefused as refusal:
        status = 410 if isinstance(refusal, InvitationExpired) else 404
        return render(
            request, "reviews/invitation_refused.html", {"refusal": refusal}, status=status
        )
    initial = {"username": suggested_username(invitation.reviewer)}
    form = AcceptInvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                invitation_id=invitation_id,
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                at=at,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except InvitationRefused as refusal:
            return render(
                request, "reviews/invitation_refused.html", {"refusal": refusal}, status=404
            )
        else:
            messages.success(
                request,
                _("Your account is ready. Log in as %(username)s to sign.")
                % {"username": user.get_username()},
            )
            return redirect("login")
    return render(
        request, "reviews/accept_invitation.html", {"invitation": invitation, "form": form}
    )
