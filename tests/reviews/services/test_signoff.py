"""Sign-offs: the reviewer's e-signature (``sign_off``: re-authentication, binding to the
revision, approval rules) and recorded signatures (``record_sign_off``: imports and demo data,
bound to the revision and its content, moving the review dates)."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from cms.body import clinical_content_hash
from cms.models import Article, ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.choices import SignOffMeaning
from reviews.models import AuditEvent, ReviewFlag, SignOff
from reviews.services.scan import scan_reviews
from reviews.services.signoff import SignOffRefused, record_sign_off, revision_hash, sign_off
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ReviewerFactory,
    ReviewFlagFactory,
    assign,
    at_nine,
    editor_account,
    policy,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
NOW = timezone.make_aware(datetime.combine(TODAY, time(15, 4)))


def pending_edit(article, editor=None, text="New dosing guidance."):
    editor = editor or editor_account()
    return edit_article(
        article_id=article.pk,
        editor=editor,
        changes={"body": [*article.body, {"type": "paragraph", "text": text}]},
        kind=ChangeKind.SUBSTANTIVE,
        reason="Dosing",
        base_revision_id=latest_revision(article).history_id,
        at=NOW,
    )


def signs(article, reviewer, *, meaning=SignOffMeaning.APPROVED, password=PASSWORD, comment="",
          revision=None):  # fmt: skip
    revision = revision or latest_revision(article)
    return sign_off(
        article_id=article.pk,
        user=reviewer.user,
        revision_id=revision.history_id,
        content_sha256=revision_hash(revision),
        meaning=meaning,
        comment=comment,
        password=password,
        at=NOW,
        sources_checked=True,
    )


@pytest.fixture
def article():
    article = ArticleFactory()
    sign(article, on=date(2023, 10, 1))
    return article


@pytest.fixture
def maya(article):
    maya = reviewer_account("Maya Patel", "MD")
    assign(article, maya)
    return maya


def test_approval_makes_the_revision_live_and_restarts_the_cycle(article, maya):
    revision = pending_edit(article)
    ReviewFlagFactory(article=article, kind="overdue")
    result = signs(article, maya)

    article.refresh_from_db()
    assert result.went_live and result.review_complete
    assert article.live_revision == revision
    assert article.status == Article.Status.PUBLISHED
    assert article.review.last_reviewed_on == TODAY
    assert article.review.next_review_due == date(2028, 11, 23)
    assert not ReviewFlag.objects.filter(article=article, resolved_on__isnull=True).exists()
    signoff = result.signoff
    assert (signoff.revision, signoff.content_sha256) == (revision, revision_hash(revision))
    assert (signoff.reviewer_name, signoff.reviewer_credentials) == ("Maya Patel", "MD")
    assert signoff.signed_at == NOW
    assert AuditEvent.objects.filter(article=article, action="signed", actor=maya.user).exists()


def test_a_wrong_password_is_refused_and_nothing_is_saved(article, maya):
    pending_edit(article)
    with pytest.raises(SignOffRefused, match="password is not correct"):
        signs(article, maya, password="wrong")
    assert SignOff.objects.filter(article=article).count() == 1  # the old one
    article.refresh_from_db()
    assert article.status == Article.Status.AWAITING_REVIEW


def test_a_sign_off_for_a_stale_revision_is_refused(article, maya):
    opened = pending_edit(article)
    pending_edit(article, text="A later change the reviewer has not seen.")
    with pytest.raises(SignOffRefused, match="changed after you opened it"):
        signs(article, maya, revision=opened)
    assert not SignOff.objects.filter(reviewer=maya).exists()


def test_a_tampered_content_hash_is_refused(article, maya):
    revision = pending_edit(article)
    with pytest.raises(SignOffRefused, match="changed after you opened it"):
        sign_off(
            article_id=article.pk,
            user=maya.user,
            revision_id=revision.history_id,
            content_sha256="0" * 64,
            meaning=SignOffMeaning.APPROVED,
            comment="",
            password=PASSWORD,
            at=NOW,
            sources_checked=True,
        )


def test_an_editor_cannot_sign_their_own_substantive_revision(article, maya):
    maya.user.groups.add(*editor_account("other").groups.all())  # maya is also an editor
    pending_edit(article, editor=maya.user)
    with pytest.raises(SignOffRefused, match="words you wrote since it was last approved"):
        signs(article, maya)


def test_only_assigned_reviewers_with_current_credentials_may_sign(article, maya):
    pending_edit(article)
    stranger = reviewer_account("Omar Haddad", "PharmD")
    with pytest.raises(SignOffRefused, match="not assigned"):
        signs(article, stranger)
    maya.credentials_expire_on = date(2026, 11, 1)
    maya.save()
    with pytest.raises(SignOffRefused, match="credentials expired on 11/1/2026"):
        signs(article, maya)


def test_request_changes_needs_a_comment_and_returns_the_article_to_the_editor(article, maya):
    pending_edit(article)
    with pytest.raises(SignOffRefused, match="needs a comment"):
        signs(article, maya, meaning=SignOffMeaning.CHANGES_REQUESTED)
    live = article.live_revision
    signs(article, maya, meaning=SignOffMeaning.CHANGES_REQUESTED, comment="Cite the label.")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.live_revision == live
    assert article.review.last_reviewed_on == date(2023, 10, 1)
    event = AuditEvent.objects.get(article=article, action="changes_requested")
    assert event.detail == "Cite the label."


def test_reviewed_no_change_restarts_the_cycle_without_a_new_revision(article, maya):
    scan_reviews(as_of=TODAY)
    revisions = article.history.count()
    result = signs(article, maya, meaning=SignOffMeaning.REVIEWED_NO_CHANGE)
    article.refresh_from_db()
    assert result.review_complete and not result.went_live
    assert article.history.count() == revisions
    assert article.review.last_reviewed_on == TODAY
    assert not ReviewFlag.objects.filter(article=article, resolved_on__isnull=True).exists()


def test_reviewed_no_change_is_refused_when_there_are_unapproved_changes(article, maya):
    pending_edit(article)
    with pytest.raises(SignOffRefused, match="not yet approved"):
        signs(article, maya, meaning=SignOffMeaning.REVIEWED_NO_CHANGE)


def test_two_required_sign_offs_from_distinct_assigned_reviewers(maya):
    strict = policy("Evergreen")
    strict.required_signoffs = 2
    strict.save()
    article = ArticleFactory(review_policy=strict)
    omar = reviewer_account("Omar Haddad", "PharmD")
    assign(article, maya, omar)
    revision = pending_edit(article)

    first = signs(article, maya)
    article.refresh_from_db()
    assert not first.review_complete
    assert article.live_revision != revision
    with pytest.raises(SignOffRefused, match="already signed"):
        signs(article, maya)

    second = signs(article, omar)
    article.refresh_from_db()
    assert second.went_live
    assert article.live_revision == revision


# -- Recorded sign-offs (record_sign_off) ----------------------------------------------------------


def test_a_sign_off_is_bound_to_the_revision_and_its_content():
    article = ArticleFactory()
    reviewer = ReviewerFactory(full_name="Jessica Gotwals", credentials="RN BSN MPH")
    signoff = sign(article, on=date(2023, 10, 1), reviewer=reviewer)

    revision = article.live_revision
    assert signoff.revision == revision
    assert signoff.content_sha256 == clinical_content_hash(title=revision.title, body=revision.body)
    assert len(signoff.content_sha256) == 64
    assert (signoff.reviewer_name, signoff.reviewer_credentials) == (
        "Jessica Gotwals",
        "RN BSN MPH",
    )


def test_the_snapshot_keeps_the_name_printed_at_signing():
    reviewer = ReviewerFactory(full_name="Susan K. Walls", credentials="RN")
    signoff = sign(ArticleFactory(), on=date(2023, 10, 1), reviewer=reviewer)
    reviewer.full_name = "Susan K. Dempsey-Walls"
    reviewer.save()
    signoff.refresh_from_db()
    assert signoff.reviewer_name == "Susan K. Walls"


def test_a_sign_off_moves_the_last_review_and_the_due_dates():
    article = ArticleFactory()
    sign(article, on=date(2024, 2, 29))
    article.refresh_from_db()
    assert article.review.last_reviewed_on == date(2024, 2, 29)
    assert article.review.next_review_due == date(2026, 2, 28)
    assert article.review.review_window_opens_on == date(2025, 12, 30)
    assert article.review.withdrawal_due_on == date(2029, 2, 28)


def test_an_older_sign_off_does_not_move_the_review_date_back():
    article = ArticleFactory()
    sign(article, on=date(2025, 6, 1))
    sign(article, on=date(2024, 6, 1))
    article.refresh_from_db()
    assert article.review.last_reviewed_on == date(2025, 6, 1)


def test_the_review_counts_only_once_the_policy_has_its_required_signers():
    strict = policy("Standard")
    strict.required_signoffs = 2
    strict.save()
    article = ArticleFactory(review_policy=strict)

    sign(article, on=date(2025, 6, 1))
    article.refresh_from_db()
    assert article.review.last_reviewed_on is None

    record_sign_off(
        revision=article.live_revision,
        reviewer=ReviewerFactory(),
        meaning=SignOffMeaning.APPROVED,
        signed_at=at_nine(date(2025, 6, 3)),
        source="tests",
        recorded_at=at_nine(date(2025, 6, 3)),
    )
    article.refresh_from_db()
    assert article.review.last_reviewed_on == date(2025, 6, 3)


def test_a_returned_live_article_reads_live_changes_requested_with_the_comment_on_its_edit_page(
    article, maya
):
    from django.test import Client
    from django.urls import reverse

    pending_edit(article)
    signs(article, maya, meaning=SignOffMeaning.CHANGES_REQUESTED, comment="Cite the label.")
    article.refresh_from_db()
    assert article.status_label == "Live · changes requested"
    editor = Client()
    editor.force_login(editor_account("reader-of-notes"))
    page = editor.get(reverse("cms:article-edit", args=[article.slug])).content.decode()
    assert "Live · changes requested" in page
    assert "Changes requested" in page and "Cite the label." in page
    listing = editor.get(reverse("cms:workspace-articles")).content.decode()
    assert "Live · changes requested" in listing
