"""cms.hooks: other apps add to content pages without cms importing them."""

from collections import defaultdict
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cms import hooks
from tests.factories import ArticleFactory, editor_account, sign

pytestmark = pytest.mark.django_db


def test_register_is_idempotent_and_first_url_takes_the_first_answer(monkeypatch):
    monkeypatch.setattr(hooks, "_registry", defaultdict(list))

    @hooks.register("demo")
    def nothing(*args):
        return None

    hooks.register("demo")(nothing)
    hooks.register("demo")(lambda *args: "/first/")
    hooks.register("demo")(lambda *args: "/second/")
    assert len(hooks.get_hooks("demo")) == 3
    assert hooks.first_url("demo") == "/first/"
    assert hooks.first_url("unknown") is None


def test_revision_notes_join_every_hooks_notes(monkeypatch):
    monkeypatch.setattr(hooks, "_registry", defaultdict(list))
    hooks.register(hooks.REVISION_NOTES)(lambda revisions: {1: "<i>a</i>"})
    hooks.register(hooks.REVISION_NOTES)(lambda revisions: {1: "<b>b</b>", 2: "c"})
    assert hooks.revision_notes([]) == {1: "<i>a</i><b>b</b>", 2: "c"}


@pytest.fixture
def article():
    article = ArticleFactory(title="Gout: Diet")
    sign(article, on=date(2026, 1, 1))
    return article


def test_cms_pages_render_without_any_hook(monkeypatch, article):
    monkeypatch.setattr(hooks, "_registry", defaultdict(list))
    public = Client().get(article.get_absolute_url())
    assert public.status_code == 200 and "Gout: Diet" in public.content.decode()
    assert "Online Medical Reviewer" not in public.content.decode()
    staff = Client()
    staff.force_login(editor_account())
    history = staff.get(reverse("cms:article-history", args=[article.slug])).content.decode()
    assert "History: Gout: Diet" in history and "Audit trail" not in history


def test_the_review_domain_adds_its_footer_signatures_actions_and_trail(article):
    public = Client().get(article.get_absolute_url()).content.decode()
    assert "Online Medical Reviewer:" in public and "Report a problem" in public
    staff = Client()
    staff.force_login(editor_account())
    history = staff.get(reverse("cms:article-history", args=[article.slug])).content.decode()
    assert "Audit trail" in history and "Approved as medically accurate" in history
    assert reverse("reviews:assign", args=[article.slug]) in history
    revision = staff.get(
        reverse("cms:revision-detail", args=[article.slug, article.live_revision_id])
    ).content.decode()
    assert "Approved as medically accurate" in revision


def test_the_editors_list_and_new_article_form_work_without_any_hook(monkeypatch, article):
    monkeypatch.setattr(hooks, "_registry", defaultdict(list))
    staff = Client()
    staff.force_login(editor_account())
    listing = staff.get(reverse("cms:workspace-articles"), {"q": "gout", "due": "overdue"})
    page = listing.content.decode()
    assert listing.status_code == 200 and "Gout: Diet" in page and ">Policy<" not in page
    form = staff.get(reverse("cms:article-create")).content.decode()
    assert 'name="review_policy"' not in form
    created = staff.post(
        reverse("cms:article-create"),
        {"title": "Gout: Drinks", "body": "Water helps.", "reason": "New sheet"},
    )
    assert created.status_code == 302


def test_the_review_domain_adds_its_list_filters_and_columns(article):
    staff = Client()
    staff.force_login(editor_account())
    page = staff.get(reverse("cms:workspace-articles")).content.decode()
    assert ">Policy<" in page and ">Last reviewed<" in page and "1/1/2026" in page
    assert 'name="due"' in page and 'name="policy"' in page
