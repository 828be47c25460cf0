"""Sample objects for the URL walks of the security tests."""

from datetime import date

import pytest

from reviews.choices import EventKind
from reviews.models import ClinicalEvent, ReviewFlag
from tests.factories import ArticleFactory, ReviewerFactory, assign, sign


@pytest.fixture
def samples():
    """A value for each URL parameter: a real object of the right kind for each URL."""
    article = ArticleFactory(slug="sample-sheet")
    assign(article, ReviewerFactory())
    signoff = sign(article, on=date(2025, 6, 1))
    flag = ReviewFlag.objects.create(article=article, kind="reader_report", raised_on="2026-01-01")
    event = ClinicalEvent.objects.create(
        term="imatinib", event_date=date(2025, 1, 2), kind=EventKind.FDA_APPROVAL
    )
    common = {"slug": article.slug, "revision_id": article.live_revision.history_id}
    pks = {
        "api:signoff-detail": signoff.pk,
        "api:flag-detail": flag.pk,
        "api:event-detail": event.pk,
    }
    image = {"name": "0" * 64 + ".png"}  # cms:image; no such file, so 404
    return lambda name: {**common, **image, "flag_id": flag.pk, "pk": pks.get(name)}
