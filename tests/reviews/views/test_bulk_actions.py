"""Bulk actions on the editors' list and the review-status report, one article's withdrawal
page, the API's status of a withdrawn article, and the report's partial-name filters."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cms.models import Article
from reviews.choices import AuditAction, BulkAction
from reviews.models import ArticleReviewer, AuditEvent
from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    editor_account,
    reviewer_account,
)

pytestmark = pytest.mark.django_db

BULK = "/workspace/articles/bulk/"
REPORT = "/reports/review-status/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_user():
    return UserFactory(username="ada", role="Content admins")


def post(client, **data):
    return client.post(BULK, data)


def summary(response) -> str:
    """The message this response left (the last one)."""
    return str(list(get_messages(response.wsgi_request))[-1])


def withdrawn_events() -> int:
    return AuditEvent.objects.filter(action=AuditAction.ARTICLE_WITHDRAWN).count()


def test_withdraw_in_bulk_reports_done_and_refused_and_goes_back(admin_user):
    one, two = ArticleFactory(), ArticleFactory()
    already = ArticleFactory()
    client = client_for(admin_user)
    post(client, action="withdraw", articles=[already.slug], reason="Old", next=REPORT)
    back = f"{REPORT}?flag=withdrawal_candidate&page=2"
    response = post(
        client,
        action="withdraw",
        reason="Superseded",
        articles=[one.slug, two.slug, already.slug, "no-such-article"],
        next=back,
    )
    assert response.status_code == 302 and response["Location"] == back
    text = summary(response)
    assert text.startswith("2 done, 2 refused:")
    assert "It is already withdrawn." in text and "no-such-article: no such article." in text
    assert Article.objects.filter(withdrawn_at__isnull=False).count() == 3
    assert client.get(reverse("cms:article-detail", args=[one.slug])).status_code == 410


def test_a_replayed_bulk_post_does_not_audit_twice(admin_user):
    articles = [ArticleFactory() for _ in range(3)]
    client = client_for(admin_user)
    data = {"action": "withdraw", "reason": "Old", "articles": [a.slug for a in articles]}
    post(client, **data)
    response = post(client, **data)
    assert withdrawn_events() == 3
    assert summary(response).startswith("0 done, 3 refused")


@pytest.mark.parametrize("role", ["Editors", "Medical reviewers"])
def test_only_content_admins_withdraw(role):
    article = ArticleFactory()
    response = post(
        client_for(UserFactory(role=role)), action="withdraw", reason="Old", articles=[article.slug]
    )
    assert response.status_code == 403
    assert withdrawn_events() == 0


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "a b", "reviews:home"]
)
def test_an_unsafe_next_goes_to_the_default(admin_user, unsafe):
    """A next that leaves the site, or is no path ("a b" passed the host check, and redirect()
    took it for a view name: a 500), goes to the default."""
    response = post(
        client_for(admin_user),
        action="withdraw",
        reason="Old",
        articles=[ArticleFactory().slug],
        next=unsafe,
    )
    assert response["Location"] == reverse("cms:workspace-articles")


@pytest.mark.parametrize(
    "articles",
    [["abc"], ["<script>"], ["1 OR 1=1"], [""], [f"a-{n}" for n in range(900)], ["x" * 10_000]],
)
def test_garbage_ids_never_give_a_500(admin_user, articles):
    response = post(client_for(admin_user), action="withdraw", reason="Old", articles=articles)
    assert response.status_code == 302
    assert withdrawn_events() == 0


def test_more_fields_than_django_accepts_is_a_400(admin_user):
    articles = [f"a-{n}" for n in range(5000)]  # DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = post(client_for(admin_user), action="withdraw", reason="Old", articles=articles)
    assert response.status_code == 400


def test_garbage_actions_and_missing_reasons_do_nothing(admin_user):
    article = ArticleFactory()
    client = client_for(admin_user)
    for data in ({"action": "explode"}, {"action": "withdraw"}, {}):
        response = post(client, articles=[article.slug], **data)
        assert response.status_code == 302
        assert "Nothing was done" in summary(response)
    assert withdrawn_events() == 0


def test_assign_in_bulk_reports_each_refusal(admin_user):
    editor = editor_account()
    able = reviewer_account("Maya Patel")
    unable = ReviewerFactory(full_name="Sam Ortiz", credentials_expire_on=date(2000, 1, 1))
    first, second = ArticleFactory(), ArticleFactory()
    assign(second, able)
    client = client_for(editor)
    response = post(
        client, action="assign", reviewer="Maya Patel", articles=[first.slug, second.slug]
    )
    assert summary(response).startswith("1 done, 1 refused")
    assert "already assigned" in summary(response)
    assert ArticleReviewer.objects.filter(article=first, reviewer=able).exists()

    response = post(client, action="assign", reviewer="Sam Ortiz", articles=[first.slug])
    assert summary(response).startswith("0 done, 1 refused")
    assert "Sam Ortiz" in summary(response) and "cannot be assigned" in summary(response)
    assert not ArticleReviewer.objects.filter(reviewer=unable).exists()


def test_send_to_review_in_bulk(admin_user):
    editor = editor_account()
    draft = ArticleFactory(published=False, status=Article.Status.DRAFT)
    live = ArticleFactory()
    response = post(
        client_for(editor), action=BulkAction.SEND_TO_REVIEW, articles=[draft.slug, live.slug]
    )
    assert summary(response).startswith("1 done, 1 refused")
    draft.refresh_from_db()
    assert draft.status == Article.Status.AWAITING_REVIEW
    # Content admins do not edit articles: the action is refused outright.
    assert (
        post(client_for(admin_user), action="send_to_review", articles=[live.slug]).status_code
        == 403
    )


def test_the_lists_offer_the_actions_each_role_may_take(admin_user):
    ArticleFactory(originated_on=date(2020, 1, 1))
    scan_reviews(as_of=date.today())
    editors_list = client_for(editor_account()).get(reverse("cms:workspace-articles"))
    page = editors_list.content.decode()
    assert 'form="article-bulk"' in page and 'data-select-all="article-bulk"' in page
    assert 'value="send_to_review"' in page and 'value="withdraw"' not in page
    assert 'name="reason"' not in page  # editors do not withdraw

    report = client_for(admin_user).get(REPORT).content.decode()
    assert 'form="article-bulk"' in report and 'value="withdraw"' in report
    assert 'value="send_to_review"' not in report
    reviewer = reviewer_account("Maya Patel").user
    assert (
        'form="article-bulk"'
        not in client_for(reviewer).get(reverse("reviews:home")).content.decode()
    )


def test_one_article_is_withdrawn_and_restored_from_its_page(admin_user):
    article = ArticleFactory(title="Asthma: Inhalers")
    client = client_for(admin_user)
    url = reverse("reviews:withdrawal", args=[article.slug])
    assert "Withdraw: Asthma: Inhalers" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200  # the form, with its error
    response = client.post(url, {"reason": "Superseded"})
    assert response["Location"] == reverse("cms:article-history", args=[article.slug])
    history = client.get(response["Location"]).content.decode()
    assert "Restore" in history and "withdrawn from the public on" in history
    assert "Superseded" in history
    assert "Restore: Asthma: Inhalers" in client.get(url).content.decode()
    client.post(url, {"reason": "By mistake"})
    article.refresh_from_db()
    assert article.withdrawn_at is None
    actions = AuditEvent.objects.filter(article=article).values_list("action", flat=True)
    assert {AuditAction.ARTICLE_WITHDRAWN, AuditAction.ARTICLE_RESTORED} <= set(actions)
    assert client_for(editor_account()).get(url).status_code == 403


def test_the_api_shows_a_withdrawn_article_as_withdrawn(admin_user):
    article = ArticleFactory()
    client_for(admin_user).post(
        reverse("reviews:withdrawal", args=[article.slug]), {"reason": "Old"}
    )
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=editor_account())
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"/api/articles/{article.slug}/").json()["status"] == "withdrawn"


def test_the_report_filters_match_part_of_a_name(admin_user):
    ellen, bob = editor_account("ellen.wu"), editor_account("bob")
    maya = reviewer_account("Maya Patel")
    hers = ArticleFactory(title="Hers", owner=ellen, originated_on=date(2020, 1, 1))
    other = ArticleFactory(title="Other", owner=bob, originated_on=date(2020, 1, 1))
    assign(hers, maya)
    scan_reviews(as_of=date.today())
    client = client_for(admin_user)

    def titles(**filters):
        rows = client.get(REPORT, filters).context["page"].object_list
        return {row.title for row in rows}

    assert titles() == {"Hers", "Other"}
    assert titles(reviewer="pat") == {"Hers"}
    assert titles(reviewer="maya patel md") == {"Hers"}
    assert titles(reviewer="nobody") == set()
    assert titles(editor="LLEN") == {"Hers"}
    assert titles(editor="bo") == {"Other"}
    page = client.get(REPORT).content.decode()
    names = reverse("reviews:report-names")
    assert f'<datalist id="reviewer-names" data-names="{names}?list=reviewers">' in page
    assert 'list="editor-names"' in page and f'data-names="{names}?list=editors"' in page
    assert "Maya Patel" in client.get(names, {"list": "reviewers"}).json()["names"]
    assert client.get(names, {"list": "editors"}).json()["names"] == ["bob", "ellen.wu"]
    assert other.pk
