"""``overdue_report``: the old name of ``review_status_report`` (it always listed every open
flag, not only overdue articles). Same options, same code; it says so on stderr."""

from reviews.management.commands.review_status_report import Command as ReviewStatusReport


class Command(ReviewStatusReport):
    help = "Deprecated: use review_status_report (same options and output)."

    def handle(self, *args, **options):
        self.stderr.write(
            "overdue_report is deprecated: use review_status_report (same options and output)."
        )
        super().handle(*args, **options)
