#!/usr/bin/env python
"""Django's command-line utility for Recheck.

Run from a checkout (a ``.venv`` or ``var/`` next to this file) with none of
``DJANGO_SETTINGS_MODULE``, ``SECRET_KEY``, ``DATABASE_URL`` or ``ALLOWED_HOSTS`` set, it
defaults ``DEBUG=1``,
as ``make demo`` and ``make migrate`` do, so the README's commands work in a fresh shell.
Any of those variables means a deployment: then nothing is defaulted and the settings stay
strict.
"""

import os
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent
# Any of these set means a deployment, whose environment is complete: default nothing.
DEPLOYMENT_VARIABLES = ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
# Commands that read or write the application's tables, and so need every migration applied.
# Those of Recheck's own apps are added to these.
NEEDS_MIGRATED_DATABASE = {"createsuperuser", "changepassword", "drf_create_token"}


def default_debug_in_a_checkout():
    in_a_checkout = (CHECKOUT / ".venv").is_dir() or (CHECKOUT / "var").is_dir()
    deployed = any(os.environ.get(name) for name in DEPLOYMENT_VARIABLES)
    if in_a_checkout and not deployed and "DEBUG" not in os.environ:
        os.environ["DEBUG"] = "1"
        print(
            "manage.py: a development checkout, so DEBUG=1 (set SECRET_KEY for production).",
            file=sys.stderr,
        )


def needs_migrated_database(argv):
    options = argv[2:]
    if len(argv) < 2 or any(
        option in ("-h", "--help") or option.startswith(("--settings", "--pythonpath"))
        for option in options
    ):
        return False
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import get_commands

    try:
        django.setup()
    except ImproperlyConfigured:
        return False  # the command reports it, as Django always does
    app = get_commands().get(argv[1])
    return app in {"cms", "reviews"} or argv[1] in NEEDS_MIGRATED_DATABASE


def unapplied_migrations():
    """How many migrations the default database still lacks."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def refuse_an_unmigrated_database(argv):
    """Exit saying what to run, where a command would otherwise die with "no such table"."""
    if needs_migrated_database(argv) and (missing := unapplied_migrations()):
        sys.exit(
            f"The database lacks {missing} migration(s): "
            "run `.venv/bin/python manage.py migrate` first."
        )


def main():
    default_debug_in_a_checkout()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from django.core.management import execute_from_command_line

    refuse_an_unmigrated_database(sys.argv)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
