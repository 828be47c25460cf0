"""The audit's attacks on the review record, each tried through the web form and the API.

Each test names the scenario it closes: self-approval by label, replayed signatures, change
requests overridden, the password oracle, the footer crediting non-signers, and an editorial
edit publishing words that await review.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from cms.services.revisions import save_revision
from reviews.choices import SignOffMeaning
from reviews.models import AuditEvent, SignOff
from reviews.services.signoff import revision_hash
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    assign,
    at_nine,
    editor_account,
    policy,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
ROUTES = ["form", "api"]


@dataclass
class Answer:
    signed: bool
    status: int
    message: str


def sign_via(route, user, article, *, meaning=SignOffMeaning.APPROVED, password=PASSWORD,
             comment="", revision=None, address="10.0.0.1") -> Answer:  # fmt: skip
    """Sign the newest (or the given) revision as ``user`` through the web form or the API."""
    revision = revision or latest_revision(article)
    body = {
        "revision_id": revision.history_id,
        "content_sha256": revision_hash(revision),
        "meaning": meaning,
        "comment": comment,
        "password": password,
        "sources_checked": True,
    }
    before = SignOff.objects.count()
    if route == "form":
        client = Client(REMOTE_ADDR=address)
        client.force_login(user)
        response = client.post(reverse("reviews:review", args=[article.slug]), body)
        message = (
            " ".join(response.context["form"].non_field_errors())
            if response.status_code != 302
            else ""
        )
    else:
        client = APIClient(REMOTE_ADDR=address)
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        response = client.post("/api/signoffs/", {**body, "article": article.slug}, format="json")
        message = "" if response.status_code == 201 else response.json()["detail"]
    return Answer(SignOff.objects.count() > before, response.status_code, message)


def edit(article, editor, text, *, kind=ChangeKind.SUBSTANTIVE):
    return edit_article(
        article_id=article.pk,
        editor=editor,
        changes={"body": [*article.body, {"type": "paragraph", "text": text}]},
        kind=kind,
        reason="Change",
        base_revision_id=latest_revision(article).history_id,
        at=timezone.now(),
    )


@pytest.fixture
def article():
    article = ArticleFactory(slug="all-targeted-therapy")
    sign(article, on=date(2023, 10, 1))
    return article


@pytest.fixture
def maya(article):
    maya = reviewer_account("Maya Patel", "MD")
    assign(article, maya)
    return maya


@pytest.fixture
def omar(article, maya):
    omar = reviewer_account("Omar Haddad", "PharmD")
    assign(article, omar)
    return omar


# Self-approval by label ------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_a_reviewer_cannot_approve_words_they_wrote_whatever_the_label(route, article, maya):
    edit(article, editor_account(), "Someone else's clinical change.")
    maya.user.groups.add(*editor_account("other").groups.all())  # maya is also an editor
    article.refresh_from_db()
    edit(article, maya.user, "Take 80 mg twice daily.", kind=ChangeKind.EDITORIAL)

    answer = sign_via(route, maya.user, article)

    assert not answer.signed
    assert "words you wrote since it was last approved" in answer.message
    article.refresh_from_db()
    assert "80 mg" not in article.live_text


@pytest.mark.parametrize("route", ROUTES)
def test_nor_confirm_unchanged_a_live_text_they_edited_since_its_review(route, article, maya):
    maya.user.groups.add(*editor_account("other").groups.all())
    edit(article, maya.user, "Take 80 mg twice daily.", kind=ChangeKind.EDITORIAL)
    article.refresh_from_db()
    assert "80 mg" in article.live_text  # an editorial edit with no pending change goes live

    answer = sign_via(route, maya.user, article, meaning=SignOffMeaning.REVIEWED_NO_CHANGE)

    assert not answer.signed and "words you wrote" in answer.message


def test_words_written_before_the_last_approval_do_not_block(article, maya, omar):
    maya.user.groups.add(*editor_account("other").groups.all())
    edit(article, maya.user, "Maya's change, approved by Omar.")
    assert sign_via("form", omar.user, article).signed
    article.refresh_from_db()
    edit(article, editor_account(), "A later change by someone else.")
    assert sign_via("form", maya.user, article).signed


# Replayed signatures ------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_the_same_approval_sent_three_times_is_recorded_once(route, article, maya):
    revision = edit(article, editor_account(), "New dosing guidance.")
    answers = [sign_via(route, maya.user, article, revision=revision) for _ in range(3)]

    assert [a.signed for a in answers] == [True, False, False]
    assert all("already signed" in a.message for a in answers[1:])
    if route == "api":
        assert [a.status for a in answers] == [201, 409, 409]
    assert SignOff.objects.filter(reviewer=maya).count() == 1
    assert AuditEvent.objects.filter(action="signed", actor=maya.user).count() == 1


@pytest.mark.parametrize("route", ROUTES)
def test_reviewed_no_change_is_refused_twice_in_one_cycle(route, article, maya):
    no_change = SignOffMeaning.REVIEWED_NO_CHANGE
    first = sign_via(route, maya.user, article, meaning=no_change)
    again = sign_via(route, maya.user, article, meaning=no_change)

    assert first.signed and not again.signed
    assert "already signed this revision in this review cycle" in again.message
    article.refresh_from_db()
    assert article.review.last_reviewed_on == timezone.localdate()


@pytest.mark.parametrize("route", ROUTES)
def test_nobody_starts_a_new_cycle_on_the_day_one_ended(route, article, maya, omar):
    assert sign_via(route, maya.user, article, meaning=SignOffMeaning.REVIEWED_NO_CHANGE).signed
    late = sign_via(route, omar.user, article, meaning=SignOffMeaning.REVIEWED_NO_CHANGE)
    assert not late.signed and "cannot start on the day the last one ended" in late.message


def test_with_two_signers_required_a_replay_does_not_count_twice(article, maya, omar):
    strict = policy("Standard")
    strict.required_signoffs = 2
    strict.save()
    revision = edit(article, editor_account(), "New dosing guidance.")
    assert sign_via("api", maya.user, article, revision=revision).signed
    assert not sign_via("api", maya.user, article, revision=revision).signed
    article.refresh_from_db()
    assert article.live_revision != revision  # one signer of two: not live
    assert sign_via("api", omar.user, article, revision=revision).signed
    article.refresh_from_db()
    assert article.live_revision == revision


# Change requests ----------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_a_request_for_changes_blocks_approval_until_a_new_revision(route, article, maya, omar):
    revision = edit(article, editor_account(), "Unclear dosing.")
    asked = sign_via(route, maya.user, article, meaning="changes_requested", comment="Cite it.")
    assert asked.signed

    answer = sign_via(route, omar.user, article, revision=revision)

    assert not answer.signed and "requested changes to this revision" in answer.message
    article.refresh_from_db()
    assert article.live_revision != revision and article.status == Article.Status.DRAFT
    # A new revision reopens review.
    edit(article, editor_account(), "Dosing per the label (cited).")
    assert sign_via(route, omar.user, article).signed


# Password oracle ----------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_a_stale_revision_answers_the_same_whatever_the_password(route, article, maya):
    stale = edit(article, editor_account(), "First change.")
    article.refresh_from_db()
    edit(article, editor_account(), "Second change.")

    wrong = sign_via(route, maya.user, article, revision=stale, password="guess")
    right = sign_via(route, maya.user, article, revision=stale, password=PASSWORD)

    assert (wrong.status, wrong.message) == (right.status, right.message)
    assert "changed after you opened it" in wrong.message


@pytest.mark.parametrize("route", ROUTES)
def test_wrong_passwords_at_signing_share_the_login_throttle(route, article, maya):
    edit(article, editor_account(), "New dosing guidance.")
    answers = [sign_via(route, maya.user, article, password=f"guess{n}") for n in range(6)]

    assert all("password is not correct" in a.message for a in answers[:5])
    assert "Too many wrong passwords" in answers[5].message
    assert answers[5].status == 429
    # Even the right password is refused now, from another address too.
    locked = sign_via(route, maya.user, article, address="10.9.9.9")
    assert not locked.signed and locked.status == 429
    # And the same count locks the login form.
    login = Client().post(reverse("login"), {"username": maya.user.username, "password": PASSWORD})
    assert login.status_code == 429


def test_failed_logins_lock_signing_too(article, maya):
    edit(article, editor_account(), "New dosing guidance.")
    for n in range(5):
        Client().post(reverse("login"), {"username": maya.user.username, "password": f"x{n}"})
    answer = sign_via("api", maya.user, article)
    assert not answer.signed and answer.status == 429


# Who the record names -------------------------------------------------------------------


def test_the_api_names_signers_and_assigned_reviewers_apart(article, maya, omar):
    # The fixture's article was signed by a reviewer who is no longer assigned.
    signer = SignOff.objects.get(article=article).printed_signature
    client = APIClient()
    client.force_authenticate(editor_account())
    detail = client.get(f"/api/articles/{article.slug}/").json()

    assert [f"{s['name']} {s['credentials']}" for s in detail["signed_by"]] == [signer]
    assert [r["name"] for r in detail["assigned_reviewers"]] == ["Maya Patel", "Omar Haddad"]


def test_an_editorial_edit_keeps_the_credit_of_the_signed_text_it_builds_on(article, maya):
    signer = SignOff.objects.get(article=article).printed_signature
    edit(article, editor_account(), "A clearer sentence.", kind=ChangeKind.EDITORIAL)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "A clearer sentence." in page
    assert f"Online Medical Reviewer: {signer}" in strip_tags(page)  # the name links to a page
    assert "Maya Patel" not in page


# Draft and live -----------------------------------------------------------------------------


def test_an_editorial_edit_never_publishes_words_awaiting_review(article):
    # The admin back door left exactly this state: a substantive revision saved while the
    # article still said "published".
    article.body = [*article.body, {"type": "paragraph", "text": "Unsigned clinical text."}]
    save_revision(
        article=article, kind=ChangeKind.SUBSTANTIVE, reason="Admin", at=at_nine(date.today())
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    live = article.live_revision

    client = Client()
    client.force_login(editor_account())
    url = reverse("cms:article-edit", args=[article.slug])
    form = client.get(url).context["form"]
    assert client.get(url).context["pending"] is True
    data = {**form.initial, "body": form.initial["body"].replace("Unsigned", "Unsigned,")}
    data.update(change_kind="editorial", reason="Typo", topic=article.topic_id, summary="")
    response = client.post(url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live_revision == live
    assert article.status == Article.Status.AWAITING_REVIEW
    assert "Unsigned" not in Client().get(article.get_absolute_url()).content.decode()
    assert latest_revision(article).change_kind == ChangeKind.EDITORIAL


def test_the_review_page_diffs_against_the_last_approved_revision_and_warns_an_author(
    article, maya
):
    maya.user.groups.add(*editor_account("other").groups.all())
    edit(article, maya.user, "Take 80 mg twice daily.", kind=ChangeKind.EDITORIAL)  # goes live
    client = Client()
    client.force_login(maya.user)
    page = client.get(reverse("reviews:review", args=[article.slug]))

    assert page.context["approved"].history_id == SignOff.objects.get(article=article).revision_id
    assert "<ins>Take 80 mg twice daily.</ins>" in page.content.decode()
    assert page.context["own_words"] and "another reviewer must approve it" in page.content.decode()


def test_every_screen_and_the_api_show_one_review_status(article, maya):
    """The review status is one rule (reviews.due.review_status): the editors' list (a cms
    page, through cms.hooks), the reviewer's queue and the API say the same."""
    article.refresh_from_db()
    expected = f"{(timezone.localdate() - article.review.next_review_due).days} days overdue"
    editor = Client()
    editor.force_login(editor_account())
    assert expected in editor.get(reverse("cms:workspace-articles")).content.decode()
    edit(article, editor_account("other"), "New dosing guidance.")
    reviewer = Client()
    reviewer.force_login(maya.user)
    assert expected in reviewer.get(reverse("reviews:queue")).content.decode()
    api = APIClient()
    api.force_authenticate(maya.user)
    status = api.get(f"/api/articles/{article.slug}/").json()["review_status"]
    assert status["state"] == "overdue" and status["label"] == expected
