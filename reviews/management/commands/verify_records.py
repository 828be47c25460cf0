from django.core.management.base import BaseCommand, CommandError

from reviews.chain import verify_records


class Command(BaseCommand):
    help = (
        "Recompute the hash chains of the sign-offs and the audit trail and check every "
        "signature against the revision it signs. Exits non-zero at the first broken link."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="Rows read per round trip (default 2000)."
        )

    def handle(self, *args, **options):
        def progress(label: str, done: int, total: int) -> None:
            if options["verbosity"]:
                self.stderr.write(f"{label}s: {done:,} of {total:,} checked")

        result = verify_records(chunk_size=options["chunk_size"], progress=progress)
        if result.problem:
            raise CommandError(result.problem)
        self.stdout.write(result.summary())
