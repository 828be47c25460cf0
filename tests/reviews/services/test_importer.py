import shutil
from datetime import date
from pathlib import Path

import pytest

from cms.models import Article, ChangeKind, Topic
from cms.services.editing import create_article, edit_article, latest_revision
from reviews.choices import SignOffMeaning
from reviews.models import (
    ArticleReview,
    ArticleReviewer,
    AuditEvent,
    Reviewer,
    ReviewPolicy,
    SignOff,
)
from reviews.services.importer import (
    FAILED,
    IMPORTED,
    PENDING,
    UNCHANGED,
    UPDATED,
    ImportRefused,
    import_sheets,
)
from tests.factories import at_nine, editor_account, reviewer_account

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "samples" / "000_a4a6a23edc28d406.txt"
SAMPLE_HTML = (
    ROOT / "tests" / "fixtures" / "sheets" / "acute-lymphocytic-leukemia-targeted-therapy.html"
)
AS_OF = date(2026, 11, 23)
AT = at_nine(AS_OF)


def run(*paths, **options):
    return import_sheets(paths=[Path(p) for p in paths], as_of=AS_OF, at=AT, **options)


def snapshot():
    """Row counts of everything an import writes."""
    return (
        Article.objects.count(),
        Article.history.count(),
        Topic.objects.count(),
        Reviewer.objects.count(),
        ArticleReviewer.objects.count(),
        SignOff.objects.count(),
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_imports_as_a_published_article_with_its_review():
    summary = run(SAMPLE)
    assert summary.counts == {IMPORTED: 1}

    article = Article.objects.get()
    assert article.title == "Acute Lymphocytic Leukemia: Targeted Therapy"
    assert article.slug == "acute-lymphocytic-leukemia-targeted-therapy"
    assert article.status == Article.Status.PUBLISHED
    assert article.topic.name == "Acute Lymphocytic Leukemia"
    assert article.source == "The StayWell Company, LLC"
    assert article.review.policy.name == "Standard"
    assert article.live_revision.change_kind == ChangeKind.IMPORTED
    assert article.live_revision.history_change_reason == f"Imported from {SAMPLE}"
    assert (article.review.last_reviewed_on, article.review.next_review_due) == (
        date(2023, 10, 1),
        date(2025, 10, 1),
    )
    # The printed reviewers have no accounts here, so they cannot sign and are not assigned;
    # their imported signatures credit them.
    assert not article.reviewer_links.exists()
    signoffs = SignOff.objects.filter(article=article)
    assert signoffs.count() == 2
    assert {s.meaning for s in signoffs} == {SignOffMeaning.IMPORTED}
    assert {s.revision_id for s in signoffs} == {article.live_revision.pk}
    assert {s.signed_at.date() for s in signoffs} == {date(2023, 10, 1)}


def test_importing_the_same_sheet_again_changes_nothing():
    run(SAMPLE)
    before = snapshot()
    summary = run(SAMPLE)
    assert summary.counts == {UNCHANGED: 1}
    assert snapshot() == before


def test_the_html_form_of_a_sheet_is_the_same_article_as_its_text_form():
    run(SAMPLE)
    before = snapshot()
    assert run(SAMPLE_HTML).counts == {UNCHANGED: 1}
    assert snapshot() == before


def test_a_changed_version_records_a_new_revision_with_the_file_as_reason(tmp_path):
    run(SAMPLE)
    changed = write(
        tmp_path,
        "sheet-v2.txt",
        SAMPLE.read_text(encoding="utf-8").replace("Nilotinib", "Nilotinib (Tasigna)"),
    )
    summary = run(changed)
    assert summary.counts == {UPDATED: 1}

    article = Article.objects.get()
    latest = article.history.latest("history_id")
    assert article.history.count() == 2
    assert latest.history_change_reason == f"Imported from {changed}"
    assert article.live_revision == latest
    assert "Nilotinib (Tasigna)" in str(article.live_revision.body)
    # Same review date: no new sign-offs; the text changed without a new review.
    assert SignOff.objects.count() == 2
    assert Reviewer.objects.count() == 2


def test_a_newer_review_date_adds_sign_offs_and_moves_the_due_date(tmp_path):
    run(SAMPLE)
    rereviewed = write(
        tmp_path,
        "sheet.txt",
        SAMPLE.read_text(encoding="utf-8").replace("10/1/2023", "6/2/2026"),
    )
    assert run(rereviewed).counts == {UPDATED: 1}
    article = Article.objects.get()
    assert article.review.last_reviewed_on == date(2026, 6, 2)
    assert article.review.next_review_due == date(2028, 6, 2)
    assert SignOff.objects.count() == 4


def test_the_same_reviewer_across_sheets_is_one_reviewer(tmp_path):
    for number in (1, 2):
        write(
            tmp_path,
            f"sheet{number}.txt",
            f"Asthma: Part {number}\n\nBody {number}.\n\n"
            "Online Medical Reviewer: Jessica Gotwals RN BSN MPH\n"
            "Date Last Reviewed: 2024-01-15\n",
        )
    assert run(tmp_path).counts == {IMPORTED: 2}
    assert Reviewer.objects.filter(full_name="Jessica Gotwals").count() == 1
    assert SignOff.objects.count() == 2


def test_a_sheet_without_a_review_date_imports_with_no_sign_off(tmp_path):
    path = write(tmp_path, "new.txt", "Gout: Diet\n\nEat less red meat.\n")
    assert run(path).counts == {IMPORTED: 1}
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.review.last_reviewed_on is None and article.review.next_review_due is None
    assert not SignOff.objects.exists()


BAD_SHEETS = {
    "unparseable.txt": ("Bad: A\n\nBody.\nDate Last Reviewed: soon\n", 4, "unparseable"),
    "impossible.txt": ("Bad: B\n\nBody.\nDate Last Reviewed: 13/45/2023\n", 4, "impossible"),
    "future.txt": ("Bad: C\n\nBody.\nDate Last Reviewed: 1/1/2030\n", 4, "in the future"),
    "untitled.txt": ("\n\n", 1, "no title"),
    "empty.txt": ("Bad: E\n\nDate Last Reviewed: 1/1/2020\n", 1, "an empty body"),
}


@pytest.mark.parametrize("name", sorted(BAD_SHEETS))
def test_a_rejected_sheet_saves_nothing_and_the_others_still_import(tmp_path, name):
    text, line, reason = BAD_SHEETS[name]
    write(tmp_path, name, text)
    write(
        tmp_path,
        "good.txt",
        "Gout: Diet\n\nEat less red meat.\n\n"
        "Online Medical Reviewer: Omar Haddad PharmD\nDate Last Reviewed: 3/1/2025\n",
    )
    summary = run(tmp_path)
    assert summary.counts == {IMPORTED: 1, FAILED: 1}
    (failure,) = summary.failed
    assert failure.error_line.startswith(f"{tmp_path / name}:{line}: ")
    assert reason in failure.reason
    assert list(Article.objects.values_list("title", flat=True)) == ["Gout: Diet"]
    assert list(Reviewer.objects.values_list("full_name", flat=True)) == ["Omar Haddad"]
    assert list(Topic.objects.values_list("name", flat=True)) == ["Gout"]


def test_undecodable_bytes_fail_and_save_nothing(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\u00e9: Menu\n\nCaf\u00e9.\n".encode("latin-1"))
    summary = run(tmp_path)
    assert summary.failed[0].error_line.startswith(f"{tmp_path / 'latin1.txt'}:1: bytes that")
    assert snapshot() == (0, 0, 0, 0, 0, 0)


def test_a_failure_after_writing_began_rolls_the_whole_sheet_back(tmp_path):
    run(SAMPLE)
    before = snapshot()
    # Same slug, another title: refused only after the topic and reviewers were looked up.
    path = write(
        tmp_path,
        "clash.txt",
        "Acute lymphocytic leukemia - targeted therapy\n\nBody.\n\n"
        "Online Medical Reviewer: New Person MD\nDate Last Reviewed: 1/1/2024\n",
    )
    summary = run(path)
    assert "already belongs to 'Acute Lymphocytic Leukemia: Targeted Therapy'" in (
        summary.failed[0].reason
    )
    assert snapshot() == before


def test_a_dry_run_reports_but_saves_nothing():
    summary = run(SAMPLE, dry_run=True)
    assert summary.counts == {IMPORTED: 1}
    assert snapshot() == (0, 0, 0, 0, 0, 0)


def test_folders_are_searched_recursively_for_sheets(tmp_path):
    write(tmp_path, "a/one.txt", "One: A\n\nBody.\n")
    write(tmp_path, "a/b/two.html", "<h1>Two: B</h1><p>Body.</p>")
    write(tmp_path, "a/b/c/three.HTM", "<h1>Three: C</h1><p>Body.</p>")
    write(tmp_path, "a/notes.md", "# Not a sheet")
    assert run(tmp_path).counts == {IMPORTED: 3}


def test_missing_paths_and_other_files_are_reported(tmp_path):
    other = write(tmp_path, "notes.md", "x")
    summary = run(tmp_path / "nope", other)
    assert [o.reason for o in summary.failed] == [
        "no such file or folder",
        "not a .txt, .html or .htm sheet",
    ]


def test_the_policy_and_topic_can_be_chosen():
    run(SAMPLE, policy_name="medication & FAST-moving", topic_name="Leukemia")
    article = Article.objects.get()
    assert article.review.policy.name == "Medication & fast-moving"
    assert article.topic.name == "Leukemia"
    assert article.review.next_review_due == date(2024, 10, 1)


def test_an_unknown_policy_refuses_the_whole_import():
    with pytest.raises(ImportRefused, match="no review policy named 'Weekly'"):
        run(SAMPLE, policy_name="Weekly")
    assert snapshot() == (0, 0, 0, 0, 0, 0)


def test_a_reimport_keeps_a_policy_chosen_since():
    run(SAMPLE)
    ArticleReview.objects.update(policy=ReviewPolicy.objects.get(name="Evergreen"))
    run(SAMPLE)
    assert Article.objects.get().review.policy.name == "Evergreen"


def test_a_sheet_copied_to_another_folder_is_still_one_article(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "copy.txt")
    assert run(SAMPLE, tmp_path).counts == {IMPORTED: 1, UNCHANGED: 1}


# Import never overwrites in-app work -------------------------------------------------------


def _pending_clinical_edit(article):
    return edit_article(
        article_id=article.pk,
        editor=editor_account(),
        changes={"body": [*article.body, {"type": "paragraph", "text": "Revumenib, 2024."}]},
        kind=ChangeKind.SUBSTANTIVE,
        reason="New approval",
        base_revision_id=latest_revision(article).history_id,
        at=AT,
    )


def test_an_unchanged_sheet_leaves_a_pending_edit_alone():
    run(SAMPLE)
    article = Article.objects.get()
    live = article.live_revision
    pending = _pending_clinical_edit(article)
    before = snapshot()

    assert run(SAMPLE).counts == {UNCHANGED: 1}

    article.refresh_from_db()
    assert snapshot() == before
    assert article.live_revision == live
    assert article.status == Article.Status.AWAITING_REVIEW
    assert article.history.latest("history_id") == pending


def test_a_changed_sheet_over_in_app_work_is_a_conflict_that_saves_nothing(tmp_path):
    run(SAMPLE)
    article = Article.objects.get()
    pending = _pending_clinical_edit(article)
    changed = write(
        tmp_path, "v2.txt", SAMPLE.read_text(encoding="utf-8").replace("Nilotinib", "Tasigna")
    )
    before = snapshot()

    summary = run(changed)

    assert summary.counts == {FAILED: 1}
    (failure,) = summary.failed
    assert failure.error_line.startswith(f"{changed}: the article was changed in Recheck")
    assert f"revision {pending.history_id}" in failure.reason and "--force" in failure.reason
    assert snapshot() == before


def test_force_saves_the_changed_sheet_as_a_pending_revision_never_live(tmp_path):
    run(SAMPLE)
    article = Article.objects.get()
    live = article.live_revision
    _pending_clinical_edit(article)
    changed = write(
        tmp_path, "v2.txt", SAMPLE.read_text(encoding="utf-8").replace("Nilotinib", "Tasigna")
    )

    assert run(changed, force=True).counts == {PENDING: 1}

    article.refresh_from_db()
    latest = article.history.latest("history_id")
    assert article.live_revision == live
    assert article.status == Article.Status.AWAITING_REVIEW
    assert "Tasigna" in str(latest.body) and "Tasigna" not in article.live_text
    assert not SignOff.objects.filter(revision=latest).exists()
    assert AuditEvent.objects.filter(action="import_conflict", revision=latest).exists()


def test_an_article_made_in_recheck_is_not_overwritten_by_a_sheet_of_the_same_title():
    create_article(
        editor=editor_account(),
        title="Acute Lymphocytic Leukemia: Targeted Therapy",
        slug="acute-lymphocytic-leukemia-targeted-therapy",
        summary="",
        body=[{"type": "paragraph", "text": "Written here."}],
        topic=None,
        reason="New",
        at=AT,
    )
    summary = run(SAMPLE)
    assert summary.counts == {FAILED: 1}
    assert "changed in Recheck since its last import" in summary.failed[0].reason


def test_printed_reviewers_who_can_sign_are_assigned_in_the_sheets_order():
    susan = reviewer_account("Susan K. Dempsey-Walls", "RN")
    jess = reviewer_account("Jessica Gotwals", "RN BSN MPH")
    run(SAMPLE)
    article = Article.objects.get()
    assert [(link.role, link.reviewer) for link in article.reviewer_links.all()] == [
        ("Online Medical Reviewer", jess),
        ("Online Medical Reviewer", susan),
    ]


def test_reviewer_changes_and_imported_signatures_are_audited_naming_the_file(tmp_path):
    jess = reviewer_account("Jessica Gotwals", "RN BSN MPH")
    reviewer_account("Susan K. Dempsey-Walls", "RN")
    run(SAMPLE)
    assigned = AuditEvent.objects.filter(action="reviewer_assigned")
    signed = AuditEvent.objects.filter(action="signature_imported")
    assert assigned.count() == 2 and signed.count() == 2
    assert all(str(SAMPLE) in event.detail for event in [*assigned, *signed])
    assert all(event.actor is None for event in [*assigned, *signed])

    rereviewed = write(
        tmp_path,
        "sheet.txt",
        SAMPLE.read_text(encoding="utf-8")
        .replace("10/1/2023", "6/2/2026")
        .replace("Susan K. Dempsey-Walls RN", "Maya Patel MD"),
    )
    assert run(rereviewed).counts == {UPDATED: 1}
    removed = AuditEvent.objects.get(action="reviewer_unassigned")
    assert "Susan K. Dempsey-Walls" in removed.detail and str(rereviewed) in removed.detail
    assert AuditEvent.objects.filter(action="signature_imported").count() == 4
    added = AuditEvent.objects.get(action="reviewer_added", subject__startswith="reviewer")
    assert "Maya Patel" in added.detail and str(rereviewed) in added.detail
    # Maya Patel MD has no account: credited by her imported signature, not assigned.
    assert [link.reviewer for link in Article.objects.get().reviewer_links.all()] == [jess]
