from django.core.management.base import CommandError

from cms.models import Topic
from reviews.choices import FlagKind
from reviews.management.base import AsOfCommand
from reviews.reports import write_csv, write_json, write_table
from reviews.selectors import overdue_rows, reviewers_named

WRITERS = {"table": write_table, "csv": write_csv, "json": write_json}


class Command(AsOfCommand):
    help = "List every article with an open flag, most overdue first."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(WRITERS), default="table")
        parser.add_argument(
            "--flag",
            nargs="+",
            choices=FlagKind.values,
            metavar="KIND",
            help=f"Only articles with one of these open flags: {', '.join(FlagKind.values)}.",
        )
        parser.add_argument("--topic", help="Only this topic (case-insensitive).")
        parser.add_argument("--reviewer", help="Only articles assigned to this reviewer.")

    def handle(self, *args, **options):
        as_of = self.as_of(options)
        topic, reviewer = options["topic"], options["reviewer"]
        if topic and not Topic.objects.filter(name__iexact=topic.strip()).exists():
            raise CommandError(f"No topic named {topic!r}.")
        if reviewer and not reviewers_named(reviewer).exists():
            raise CommandError(f"No reviewer named {reviewer!r}.")
        rows = overdue_rows(as_of=as_of, flags=options["flag"], topic=topic, reviewer=reviewer)
        self.stdout.ending = ""  # the writers end their own lines
        WRITERS[options["format"]](rows, self.stdout)
