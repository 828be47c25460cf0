from datetime import date

import pytest

from reviews.models import ArticleReview, AuditEvent, ReviewFlag
from reviews.services.flags import (
    FlagRefused,
    change_dismiss_reason,
    dismiss_flag,
    reopen_flag,
    resolve_flag,
)
from tests.factories import ArticleFactory, ReviewFlagFactory, UserFactory, at_nine

pytestmark = pytest.mark.django_db
AT = at_nine(date(2026, 3, 2))


@pytest.fixture
def ada():
    return UserFactory(username="ada", role="Content admins")


@pytest.fixture
def ellen():
    return UserFactory(username="ellen", role="Editors")


def _events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor__username", "detail"))


def test_dismissing_records_who_and_why(ada):
    flag = ReviewFlagFactory(kind="reader_report")
    dismiss_flag(flag=flag, reason=" The dose matches the label. ", actor=ada, at=AT)
    flag.refresh_from_db()
    assert (flag.resolved_on, flag.dismissed_by, flag.dismiss_reason) == (
        date(2026, 3, 2),
        ada,
        "The dose matches the label.",
    )
    assert _events("flag_dismissed") == [("ada", "Reader report: The dose matches the label.")]


@pytest.mark.parametrize(
    "act",
    [
        lambda flag, who: dismiss_flag(flag=flag, reason="No.", actor=who, at=AT),
        lambda flag, who: resolve_flag(flag=flag, actor=who, at=AT),
        lambda flag, who: reopen_flag(flag=flag, actor=who, at=AT),
        lambda flag, who: change_dismiss_reason(flag=flag, reason="No.", actor=who, at=AT),
    ],
    ids=["dismiss", "resolve", "reopen", "change reason"],
)
def test_each_change_needs_the_permission_and_saves_nothing_without_it(act, ellen, ada):
    open_flag = ReviewFlagFactory()
    dismissed = ReviewFlagFactory(kind="trigger")
    dismiss_flag(flag=dismissed, reason="Old news.", actor=ada, at=AT)
    before = list(ReviewFlag.objects.values())
    for flag in (open_flag, dismissed):
        with pytest.raises(FlagRefused, match="Only content admins"):
            act(flag, ellen)
    assert list(ReviewFlag.objects.values()) == before
    assert AuditEvent.objects.filter(action__startswith="flag_").count() == 1


def test_dismissing_needs_a_reason_and_an_open_flag(ada):
    flag = ReviewFlagFactory()
    with pytest.raises(FlagRefused, match="Say why"):
        dismiss_flag(flag=flag, reason="  ", actor=ada, at=AT)
    resolve_flag(flag=flag, actor=ada, at=AT)
    with pytest.raises(FlagRefused, match="already resolved"):
        dismiss_flag(flag=flag, reason="No action.", actor=ada, at=AT)


def test_resolving_is_audited_and_not_a_dismissal(ada):
    flag = ReviewFlagFactory(kind="overdue")
    resolve_flag(flag=flag, actor=ada, at=AT, note="Reviewed by phone")
    flag.refresh_from_db()
    assert flag.resolved_on == date(2026, 3, 2) and flag.dismissed_by is None
    assert _events("flag_resolved") == [("ada", "Overdue: resolved: Reviewed by phone")]
    with pytest.raises(FlagRefused, match="already resolved"):
        resolve_flag(flag=flag, actor=ada, at=AT)


def test_reopening_clears_the_dismissal_and_says_what_it_was(ada):
    flag = ReviewFlagFactory(kind="trigger")
    dismiss_flag(flag=flag, reason="Not this drug.", actor=ada, at=AT)
    reopen_flag(flag=flag, actor=ada, at=AT)
    flag.refresh_from_db()
    assert (flag.resolved_on, flag.dismissed_by, flag.dismiss_reason) == (None, None, "")
    assert _events("flag_reopened") == [
        (
            "ada",
            "Trigger: reopened (was resolved on 3/2/2026, dismissed by ada: Not this drug.)",
        )
    ]
    with pytest.raises(FlagRefused, match="already open"):
        reopen_flag(flag=flag, actor=ada, at=AT)


def test_reopening_is_refused_when_the_article_has_an_open_flag_of_that_kind(ada):
    article = ArticleFactory(title="Gout: Diet")
    old = ReviewFlagFactory(article=article, kind="overdue")
    resolve_flag(flag=old, actor=ada, at=AT)
    ReviewFlagFactory(article=article, kind="overdue")  # raised again by the scan

    with pytest.raises(FlagRefused, match="already has an open “Overdue” flag"):
        reopen_flag(flag=old, actor=ada, at=AT)
    old.refresh_from_db()
    assert old.resolved_on is not None
    assert not AuditEvent.objects.filter(action="flag_reopened").exists()


def test_changing_a_dismissal_reason_keeps_who_dismissed_it(ada):
    flag = ReviewFlagFactory(kind="reader_report")
    dismiss_flag(flag=flag, reason="Spam.", actor=ada, at=AT)
    colleague = UserFactory(username="cara", role="Content admins")

    change_dismiss_reason(flag=flag, reason="A duplicate of report 3.", actor=colleague, at=AT)
    flag.refresh_from_db()
    assert flag.dismissed_by == ada and flag.dismiss_reason == "A duplicate of report 3."
    assert _events("flag_changed") == [
        ("cara", "Reader report: reason for dismissal: “Spam.” → “A duplicate of report 3.”")
    ]

    change_dismiss_reason(flag=flag, reason="A duplicate of report 3.", actor=colleague, at=AT)
    assert AuditEvent.objects.filter(action="flag_changed").count() == 1  # nothing changed


def test_only_a_dismissed_flag_has_a_reason_to_change(ada):
    flag = ReviewFlagFactory()
    with pytest.raises(FlagRefused, match="Only a dismissed flag"):
        change_dismiss_reason(flag=flag, reason="Why not.", actor=ada, at=AT)
    resolve_flag(flag=flag, actor=ada, at=AT)
    with pytest.raises(FlagRefused, match="Only a dismissed flag"):
        change_dismiss_reason(flag=flag, reason="Why not.", actor=ada, at=AT)


def test_a_reopened_due_soon_flag_carries_its_article_due_date_again(ada):
    flag = ReviewFlagFactory(kind="due_soon")
    ArticleReview.objects.filter(article=flag.article).update(next_review_due=date(2026, 4, 1))
    dismiss_flag(flag=flag, reason="Reviewed elsewhere.", actor=ada, at=AT)
    reopen_flag(flag=flag, actor=ada, at=AT)
    flag.refresh_from_db()
    assert flag.due_on == date(2026, 4, 1)
    trigger = ReviewFlagFactory(kind="trigger", resolved_on=date(2026, 1, 1))
    reopen_flag(flag=trigger, actor=ada, at=AT)
    trigger.refresh_from_db()
    assert trigger.due_on is None  # only the kinds read in due order carry it
