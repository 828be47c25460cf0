from django.utils import timezone

from reviews.choices import FlagKind
from reviews.jobs import run_review_scan
from reviews.management.base import AsOfCommand


class Command(AsOfCommand):
    help = (
        "Raise and resolve review flags for every published article as of a day, then refresh "
        "the day's report snapshot (the same job as the scheduled scan)."
    )

    def handle(self, *args, **options):
        as_of = self.as_of(options)
        result = run_review_scan(as_of=as_of, at=timezone.now())
        self.stdout.write(f"Scan as of {as_of}:")
        self.stdout.write(f"  {'flag':<30} {'open':>7} {'raised':>7} {'resolved':>9}")
        for kind in FlagKind:
            self.stdout.write(
                f"  {kind.value:<30} {result.open[kind]:>7} {result.raised[kind]:>7} "
                f"{result.resolved[kind]:>9}"
            )
