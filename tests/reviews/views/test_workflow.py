"""The whole path over HTTP: edit, queue, diff, wrong password, signature, public page."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from cms.markup import body_to_markup
from cms.models import Article
from cms.services.editing import latest_revision
from reviews.models import SignOff
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    assign,
    editor_account,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
NEW_TEXT = "Revumenib is a menin inhibitor taken as a pill."


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def setup():
    article = ArticleFactory(title="ALL: Targeted Therapy", slug="all-targeted-therapy")
    old = reviewer_account("Jessica Gotwals", "RN BSN MPH")
    sign(article, on=date(2023, 10, 1), reviewer=old)
    maya = reviewer_account("Maya Patel", "MD")
    assign(article, maya)
    return article, editor_account(), maya


def substantive_edit(client, article):
    form = client.get(reverse("cms:article-edit", args=[article.slug])).context["form"]
    body = body_to_markup(article.body) + f"\n\n{NEW_TEXT}"
    return client.post(
        reverse("cms:article-edit", args=[article.slug]),
        {
            "title": article.title,
            "summary": "",
            "topic": article.topic_id,
            "body": body,
            "change_kind": "substantive",
            "reason": "Add revumenib",
            "base_revision": form.initial["base_revision"],
        },
    )


def test_editor_to_reviewer_to_public_page(setup):
    article, editor, maya = setup
    public = Client()
    public_url = article.get_absolute_url()

    # 1. A substantive edit; the public page is unchanged.
    response = substantive_edit(logged_in(editor), article)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.AWAITING_REVIEW
    page = public.get(public_url).content.decode()
    assert NEW_TEXT not in page and "Date Last Reviewed: 10/1/2023" in page

    # 2. The reviewer sees it in the queue, and the diff on the review page.
    reviewer = logged_in(maya.user)
    queue = reviewer.get(reverse("reviews:queue")).content.decode()
    assert "ALL: Targeted Therapy" in queue
    review_url = reverse("reviews:review", args=[article.slug])
    review_page = reviewer.get(review_url)
    assert f"<ins>{NEW_TEXT}</ins>" in review_page.content.decode()
    form = review_page.context["form"]
    revision = latest_revision(article)
    assert form.initial["revision_id"] == revision.history_id

    signature = {
        "meaning": "approved",
        "sources_checked": "on",
        "comment": "Checked against the label.",
        "revision_id": form.initial["revision_id"],
        "content_sha256": form.initial["content_sha256"],
    }
    # 3. A wrong password is refused.
    refused = reviewer.post(review_url, {**signature, "password": "not-my-password"})
    assert refused.status_code == 200
    assert "That password is not correct" in refused.content.decode()
    assert not SignOff.objects.filter(reviewer=maya).exists()
    assert NEW_TEXT not in public.get(public_url).content.decode()

    # 4. The right password signs.
    signed = reviewer.post(review_url, {**signature, "password": PASSWORD})
    assert signed.status_code == 302

    # 5. The public page shows the new text, date and signature.
    page = public.get(public_url).content.decode()
    today = timezone.localdate()
    assert NEW_TEXT in page
    assert f"Date Last Reviewed: {today.month}/{today.day}/{today.year}" in page
    assert "Online Medical Reviewer: Maya Patel MD" in strip_tags(page)  # a link on the name
    assert "Maya Patel MD — Approved as medically accurate" in page
    assert list(reviewer.get(reverse("reviews:queue")).context["page"].object_list) == []


def test_a_stale_page_cannot_sign(setup):
    article, editor, maya = setup
    editor_client = logged_in(editor)
    substantive_edit(editor_client, article)
    reviewer = logged_in(maya.user)
    review_url = reverse("reviews:review", args=[article.slug])
    opened = reviewer.get(review_url).context["form"].initial

    article.refresh_from_db()
    form = editor_client.get(reverse("cms:article-edit", args=[article.slug])).context["form"]
    editor_client.post(
        reverse("cms:article-edit", args=[article.slug]),
        {
            **{k: form.initial[k] for k in ("title", "summary", "base_revision")},
            "topic": article.topic_id,
            "body": form.initial["body"] + "\n\nOne more change.",
            "change_kind": "editorial",
            "reason": "Another edit",
        },
    )
    response = reviewer.post(
        review_url,
        {
            "meaning": "approved",
            "sources_checked": "on",
            "password": PASSWORD,
            "revision_id": opened["revision_id"],
            "content_sha256": opened["content_sha256"],
        },
    )
    assert "The article changed after you opened it" in response.content.decode()
    assert not SignOff.objects.filter(reviewer=maya).exists()
    # The page now offers the current revision to sign.
    assert response.context["form"]["revision_id"].value() == latest_revision(article).history_id


def test_an_editor_form_error_rerenders_with_the_message(setup):
    article, editor, _ = setup
    client = logged_in(editor)
    base = client.get(reverse("cms:article-edit", args=[article.slug])).context["form"]
    response = client.post(
        reverse("cms:article-edit", args=[article.slug]),
        {"title": article.title, "body": "", "change_kind": "substantive", "reason": "",
         "base_revision": base.initial["base_revision"]},
    )  # fmt: skip
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("This field is required.") == 2
    assert article.history.count() == 1


def test_the_sign_form_is_shown_only_to_those_who_can_sign(setup, client):
    article, _, maya = setup
    url = reverse("reviews:review", args=[article.slug])
    client.force_login(maya.user)
    assert 'name="password"' in client.get(url).content.decode()

    stranger = reviewer_account("Omar Haddad", "PharmD")  # not assigned
    client.force_login(stranger.user)
    page = client.get(url).content.decode()
    assert 'name="password"' not in page and "You are not assigned to review this article." in page

    maya.credentials_expire_on = date(2020, 1, 1)
    maya.save()
    client.force_login(maya.user)
    page = client.get(url).content.decode()
    assert 'name="password"' not in page and "credentials expired on 1/1/2020" in page
