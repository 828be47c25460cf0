"""Public reviewer pages (/reviewers/<slug>/) and the form that shows or hides one."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from cms.models import Article, ChangeKind
from cms.services.revisions import publish_revision, save_revision
from reviews.models import AuditEvent, Reviewer
from reviews.services.withdrawal import withdraw_article
from reviews.views import reviewer_pages
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
# The reviewer; the articles crediting them; the signatures on those articles.
REVIEWER_PAGE_QUERIES = 3


def page_url(reviewer: Reviewer) -> str:
    return reverse("reviews:reviewer-page", args=[reviewer.slug])


def listed_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [a.get_text() for a in soup.select("ul.reviewed-articles a")]


def new_revision(article: Article, text: str, on: date):
    """A substantive revision of ``article``, made live on ``on`` (as a signed one would be)."""
    article = Article.objects.get(pk=article.pk)
    article.body = [*article.body, {"type": "paragraph", "text": text}]
    revision = save_revision(
        article=article, kind=ChangeKind.SUBSTANTIVE, reason=text, at=at_nine(on)
    )
    publish_revision(article=article, revision=revision, at=at_nine(on))
    return Article.objects.get(pk=article.pk)


def test_the_page_shows_the_profile_and_the_bio_escaped_with_its_line_breaks():
    reviewer = ReviewerFactory(
        full_name="Ann Lee",
        credentials="RN BSN",
        specialty="Oncology nursing",
        bio="Twenty years on <b>the</b> ward.\nNight shifts.\n\nTeaches.",
    )
    response = Client().get(page_url(reviewer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ann Lee" in html and "RN BSN" in html and "Oncology nursing" in html
    assert "<p>Twenty years on &lt;b&gt;the&lt;/b&gt; ward.<br>Night shifts.</p>" in html
    assert "<p>Teaches.</p>" in html
    assert "No published article credits Ann Lee yet." in html


def test_it_lists_the_public_articles_whose_live_text_the_reviewer_signed():
    ann, bo = ReviewerFactory(full_name="Ann Lee"), ReviewerFactory(full_name="Bo Chen")
    signed = ArticleFactory(title="Gout: Diet")
    sign(signed, on=date(2025, 1, 1), reviewer=ann)
    assigned_only = ArticleFactory(title="Asthma")
    assign(assigned_only, ann)
    sign(assigned_only, on=date(2025, 1, 1), reviewer=bo)
    draft = ArticleFactory(title="Draft", published=False)
    assign(draft, ann)
    withdrawn = ArticleFactory(title="Withdrawn")
    sign(withdrawn, on=date(2025, 1, 1), reviewer=ann)
    withdraw_article(
        article_id=withdrawn.pk,
        actor=UserFactory(username="root", is_superuser=True),
        reason="Out of date",
        at=at_nine(date(2025, 2, 1)),
    )
    # Ann signed the first text, Bo the newer live one: the public is told Bo reviewed it.
    replaced = ArticleFactory(title="Cough")
    sign(replaced, on=date(2024, 1, 1), reviewer=ann)
    replaced = new_revision(replaced, "Newer advice.", date(2025, 1, 1))
    sign(replaced, on=date(2025, 1, 1), reviewer=bo)
    # An editorial edit after Ann's signature keeps her credit.
    kept = ArticleFactory(title="Back pain")
    sign(kept, on=date(2025, 1, 1), reviewer=ann)
    kept = Article.objects.get(pk=kept.pk)
    kept.body = [*kept.body, {"type": "paragraph", "text": "Clearer."}]
    revision = save_revision(
        article=kept, kind=ChangeKind.EDITORIAL, reason="Clearer", at=at_nine(date(2025, 2, 1))
    )
    publish_revision(article=kept, revision=revision, at=at_nine(date(2025, 2, 1)))

    assert listed_titles(Client().get(page_url(ann))) == ["Back pain", "Gout: Diet"]
    assert listed_titles(Client().get(page_url(bo))) == ["Asthma", "Cough"]


def test_the_list_is_paginated(monkeypatch):
    monkeypatch.setattr(reviewer_pages, "PAGE_SIZE", 2)
    ann = ReviewerFactory(full_name="Ann Lee")
    for title in ("A", "B", "C"):
        sign(ArticleFactory(title=title), on=date(2025, 1, 1), reviewer=ann)
    assert listed_titles(Client().get(page_url(ann))) == ["A", "B"]
    second = Client().get(page_url(ann), {"page": 2})
    assert listed_titles(second) == ["C"]
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("articles", [1, 5])
def test_the_page_takes_the_same_queries_however_many_articles(articles, django_assert_num_queries):
    ann = ReviewerFactory(full_name="Ann Lee")
    for _ in range(articles):
        article = ArticleFactory()
        sign(article, on=date(2025, 1, 1), reviewer=ann)
        sign(article, on=date(2025, 1, 1), reviewer=ReviewerFactory())
    with django_assert_num_queries(REVIEWER_PAGE_QUERIES):
        assert Client().get(page_url(ann)).status_code == 200


def test_a_hidden_page_is_not_found_and_the_footer_names_without_a_link():
    ann = ReviewerFactory(full_name="Ann Lee", public_page=False)
    article = ArticleFactory()
    sign(article, on=date(2025, 1, 1), reviewer=ann)
    assert Client().get(page_url(ann)).status_code == 404
    soup = BeautifulSoup(Client().get(article.get_absolute_url()).content, "html.parser")
    line = soup.select_one("footer.review-footer p.reviewer")
    assert line.get_text() == "Online Medical Reviewer: Ann Lee MD" and line.find("a") is None


def test_the_footer_links_a_shown_page():
    ann = ReviewerFactory(full_name="Ann Lee")
    article = ArticleFactory()
    sign(article, on=date(2025, 1, 1), reviewer=ann)
    soup = BeautifulSoup(Client().get(article.get_absolute_url()).content, "html.parser")
    link = soup.select_one("footer.review-footer p.reviewer a")
    assert (link.get_text(), link["href"]) == ("Ann Lee MD", "/reviewers/ann-lee/")


def test_a_reviewer_hides_their_own_page_and_it_is_audited():
    maya = reviewer_account(bio="")
    client = Client()
    client.login(username=maya.user.username, password=PASSWORD)
    url = reverse("reviews:my-reviewer-page")
    assert client.get(url).status_code == 200

    response = client.post(url, {"bio": "Oncology nurse.", "public_page": ""})
    assert response.status_code == 302 and response.url == url
    maya.refresh_from_db()
    assert (maya.bio, maya.public_page) == ("Oncology nurse.", False)
    event = AuditEvent.objects.get(action="reviewer_changed")
    assert event.actor == maya.user and "public_page: True → False" in event.detail
    assert Client().get(page_url(maya)).status_code == 404

    client.post(url, {"bio": "Oncology nurse.", "public_page": "on"})
    assert Client().get(page_url(maya)).status_code == 200


def test_an_account_without_a_profile_has_no_page_to_set():
    client = Client()
    client.force_login(UserFactory(username="nobody", role="Medical reviewers"))
    assert client.get(reverse("reviews:my-reviewer-page")).status_code == 404


def test_a_content_admin_hides_any_reviewers_page():
    ann = ReviewerFactory(full_name="Ann Lee")
    admin = Client()
    admin.force_login(UserFactory(username="ada", role="Content admins"))
    url = reverse("reviews:reviewer-page-settings", args=[ann.pk])
    response = admin.post(url, {"bio": "", "public_page": "", "languages": "en"})
    assert response.status_code == 302 and response.url == reverse("reviews:reviewers")
    assert Client().get(page_url(ann)).status_code == 404
    listed = admin.get(reverse("reviews:reviewers")).content.decode()
    assert f'href="{url}">Public page (hidden)</a>' in listed


def test_editors_and_other_reviewers_cannot_change_a_page():
    ann = ReviewerFactory(full_name="Ann Lee")
    url = reverse("reviews:reviewer-page-settings", args=[ann.pk])
    for user in (editor_account(), reviewer_account().user):
        client = Client()
        client.force_login(user)
        assert client.post(url, {"public_page": ""}).status_code == 403
    assert Reviewer.objects.get(pk=ann.pk).public_page is True


# -- Languages -------------------------------------------------------------------------------


def test_the_page_says_which_languages_the_reviewer_reviews_in():
    ann = ReviewerFactory(full_name="Ann Lee", languages="en es")
    html = Client().get(page_url(ann)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("p.languages").get_text() == "Reviews in: English, Español"


def test_the_reviewers_list_shows_each_reviewers_languages(django_assert_max_num_queries):
    ReviewerFactory(full_name="Ann Lee", languages="en es-MX")
    ReviewerFactory(full_name="Bo Chen", languages="en")
    admin = Client()
    admin.force_login(UserFactory(username="ada", role="Content admins"))
    with django_assert_max_num_queries(8):
        html = admin.get(reverse("reviews:reviewers")).content.decode()
    rows = {
        row.find("td").get_text(): row.find_all("td")[1].get_text()
        for row in BeautifulSoup(html, "html.parser").select("table.data tbody tr")
    }
    assert rows["Ann Lee MD"] == "English, Español" and rows["Bo Chen MD"] == "English"


def test_a_content_admin_sets_the_languages_in_standard_form_audited():
    ann = ReviewerFactory(full_name="Ann Lee")
    admin = Client()
    admin.force_login(UserFactory(username="ada", role="Content admins"))
    url = reverse("reviews:reviewer-page-settings", args=[ann.pk])
    assert 'name="languages" value="en"' in admin.get(url).content.decode()
    response = admin.post(url, {"public_page": "on", "bio": "", "languages": "EN, es_mx es-MX"})
    assert response.status_code == 302
    ann.refresh_from_db()
    assert ann.languages == "en es-MX"
    event = AuditEvent.objects.get(action="reviewer_changed")
    assert "languages: en → en es-MX" in event.detail and event.actor.username == "ada"


@pytest.mark.parametrize("typed", ["spanish!", "", "   "])
def test_a_bad_language_is_a_form_error_and_nothing_is_saved(typed):
    ann = ReviewerFactory(full_name="Ann Lee", bio="Old bio.", languages="en")
    admin = Client()
    admin.force_login(UserFactory(username="ada", role="Content admins"))
    url = reverse("reviews:reviewer-page-settings", args=[ann.pk])
    response = admin.post(url, {"public_page": "", "bio": "New bio.", "languages": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["languages"]
    assert "New bio." in response.content.decode()  # no input lost
    ann.refresh_from_db()
    assert (ann.languages, ann.bio, ann.public_page) == ("en", "Old bio.", True)
    assert not AuditEvent.objects.filter(action="reviewer_changed").exists()


def test_reviewers_cannot_change_their_own_languages():
    """The languages decide what a reviewer may sign: their own settings page has no such
    field, and one posted anyway changes nothing."""
    maya = reviewer_account(languages="en")
    client = Client()
    client.login(username=maya.user.username, password=PASSWORD)
    url = reverse("reviews:my-reviewer-page")
    assert 'name="languages"' not in client.get(url).content.decode()
    client.post(url, {"bio": "Hi.", "public_page": "on", "languages": "en es"})
    maya.refresh_from_db()
    assert (maya.bio, maya.languages) == ("Hi.", "en")
