"""Early re-review triggers: clinical events naming terms in live text after the last review."""

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.models import ClinicalEvent, ReviewFlag
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, at_nine, editor_account, sign

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "000_a4a6a23edc28d406.txt"


def sheet(text, reviewed_on=date(2023, 10, 1), **kwargs):
    article = ArticleFactory(body=[{"type": "paragraph", "text": text}], **kwargs)
    if reviewed_on:
        sign(article, on=reviewed_on)
    return article


def event(term, on=date(2024, 11, 15), synonyms=(), kind="fda_approval"):
    return ClinicalEvent.objects.create(
        term=term, event_date=on, kind=kind, synonyms=list(synonyms)
    )


def trigger(article):
    return ReviewFlag.objects.filter(
        article=article, kind="trigger", resolved_on__isnull=True
    ).first()


def test_a_term_is_matched_as_a_whole_word_in_any_case():
    named = sheet("Your doctor may give you REVUMENIB.")
    inside = sheet("Pre-revumenibology is not a word.")  # inside a longer word
    prefix = sheet("Revumenibs are not a thing.")
    event("Revumenib")
    scan_reviews(as_of=TODAY)
    flag = trigger(named)
    assert flag is not None
    assert flag.detail == "Revumenib: FDA approval on 11/15/2024"
    assert trigger(inside) is None and trigger(prefix) is None


@pytest.mark.parametrize(
    ("term", "text", "matches"),
    [
        ("Humira (adalimumab)", "You may take Humira (adalimumab) weekly.", True),
        ("C++", "Written in C++, oddly.", True),
        ("C++", "C++11 is not C++.", True),
        ("C++", "ABC++ is another thing.", False),
        ("5-FU", "Your nurse gives 5-FU by vein.", True),
        ("5-FU", "15-FU is not a drug.", False),
    ],
)
def test_terms_that_begin_or_end_with_punctuation_match(term, text, matches):
    article = sheet(text)
    event(term)
    scan_reviews(as_of=TODAY)
    assert (trigger(article) is not None) == matches


def test_synonyms_match_too():
    article = sheet("Ask about Revuforj at your next visit.")
    event("Revumenib", synonyms=["Revuforj"])
    scan_reviews(as_of=TODAY)
    assert trigger(article) is not None


def test_only_events_after_the_last_review_trigger():
    before = sheet("Take imatinib daily.", reviewed_on=date(2025, 1, 10))
    after = sheet("Take imatinib daily.", reviewed_on=date(2024, 1, 10))
    event("Imatinib", on=date(2024, 6, 1), kind="boxed_warning")
    event("Imatinib", on=TODAY + timedelta(days=5))  # not happened yet
    scan_reviews(as_of=TODAY)
    assert trigger(before) is None
    assert trigger(after).detail == "Imatinib: Boxed warning on 6/1/2024"


def test_the_flag_names_every_event_and_resolves_after_a_new_sign_off():
    article = sheet("Nilotinib and dasatinib are TKIs.")
    event("Nilotinib", on=date(2024, 3, 1))
    event("Dasatinib", on=date(2024, 5, 1), kind="safety_communication")
    scan_reviews(as_of=TODAY)
    assert trigger(article).detail == (
        "Nilotinib: FDA approval on 3/1/2024; Dasatinib: Safety communication on 5/1/2024"
    )
    sign(article, on=TODAY)
    scan_reviews(as_of=TODAY)
    assert trigger(article) is None
    assert ReviewFlag.objects.get(article=article, kind="trigger").resolved_on == TODAY


def test_the_imported_sample_is_overdue_and_triggered_by_revumenib():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    event("Revumenib", synonyms=["Revuforj"])
    call_command("scan_reviews", "--as-of", "2026-11-23", stdout=StringIO())
    out = StringIO()
    call_command("overdue_report", "--as-of", "2026-11-23", "--format", "json", stdout=out)
    assert '"flags": ["overdue", "trigger"]' in out.getvalue()


def test_a_substantive_edit_after_the_last_sign_off_is_changed_since_review():
    article = sheet("Old advice.", reviewed_on=date(2026, 6, 1))
    edit_article(
        article_id=article.pk,
        editor=editor_account(),
        changes={"body": [{"type": "paragraph", "text": "New advice."}]},
        kind=ChangeKind.SUBSTANTIVE,
        reason="Clinical update",
        base_revision_id=latest_revision(article).history_id,
        at=at_nine(date(2026, 9, 1)),
    )
    editorial = sheet("Fine.", reviewed_on=date(2026, 6, 1))
    scan_reviews(as_of=TODAY)
    assert ReviewFlag.objects.filter(
        article=article, kind="changed_since_review", resolved_on__isnull=True
    ).exists()
    assert not ReviewFlag.objects.filter(article=editorial, kind="changed_since_review").exists()


