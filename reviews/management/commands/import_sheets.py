from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from reviews.management.base import AsOfCommand
from reviews.services.importer import (
    FAILED,
    IMPORTED,
    PENDING,
    UNCHANGED,
    UPDATED,
    ImportRefused,
    import_sheets,
)

PROGRESS_FROM = 30  # files; smaller batches print no progress bar


class Command(AsOfCommand):
    help = (
        "Import published sheets (.txt, .html, .htm; folders are searched recursively) as "
        "published articles with their reviewers and review dates."
    )
    as_of_help = "Today, YYYY-MM-DD (review dates after it fail; default: today)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--policy", help="Review policy for new articles (default: Standard).")
        parser.add_argument("--topic", help="Topic for every sheet (default: from each title).")
        parser.add_argument("--dry-run", action="store_true", help="Report, but save nothing.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="A changed sheet for an article edited in Recheck since its last import is "
            "saved as a revision awaiting review (never live) instead of being refused.",
        )
        parser.add_argument(
            "--language",
            metavar="TAG",
            help="The sheets' language, a BCP 47 tag such as es or es-MX (default: from each "
            "sheet's footer labels, else the default language).",
        )
        parser.add_argument(
            "--translation-of",
            metavar="SLUG",
            help="Import the sheets as translations of this article, up to date with its live "
            "revision (a re-import keeps that pin).",
        )

    def handle(self, *args, **options):
        try:
            summary = import_sheets(
                paths=options["paths"],
                as_of=self.as_of(options),
                at=timezone.now(),
                policy_name=options["policy"],
                topic_name=options["topic"],
                dry_run=options["dry_run"],
                force=options["force"],
                progress=self._progress,
                language=options["language"],
                translation_of=options["translation_of"],
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from error

        for outcome in summary.failed:
            self.stderr.write(outcome.error_line)
        for outcome in summary.skipped:
            self.stderr.write(f"{outcome.error_line}: skipped")
        for warning in summary.warnings:
            self.stderr.write(f"{warning} (warning: imported without it)")
        counts = summary.counts
        line = (
            f"Imported {counts[IMPORTED]}, updated {counts[UPDATED]}, "
            f"unchanged {counts[UNCHANGED]}, failed {counts[FAILED]}."
        )
        if summary.skipped:
            line += f" {len(summary.skipped)} link(s) outside the given paths skipped."
        if summary.warnings:
            line += f" {len(summary.warnings)} warning(s): see the lines above."
        if counts[PENDING]:
            line += f" {counts[PENDING]} saved as revisions awaiting review (--force)."
        if options["dry_run"]:
            line += " Dry run: nothing was saved."
        self.stdout.write(line)
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} sheet(s) failed; see the lines above.")

    def _progress(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total} sheets{end}", ending="")
        self.stderr.flush()
