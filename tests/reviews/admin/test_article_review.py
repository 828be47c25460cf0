"""An article's review state in the admin: content admins change the policy (dates recomputed,
audited); nothing else about it is editable, and rows are never added or deleted there."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.choices import AuditAction
from reviews.models import ArticleReview, AuditEvent
from tests.factories import ArticleFactory, policy, sign

pytestmark = pytest.mark.django_db


def test_a_content_admin_changes_an_articles_policy_audited(content_admin_client):
    article = ArticleFactory()
    sign(article, on=date(2024, 3, 1))
    url = reverse("admin:reviews_articlereview_change", args=[article.pk])
    page = content_admin_client.get(url)
    assert page.status_code == 200
    response = content_admin_client.post(
        url,
        {
            "policy": policy("Evergreen").pk,
            "next_review_due": "2099-01-01",  # read-only: ignored
            "last_reviewed_on": "2099-01-01",
        },
    )
    assert response.status_code == 302
    state = ArticleReview.objects.get(article=article)
    assert state.policy == policy("Evergreen")
    assert (state.last_reviewed_on, state.next_review_due) == (date(2024, 3, 1), date(2027, 3, 1))
    event = AuditEvent.objects.get(action=AuditAction.POLICY_CHANGED, article=article)
    assert event.detail == "Review policy: Standard → Evergreen" and event.actor.username == "ada"


def test_review_states_are_not_added_or_deleted_in_the_admin(root_client):
    article = ArticleFactory()
    assert root_client.get(reverse("admin:reviews_articlereview_add")).status_code == 403
    delete = reverse("admin:reviews_articlereview_delete", args=[article.pk])
    assert root_client.post(delete, {"post": "yes"}).status_code == 403
    assert ArticleReview.objects.filter(article=article).exists()
