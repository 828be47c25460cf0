from django.utils import timezone

from reviews.demo import fill_scan_history, load_demo_data
from reviews.management.base import AsOfCommand


class Command(AsOfCommand):
    help = (
        "Load the demo users, reviewers and articles, and scan the 89 days before today so "
        "the dashboard's trend has a history (idempotent)."
    )
    as_of_help = "Today for the demo's date spread, YYYY-MM-DD (default: today)."

    def handle(self, *args, **options):
        as_of = self.as_of(options)
        summary = load_demo_data(as_of=as_of, at=timezone.now())
        self.stdout.write(
            f"Demo data as of {as_of}: {summary.articles_created} articles created, "
            f"{summary.articles_existing} already there; {summary.users_created} users and "
            f"{summary.reviewers_created} reviewers created."
        )
        scanned = fill_scan_history(as_of=as_of)
        self.stdout.write(
            f"Scan history: {scanned} earlier days scanned, so the trend covers 90 days."
        )
        self.stdout.write("Logins (role, username, password):")
        for role, username, password in summary.logins:
            self.stdout.write(f"  {role:<30} {username:<11} {password}")
