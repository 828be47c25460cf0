from django.core.management.base import CommandError

from cms.languages import covered_by_q
from cms.models import Article, Topic
from reviews.management.base import AsOfCommand
from reviews.reports.cli import add_filter_arguments, filter_data, refuse_invalid
from reviews.reports.export import write_csv, write_json, write_table
from reviews.reports.review_status import (
    COLUMNS,
    EMPTY,
    review_status_rows,
)
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.selectors import reviewers_named

WRITERS = {"table": write_table, "csv": write_csv, "json": write_json}


class Command(AsOfCommand):
    help = (
        "The review-status report: every article with an open flag, most overdue first "
        "(never reviewed on top), streamed. The same filters and sorts as the page and the API."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=sorted(WRITERS), default="table", help="Default: table."
        )
        add_filter_arguments(parser, ReviewStatusFilter)

    def handle(self, *args, **options):
        as_of = self.as_of(options)
        filters = ReviewStatusFilter(filter_data(options, ReviewStatusFilter), as_of=as_of)
        refuse_invalid(filters)
        # The page shows an empty table for a name that matches nothing; here a typo would
        # look like good news, so say so.
        topic, reviewer = options.get("topic"), options.get("reviewer")
        if topic and not Topic.objects.filter(name__iexact=topic.strip()).exists():
            raise CommandError(f"No topic named {topic!r}.")
        if reviewer and not reviewers_named(reviewer).exists():
            raise CommandError(f"No reviewer named {reviewer!r}.")
        language = filters.form.cleaned_data.get("language")
        if language and not Article.objects.filter(covered_by_q(language)).exists():
            raise CommandError(f"No article is in {language!r}.")
        rows = review_status_rows(
            articles=filters.qs, as_of=as_of, sort=filters.chosen_sort, stream=True
        )
        self.stdout.ending = ""  # the writers end their own lines
        if options["format"] == "table":
            write_table(rows, self.stdout, COLUMNS, empty=EMPTY)
        else:
            WRITERS[options["format"]](rows, self.stdout, COLUMNS)
