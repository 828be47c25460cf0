from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.services.events import COLUMNS, import_events


class Command(BaseCommand):
    help = f"Import clinical events from a CSV file with the columns {', '.join(COLUMNS)}."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):
        result = import_events(options["path"])
        for error in result.errors:
            self.stderr.write(error)
        if result.errors:
            raise CommandError(f"{len(result.errors)} bad row(s); nothing was imported.")
        self.stdout.write(f"Events: {result.created} created, {result.updated} updated.")
