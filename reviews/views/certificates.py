"""Review certificates: one revision's as a printable page or a PDF, and a zip of the live
revisions' certificates for the review-status report's filtered articles.

Who may see one: whoever may see the article's history and its signatures (``cms.view_article``
and ``reviews.view_signoff``: editors, medical reviewers and content admins), since the history
page already shows them the same signatures and audit trail. The zip is for those who may read
the reports (``reviews.view_reports``: content admins).
"""

import tempfile

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms.models import Article
from cms.permissions import require_perm
from reviews.reports.certificate_pdf import certificate_pdf
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.services.certificates import (
    TooManyCertificates,
    certificate_for,
    write_certificates_zip,
)

SPOOL_IN_MEMORY = 8 * 1024 * 1024  # a larger zip is written to a temporary file


@require_perm("cms.view_article", "reviews.view_signoff")
@require_GET
def certificate(request, slug, revision_id):
    """The certificate of one revision, as a page to print."""
    return render(
        request, "reviews/certificate.html", {"certificate": _certificate(slug, revision_id)}
    )


@require_perm("cms.view_article", "reviews.view_signoff")
@require_GET
def certificate_download(request, slug, revision_id):
    """The same certificate as a PDF download."""
    found = _certificate(slug, revision_id)
    response = HttpResponse(
        certificate_pdf(found, printed_at=timezone.now()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response


@require_perm("reviews.view_reports")
@require_GET
def certificates_zip(request):
    """The certificates of the live revisions of the review-status report's articles (its
    filters, from the query), one PDF each, with a manifest of their SHA-256 sums."""
    today = timezone.localdate()
    filters = ReviewStatusFilter(request.GET, as_of=today)
    back = f"{reverse('reviews:report-review-status')}?{request.GET.urlencode()}"
    if not filters.is_valid():
        messages.error(request, _("Correct the report's filters to download their certificates."))
        return redirect(back)
    # Not a `with`: the response closes the file once it has been sent.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    try:
        write_certificates_zip(articles=filters.qs, file=spool, printed_at=timezone.now())
    except TooManyCertificates as refusal:
        spool.close()
        messages.error(request, str(refusal))
        return redirect(back)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"certificates-{today.isoformat()}.zip",
        content_type="application/zip",
    )


def _certificate(slug: str, revision_id: int):
    """The certificate of revision ``revision_id`` of the article ``slug``; 404 when either is
    unknown or the revision belongs to another article."""
    article = get_object_or_404(
        Article.objects.select_related("review__policy", "live_revision"), slug=slug
    )
    revision = get_object_or_404(
        article.history.select_related("history_user"), history_id=revision_id
    )
    return certificate_for(article, revision)
