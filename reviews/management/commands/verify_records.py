from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.chain import verify_records
from reviews.services.certificates import CertificateUnreadable, check_certificate_file


class Command(BaseCommand):
    help = (
        "Recompute the hash chains of the sign-offs and the audit trail and check every "
        "signature against the revision it signs. Exits non-zero at the first broken link. "
        "With --certificate, check a review certificate (a PDF, or a zip of them with its "
        "manifest) against the records instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="Rows read per round trip (default 2000)."
        )
        parser.add_argument(
            "--certificate",
            action="append",
            type=Path,
            metavar="FILE",
            help="A certificate PDF or zip to check against the records (repeatable).",
        )

    def handle(self, *args, **options):
        if options["certificate"]:
            return self.check_certificates(options["certificate"])

        def progress(label: str, done: int, total: int) -> None:
            if options["verbosity"]:
                self.stderr.write(f"{label}s: {done:,} of {total:,} checked")

        result = verify_records(chunk_size=options["chunk_size"], progress=progress)
        if result.problem:
            raise CommandError(result.problem)
        self.stdout.write(result.summary())

    def check_certificates(self, paths: list[Path]) -> None:
        problems = []
        for path in paths:
            try:
                found = check_certificate_file(path)
            except CertificateUnreadable as error:
                found = [str(error)]
            problems.extend(found)
            if not found:
                self.stdout.write(f"{path}: matches the records.")
        if problems:
            raise CommandError("Mismatch:\n" + "\n".join(problems))
