"""Sample objects for the URL walks of the security tests."""

from datetime import date

import pytest

from reviews.choices import EventKind
from reviews.models import ClinicalEvent, ReaderReport, ReviewFlag
from tests.factories import ArticleFactory, ReviewerFactory, assign, at_nine, sign


@pytest.fixture
def samples():
    """A value for each URL parameter: a real object of the right kind for each URL."""
    article = ArticleFactory(slug="sample-sheet")
    assign(article, ReviewerFactory())
    signoff = sign(article, on=date(2025, 6, 1))
    flag = ReviewFlag.objects.create(article=article, kind="reader_report", raised_on="2026-01-01")
    report = ReaderReport.objects.create(
        article=article, message="A typo.", created_at=at_nine(date(2026, 1, 1)), flag=flag
    )
    event = ClinicalEvent.objects.create(
        term="imatinib", event_date=date(2025, 1, 2), kind=EventKind.FDA_APPROVAL
    )
    common = {"slug": article.slug, "revision_id": article.live_revision.history_id}
    # An account-less reviewer to invite; no invitation 1, so its link is refused (404).
    common.update(reviewer_id=ReviewerFactory().pk, invitation_id=1, token="cafe-0123456789abc")
    common["reviewer_slug"] = ReviewerFactory(full_name="Ann Lee").slug  # a public page
    pks = {
        "api:signoff-detail": signoff.pk,
        "api:flag-detail": flag.pk,
        "api:event-detail": event.pk,
    }
    image = {"name": "0" * 64 + ".png"}  # cms:image; no such file, so 404
    ids = {"flag_id": flag.pk, "report_id": report.pk}
    return lambda name: {**common, **image, **ids, "pk": pks.get(name)}
