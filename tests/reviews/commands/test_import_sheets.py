from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cms.models import Article

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "000_a4a6a23edc28d406.txt"


def call(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_sheets", *map(str, args), stdout=out, stderr=err)
        error = None
    except CommandError as raised:
        error = raised
    return out.getvalue(), err.getvalue(), error


def test_the_summary_counts_each_outcome():
    out, err, error = call(SAMPLE, "--as-of", "2026-11-23")
    assert error is None and err == ""
    assert out.strip() == "Imported 1, updated 0, unchanged 0, failed 0."
    out, _, _ = call(SAMPLE, "--as-of", "2026-11-23")
    assert out.strip() == "Imported 0, updated 0, unchanged 1, failed 0."


def test_a_failed_sheet_prints_file_line_reason_and_exits_non_zero(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Bad: Date\n\nBody.\nDate Last Reviewed: 13/45/2023\n")
    out, err, error = call(bad, SAMPLE, "--as-of", "2026-11-23")
    assert f"{bad}:4: impossible review date '13/45/2023'" in err.splitlines()
    assert "Imported 1, updated 0, unchanged 0, failed 1." in out
    assert error is not None and "1 sheet(s) failed" in str(error)
    assert Article.objects.count() == 1


def test_dry_run_says_so_and_saves_nothing():
    out, _, error = call(SAMPLE, "--dry-run", "--as-of", "2026-11-23")
    assert error is None
    assert "Imported 1" in out and "Dry run: nothing was saved." in out
    assert not Article.objects.exists()


def test_a_bad_as_of_or_policy_is_a_clear_error():
    _, _, error = call(SAMPLE, "--as-of", "23/11/2026")
    assert "--as-of: '23/11/2026' is not a date as YYYY-MM-DD" in str(error)
    _, _, error = call(SAMPLE, "--policy", "Weekly")
    assert "no review policy named 'Weekly'" in str(error)


def test_a_large_batch_shows_a_progress_bar(tmp_path):
    for number in range(35):
        (tmp_path / f"s{number:02}.txt").write_text(f"Sheet: {number}\n\nBody {number}.\n")
    out, err, error = call(tmp_path, "--as-of", "2026-11-23")
    assert error is None
    assert "Imported 35," in out
    assert "35/35 sheets" in err and "[" + "#" * 30 + "]" in err


def test_a_small_batch_shows_no_progress_bar(tmp_path):
    (tmp_path / "one.txt").write_text("Sheet: One\n\nBody.\n")
    _, err, _ = call(tmp_path, "--as-of", "2026-11-23")
    assert err == ""


def test_what_a_sheet_was_imported_without_is_printed_as_a_warning(tmp_path):
    sheet = tmp_path / "gout.html"
    sheet.write_text(
        "<html><body><h1>Gout: Diet</h1><p>See <a href='more.html'>more</a>.</p></body></html>"
    )
    out, err, error = call(sheet, "--as-of", "2026-11-23")
    assert error is None
    assert f"{sheet}:1: a relative link 'more.html' kept as plain text" in err
    assert "(warning: imported without it)" in err
    assert "1 warning(s): see the lines above." in out


SPANISH_SAMPLE = (
    Path(__file__).resolve().parents[3]
    / "reviews/demo/sheets/es/leucemia-linfocitica-aguda-terapia-dirigida.txt"
)


SAMPLE_SLUG = "acute-lymphocytic-leukemia-targeted-therapy"


def test_a_bad_language_is_a_clear_error_naming_it():
    _, _, error = call(SAMPLE, "--language", "english!", "--as-of", "2026-11-23")
    assert "--language 'english!': “english!” is not a language tag" in str(error)
    assert not Article.objects.exists()


def test_translation_of_imports_a_translation_and_refuses_a_missing_source():
    out, err, error = call(
        SPANISH_SAMPLE, "--translation-of", "nothing-here", "--as-of", "2026-11-23"
    )
    assert f"{SPANISH_SAMPLE}: no article with the slug 'nothing-here'" in err
    assert error is not None and not Article.objects.exists()

    call(SAMPLE, "--as-of", "2026-11-23")
    args = (SPANISH_SAMPLE, "--translation-of", SAMPLE_SLUG, "--as-of", "2026-11-23")
    out, err, error = call(*args)
    assert (out.strip(), err, error) == ("Imported 1, updated 0, unchanged 0, failed 0.", "", None)
    spanish = Article.objects.get(translation_of__slug=SAMPLE_SLUG)
    assert spanish.language == "es"
    out, _, _ = call(*args)
    assert out.strip() == "Imported 0, updated 0, unchanged 1, failed 0."
