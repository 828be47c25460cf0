from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.models import Article
from reviews.choices import FlagKind
from reviews.due import due_flags, review_dates
from reviews.models import ArticleReview, ArticleReviewer, Reviewer, ReviewFlag
from reviews.selectors.flag_reasons import article_flag_reasons, unable_reviewers
from reviews.services.assignments import AssignmentRefused, assign_reviewers
from reviews.services.review_dates import refresh_review_dates
from reviews.services.scan import DATE_FLAG_KINDS, scan_reviews
from reviews.services.signoff import SignOffRefused, check_can_sign
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    ReviewFlagFactory,
    UserFactory,
    assign,
    at_nine,
    policy,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 23)


def open_flags(article) -> set[str]:
    return set(article.flags.filter(resolved_on__isnull=True).values_list("kind", flat=True))


def reviewed(last_reviewed: date | None, **kwargs) -> Article:
    article = ArticleFactory(**kwargs)
    if last_reviewed:
        sign(article, on=last_reviewed)
    return article


def test_the_scan_raises_each_flag_by_the_due_date_rule():
    overdue = reviewed(date(2023, 10, 1))  # due 2025-10-01
    due_soon = reviewed(date(2024, 12, 1))  # due 2026-12-01, window opened 2026-10-02
    fine = reviewed(date(2026, 1, 1))
    never = reviewed(None)
    stale = reviewed(date(2021, 11, 23))  # 60 months ago today

    result = scan_reviews(as_of=AS_OF)

    assert open_flags(overdue) == {"overdue"}
    assert open_flags(due_soon) == {"due_soon"}
    assert open_flags(fine) == set()
    assert open_flags(never) == {"never_reviewed"}
    assert open_flags(stale) == {"overdue", "withdrawal_candidate"}
    assert result.raised[FlagKind.OVERDUE] == 2
    assert result.open[FlagKind.NEVER_REVIEWED] == 1
    assert ReviewFlag.objects.get(article=overdue).raised_on == AS_OF


def test_two_scans_leave_the_same_flags():
    reviewed(date(2023, 10, 1))
    reviewed(None)
    scan_reviews(as_of=AS_OF)
    first = set(ReviewFlag.objects.values_list("article_id", "kind", "raised_on", "resolved_on"))
    again = scan_reviews(as_of=AS_OF)
    assert sum(again.raised.values()) == sum(again.resolved.values()) == 0
    assert (
        set(ReviewFlag.objects.values_list("article_id", "kind", "raised_on", "resolved_on"))
        == first
    )


def test_a_new_sign_off_resolves_the_flag_on_the_next_scan():
    article = reviewed(date(2023, 10, 1))
    scan_reviews(as_of=AS_OF)
    sign(article, on=AS_OF)
    result = scan_reviews(as_of=AS_OF + timedelta(days=1))
    assert open_flags(article) == set()
    flag = ReviewFlag.objects.get(article=article, kind="overdue")
    assert flag.resolved_on == AS_OF + timedelta(days=1)
    assert result.resolved[FlagKind.OVERDUE] == 1


def test_due_soon_turns_into_overdue_as_days_pass():
    article = reviewed(date(2024, 12, 1))
    scan_reviews(as_of=AS_OF)
    scan_reviews(as_of=date(2026, 12, 2))
    assert open_flags(article) == {"overdue"}
    assert ReviewFlag.objects.get(article=article, kind="due_soon").resolved_on == date(2026, 12, 2)


def test_never_published_drafts_and_archived_articles_get_no_flags():
    draft = ArticleFactory(published=False)
    archived = reviewed(date(2020, 1, 1))
    scan_reviews(as_of=AS_OF)
    assert open_flags(archived) == {"overdue", "withdrawal_candidate"}
    Article.objects.filter(pk=archived.pk).update(status=Article.Status.ARCHIVED)
    scan_reviews(as_of=AS_OF)
    assert open_flags(draft) == set()
    assert open_flags(archived) == set()


def test_articles_awaiting_review_and_unpublished_drafts_are_scanned():
    awaiting = reviewed(date(2023, 10, 1))
    unpublished = reviewed(date(2023, 10, 1))
    Article.objects.filter(pk=awaiting.pk).update(status=Article.Status.AWAITING_REVIEW)
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.DRAFT)
    scan_reviews(as_of=AS_OF)
    assert open_flags(awaiting) == {"overdue"}
    assert open_flags(unpublished) == {"overdue"}


def test_the_scan_leaves_flags_it_does_not_own_alone():
    trigger = ReviewFlagFactory(kind="reader_report", article=reviewed(date(2026, 1, 1)))
    scan_reviews(as_of=AS_OF)
    trigger.refresh_from_db()
    assert trigger.resolved_on is None


