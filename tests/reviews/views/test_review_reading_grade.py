"""Reviewers see the reading grade beside the diff: the revision under review, the approved
one, the policy's target, and a warning above it (never a block). The sample sheet's grade is
shown on its pages."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.models import ReviewPolicy
from reviews.services.importer import import_sheets
from tests.factories import (
    ArticleFactory,
    assign,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db

HARD = "Chemotherapy medications occasionally cause considerable gastrointestinal discomfort."


def reviewer_client(article) -> Client:
    maya = reviewer_account("Maya Patel", "MD")
    assign(article, maya)
    client = Client()
    client.force_login(maya.user)
    return client


def substantive_edit(article, text):
    return edit_article(
        article_id=article.pk, editor=editor_account(), changes={"body": [
            {"type": "paragraph", "text": text}]}, kind=ChangeKind.SUBSTANTIVE,
        reason="New words", base_revision_id=latest_revision(article).history_id,
        at=timezone.now(),
    )  # fmt: skip


def test_the_review_page_shows_both_grades_the_target_and_a_warning():
    article = ArticleFactory()
    approved = article.live_revision
    sign(article, on=date(2026, 1, 5))
    pending = substantive_edit(article, HARD)
    page = reviewer_client(article).get(reverse("reviews:review", args=[article.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Reading grade <strong>{pending.reading_grade}</strong>" in html
    assert f"approved revision #{approved.history_id}: {approved.reading_grade}" in html
    assert "Target: grade 8 or below." in html and "Above the target reading grade." in html
    assert page.context["form"] is not None and 'class="signoff"' in html  # still signable


def test_no_warning_at_or_below_the_target():
    article = ArticleFactory()
    sign(article, on=date(2026, 1, 5))
    ReviewPolicy.objects.filter(pk=article.review.policy_id).update(target_reading_grade=18)
    substantive_edit(article, "Take your pills. Rest a lot. Drink water.")
    html = reviewer_client(article).get(reverse("reviews:review", args=[article.slug]))
    html = html.content.decode()
    assert "Target: grade 18 or below." in html and "Above the target" not in html


def test_the_sample_sheet_shows_its_reading_grade():
    """Acceptance: the sample sheet reads at grade 6.4 (textstat's own number is pinned in
    tests/cms/test_readability.py), shown on its revision page and its review page."""
    import_sheets(paths=[SAMPLE], as_of=date(2026, 11, 23), at=at_nine(date(2026, 11, 23)))
    article = Article.objects.get()
    live = article.live_revision
    assert live.reading_grade == pytest.approx(6.4, abs=0.05)
    assert live.smog_grade == pytest.approx(9.9, abs=0.05)
    shown = f"Reading grade <strong>{live.reading_grade}</strong> (Flesch–Kincaid; SMOG 9.9)"
    client = reviewer_client(article)
    revision_page = client.get(
        reverse("cms:revision-detail", args=[article.slug, live.history_id])
    ).content.decode()
    assert shown in revision_page
    review_page = client.get(reverse("reviews:review", args=[article.slug])).content.decode()
    assert shown in review_page and "Above the target" not in review_page
