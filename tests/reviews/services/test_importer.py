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
    assert article.live_revision.history_change_reason == f"Imported from {SAMPLE.name}"
    # Reasons and audit details name the file, never the server's directories.
    details = [e.detail for e in AuditEvent.objects.filter(article=article)]
    assert all(
        str(SAMPLE.parent) not in text
        for text in [*details, article.live_revision.history_change_reason]
    )
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
    assert latest.history_change_reason == f"Imported from {changed.name}"
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
    run(SAMPLE)
    assert run(tmp_path).counts == {UNCHANGED: 1}
    assert Article.objects.count() == 1


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
    assert all(SAMPLE.name in event.detail for event in [*assigned, *signed])
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
    assert "Susan K. Dempsey-Walls" in removed.detail and rereviewed.name in removed.detail
    assert AuditEvent.objects.filter(action="signature_imported").count() == 4
    added = AuditEvent.objects.get(action="reviewer_added", subject__startswith="reviewer")
    assert "Maya Patel" in added.detail and rereviewed.name in added.detail
    # Maya Patel MD has no account: credited by her imported signature, not assigned.
    assert [link.reviewer for link in Article.objects.get().reviewer_links.all()] == [jess]


# Edges: sizes, nesting, names, topics, duplicates and links ----------------------------------

GOUT = "Gout: Diet\n\nEat less red meat.\n\nOnline Medical Reviewer: Omar Haddad PharmD\n"


def test_a_sheet_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as file:  # 50 MB, sparse: the disk holds almost nothing
        file.write(GOUT.encode())
        file.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    summary = run(big)
    assert [o.error_line for o in summary.failed] == [
        f"{big}: the file is 52,428,800 bytes; the limit is 2,097,152"
    ]
    settings.IMPORT_MAX_BYTES = 40
    small = write(tmp_path, "small.txt", GOUT)
    assert "the limit is 40" in run(small).failed[0].reason
    assert snapshot() == (0, 0, 0, 0, 0, 0)


def test_html_nested_too_deep_is_refused_without_a_recursion_error(tmp_path, settings):
    deep = write(tmp_path, "deep.html", "<h1>Gout</h1>" + "<div>" * 5000 + "x" + "</div>" * 5000)
    (failure,) = run(deep).failed
    assert failure.error_line == f"{deep}:1: HTML nested more than 100 elements deep"
    settings.IMPORT_MAX_HTML_DEPTH = 3
    nested = write(
        tmp_path, "nested.html", "<h1>Gout</h1><div><div><div><p>x</p></div></div></div>"
    )
    assert run(nested).failed[0].reason == "HTML nested more than 3 elements deep"
    assert snapshot() == (0, 0, 0, 0, 0, 0)


def test_a_topic_differing_only_in_case_is_the_same_topic(tmp_path):
    write(tmp_path, "1.txt", "Asthma: Triggers\n\nBody.\n")
    write(tmp_path, "2.txt", "ASTHMA: Inhalers\n\nBody.\n")
    summary = run(tmp_path)
    assert summary.counts == {IMPORTED: 2}, [o.error_line for o in summary.failed]
    assert list(Topic.objects.values_list("name", flat=True)) == ["Asthma"]
    assert {a.topic.name for a in Article.objects.all()} == {"Asthma"}


def test_a_second_sheet_of_the_same_title_in_one_run_fails_naming_the_first(tmp_path):
    first = write(tmp_path, "a.txt", GOUT)
    second = write(tmp_path, "b.html", "<h1>Gout: Diet</h1><p>Eat no red meat at all.</p>")
    summary = run(tmp_path)
    assert summary.counts == {IMPORTED: 1, FAILED: 1}
    assert [o.error_line for o in summary.failed] == [
        f"{second}: the same title as {first}, imported earlier in this run"
    ]
    assert Article.objects.get().body[0]["text"] == "Eat less red meat."


def test_a_link_leading_outside_the_given_paths_is_skipped(tmp_path, capsys):
    from django.core.management import call_command

    given, outside = tmp_path / "given", tmp_path / "outside"
    write(outside, "secret.txt", "Secret: Notes\n\nNot for import.\n")
    write(outside, "more/other.txt", "Other: Notes\n\nNot for import.\n")
    write(given, "gout.txt", GOUT)
    (given / "link.txt").symlink_to(outside / "secret.txt")
    (given / "folder").symlink_to(outside / "more")
    (given / "inside.txt").symlink_to(given / "gout.txt")  # inside: read (the same article)
    summary = run(given)
    assert [(o.path.name, o.status) for o in summary.outcomes if o.status != UNCHANGED] == [
        ("folder", "skipped"), ("link.txt", "skipped"), ("gout.txt", IMPORTED)
    ]  # fmt: skip
    assert list(Article.objects.values_list("title", flat=True)) == ["Gout: Diet"]
    call_command("import_sheets", str(given), "--as-of", AS_OF.isoformat())
    err = capsys.readouterr().err
    assert f"{given / 'link.txt'}: a symbolic link leading outside the given paths: skipped" in err


