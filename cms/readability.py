"""Reading grades: the school grade a revision's words read at (plain language, issue 17).

Two formulas, both from ``textstat``:

- Flesch–Kincaid grade: "the reading grade" that targets, warnings, filters and sorting use;
  the formula most tools and style guides quote.
- SMOG: the formula health-literacy guidance recommends for patient materials. It is normed on
  full comprehension (Flesch–Kincaid on 50–75%), so it reads a grade or two higher and shows
  the upper end. textstat gives it only from 3 sentences on; shorter texts get None.
"""

from typing import NamedTuple

import textstat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cms import hooks
from cms.body import words_as_text
from cms.models import ChangeKind

_SENTENCE_ENDS = (".", "!", "?")


class Readability(NamedTuple):
    fk_grade: float | None
    smog_grade: float | None


def readable_text(*, title: str, body) -> str:
    """The words as plain text (``words_as_text``), each line ended as a sentence. Headings,
    list items and table rows carry no full stop, yet a reader takes each as one unit;
    textstat counts sentences by their stops, and would read a list as one long sentence."""
    lines = (line.strip() for line in words_as_text(title=title, body=body).splitlines())
    return "\n".join(
        line if line.endswith(_SENTENCE_ENDS) else f"{line}." for line in lines if line
    )


def reading_grade(*, title: str, body) -> Readability:
    """The Flesch–Kincaid and SMOG grades of a title and body (canonical blocks), to one
    decimal; None where there are no words (or too few sentences for SMOG)."""
    text = readable_text(title=title, body=body)
    if not textstat.lexicon_count(text):
        return Readability(None, None)
    fk_grade = round(textstat.flesch_kincaid_grade(text), 1)
    smog = textstat.smog_index(text) if textstat.sentence_count(text) >= 3 else None
    return Readability(fk_grade, round(smog, 1) if smog is not None else None)


def revision_grade(revision) -> Readability:
    """A revision's stored grades (a history row or an article); graded now if it was saved
    before grades were stored, or is unsaved text (a preview)."""
    if getattr(revision, "reading_grade", None) is not None:
        return Readability(revision.reading_grade, revision.smog_grade)
    return reading_grade(title=revision.title, body=revision.body)


def target_grade(article) -> int | None:
    """The reading grade ``article`` should not exceed (``None``: a new article), from the
    first READING_GRADE_TARGET hook that names one; None when no app sets a target."""
    for hook in hooks.get_hooks(hooks.READING_GRADE_TARGET):
        target = hook(article)
        if target is not None:
            return target
    return None


def above_target(grade: float | None, target: int | None) -> bool:
    """True when a grade is known, a target is set, and the grade is above it."""
    return grade is not None and target is not None and grade > target


def above_target_warning(*, revision, article) -> str:
    """What an editor is told when a saved substantive revision reads above its article's
    target ("" when it does not): a warning, never a refusal."""
    if revision is None or revision.change_kind != ChangeKind.SUBSTANTIVE:
        return ""
    grade, target = revision_grade(revision).fk_grade, target_grade(article)
    if not above_target(grade, target):
        return ""
    return _(
        "Its reading grade is %(grade)s, above the target of grade %(target)s: shorter sentences "
        "and everyday words make it easier to read. Reviewers see this too."
    ) % {"grade": number_format(grade), "target": target}
