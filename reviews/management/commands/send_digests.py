from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews.services.dates import parse_as_of
from reviews.services.digests import build_digests, send_notification_emails


class Command(BaseCommand):
    help = "Build today's digests and escalations and email those not emailed yet (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="The digest day, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        try:
            day = parse_as_of(options["as_of"]) or timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from error
        now = timezone.now()
        created = build_digests(as_of=day, at=now)
        sent = send_notification_emails(day=day, at=now)
        self.stdout.write(f"Digests for {day}: {created} created, {sent} emailed.")
