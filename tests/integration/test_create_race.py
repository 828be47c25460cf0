"""Ten editors create an article with one slug at the same moment: one article, nine form
errors, no IntegrityError (which reached the user as a 500)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.models import Article
from cms.services.editing import LANGUAGE_TAKEN, SLUG_TAKEN, create_article
from reviews.models import ArticleReview
from tests.factories import ArticleFactory, editor_account
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
    assert all(error.message_dict == {"slug": [SLUG_TAKEN]} for error in refused), [
        e.message_dict for e in refused
    ]
    assert Article.objects.count() == 1 and ArticleReview.objects.count() == 1


def test_concurrent_translations_into_one_language_give_one_version_and_language_errors():
    editor = editor_account()
    source = ArticleFactory()

    def translate(n):
        return lambda: create_article(
            editor=editor,
            title=f"Gota: dieta {n}",
            slug=f"gota-dieta-{n}",
            summary="",
            body=[{"type": "paragraph", "text": "Coma menos carne roja."}],
            topic=None,
            reason="Traducción",
            at=timezone.now(),
            language="es",
            translation_of=source,
        )

    results = run_together(*[translate(n) for n in range(6)])
    created = [r for r in results if isinstance(r, Article)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1 and len(refused) == 5, results
    assert all(error.message_dict == {"language": [LANGUAGE_TAKEN]} for error in refused)
    assert source.translations.count() == 1
