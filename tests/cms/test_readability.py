"""Reading grades (cms/readability.py): textstat's own numbers, on the words as lines."""

from datetime import date
from importlib import import_module

import pytest
import textstat
from django.apps import apps

from cms.models import Article
from cms.readability import Readability, above_target, readable_text, reading_grade, revision_grade
from reviews.sheets.reading import read_sheet
from tests.factories import ArticleFactory
from tests.samples import SAMPLE

BODY = [
    {"type": "heading", "text": "What to know"},
    {"type": "paragraph", "text": "Take your medicine as directed. Call us if it hurts!"},
    {"type": "list", "items": ["Rest", "Drink fluids."]},
    {"type": "table", "header": ["Dose", "When"], "rows": [["2 puffs", "Morning"]]},
]


def sample_sheet():
    return read_sheet(SAMPLE, as_of=date(2026, 11, 23))


def test_each_line_reads_as_one_sentence():
    """Headings, items and table rows carry no full stop; textstat would read on into the next
    line, so each line without one gets it."""
    assert readable_text(title="Asthma: Inhalers", body=BODY) == (
        "Asthma: Inhalers.\nWhat to know.\n"
        "Take your medicine as directed. Call us if it hurts!\n"
        "Rest.\nDrink fluids.\nDose | When.\n2 puffs | Morning."
    )


def test_the_sample_sheet_reads_at_grade_6_4_as_textstat_says():
    sheet = sample_sheet()
    grade = reading_grade(title=sheet.title, body=sheet.body)
    text = readable_text(title=sheet.title, body=sheet.body)
    assert grade == Readability(
        round(textstat.flesch_kincaid_grade(text), 1), round(textstat.smog_index(text), 1)
    )
    # The numbers themselves, so that a change of library or of the text is noticed.
    assert grade.fk_grade == pytest.approx(6.4, abs=0.05)
    assert grade.smog_grade == pytest.approx(9.9, abs=0.05)


def test_no_words_no_grade_and_too_few_sentences_no_smog():
    assert reading_grade(title="", body=[]) == Readability(None, None)
    short = reading_grade(title="Gout", body=[{"type": "paragraph", "text": "Eat less meat."}])
    assert short.fk_grade is not None and short.smog_grade is None


def test_harder_words_read_at_a_higher_grade():
    def grade(text):
        return reading_grade(title="Sheet", body=[{"type": "paragraph", "text": text}]).fk_grade

    plain = grade("Take your pills. Rest a lot. Drink water.")
    hard = grade("Chemotherapy medications occasionally cause considerable gastrointestinal pain.")
    assert plain < 8 < hard


def test_above_target_needs_a_grade_and_a_target():
    assert above_target(8.1, 8) and not above_target(8.0, 8)
    assert not above_target(None, 8) and not above_target(12.0, None)


@pytest.mark.django_db
def test_a_revision_saved_before_grades_is_graded_when_read():
    article = ArticleFactory()
    revision = article.history.get()
    stored = revision_grade(revision)
    assert stored == (revision.reading_grade, revision.smog_grade) and stored.fk_grade is not None
    article.history.update(reading_grade=None, smog_grade=None)  # as rows saved before grades
    old = article.history.get()
    assert old.reading_grade is None and revision_grade(old) == stored


@pytest.mark.django_db
def test_the_migration_grades_every_article():
    graded = ArticleFactory(title="Gout: Diet")
    Article.objects.update(reading_grade=None, smog_grade=None)
    migration = import_module("cms.migrations.0005_reading_grade")
    migration.grade_articles(apps, None)
    graded.refresh_from_db()
    assert graded.reading_grade == reading_grade(title=graded.title, body=graded.body).fk_grade
