"""The supporting screens: login, workspace per role, editor list, assignments, audit trail."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.models import AuditEvent
from reviews.services.policies import save_policy
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ReviewerFactory,
    TopicFactory,
    UserFactory,
    assign,
    editor_account,
    policy,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_login_with_a_password_lands_on_the_workspace():
    editor = editor_account()
    client = Client()
    response = client.post(
        reverse("login"), {"username": "ellen", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == (reverse("reviews:home"), 302)
    assert response.status_code == 200
    assert client.get(reverse("root")).url == reverse("reviews:home")
    bad = Client().post(reverse("login"), {"username": "ellen", "password": "nope"})
    assert bad.status_code == 200 and b"Please enter a correct username" in bad.content
    assert editor.is_authenticated


def test_the_workspace_shows_each_role_its_own_work():
    editor = editor_account()
    maya = reviewer_account()
    mine = ArticleFactory(title="Mine to edit", owner=editor)
    queued = ArticleFactory(title="Queued for Maya", owner=editor)
    assign(queued, maya)  # never reviewed: in Maya's queue

    editor_page = client_for(editor).get(reverse("reviews:home")).content.decode()
    assert "Mine to edit" in editor_page and "Your review queue" not in editor_page

    reviewer_page = client_for(maya.user).get(reverse("reviews:home")).content.decode()
    assert "Your review queue (1)" in reviewer_page and "Queued for Maya" in reviewer_page
    assert "Mine to edit" not in reviewer_page

    admin_page = client_for(UserFactory(role="Content admins")).get(reverse("reviews:home"))
    assert "Open flags across the library" in admin_page.content.decode()
    assert admin_page.context["flag_counts"]["overdue"] == 0
    assert mine.pk


def test_the_queue_puts_the_most_urgent_first():
    maya = reviewer_account()
    later = ArticleFactory(title="Due later")
    sign(later, on=date(2024, 12, 20))
    sooner = ArticleFactory(title="Overdue")
    sign(sooner, on=date(2023, 1, 1))
    never = ArticleFactory(title="Never reviewed")
    fine = ArticleFactory(title="Up to date")
    sign(fine, on=date(2026, 6, 1))
    for article in (later, sooner, never, fine):
        assign(article, maya)
    page = client_for(maya.user).get(reverse("reviews:queue")).context["page"]
    assert [a.title for a in page.object_list] == ["Never reviewed", "Overdue", "Due later"]


def test_the_editor_list_filters_and_searches():
    editor = editor_account()
    asthma = TopicFactory(name="Asthma")
    ArticleFactory(title="Inhalers", topic=asthma)
    overdue = ArticleFactory(title="Old sheet", review_policy=policy("Evergreen"))
    sign(overdue, on=date(2020, 1, 1))
    client = client_for(editor)

    def titles(**params):
        response = client.get(reverse("cms:workspace-articles"), params)
        return [a.title for a in response.context["page"].object_list]

    assert titles(q="inhal") == ["Inhalers"]
    assert titles(topic=asthma.pk) == ["Inhalers"]
    assert titles(due="overdue") == ["Old sheet"]
    assert titles(due="never") == ["Inhalers"]
    assert titles(policy=policy("Evergreen").pk) == ["Old sheet"]
    assert titles(status="draft") == []
    empty = client.get(reverse("cms:workspace-articles"), {"q": "zzz"}).content.decode()
    assert "No article matches these filters." in empty


def test_assigning_reviewers_offers_only_eligible_ones_and_is_audited():
    """Those who cannot sign are listed, disabled, with why; inactive profiles are left out."""
    editor = editor_account()
    article = ArticleFactory()
    maya = reviewer_account()
    expired = ReviewerFactory(full_name="Lena Brooks", credentials="NP",
                              credentials_expire_on=date(2020, 1, 1))  # fmt: skip
    inactive = ReviewerFactory(full_name="Gone Away", active=False)
    client = client_for(editor)
    url = reverse("reviews:assign", args=[article.slug])

    response = client.get(url)
    choices = response.context["form"].fields["reviewer_0"].queryset
    assert maya in choices and inactive not in choices
    page = response.content.decode()
    assert f'<option value="{maya.pk}">Maya Patel MD</option>' in page
    assert (
        f'<option value="{expired.pk}" disabled>Lena Brooks NP — cannot sign: the credentials '
        "expired on 1/1/2020"
    ) in page

    refused = client.post(url, {"reviewer_0": expired.pk})
    assert refused.status_code == 200 and article.reviewer_links.count() == 0

    assert client.post(url, {"reviewer_0": maya.pk}).status_code == 302
    assert [link.reviewer for link in article.reviewer_links.all()] == [maya]
    event = AuditEvent.objects.get(article=article, action="reviewer_assigned")
    assert (event.actor, event.detail) == (editor, "Maya Patel MD")


def test_a_policy_change_is_audited():
    admin = UserFactory(role="Content admins")
    standard = policy("Standard")
    standard.interval_months = 18
    save_policy(policy=standard, actor=admin, at=timezone.now())
    event = AuditEvent.objects.get(action="policy_changed")
    assert event.actor == admin
    assert "interval_months: 24 → 18" in event.detail


def test_content_admins_filter_the_whole_trail():
    editor = editor_account()
    article = ArticleFactory(title="Gout: Diet")
    edit_article(
        article_id=article.pk,
        editor=editor,
        changes={"title": "Gout: Eating Well"},
        kind=ChangeKind.EDITORIAL,
        reason="Friendlier title",
        base_revision_id=latest_revision(article).history_id,
        at=timezone.now(),
    )
    client = client_for(UserFactory(role="Content admins"))

    def events(**params):
        page = client.get(reverse("reviews:audit"), params).context["page"]
        return [(e.action, e.change_kind) for e in page.object_list]

    assert events(action="revision_saved", change_kind="editorial") == [
        ("revision_saved", "editorial")
    ]
    assert events(actor="ellen") == [("went_live", ""), ("revision_saved", "editorial")]
    # The factory's imported revision and its publication, then the editor's two events.
    assert len(events(article="eating well")) == 4
    assert events(actor="nobody") == []


def test_the_article_trail_is_on_its_history_page():
    editor = editor_account()
    article = ArticleFactory()
    maya = reviewer_account()
    client_for(editor).post(reverse("reviews:assign", args=[article.slug]), {"reviewer_0": maya.pk})
    page = client_for(maya.user).get(reverse("cms:article-history", args=[article.slug]))
    assert "Reviewer assigned" in page.content.decode()
    assert "Maya Patel MD" in page.content.decode()