def _scan_queries():
    with CaptureQueriesContext(connection) as captured:
        scan_reviews(as_of=TODAY)
    return len(captured)


def test_a_scan_with_events_issues_the_same_queries_for_5_or_50_articles():
    for term in ("Revumenib", "Imatinib", "Nilotinib"):
        event(term)
    for n in range(5):
        sheet(f"Imatinib and revumenib, sheet {n}.")
    few = _scan_queries()
    ReviewFlag.objects.all().delete()
    for n in range(45):
        sheet(f"Nilotinib, sheet {n}." if n % 2 else f"Nothing relevant {n}.")
    assert _scan_queries() == few
    assert ReviewFlag.objects.filter(kind="trigger", resolved_on__isnull=True).count() == 27


def write_csv(tmp_path, text):
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_events_import_from_csv_and_reimport_changes_nothing(tmp_path):
    path = write_csv(
        tmp_path,
        "term,synonyms,event_date,kind,note,source_url\n"
        "Revumenib,Revuforj,2024-11-15,FDA approval,Approved,https://www.fda.gov/\n"
        "Ponatinib,Iclusig; ponatinib HCl,2025-02-01,boxed_warning,,\n",
    )
    out = StringIO()
    call_command("import_events", str(path), stdout=out)
    assert "2 created, 0 updated" in out.getvalue()
    assert ClinicalEvent.objects.get(term="Ponatinib").synonyms == ["Iclusig", "ponatinib HCl"]
    out = StringIO()
    call_command("import_events", str(path), stdout=out)
    assert "0 created, 2 updated" in out.getvalue()
    assert ClinicalEvent.objects.count() == 2


def test_a_bad_events_file_names_each_line_and_saves_nothing(tmp_path):
    path = write_csv(
        tmp_path,
        "term,synonyms,event_date,kind,note,source_url\n"
        "Good,,2024-01-01,other,,\n"
        ",,2024-01-01,other,,\n"
        "Bad date,,01/02/2024,other,,\n"
        "Bad kind,,2024-01-01,rumour,,\n",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="3 bad row"):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        f"{path}:3: no term",
        f"{path}:4: event_date '01/02/2024' is not a date as YYYY-MM-DD",
        f"{path}:5: kind 'rumour' is not one of fda_approval, boxed_warning, "
        "safety_communication, withdrawal, class_i_recall, class_ii_recall, label_change, "
        "guideline_change, other",
    ]
    assert not ClinicalEvent.objects.exists()


def test_articles_whose_reviewers_all_lapsed_are_flagged_and_listed_on_the_workload(client):
    from reviews.models import ArticleReviewer
    from tests.factories import UserFactory, reviewer_account

    lapsed = reviewer_account("Lena Brooks", credentials_expire_on=TODAY)
    gone = reviewer_account("Gone Away", active=False)
    current = reviewer_account("Maya Patel", credentials_expire_on=None)
    stranded = sheet("Text.", reviewed_on=date(2026, 1, 1))
    covered = sheet("Text.", reviewed_on=date(2026, 1, 1))
    unassigned = sheet("Text.", reviewed_on=date(2026, 1, 1))
    for position, reviewer in enumerate((lapsed, gone)):
        ArticleReviewer.objects.create(article=stranded, reviewer=reviewer, position=position)
    for position, reviewer in enumerate((lapsed, current)):
        ArticleReviewer.objects.create(article=covered, reviewer=reviewer, position=position)

    scan_reviews(as_of=TODAY)  # Lena's credentials are good through today
    assert not ReviewFlag.objects.filter(kind="reviewer_credentials_expired").exists()
    scan_reviews(as_of=TODAY + timedelta(days=1))
    flagged = set(
        ReviewFlag.objects.filter(
            kind="reviewer_credentials_expired", resolved_on__isnull=True
        ).values_list("article_id", flat=True)
    )
    assert flagged == {stranded.pk}
    assert unassigned.pk not in flagged

    client.force_login(UserFactory(username="ada", role="Content admins"))
    page = client.get("/reports/workload/").content.decode()
    assert "Articles whose reviewers can no longer sign (1)" in page
    assert stranded.title in page
