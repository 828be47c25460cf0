"""People read flag kinds by their labels ("Never reviewed"), never by their codes; links and
exports keep the codes."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from reviews.choices import FlagKind
from reviews.services.digests import build_digests
from reviews.services.scan import scan_reviews
from reviews.templatetags.reviews_tags import flag_label
from tests.factories import ArticleFactory, UserFactory, assign, at_nine, reviewer_account, sign

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


class _Text(HTMLParser):
    """The text a reader sees: tag contents, not attributes (links' query strings)."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def flagged():
    """One overdue article and one never reviewed, flagged by the scan of TODAY."""
    sign(ArticleFactory(title="Asthma inhalers"), on=date(2023, 10, 1))
    ArticleFactory(title="Sickle cell disease")
    scan_reviews(as_of=TODAY)


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="ada", role="Content admins"))
    return client


def test_every_flag_kind_has_a_label_and_unknown_codes_pass_through():
    assert flag_label("never_reviewed") == "Never reviewed"
    assert flag_label(FlagKind.DUE_SOON) == "Due soon"
    for kind in FlagKind:
        assert flag_label(kind.value) == kind.label != kind.value
    assert flag_label("retired_kind") == "retired_kind"


def test_the_dashboard_shows_labels_and_links_with_codes(flagged, admin_client):
    page = admin_client.get(reverse("reviews:reports")).content.decode()
    text = visible_text(page)
    assert "1 Never reviewed" in text and "1 Overdue" in text
    assert "never_reviewed" not in text
    assert "?flag=never_reviewed" in page


def test_the_workspace_home_shows_labels(flagged, admin_client):
    text = visible_text(admin_client.get(reverse("reviews:home")).content.decode())
    assert "Open flags across the library" in text
    assert "Never reviewed 1" in text
    assert "never_reviewed" not in text


def test_digests_in_the_app_and_by_email_show_labels(client):
    maya = reviewer_account()
    article = ArticleFactory(title="Overdue sheet")
    sign(article, on=date(2023, 10, 1))
    assign(article, maya)
    scan_reviews(as_of=TODAY)
    build_digests(as_of=TODAY, at=at_nine(TODAY))
    notification = maya.user.notifications.get()
    assert "overdue" in notification.items[0]["flags"]  # the stored record keeps the codes

    client.force_login(maya.user)
    label = "<strong>Overdue</strong>: Due 10/1/2025"  # the label, then the reason
    assert label in client.get(reverse("reviews:notifications")).content.decode()
    email = render_to_string("reviews/email/digest.html", {"notification": notification})
    assert label in email


def test_the_review_status_page_shows_flag_labels_and_its_csv_keeps_codes(client):
    from datetime import date

    from django.contrib.auth import get_user_model

    from reviews.services.scan import scan_reviews
    from tests.factories import ArticleFactory, UserFactory, sign

    article = ArticleFactory(title="Old sheet")
    sign(article, on=date(2020, 1, 1))
    scan_reviews(as_of=date(2026, 11, 23))
    admin = UserFactory(username="ada-labels", role="Content admins")
    assert get_user_model().objects.filter(pk=admin.pk).exists()
    client.force_login(admin)
    page = client.get("/reports/review-status/").content.decode()
    assert "Overdue" in page and ">overdue<" not in page
    csv = b"".join(client.get("/reports/review-status/?format=csv").streaming_content).decode()
    assert "overdue" in csv
