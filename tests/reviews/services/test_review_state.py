"""Every article has one review state (reviews.ArticleReview) from the transaction that
creates it, whatever the route, and its policy changes only through set_article_policy."""

from datetime import date
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from cms.models import Article
from reviews.choices import AuditAction
from reviews.models import ArticleReview, AuditEvent, ReviewPolicy
from reviews.services.importer import import_sheets
from reviews.services.policies import set_article_policy, start_review_state
from tests.factories import ArticleFactory, at_nine, editor_account, policy, sign
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db
AT = at_nine(date(2026, 11, 23))


def _policy_events(article):
    return list(
        AuditEvent.objects.filter(article=article, action=AuditAction.POLICY_CHANGED)
        .order_by("id")
        .values_list("detail", flat=True)
    )


def test_an_article_saved_anywhere_gets_the_default_policy_and_no_dates():
    article = Article.objects.create(title="Shell", slug="shell", originated_on=date(2026, 1, 1))
    state = ArticleReview.objects.get(article=article)
    assert state.policy == ReviewPolicy.objects.default() == policy("Standard")
    assert (state.last_reviewed_on, state.next_review_due, state.withdrawal_due_on) == (
        None,
        None,
        None,
    )
    assert start_review_state(article) == state  # idempotent


def test_a_translation_saved_anywhere_starts_under_its_sources_policy():
    source = ArticleFactory()
    set_article_policy(article=source, policy=policy("Evergreen"), at=AT)
    spanish = Article.objects.create(
        title="Shell", slug="shell-es", originated_on=date(2026, 1, 1), language="es",
        translation_of=source,
    )  # fmt: skip
    assert ArticleReview.objects.get(article=spanish).policy == policy("Evergreen")
    assert ArticleFactory().review.policy == policy("Standard")  # an original: the default


def test_one_state_per_article():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleReview.objects.create(article=article, policy=policy("Evergreen"))


def test_without_a_default_the_first_policy_is_used():
    ReviewPolicy.objects.update(is_default=False)
    assert ReviewPolicy.objects.default() == ReviewPolicy.objects.order_by("pk").first()


def test_the_new_article_form_puts_it_under_the_chosen_policy_and_audits_it():
    client = Client()
    editor = editor_account()
    client.force_login(editor)
    form = client.get(reverse("cms:article-create")).content.decode()
    assert 'name="review_policy"' in form
    response = client.post(
        reverse("cms:article-create"),
        {
            "title": "Gout: Diet",
            "slug": "",
            "summary": "",
            "topic": "",
            "review_policy": policy("Evergreen").pk,
            "body": "Eat less red meat.",
            "reason": "New sheet",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="gout-diet")
    assert article.review.policy == policy("Evergreen")
    assert _policy_events(article) == ["Review policy: Standard → Evergreen"]
    assert AuditEvent.objects.get(action=AuditAction.POLICY_CHANGED).actor == editor


def test_the_new_article_form_refuses_an_unknown_policy_and_saves_nothing():
    client = Client()
    client.force_login(editor_account())
    response = client.post(
        reverse("cms:article-create"),
        {"title": "Gout: Diet", "review_policy": "999999", "body": "Text.", "reason": "New"},
    )
    assert response.status_code == 200
    assert "review_policy" in response.context["form"].errors
    assert not Article.objects.exists() and not ArticleReview.objects.exists()


def test_the_importer_sets_the_named_policy_and_a_reimport_changes_it_audited():
    import_sheets(paths=[Path(SAMPLE)], as_of=date(2026, 11, 23), at=AT)
    article = Article.objects.get()
    assert article.review.policy == policy("Standard") and _policy_events(article) == []
    assert article.review.last_reviewed_on == date(2023, 10, 1)

    import_sheets(paths=[Path(SAMPLE)], as_of=date(2026, 11, 23), at=AT, policy_name="Evergreen")
    article.review.refresh_from_db()
    assert article.review.policy == policy("Evergreen")
    assert article.review.next_review_due == date(2026, 10, 1)  # 36 months after 10/1/2023
    assert _policy_events(article) == ["Review policy: Standard → Evergreen"]


def test_setting_a_policy_recomputes_the_dates_and_a_repeat_changes_nothing():
    article = ArticleFactory()
    sign(article, on=date(2024, 1, 10))
    article.review.refresh_from_db()
    assert article.review.next_review_due == date(2026, 1, 10)

    changed = set_article_policy(article=article, policy=policy("Medication & fast-moving"), at=AT)
    again = set_article_policy(article=article, policy=policy("Medication & fast-moving"), at=AT)
    article.review.refresh_from_db()
    assert (changed, again) == (True, False)
    assert article.review.next_review_due == date(2025, 1, 10)
    assert _policy_events(article) == ["Review policy: Standard → Medication & fast-moving"]


def test_a_policy_in_use_cannot_be_deleted():
    ArticleFactory(review_policy=policy("Evergreen"))
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        policy("Evergreen").delete()


def test_deleting_an_article_deletes_its_state():
    article = Article.objects.create(title="Tmp", slug="tmp", originated_on=date(2026, 1, 1))
    article.delete()
    assert not ArticleReview.objects.exists()
