"""The reading grade of some words, beside its target: ``{% reading_grade_note revision %}``."""

from django import template

from cms.readability import above_target, revision_grade, target_grade

register = template.Library()


@register.inclusion_tag("cms/_reading_grade.html")
def reading_grade_note(revision, article=None, approved=None, editing=False):
    """The grades of ``revision`` (a history row, an article's latest words or unsaved text),
    the target of ``article`` (None: a new article), and the ``approved`` revision's grade
    when given; ``editing``: say that Preview grades the text being edited. Above the target,
    a warning; never a refusal."""
    grade = revision_grade(revision)
    target = target_grade(article)
    return {
        "grade": grade,
        "target": target,
        "above": above_target(grade.fk_grade, target),
        "approved": approved,
        "approved_grade": revision_grade(approved) if approved is not None else None,
        "editing": editing,
    }
