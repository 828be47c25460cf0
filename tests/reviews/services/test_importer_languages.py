"""Importing language versions: the language from the footer labels or ``language``, and
``translation_of``: the link, its pin, its refusals, re-imports, and the reviewers' languages."""

from datetime import date
from pathlib import Path

import pytest

from cms.models import Article, ChangeKind, HistoricalArticle
from cms.services.editing import edit_article, latest_revision
from cms.services.revisions import publish_revision
from cms.translations import is_outdated
from reviews.models import ArticleReviewer, AuditEvent, Reviewer, SignOff
from reviews.services.importer import (
    FAILED,
    IMPORTED,
    UNCHANGED,
    UPDATED,
    ImportRefused,
    import_sheets,
)
from tests.factories import at_nine, editor_account, reviewer_account, translation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "samples" / "000_a4a6a23edc28d406.txt"
SPANISH_SAMPLE = (
    ROOT / "reviews" / "demo" / "sheets" / "es" / "leucemia-linfocitica-aguda-terapia-dirigida.txt"
)
SOURCE = "acute-lymphocytic-leukemia-targeted-therapy"
AS_OF = date(2026, 11, 23)
AT = at_nine(AS_OF)
SPANISH = """Asma: desencadenantes

Evite el humo del tabaco y el polvo.

Revisor médico en línea: {reviewer}
Fecha de la última revisión: 1/10/2023
© 2026 Ejemplo Salud. Todos los derechos reservados.
"""


def run(*paths, **options):
    return import_sheets(paths=[Path(p) for p in paths], as_of=AS_OF, at=AT, **options)


def spanish(tmp_path, name="asma.txt", reviewer="Ana López MD", text=SPANISH) -> Path:
    path = tmp_path / name
    path.write_text(text.format(reviewer=reviewer), encoding="utf-8")
    return path


def snapshot():
    return (
        Article.objects.count(),
        HistoricalArticle.objects.count(),
        Reviewer.objects.count(),
        ArticleReviewer.objects.count(),
        SignOff.objects.count(),
    )


def test_a_spanish_sheet_is_imported_in_spanish_with_its_date_day_first(tmp_path):
    assert run(spanish(tmp_path)).counts == {IMPORTED: 1}
    article = Article.objects.get()
    assert (article.language, article.translation_of) == ("es", None)
    assert article.review.last_reviewed_on == date(2023, 10, 1)
    assert Article.objects.get().live_revision.language == "es"


def test_language_overrides_the_labels_and_is_written_in_standard_form(tmp_path):
    run(spanish(tmp_path), language="ES_mx")
    assert Article.objects.get().language == "es-MX"


def test_a_bad_language_is_refused_naming_it_before_anything_is_read(tmp_path):
    with pytest.raises(ImportRefused, match="--language 'xx!': “xx!” is not a language tag"):
        run(spanish(tmp_path), language="xx!")
    assert not Article.objects.exists()


def test_a_translation_is_pinned_to_its_sources_live_revision():
    run(SAMPLE)
    summary = run(SPANISH_SAMPLE, translation_of=SOURCE)
    assert summary.counts == {IMPORTED: 1}
    source = Article.objects.get(slug=SOURCE)
    spanish_version = Article.objects.get(slug="leucemia-linfocitica-aguda-terapia-dirigida")
    assert spanish_version.language == "es"
    assert spanish_version.translation_of == source
    assert spanish_version.source_revision == source.live_revision
    assert spanish_version.topic == source.topic  # not a topic named in Spanish
    spanish_version.full_clean()
    assert not is_outdated(spanish_version)


def test_a_translation_follows_its_sources_policy_unless_the_import_names_one():
    run(SAMPLE, policy_name="Evergreen")
    run(SPANISH_SAMPLE, translation_of=SOURCE)
    spanish_version = Article.objects.get(slug="leucemia-linfocitica-aguda-terapia-dirigida")
    assert spanish_version.review.policy.name == "Evergreen"


def test_a_policy_named_on_the_import_applies_to_a_new_translation():
    run(SAMPLE, policy_name="Evergreen")
    run(SPANISH_SAMPLE, translation_of=SOURCE, policy_name="Standard")
    spanish_version = Article.objects.get(slug="leucemia-linfocitica-aguda-terapia-dirigida")
    assert spanish_version.review.policy.name == "Standard"


def test_re_running_the_same_translation_import_changes_nothing():
    run(SAMPLE)
    run(SPANISH_SAMPLE, translation_of=SOURCE)
    before = snapshot()
    assert run(SPANISH_SAMPLE, translation_of=SOURCE).counts == {UNCHANGED: 1}
    assert run(SPANISH_SAMPLE).counts == {UNCHANGED: 1}  # the link is kept without the option
    assert snapshot() == before


