"""``reviews.widgets.RenderedOnce``: a widget's HTML, rendered once per distinct input, is the
HTML Django renders, and changes with everything it rests on."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy, override

from reviews.choices import FlagKind
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.widgets import CheckboxesOnce, NumberInputOnce, SelectOnce, TextInputOnce
from tests.factories import policy

FLAGS = [(kind, gettext_lazy(label)) for kind, label in FlagKind.choices]  # as the filter has


@pytest.mark.parametrize(
    ("once", "plain", "value"),
    [
        (CheckboxesOnce(choices=FLAGS), forms.CheckboxSelectMultiple(choices=FLAGS), ["overdue"]),
        (CheckboxesOnce(choices=FLAGS), forms.CheckboxSelectMultiple(choices=FLAGS), []),
        (
            SelectOnce(choices=[("", "Any"), ("1", "A")]),
            forms.Select(choices=[("", "Any"), ("1", "A")]),
            "1",
        ),
        (TextInputOnce(attrs={"list": "x"}), forms.TextInput(attrs={"list": "x"}), "<b>&"),
        (NumberInputOnce(), forms.NumberInput(), 30),
    ],
)
def test_the_html_is_django_s(once, plain, value):
    attrs = {"id": "id_f"}
    first = once.render("f", value, attrs=dict(attrs))
    assert first == plain.render("f", value, attrs=dict(attrs))
    assert once.render("f", value, attrs=dict(attrs)) == first  # from the cache, the same


def test_it_follows_the_value_the_choices_and_the_language():
    once = CheckboxesOnce(choices=FLAGS)
    overdue = once.render("flag", ["overdue"])
    assert once.render("flag", ["due_soon"]) != overdue
    assert 'value="overdue" id' not in CheckboxesOnce(choices=FLAGS[:1]).render("flag", [])
    with override("es"):
        spanish = once.render("flag", ["overdue"])
    assert spanish != overdue and once.render("flag", ["overdue"]) == overdue


@pytest.mark.django_db
def test_a_renamed_policy_shows_on_the_next_page():
    standard = policy("Standard")
    form = ReviewStatusFilter({}, as_of=None).form
    assert ">Standard (24 months)</option>" in str(form["policy"])
    standard.name = "Standard two-year"
    standard.save()
    form = ReviewStatusFilter({}, as_of=None).form
    assert ">Standard two-year (24 months)</option>" in str(form["policy"])


@pytest.mark.django_db
def test_the_policy_choices_cost_one_query(django_assert_num_queries):
    policy("Standard")
    form = ReviewStatusFilter({}, as_of=None).form
    with django_assert_num_queries(1):  # the policies; no COUNT before them
        str(form["policy"])
