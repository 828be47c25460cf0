"""The ``--as-of`` option shared by the date-driven commands: parsed once, here."""

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


def as_of_date(value: str) -> date:
    """argparse type for ``--as-of``: ``YYYY-MM-DD`` to a date. A bad value is an argparse
    error that names it (``argument --as-of: 'soon' is not a date as YYYY-MM-DD``)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


class AsOfCommand(BaseCommand):
    """A command that works as of a day: adds ``--as-of`` (default today) to its parser.

    Subclasses set ``as_of_help`` and read the day with ``self.as_of(options)``; only this edge
    reads the clock.
    """

    as_of_help = "Today, YYYY-MM-DD (default: today)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--as-of", type=as_of_date, metavar="YYYY-MM-DD", help=self.as_of_help)
        return parser

    def as_of(self, options) -> date:
        """The ``--as-of`` day, or today. ``call_command(..., as_of="2026-11-23")`` skips
        argparse, so a string is parsed here too (a bad one is a CommandError)."""
        value = options.get("as_of")
        if value is None:
            return timezone.localdate()
        if isinstance(value, str):
            try:
                return as_of_date(value)
            except argparse.ArgumentTypeError as error:
                raise CommandError(f"--as-of: {error}") from None
        return value
