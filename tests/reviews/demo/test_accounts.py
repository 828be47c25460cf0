"""The demo's accounts and assignments: editors and reviewers work in the workspace, not the
admin; assignments and reviewer profiles are made through the services and audited."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.models import Article
from reviews.demo import DEMO_PASSWORD, load_demo_data
from reviews.models import ArticleReviewer, AuditEvent

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)


def test_only_content_admins_and_the_superuser_are_staff():
    summary = load_demo_data(as_of=AS_OF)
    User = get_user_model()
    staff = {
        username
        for _, username, _ in summary.logins
        if User.objects.get(username=username).is_staff
    }
    assert staff == {"admin"}
    assert User.objects.get(username="admin").is_superuser


def test_an_editors_daily_work_is_all_in_the_workspace(client):
    load_demo_data(as_of=AS_OF)
    assert client.login(username="editor", password=DEMO_PASSWORD)
    article = Article.objects.filter(owner__username="editor", live_revision__isnull=False).first()
    for url in [
        reverse("reviews:home"),
        reverse("cms:workspace-articles"),
        reverse("cms:article-create"),
        reverse("cms:article-edit", args=[article.slug]),
        reverse("reviews:assign", args=[article.slug]),
        reverse("cms:article-history", args=[article.slug]),
    ]:
        assert client.get(url).status_code == 200, url
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin.url


def test_demo_assignments_are_made_by_the_owning_editor_and_audited():
    load_demo_data(as_of=AS_OF)
    # The Spanish versions are imported sheets: the import assigns their printed reviewers
    # (tests/reviews/demo/test_language_versions.py).
    demo_links = ArticleReviewer.objects.filter(
        article__source="Recheck demo library", article__translation_of__isnull=True
    )
    assert demo_links.count() >= 40
    for link in demo_links.select_related("article__owner", "reviewer"):
        assert AuditEvent.objects.filter(
            action="reviewer_assigned",
            article=link.article,
            actor=link.article.owner,
            detail=link.reviewer.printed_name,
        ).exists(), link


def test_demo_reviewer_profiles_are_audited_once():
    load_demo_data(as_of=AS_OF)
    load_demo_data(as_of=AS_OF)
    added = AuditEvent.objects.filter(action="reviewer_added", detail__endswith="(demo data)")
    assert added.count() == 5