def test_the_scan_uses_the_policy_of_each_article():
    fast = reviewed(date(2025, 10, 1), review_policy=policy("Medication & fast-moving"))
    slow = reviewed(date(2024, 3, 1), review_policy=policy("Evergreen"))
    scan_reviews(as_of=AS_OF)
    assert open_flags(fast) == {"overdue"}  # due 2026-10-01; under Standard, 2027-10-01
    assert open_flags(slow) == set()  # due 2027-03-01; under Standard, 2026-03-01


def _scan_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        scan_reviews(as_of=AS_OF)
    return len(queries)


def test_the_scan_issues_the_same_number_of_queries_for_5_or_60_articles():
    for day in range(5):
        reviewed(date(2023, 1, 1) + timedelta(days=200 * day))
    small = _scan_queries()
    for day in range(55):
        reviewed(date(2021, 1, 1) + timedelta(days=37 * day) if day % 5 else None)
    ReviewFlag.objects.all().delete()
    assert _scan_queries() == small
    # Two per derived kind, the read of the articles' languages (who can sign depends on it),
    # the trigger statements (three on SQLite), the count, the snapshot and the transaction's
    # own.
    assert small <= 2 * len(DATE_FLAG_KINDS) + 9


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cases=st.lists(
        st.tuples(
            st.one_of(st.none(), st.dates(date(2018, 1, 1), date(2026, 11, 23))),
            st.sampled_from(["Standard", "Medication & fast-moving", "Evergreen"]),
        ),
        min_size=1,
        max_size=8,
    ),
    as_of=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
)
def test_the_sql_scan_and_the_python_rule_agree(cases, as_of):
    with transaction.atomic():
        articles = []
        for last_reviewed, policy_name in cases:
            article = ArticleFactory(review_policy=policy(policy_name))
            ArticleReview.objects.filter(article=article).update(last_reviewed_on=last_reviewed)
            articles.append((article, last_reviewed, policy(policy_name)))
        refresh_review_dates()
        scan_reviews(as_of=as_of)
        for article, last_reviewed, rule in articles:
            dates = review_dates(
                last_reviewed,
                interval_months=rule.interval_months,
                window_days=rule.review_window_days,
                withdrawal_after_months=rule.withdrawal_after_months,
            )
            assert open_flags(article) == {str(k) for k in due_flags(dates, as_of=as_of)}
        transaction.set_rollback(True)


def _scan_analyzes(as_of: date) -> bool:
    """Whether a full scan on ``as_of`` issues an ANALYZE of the flag table."""
    with CaptureQueriesContext(connection) as queries:
        scan_reviews(as_of=as_of)
    return any(
        query["sql"].strip().upper() == f"ANALYZE {ReviewFlag._meta.db_table.upper()}"
        for query in queries
    )


def test_the_scan_analyzes_the_flag_table_after_changing_a_large_share_of_it():
    articles = [reviewed(date(2021, 1, 1) + timedelta(days=30 * n)) for n in range(30)]
    assert _scan_analyzes(AS_OF)  # the first scan raises every flag
    flags = ReviewFlag.objects.count()
    assert flags >= 30

    assert not _scan_analyzes(AS_OF)  # nothing changes
    sign(articles[0], on=AS_OF)
    assert not _scan_analyzes(AS_OF)  # one or two of 30-odd flags resolved
    assert ReviewFlag.objects.filter(resolved_on=AS_OF).count() * 10 < flags

    for article in articles[1:10]:
        sign(article, on=AS_OF)
    assert _scan_analyzes(AS_OF)  # nine more articles' flags resolved: over a tenth


def _stranded() -> set[int]:
    return set(
        ReviewFlag.objects.filter(
            kind=FlagKind.REVIEWER_CREDENTIALS_EXPIRED, resolved_on__isnull=True
        ).values_list("article_id", flat=True)
    )


