from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reviews.drugdata.load import FileRefused, import_drug_files, plan
from reviews.services.mentions import rematch_all_articles
from reviews.services.queueing import enqueue_on_commit
from reviews.tasks import rematch_drug_mentions_task


class Command(BaseCommand):
    help = (
        "Import public drug data: openFDA drug label and drug enforcement JSON (zipped or not), "
        "Drugs@FDA Submissions.txt with Products.txt, RxNorm RXNCONSO.RRF with RXNREL.RRF. "
        "Each file is one transaction; a malformed record is named on stderr "
        "(FILE:RECORD: reason) and the rest still load, then the command exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--rematch",
            action="store_true",
            help="Match every article against the vocabulary now (else, when the vocabulary "
            "changed, the rematch task is queued).",
        )

    def handle(self, *args, **options):
        try:
            plan(options["paths"])
        except FileRefused as error:
            raise CommandError(str(error)) from error
        quiet = options["verbosity"] < 1
        report = import_drug_files(
            options["paths"],
            progress=lambda total, desc: tqdm(
                total=total, desc=desc, disable=quiet or total < 1000, file=self.stderr
            ),
        )
        for line in report.summary():
            self.stdout.write(line)
        if options["rematch"]:
            bar = tqdm(desc="Matching articles", disable=quiet, file=self.stderr)
            result = rematch_all_articles(progress=lambda done, total: _advance(bar, done, total))
            bar.close()
            self.stdout.write(
                f"Mentions: {result.articles} article(s) matched, {result.added} added, "
                f"{result.removed} removed."
            )
        elif report.vocabulary_changed:
            enqueue_on_commit(rematch_drug_mentions_task)
            self.stdout.write("The vocabulary changed: the rematch task is queued.")
        for error in report.errors:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} malformed record(s) or file(s) were not loaded; "
                "the rest were."
            )


def _advance(bar, done: int, total: int) -> None:
    bar.total = total
    bar.update(done - bar.n)
