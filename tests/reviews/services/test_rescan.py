"""A change of who is assigned, or of whether an assigned reviewer can sign, queues a scan of
the articles it touches (one task, once the change commits), so that "No assigned reviewer can
sign" is raised or settled then, not at the next daily scan. The broker's send is replaced here
(Celery itself is tested in tests/integration); the queued scan is then run as the task runs
it."""

from datetime import date
from unittest import mock

import pytest

from reviews.choices import FlagKind
from reviews.jobs import run_review_scan
from reviews.models import ReviewFlag
from reviews.services.accounts import save_account
from reviews.services.assignments import assign_reviewers
from reviews.services.reassign import reassign_articles
from reviews.services.reviewers import save_reviewer
from reviews.services.scan import scan_reviews
from reviews.tasks import scan_reviews_task
from tests.factories import (
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
TODAY = date(2026, 11, 23)
AT = at_nine(TODAY)


def stranded() -> set[int]:
    return set(
        ReviewFlag.objects.filter(
            kind=FlagKind.REVIEWER_CREDENTIALS_EXPIRED, resolved_on__isnull=True
        ).values_list("article_id", flat=True)
    )


def sheet():
    article = ArticleFactory()
    sign(article, on=date(2026, 1, 1))
    return article


def queued_scan(queued) -> list[int] | None:
    """The article ids of the one scan the captured commit callbacks queue (None: none)."""
    with mock.patch("reviews.services.queueing.send_quietly") as send:
        for callback in queued:
            callback()
    if not send.called:
        return None
    send.assert_called_once()
    task, kwargs = send.call_args.args[0], send.call_args.kwargs
    assert task is scan_reviews_task
    return kwargs["article_ids"]


def run_queued(article_ids) -> None:
    run_review_scan(as_of=TODAY, at=AT, article_ids=article_ids)


def test_assigning_a_reviewer_who_can_sign_settles_the_flag_once_the_queued_scan_runs(
    django_capture_on_commit_callbacks,
):
    article = sheet()
    assign(article, ReviewerFactory())  # no account: nobody can sign
    scan_reviews(as_of=TODAY)
    assert stranded() == {article.pk}
    able = reviewer_account("Maya Patel")
    with django_capture_on_commit_callbacks() as queued:
        assign_reviewers(
            article=article,
            reviewers=[article.reviewer_links.get().reviewer, able],
            actor=editor_account(),
            at=AT,
        )
    ids = queued_scan(queued)
    assert ids == [article.pk]
    run_queued(ids)
    assert stranded() == set()


def test_an_assignment_that_changes_nothing_queues_nothing(django_capture_on_commit_callbacks):
    article = sheet()
    maya = reviewer_account("Maya Patel")
    assign(article, maya)
    with django_capture_on_commit_callbacks() as queued:
        assign_reviewers(article=article, reviewers=[maya], actor=editor_account(), at=AT)
    assert queued_scan(queued) is None


def test_a_reviewers_lapsed_credentials_flag_their_articles_once_the_queued_scan_runs(
    django_capture_on_commit_callbacks,
):
    maya = reviewer_account("Maya Patel")
    mine, theirs = sheet(), sheet()
    assign(mine, maya)
    assign(theirs, reviewer_account("Ravi Rao"))
    scan_reviews(as_of=TODAY)
    maya.credentials_expire_on = date(2026, 11, 1)
    admin = UserFactory(username="ada", role="Content admins")
    with django_capture_on_commit_callbacks() as queued:
        save_reviewer(reviewer=maya, actor=admin, at=AT)
    ids = queued_scan(queued)
    assert ids == [mine.pk]
    run_queued(ids)
    assert stranded() == {mine.pk}


def test_a_deactivated_account_flags_its_reviewers_articles_once_the_queued_scan_runs(
    django_capture_on_commit_callbacks,
):
    maya = reviewer_account("Maya Patel")
    article = sheet()
    assign(article, maya)
    scan_reviews(as_of=TODAY)
    maya.user.is_active = False
    admin = UserFactory(username="ada", role="Content admins", is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks() as queued:
        save_account(user=maya.user, actor=admin, at=AT)
    ids = queued_scan(queued)
    assert ids == [article.pk]
    run_queued(ids)
    assert stranded() == {article.pk}


def test_a_bulk_reassignment_queues_one_scan_of_the_articles_it_moved(
    django_capture_on_commit_callbacks,
):
    gone = ReviewerFactory(full_name="Gone Away")  # no account
    moved = [sheet() for _ in range(3)]
    for article in moved:
        assign(article, gone)
    scan_reviews(as_of=TODAY)
    assert stranded() == {a.pk for a in moved}
    admin = UserFactory(username="ada", role="Content admins")
    with django_capture_on_commit_callbacks() as queued:
        reassign_articles(
            from_reviewer=gone,
            to_reviewer=reviewer_account("Maya Patel"),
            reason="Gone Away left",
            actor=admin,
            at=AT,
        )
    ids = queued_scan(queued)
    assert ids == sorted(a.pk for a in moved)
    run_queued(ids)
    assert stranded() == set()