def test_a_sheet_whose_reviewers_do_not_review_in_its_language_is_flagged_as_the_sign_off_refuses():
    """ "No assigned reviewer can sign" is the sign-off's own rule, the article's language
    included: the scan flags what the sign-off would refuse, and the reason says why."""
    ana = reviewer_account("Ana Ruiz", languages="en es")
    spanish, mexican, english = (
        reviewed(date(2026, 1, 1), language=tag) for tag in ("es", "es-MX", "en")
    )
    for article in (spanish, mexican, english):
        assign(article, ana)
    scan_reviews(as_of=AS_OF)
    assert _stranded() == set()

    Reviewer.objects.filter(pk=ana.pk).update(languages="en")  # her profile drops Spanish
    scan_reviews(as_of=AS_OF)
    assert _stranded() == {spanish.pk, mexican.pk}
    (reason,) = [
        r for r in article_flag_reasons(spanish, as_of=AS_OF)
        if r.kind == FlagKind.REVIEWER_CREDENTIALS_EXPIRED
    ]  # fmt: skip
    assert "Ana Ruiz MD: they do not review in" in reason.text and "(es)" in reason.text
    with pytest.raises(SignOffRefused, match="do not review in"):
        check_can_sign(article=spanish, user=ana.user, as_of=AS_OF)
    check_can_sign(article=english, user=ana.user, as_of=AS_OF)  # she still signs English

    # A reviewer of Spanish beside her: "es" reads es-MX too (cms.languages.covers).
    luis = reviewer_account("Luis Mora", languages="es")
    ArticleReviewer.objects.create(article=mexican, reviewer=luis, position=1)
    scan_reviews(as_of=AS_OF)
    assert _stranded() == {spanish.pk}


def test_the_scan_flags_exactly_the_articles_whose_every_reviewer_the_sign_off_refuses():
    """Over a grid of languages and reviewers (expired, without an account, without the
    role), the scan's flag agrees with
    ``Reviewer.signing_refusal`` (the sign-off's rule), article by article."""
    reviewers = [
        reviewer_account("Ana Ruiz", languages="en es"),
        reviewer_account("Bo Ek", languages="es-MX"),
        reviewer_account("Cy Lam", languages="fr", credentials_expire_on=date(2026, 1, 1)),
        ReviewerFactory(full_name="Di Noor", languages="en"),  # no account
        # An account without the medical reviewers' role (an editor's).
        ReviewerFactory(full_name="Ed Ames", user=UserFactory(username="ed", role="Editors")),
    ]
    articles = []
    for n, tag in enumerate(("en", "es", "es-MX", "es-ES", "fr")):
        for first in range(len(reviewers)):
            article = reviewed(date(2026, 1, 1), language=tag, slug=f"sheet-{n}-{first}")
            pair = (reviewers[first], reviewers[(first + n) % len(reviewers)])
            assign(article, *dict.fromkeys(pair))  # one reviewer when the two are the same
            articles.append(article)
    scan_reviews(as_of=AS_OF)
    expected = {
        article.pk
        for article in articles
        if all(
            link.reviewer.signing_refusal(AS_OF, language=article.language)
            for link in article.reviewer_links.select_related("reviewer__user")
        )
    }
    assert expected and expected != {a.pk for a in articles}  # the grid has both
    assert _stranded() == expected


def test_a_reviewer_whose_account_lost_the_role_cannot_sign_on_any_route():
    """The sign-off checks the signing permission first; so do the scan's flag, its reason
    and the assignment."""
    maya = reviewer_account("Maya Patel")
    article = reviewed(date(2026, 1, 1))
    assign(article, maya)
    scan_reviews(as_of=AS_OF)
    assert _stranded() == set()

    maya.user.groups.clear()  # she moved to another job: no longer a medical reviewer
    scan_reviews(as_of=AS_OF)
    assert _stranded() == {article.pk}
    (reason,) = [
        r for r in article_flag_reasons(article, as_of=AS_OF)
        if r.kind == FlagKind.REVIEWER_CREDENTIALS_EXPIRED
    ]  # fmt: skip
    assert "Maya Patel MD: their account does not have the medical reviewers' role" in reason.text
    with pytest.raises(SignOffRefused, match="medical reviewers"):
        check_can_sign(article=article, user=maya.user, as_of=AS_OF)
    with pytest.raises(AssignmentRefused, match="cannot be assigned"):
        assign_reviewers(
            article=reviewed(date(2026, 1, 1)), reviewers=[maya],
            actor=UserFactory(username="ellen", role="Editors"), at=at_nine(AS_OF),
        )  # fmt: skip


def test_why_assigned_reviewers_cannot_sign_is_read_in_one_query_however_many():
    """The role is read with the assignments, not asked of each account."""
    articles = []
    for n in range(5):
        article = reviewed(date(2026, 1, 1), slug=f"role-{n}")
        assign(article, ReviewerFactory(user=UserFactory(username=f"ed{n}", role="Editors")))
        articles.append(article)
    scan_reviews(as_of=AS_OF)
    with CaptureQueriesContext(connection) as queries:
        unable = unable_reviewers(as_of=AS_OF)
    assert len(queries) == 1
    assert set(unable) == {a.pk for a in articles}
