from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews.services.dates import parse_as_of
from reviews.services.demo import load_demo_data


class Command(BaseCommand):
    help = "Load the demo users, reviewers and articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Today for the demo's date spread (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            as_of = parse_as_of(options["as_of"]) or timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from error
        summary = load_demo_data(as_of=as_of)
        self.stdout.write(
            f"Demo data as of {as_of}: {summary.articles_created} articles created, "
            f"{summary.articles_existing} already there; {summary.users_created} users and "
            f"{summary.reviewers_created} reviewers created."
        )
        self.stdout.write("Logins (role, username, password):")
        for role, username, password in summary.logins:
            self.stdout.write(f"  {role:<18} {username:<11} {password}")
