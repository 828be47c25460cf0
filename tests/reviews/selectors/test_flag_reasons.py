"""Each open flag's reason, in words: derived from what the flag rests on."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import Article
from reviews.choices import FlagKind
from reviews.models import ArticleReviewer, ClinicalEvent
from reviews.selectors import article_flag_reasons, flag_reason, open_flag_reasons
from reviews.selectors.flag_reasons import ReviewDatesView
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, ReviewerFactory, assign, reviewer_account, sign

TODAY = date(2026, 11, 25)
DATES = ReviewDatesView(
    slug="asthma",
    last_reviewed_on=date(2023, 10, 1),
    next_review_due=date(2025, 10, 1),
    withdrawal_due_on=date(2026, 10, 1),
)


def reason(kind, detail="", dates=DATES, **kwargs):
    return flag_reason(kind, detail=detail, article=dates, as_of=TODAY, **kwargs)


def test_overdue_names_the_due_date_and_the_days_since():
    found = reason(FlagKind.OVERDUE)
    assert found.label == "Overdue"
    assert found.text == "Due 10/1/2025; 420 days overdue."


def test_due_soon_counts_the_days_left_and_says_today_on_the_day():
    soon = ReviewDatesView("a", date(2024, 12, 1), date(2026, 12, 1))
    assert reason(FlagKind.DUE_SOON, dates=soon).text == "Due 12/1/2026, in 6 days."
    today = ReviewDatesView("a", date(2024, 11, 25), TODAY)
    assert reason(FlagKind.DUE_SOON, dates=today).text == "Due 11/25/2026, today."


def test_never_reviewed_and_withdrawal_say_what_is_missing():
    assert reason(FlagKind.NEVER_REVIEWED).text == "No completed review on record: due now."
    assert reason(FlagKind.WITHDRAWAL_CANDIDATE).text == (
        "Not reviewed since 10/1/2023; past its policy's limit on 10/1/2026."
    )


def test_a_change_since_review_links_to_the_diff_on_the_review_page():
    found = reason(FlagKind.CHANGED_SINCE_REVIEW)
    assert "changed substantively" in found.text
    assert found.links == (("See the changes", "/review/asthma/"),)


def test_a_trigger_gives_its_events_and_each_source_as_a_link():
    detail = (
        "Revumenib: FDA approval on 11/15/2024 (source: https://www.fda.gov/a); "
        "Imatinib: Boxed warning on 6/1/2024"
    )
    found = reason(FlagKind.TRIGGER, detail)
    assert found.text == (
        "Revumenib: FDA approval on 11/15/2024; Imatinib: Boxed warning on 6/1/2024"
    )
    assert found.links == (("Source", "https://www.fda.gov/a"),)


def test_a_reader_report_gives_the_readers_words():
    found = reason(FlagKind.READER_REPORT, "2 reader reports; latest: The dose is wrong.")
    assert found.text == "2 reader reports; latest: The dose is wrong."


def test_no_signer_says_why_each_assigned_reviewer_cannot_sign():
    found = reason(
        FlagKind.REVIEWER_CREDENTIALS_EXPIRED, unable=["Jo Ames RN: there is no account"]
    )
    assert (
        found.text == "None of its assigned reviewers can sign (Jo Ames RN: there is no account)."
    )
    assert found.links == (("Assign reviewers", "/workspace/articles/asthma/reviewers/"),)


@pytest.mark.django_db
def test_reasons_of_a_page_of_articles_take_two_queries_whatever_their_number():
    articles = []
    for n in range(6):
        article = ArticleFactory(title=f"Sheet {n}")
        sign(article, on=date(2023, 10, 1))
        assign(article, ReviewerFactory())  # no account: nobody can sign
        articles.append(article)
    scan_reviews(as_of=TODAY)
    articles = list(
        Article.objects.select_related("review").filter(pk__in=[a.pk for a in articles])
    )
    with CaptureQueriesContext(connection) as queries:
        reasons = open_flag_reasons(articles, as_of=TODAY)
    assert len(queries) == 2
    assert len(reasons) == 6
    kinds = [r.kind for r in reasons[articles[0].pk]]
    assert kinds == ["overdue", "reviewer_credentials_expired"]
    assert "no account yet" in reasons[articles[0].pk][1].text


@pytest.mark.django_db
def test_an_account_holder_who_can_sign_is_not_listed():
    article = ArticleFactory()
    sign(article, on=date(2023, 10, 1))
    assign(article, reviewer_account(credentials_expire_on=date(2025, 1, 1)))
    ArticleReviewer.objects.create(
        article=article, reviewer=ReviewerFactory(full_name="Kim Lo"), position=1
    )
    scan_reviews(as_of=TODAY)
    (flag,) = [
        r for r in article_flag_reasons(article, as_of=TODAY)
        if r.kind == FlagKind.REVIEWER_CREDENTIALS_EXPIRED
    ]  # fmt: skip
    assert "Maya Patel MD: the credentials expired" in flag.text
    assert "Kim Lo MD: they have no account yet" in flag.text


@pytest.mark.django_db
def test_the_scan_writes_the_event_source_into_the_trigger_detail():
    article = ArticleFactory(
        body=[{"type": "paragraph", "text": "Your doctor may give you revumenib."}]
    )
    sign(article, on=date(2023, 10, 1))
    ClinicalEvent.objects.create(
        term="Revumenib",
        event_date=date(2024, 11, 15),
        kind="fda_approval",
        source_url="https://www.fda.gov/revumenib",
    )
    scan_reviews(as_of=TODAY)
    (trigger,) = [r for r in article_flag_reasons(article, as_of=TODAY) if r.kind == "trigger"]
    assert trigger.text == "Revumenib: FDA approval on 11/15/2024"
    assert trigger.links == (("Source", "https://www.fda.gov/revumenib"),)


def test_reasons_follow_the_active_language_though_their_words_are_cached():
    from django.utils import translation

    dates = ReviewDatesView("gout", date(2023, 10, 1), date(2025, 10, 1))

    def overdue(**kwargs):
        return flag_reason(
            FlagKind.OVERDUE, detail="", article=dates, as_of=date(2026, 11, 23), **kwargs
        )

    english = overdue()
    with translation.override("es"):
        spanish = overdue()
    assert english.text == "Due 10/1/2025; 418 days overdue." and english.label == "Overdue"
    assert spanish.text != english.text and "1/10/2025" in spanish.text
    assert spanish.label != "Overdue"
    assert overdue() == english  # the English words again, not the cached Spanish ones
    assert overdue(language="es") == spanish  # the language given, whatever is active


def test_dated_words_are_cached_on_the_dates_their_kind_reads():
    """An export repeats each due date across many last-review dates and limits: the words of
    an overdue flag are made once per due date, a withdrawal's once per last review and limit."""
    from reviews.selectors.flag_reasons import _cached_words

    due = date(2025, 10, 1)
    _cached_words.cache_clear()
    texts = {
        reason(kind, dates=ReviewDatesView(f"a{n}", date(2023, 1, n), due, date(2027, 1, 1))).text
        for n in range(1, 21) for kind in (FlagKind.OVERDUE, FlagKind.NEVER_REVIEWED)
    }  # fmt: skip
    assert texts == {"Due 10/1/2025; 420 days overdue.", "No completed review on record: due now."}
    assert _cached_words.cache_info().misses == 2
    stale = ReviewDatesView("b", date(2020, 1, 1), due, date(2025, 1, 1))
    late = reason(FlagKind.WITHDRAWAL_CANDIDATE, dates=stale)
    assert late.text == "Not reviewed since 1/1/2020; past its policy's limit on 1/1/2025."
    assert _cached_words.cache_info().misses == 3
