"""Ten editors create an article with one slug at the same moment: one article, nine form
errors, no IntegrityError (which reached the user as a 500)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.models import Article
from cms.services.editing import SLUG_TAKEN, create_article
from reviews.models import ArticleReview
from tests.factories import editor_account
from tests.integration.threads import run_together

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_creates_with_one_slug_give_one_article_and_slug_errors():
    editor = editor_account()

    def create():
        return create_article(
            editor=editor,
            title="Gout: Diet",
            slug="gout-diet",
            summary="",
            body=[{"type": "paragraph", "text": "Eat less red meat."}],
            topic=None,
            reason="New sheet",
            at=timezone.now(),
        )

    results = run_together(*[create] * 10)
    created = [r for r in results if isinstance(r, Article)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1 and len(refused) == 9, results
    assert all(error.message_dict == {"slug": [SLUG_TAKEN]} for error in refused)
    assert Article.objects.count() == 1 and ArticleReview.objects.count() == 1