def test_titles_and_reviewer_names_with_hidden_characters_fail_naming_the_file(tmp_path):
    bidi = write(tmp_path, "bidi.txt", "Gout\u202e: Diet\n\nBody.\n")
    name = write(tmp_path, "name.txt", GOUT.replace("Omar", "Om\u200bar"))
    summary = run(tmp_path)
    assert [o.error_line for o in summary.failed] == [
        f"{bidi}:1: the title contains a bidirectional control character (U+202E); remove it.",
        f"{name}:5: the reviewer line contains a zero-width character (U+200B); remove it.",
    ]
    assert snapshot() == (0, 0, 0, 0, 0, 0)


# The same text rule on the routes beside the sheet importer -----------------------------------


def test_clinical_events_refuse_hidden_characters_in_terms_on_import_and_in_the_admin(tmp_path):
    from django.core.exceptions import ValidationError

    from reviews.models import ClinicalEvent
    from reviews.services.events import import_events

    path = write(
        tmp_path,
        "events.csv",
        "term,synonyms,event_date,kind\n"
        "Ponatinib\u202e,,2025-01-02,fda_approval\n"
        "Nilotinib,Tasigna\x1f;Other,2025-01-02,fda_approval\n"
        "Dasatini\u0301b,,2025-01-02,fda_approval\n",
    )
    result = import_events(path)
    assert result.errors == [
        f"{path}:2: term contains a bidirectional control character (U+202E); remove it.",
        f"{path}:3: a synonym contains a control character or line break (U+001F); remove it.",
    ]
    assert not ClinicalEvent.objects.exists()
    event = ClinicalEvent(term="Imatini\u200bb", event_date=AS_OF, kind="fda_approval")
    with pytest.raises(ValidationError) as refused:
        event.full_clean()  # what the admin's form runs
    assert "U+200B" in refused.value.message_dict["term"][0]


def test_reviewer_profiles_refuse_hidden_characters_and_store_names_nfc():
    from django.core.exceptions import ValidationError

    from reviews.forms import DismissFlagForm, ReassignForm
    from reviews.services.reviewers import get_or_create_reviewer, save_reviewer

    odd = Reviewer(full_name="Ann\x1fLee", credentials="M\u202eD")
    with pytest.raises(ValidationError) as refused:
        save_reviewer(reviewer=odd, actor=None, at=AT)
    assert set(refused.value.message_dict) == {"full_name", "credentials"}
    with pytest.raises(ValidationError):
        get_or_create_reviewer(full_name="Ann\x1eLee", credentials="MD", source="x", at=AT)
    assert not Reviewer.objects.exists()
    made, _ = get_or_create_reviewer(full_name="Jose\u0301 Li", credentials="MD", source="x", at=AT)
    assert made.full_name == "Jos\u00e9 Li"
    again, created = get_or_create_reviewer(
        full_name="Jos\u00e9 Li", credentials="MD", source="x", at=AT
    )
    assert (again, created) == (made, False)
    reassign = ReassignForm(data={"reason": "Le\u2066ave"}, eligible=Reviewer.objects.all())
    assert not reassign.is_valid() and "U+2066" in reassign.errors["reason"][0]
    dismiss = DismissFlagForm(data={"reason": "No\u200bthing"})
    assert not dismiss.is_valid() and "U+200B" in dismiss.errors["reason"][0]


# HTML fidelity: marks, links, lists, tables and images -----------------------------------------

RICH_HTML = ROOT / "tests" / "fixtures" / "sheets" / "gout-diet-rich.html"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def test_an_html_sheet_keeps_its_link_bold_numbered_list_and_table_and_reimports_unchanged():
    assert run(RICH_HTML).counts == {IMPORTED: 1}
    body = Article.objects.get().body
    spans = body[0]["spans"]
    assert {"text": "Drink plenty of water", "bold": True} in spans
    assert {"text": "diet guide", "link": "https://www.example.org/gout/diet%20guide"} in spans
    assert [block.get("ordered") for block in body if block["type"] == "list"] == [True]
    assert [block["header"] for block in body if block["type"] == "table"] == [["Food", "Purines"]]
    before = snapshot()
    assert run(RICH_HTML).counts == {UNCHANGED: 1}
    assert snapshot() == before


def test_html_images_are_stored_and_what_was_left_out_is_a_warning_naming_the_file(
    tmp_path, settings
):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    sheets = tmp_path / "sheets"
    (sheets / "img").mkdir(parents=True)
    (sheets / "img" / "plate.png").write_bytes(PNG)
    path = write(
        sheets,
        "gout.html",
        "<h1>Gout: Diet</h1><p>See <a href='more.html'>more</a>.</p>\n"
        "<img src='img/plate.png' alt='A plate'><img src='https://example.org/x.png' alt='X'>",
    )
    dry = run(sheets, dry_run=True)
    assert (dry.counts, len(dry.warnings)) == ({IMPORTED: 1}, 2)
    assert not (tmp_path / "media").exists()  # a dry run stores no image

    summary = run(sheets)
    assert summary.warnings == [
        f"{path}:1: a relative link 'more.html' kept as plain text (the sheet has no <base href>)",
        f"{path}:2: the image 'https://example.org/x.png' skipped: only image files next to the "
        "sheet are imported",
    ]
    block = Article.objects.get().body[-1]
    assert (block["type"], block["alt"]) == ("image", "A plate")
    with default_storage.open(block["src"], "rb") as stored:
        assert stored.read() == PNG
    assert run(sheets).counts == {UNCHANGED: 1}
