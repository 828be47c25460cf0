"""Assigning an article's reviewers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Article
from cms.permissions import require_perm
from reviews.forms import AssignReviewersForm
from reviews.models.reviewers import assigned_with_signing_role
from reviews.services.assignments import AssignmentRefused, assign_reviewers, eligible_reviewers


@require_perm("reviews.change_articlereviewer")
def assign(request, slug):
    article = get_object_or_404(Article, slug=slug)
    today = timezone.localdate()
    current = [link.reviewer for link in assigned_with_signing_role(article.reviewer_links.all())]
    eligible = eligible_reviewers(as_of=today, language=article.language)
    form = AssignReviewersForm(
        request.POST or None,
        eligible=eligible,
        current=current,
        as_of=today,
        language=article.language,
    )
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = assign_reviewers(
                article=article, reviewers=form.reviewers(), actor=request.user, at=timezone.now()
            )
        except AssignmentRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Reviewers saved (%(added)s added, %(removed)s removed).")
                % {"added": len(added), "removed": len(removed)},
            )
            return redirect("cms:article-history", slug=article.slug)
    current = [
        (reviewer, reviewer.signing_refusal(today, language=article.language))
        for reviewer in current
    ]
    return render(
        request, "reviews/assign.html", {"article": article, "form": form, "current": current}
    )
