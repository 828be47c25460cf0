from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews.choices import FlagKind
from reviews.services.dates import parse_as_of
from reviews.services.report_snapshot import refresh_report_snapshot
from reviews.services.scan import scan_reviews


class Command(BaseCommand):
    help = "Raise and resolve review flags for every published article, as of a day."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Today, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        try:
            as_of = parse_as_of(options["as_of"]) or timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from error
        result = scan_reviews(as_of=as_of)
        refresh_report_snapshot(as_of=as_of, at=timezone.now())
        self.stdout.write(f"Scan as of {as_of}:")
        self.stdout.write(f"  {'flag':<30} {'open':>7} {'raised':>7} {'resolved':>9}")
        for kind in FlagKind:
            self.stdout.write(
                f"  {kind.value:<30} {result.open[kind]:>7} {result.raised[kind]:>7} "
                f"{result.resolved[kind]:>9}"
            )
