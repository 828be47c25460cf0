"""Readers' problem reports. Dismissing the flags they raise is in reviews.services.flags."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cms.models import Article
from cms.services.login_throttle import client_key
from reviews.choices import FlagKind
from reviews.models import ReaderReport, ReviewFlag

REPORTS_PER_HOUR = 5


class ReportRefused(Exception):
    """The report was not recorded; the message says why."""


@transaction.atomic
def report_problem(*, article: Article, message: str, address: str, at: datetime) -> ReaderReport:
    """Record a reader's report and raise the article's ``reader_report`` flag (or add to it).

    At most REPORTS_PER_HOUR per sender, counted in the database so that every web process
    shares the limit. Raises ReportRefused.
    """
    message = message.strip()
    if not message:
        raise ReportRefused("Please describe the problem.")
    key = client_key(address)
    recent = ReaderReport.objects.filter(client_key=key, created_at__gte=at - timedelta(hours=1))
    if recent.count() >= REPORTS_PER_HOUR:
        raise ReportRefused(
            "You have sent several reports in the last hour. Thank you; please try again later."
        )
    flag = (
        ReviewFlag.objects.select_for_update()
        .filter(article=article, kind=FlagKind.READER_REPORT, resolved_on__isnull=True)
        .first()
    )
    if flag is None:
        flag = ReviewFlag.objects.create(
            article=article, kind=FlagKind.READER_REPORT, raised_on=timezone.localdate(at)
        )
    report = ReaderReport.objects.create(
        article=article, message=message, created_at=at, client_key=key, flag=flag
    )
    count = flag.reader_reports.count()
    flag.detail = f"{count} reader report{'s' if count != 1 else ''}; latest: {message[:500]}"
    flag.save(update_fields=["detail"])
    return report
