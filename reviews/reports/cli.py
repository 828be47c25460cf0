"""A report's FilterSet as command-line options: one ``--name`` per filter, parsed back into the
same data the page and the API send, so the command accepts exactly their filters."""

import argparse

import django_filters
from django import forms
from django.core.management.base import CommandError


def add_filter_arguments(parser: argparse.ArgumentParser, filterset_class) -> None:
    """``--<filter>`` for each filter of ``filterset_class`` (``--min-days`` for ``min_days``):
    several values for a multiple choice, the choices of a fixed choice, numbers for a number
    filter (whole ones unless its field takes decimals)."""
    for name, declared in filterset_class.base_filters.items():
        option = f"--{name.replace('_', '-')}"
        text = declared.extra.get("help_text") or declared.label or name
        kwargs = {"dest": name, "help": str(text)}
        if isinstance(declared, django_filters.MultipleChoiceFilter):
            choices = [key for key, _ in declared.extra["choices"]]
            kwargs.update(nargs="+", choices=choices, metavar=name.upper())
            kwargs["help"] += f": any of {', '.join(choices)}."
        elif isinstance(declared, django_filters.ChoiceFilter) and not isinstance(
            declared, django_filters.ModelChoiceFilter
        ):
            choices = [key for key, _ in declared.extra["choices"]]
            kwargs.update(choices=choices, metavar=name.upper())
            kwargs["help"] += f" One of: {', '.join(choices)} (write --{name}=-key)."
        elif isinstance(declared, django_filters.NumberFilter):
            whole = not issubclass(declared.field_class, (forms.DecimalField, forms.FloatField))
            kwargs.update(type=int if whole else float, metavar="N")
        else:
            kwargs.update(metavar=name.upper())
        parser.add_argument(option, **kwargs)


def filter_data(options: dict, filterset_class) -> dict:
    """The FilterSet data of parsed ``options`` (those given)."""
    return {
        name: options[name]
        for name in filterset_class.base_filters
        if options.get(name) not in (None, "", [])
    }


def refuse_invalid(filterset) -> None:
    """Raise a CommandError naming each invalid filter, as its option."""
    if filterset.is_valid():
        return
    problems = [
        f"--{field.replace('_', '-')}: {' '.join(messages)}" if field != "__all__"
        else " ".join(messages)
        for field, messages in filterset.errors.items()
    ]  # fmt: skip
    raise CommandError(" ".join(problems))
