from datetime import date

import pytest
from django.urls import reverse

from reviews.choices import FlagKind
from reviews.models import FlagSnapshot
from reviews.services.digests import build_digests
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, UserFactory, assign, at_nine, reviewer_account, sign

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def test_users_see_their_digests_in_the_app_and_can_mark_them_read(client):
    maya = reviewer_account()
    article = ArticleFactory(title="Overdue sheet")
    sign(article, on=date(2023, 10, 1))
    assign(article, maya)
    scan_reviews(as_of=TODAY)
    build_digests(as_of=TODAY, at=at_nine(TODAY))

    client.force_login(maya.user)
    page = client.get(reverse("reviews:notifications")).content.decode()
    assert "Recheck: 1 article needs attention" in page
    assert "Overdue sheet" in page and "<td>418 days overdue</td>" in page
    assert "1 unread" in page

    client.post(reverse("reviews:notifications-read"))
    assert "unread" not in client.get(reverse("reviews:notifications")).content.decode()


def test_an_empty_notification_list_says_so(client):
    client.force_login(UserFactory())
    assert b"No notifications yet." in client.get(reverse("reviews:notifications")).content


def test_the_scan_keeps_one_snapshot_row_per_kind_and_day():
    sign(ArticleFactory(), on=date(2023, 10, 1))
    ArticleFactory()
    scan_reviews(as_of=TODAY)
    scan_reviews(as_of=TODAY)
    counts = {s.kind: s.count for s in FlagSnapshot.objects.filter(day=TODAY)}
    assert counts["overdue"] == 1 and counts["never_reviewed"] == 1 and counts["trigger"] == 0
    assert FlagSnapshot.objects.filter(day=TODAY).count() == len(FlagKind)
    scan_reviews(as_of=TODAY, article_ids=[])  # a scoped scan leaves the snapshot alone
    assert FlagSnapshot.objects.count() == len(FlagKind)


def test_content_admins_can_queue_a_scan(client):
    client.force_login(UserFactory(role="Content admins"))
    response = client.post(reverse("reviews:run-scan"), follow=True)
    assert "The review scan is queued" in response.content.decode()
    client.force_login(UserFactory(username="e", role="Editors"))
    assert client.post(reverse("reviews:run-scan")).status_code == 403
