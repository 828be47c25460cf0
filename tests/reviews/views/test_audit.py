from datetime import date

import pytest
from django.urls import reverse

from reviews.models import Reviewer
from reviews.services.reviewers import save_reviewer
from tests.factories import ArticleFactory, UserFactory, at_nine

pytestmark = pytest.mark.django_db


def test_the_trail_names_what_an_event_is_about_when_it_is_not_an_article(client):
    ada = UserFactory(username="ada", role="Content admins")
    reviewer = Reviewer(full_name="Maya Patel", credentials="MD")
    save_reviewer(reviewer=reviewer, actor=ada, at=at_nine(date(2026, 3, 2)))
    ArticleFactory(title="Gout: Diet")
    client.force_login(ada)

    page = client.get(reverse("reviews:audit"), {"action": "reviewer_added"}).content.decode()
    assert f"<td>reviewer {reviewer.pk}</td>" in page
    page = client.get(reverse("reviews:audit"), {"action": "went_live"}).content.decode()
    assert "Gout: Diet</a>" in page and "<td>reviewer" not in page
