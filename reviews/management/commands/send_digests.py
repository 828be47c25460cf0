from django.utils import timezone

from reviews.jobs import send_daily_digests
from reviews.management.base import AsOfCommand


class Command(AsOfCommand):
    help = (
        "Build today's digests, escalations and the policies' reminders, and email those not "
        "emailed yet (idempotent)."
    )
    as_of_help = "The digest day, YYYY-MM-DD (default: today)."

    def handle(self, *args, **options):
        run = send_daily_digests(as_of=self.as_of(options), at=timezone.now())
        self.stdout.write(
            f"Digests for {run.day}: {run.created} created, {run.emailed} emailed. "
            f"Reminders: {run.reminders} due, {run.reminders_emailed} emailed."
        )