def _source_goes_live_with_a_clinical_change(source):
    revision = edit_article(
        article_id=source.pk,
        editor=editor_account(),
        changes={"body": [*source.body, {"type": "paragraph", "text": "New dosing."}]},
        kind=ChangeKind.SUBSTANTIVE,
        reason="New dosing",
        base_revision_id=latest_revision(source).history_id,
        at=AT,
    )
    publish_revision(article=source, revision=revision, at=AT)


def test_a_re_import_keeps_the_pin_even_after_the_source_changed(tmp_path):
    run(SAMPLE)
    run(SPANISH_SAMPLE, translation_of=SOURCE)
    spanish_version = Article.objects.get(translation_of__slug=SOURCE)
    pin = spanish_version.source_revision_id
    _source_goes_live_with_a_clinical_change(Article.objects.get(slug=SOURCE))

    assert run(SPANISH_SAMPLE, translation_of=SOURCE).counts == {UNCHANGED: 1}
    changed = tmp_path / SPANISH_SAMPLE.name
    changed.write_text(
        SPANISH_SAMPLE.read_text().replace("Cansancio.", "Cansancio o debilidad."), "utf-8"
    )
    assert run(changed, translation_of=SOURCE).counts == {UPDATED: 1}

    spanish_version.refresh_from_db()
    assert spanish_version.source_revision_id == pin  # the file cannot say what it is from
    assert "Cansancio o debilidad." in str(spanish_version.live_revision.body)
    assert is_outdated(spanish_version)


def _fails(summary, path, reason):
    assert summary.counts == {FAILED: 1}, summary.outcomes
    (outcome,) = summary.failed
    assert outcome.error_line.startswith(f"{path}: ")
    assert reason in outcome.reason, outcome.reason


def test_a_translation_of_a_missing_slug_fails_naming_the_file(tmp_path):
    sheet = spanish(tmp_path)
    before = snapshot()
    _fails(
        run(sheet, translation_of="no-such-sheet"),
        sheet,
        "no article with the slug 'no-such-sheet' to be a translation of",
    )
    assert snapshot() == before


def test_a_translation_of_a_translation_fails(tmp_path):
    run(SAMPLE)
    french = translation(Article.objects.get(slug=SOURCE), language="fr")
    sheet = spanish(tmp_path)
    before = snapshot()
    _fails(run(sheet, translation_of=french.slug), sheet, "is itself a translation")
    assert snapshot() == before


def test_a_sheet_in_the_sources_own_language_fails(tmp_path):
    run(SAMPLE)
    english = tmp_path / "gout.txt"
    english.write_text("Gout: Diet\n\nEat less red meat.\nDate Last Reviewed: 1/10/2023\n")
    before = snapshot()
    _fails(run(english, translation_of=SOURCE), english, "The source is in en too")
    _fails(run(spanish(tmp_path), language="en", translation_of=SOURCE), tmp_path / "asma.txt", "")
    assert snapshot() == before


def test_a_second_version_in_one_language_or_an_original_at_the_slug_fails(tmp_path):
    run(SAMPLE)
    run(SPANISH_SAMPLE, translation_of=SOURCE)
    other = spanish(tmp_path)
    _fails(run(other, translation_of=SOURCE), other, f"{SOURCE!r} already has a version in es")
    original = spanish(tmp_path, "original.txt")
    run(original)  # "asma-desencadenantes", an original in Spanish
    before = snapshot()
    _fails(
        run(original, translation_of=SOURCE),
        original,
        "its slug 'asma-desencadenantes' belongs to an article that is not a translation of "
        f"{SOURCE!r}",
    )
    assert snapshot() == before


def test_a_sheet_in_another_language_than_its_article_fails(tmp_path):
    run(spanish(tmp_path))
    sheet = spanish(tmp_path)
    _fails(run(sheet, language="fr"), sheet, "the article 'asma-desencadenantes' is in es")


def test_a_new_reviewer_from_a_spanish_sheet_reviews_in_spanish(tmp_path):
    run(spanish(tmp_path, reviewer="Ana López MD"))
    ana = Reviewer.objects.get(full_name="Ana López")
    assert ana.languages == "es"
    added = AuditEvent.objects.get(action="reviewer_added", subject=f"reviewer {ana.pk}")
    assert "languages: — → es" in added.detail and "from asma.txt" in added.detail


def test_an_existing_reviewer_keeps_their_languages_and_is_assigned_only_if_they_read_it(
    tmp_path,
):
    english_only = reviewer_account("Maya Patel", "MD")
    run(spanish(tmp_path, reviewer="Maya Patel MD"))
    article = Article.objects.get()
    english_only.refresh_from_db()
    assert english_only.languages == "en"  # a printed name never widens who may sign
    assert not article.reviewer_links.exists()
    assert SignOff.objects.filter(article=article, reviewer=english_only).exists()

    both = reviewer_account("Omar Haddad", "PharmD", languages="en es")
    run(spanish(tmp_path, "asma.txt", reviewer="Omar Haddad PharmD"))
    assert [link.reviewer for link in article.reviewer_links.all()] == [both]
