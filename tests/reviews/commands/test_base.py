"""``--as-of``, parsed once (reviews.management.base) for every command that takes it."""

import argparse
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reviews.management.base import as_of_date

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "000_a4a6a23edc28d406.txt"
AS_OF_COMMANDS = [
    ("scan_reviews",),
    ("send_digests",),
    ("load_demo_data",),
    ("overdue_report",),
    ("import_sheets", str(SAMPLE)),
]


def test_as_of_date_reads_iso_dates_and_names_a_bad_value():
    assert as_of_date("2026-11-23") == date(2026, 11, 23)
    for bad in ("soon", "23/11/2026", "2026-02-30", ""):
        with pytest.raises(argparse.ArgumentTypeError, match=f"{bad!r} is not a date"):
            as_of_date(bad)


@pytest.mark.django_db
@pytest.mark.parametrize("command", AS_OF_COMMANDS, ids=lambda command: command[0])
def test_every_as_of_command_refuses_a_bad_date_before_doing_anything(command):
    with pytest.raises(CommandError, match="--as-of: '2026-13-01' is not a date as YYYY-MM-DD"):
        call_command(*command, "--as-of", "2026-13-01", stdout=StringIO())


@pytest.mark.parametrize("command", AS_OF_COMMANDS, ids=lambda command: command[0])
def test_every_as_of_command_documents_the_option(command, capsys):
    with pytest.raises(SystemExit):
        call_command(command[0], "--help")
    assert "--as-of YYYY-MM-DD" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_day_defaults_to_today_and_may_be_given_as_a_keyword():
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert out.getvalue().startswith(f"Digests for {timezone.localdate()}:")
    out = StringIO()
    call_command("send_digests", as_of="2026-11-23", stdout=out)
    assert out.getvalue().startswith("Digests for 2026-11-23:")
    out = StringIO()
    call_command("send_digests", as_of=date(2026, 11, 24), stdout=out)
    assert out.getvalue().startswith("Digests for 2026-11-24:")
    with pytest.raises(CommandError, match="--as-of: 'soon' is not a date"):
        call_command("send_digests", as_of="soon", stdout=StringIO())
