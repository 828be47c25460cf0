"""A change of who is assigned, or of whether an assigned reviewer can sign, queues a scan of
the articles it touches (one task, once the change commits), so that "No assigned reviewer can
sign" is raised or settled then, not at the next daily scan. The broker's send is replaced here
(Celery itself is tested in tests/integration); the queued scan is then run as the task runs
it."""

from datetime import date
from unittest import mock

import pytest
from django.db import transaction

from reviews.choices import BulkAction, FlagKind
from reviews.jobs import run_review_scan
from reviews.models import ReviewFlag
from reviews.services.accounts import save_account, set_roles
from reviews.services.assignments import assign_reviewers
from reviews.services.bulk import act_on_articles
from reviews.services.importer import import_sheets
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
from tests.samples import SAMPLE

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
    with mock.patch("reviews.services.rescan.send_quietly") as send:
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


def queued_scan_leaves(queued, *, scanned: list[int], stranded_after: set[int]) -> None:
    """The captured callbacks queue one scan of ``scanned``; run as the task runs it, it leaves
    ``stranded_after`` flagged "No assigned reviewer can sign"."""
    ids = queued_scan(queued)
    assert ids == scanned
    run_queued(ids)
    assert stranded() == stranded_after


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
    queued_scan_leaves(queued, scanned=[article.pk], stranded_after=set())


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
    queued_scan_leaves(queued, scanned=[mine.pk], stranded_after={mine.pk})


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
    queued_scan_leaves(queued, scanned=[article.pk], stranded_after={article.pk})


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
    queued_scan_leaves(queued, scanned=sorted(a.pk for a in moved), stranded_after=set())


def test_changes_in_one_transaction_queue_one_scan(django_capture_on_commit_callbacks):
    """A bulk action (several assignments in one transaction) queues one task, not one per
    article. An article whose change was rolled back within it (a savepoint) is scanned too:
    harmless, as a scan derives the flags from what is saved."""
    editor = editor_account()
    maya = reviewer_account("Maya Patel")
    articles = [sheet() for _ in range(4)]
    with django_capture_on_commit_callbacks() as queued, transaction.atomic():
        for article in articles[:3]:
            assign_reviewers(article=article, reviewers=[maya], actor=editor, at=AT)
        with pytest.raises(RuntimeError), transaction.atomic():
            assign_reviewers(article=articles[3], reviewers=[maya], actor=editor, at=AT)
            raise RuntimeError("a later step failed")
    assert len(queued) == 1
    assert queued_scan(queued) == sorted(a.pk for a in articles)
    assert not articles[3].reviewer_links.exists()


def test_an_import_queues_no_scan(tmp_path, django_capture_on_commit_callbacks):
    """An imported sheet's flags, all of them, come with the next scan."""
    with django_capture_on_commit_callbacks() as queued:
        summary = import_sheets(paths=[SAMPLE], as_of=TODAY, at=AT)
    assert summary.counts == {"imported": 1}
    assert queued_scan(queued) is None


@pytest.mark.django_db(transaction=True)
def test_a_bulk_assignment_queues_one_scan_though_each_article_commits_alone(reference_data):
    """Each article of a bulk action is its own transaction (one refusal undoes no other), and
    each commit hands its rescan to the block around them: one task for all."""
    articles = [sheet() for _ in range(3)]
    maya = reviewer_account("Maya Patel")
    admin = UserFactory(username="ada", role="Content admins")
    with mock.patch("reviews.services.rescan.send_quietly") as send:
        result = act_on_articles(
            action=BulkAction.ASSIGN,
            slugs=[a.slug for a in articles],
            actor=admin,
            at=AT,
            reviewer=maya,
        )
    assert len(result.done) == 3
    send.assert_called_once_with(scan_reviews_task, article_ids=sorted(a.pk for a in articles))


def test_a_profile_change_that_leaves_signing_alone_queues_nothing(
    django_capture_on_commit_callbacks,
):
    maya = reviewer_account("Maya Patel")
    assign(sheet(), maya)
    maya.bio = "Pediatric pulmonologist."
    with django_capture_on_commit_callbacks() as queued:
        assert save_reviewer(reviewer=maya, actor=maya.user, at=AT)  # her own bio: a change
    assert queued_scan(queued) is None


def test_a_role_taken_away_flags_the_reviewers_articles_once_the_queued_scan_runs(
    django_capture_on_commit_callbacks,
):
    maya = reviewer_account("Maya Patel")
    article = sheet()
    assign(article, maya)
    scan_reviews(as_of=TODAY)
    admin = UserFactory(username="ada", role="Content admins", is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks() as queued:
        set_roles(user=maya.user, actor=admin, at=AT, groups=[])
    queued_scan_leaves(queued, scanned=[article.pk], stranded_after={article.pk})
