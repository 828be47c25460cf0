"""Daily digests and escalations: built once per recipient per day, shown in the app, emailed
once.

``build_digests`` writes one ``Notification`` per recipient and kind for the day; the unique
key (recipient, kind, day) makes a second run, a retried task or a second worker a no-op.
``send_notification_emails`` claims each unsent notification with a single conditional UPDATE
before sending it, so two workers never send the same email; a claim is a lease, so the email of
a worker killed mid-send goes out on a later run.
"""

import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse

from reviews.choices import FlagKind, NotificationKind
from reviews.due import review_status
from reviews.models import AuditEvent, Notification, ReviewFlag
from reviews.roles import CONTENT_ADMINS
from reviews.selectors.flag_reasons import ReviewDatesView, flag_reason
from reviews.services.email_once import send_each_once
from reviews.services.reader_reports import digest_reader_reports

logger = logging.getLogger(__name__)

# What each audience hears about.
REVIEWER_FLAGS = (FlagKind.DUE_SOON, FlagKind.OVERDUE)
EDITOR_FLAGS = tuple(FlagKind.values)
ARTICLE_FIELDS = (
    "article_id",
    "article__slug",
    "article__title",
    "article__review__next_review_due",
    "article__review__review_window_opens_on",
    "article__review__last_reviewed_on",
    "article__review__withdrawal_due_on",
    "detail",
)


def build_digests(*, as_of: date, at: datetime) -> int:
    """Create today's digests (reviewers and editors) and escalations (content admins).

    Returns how many notifications were created; 0 when they already exist for the day.
    A fixed number of queries, whatever the number of articles or recipients.
    """
    digests: dict[int, dict[str, dict]] = defaultdict(dict)  # user -> slug -> item
    for row in (
        ReviewFlag.objects.filter(
            resolved_on__isnull=True,
            kind__in=REVIEWER_FLAGS,
            article__reviewer_links__reviewer__user__isnull=False,
            article__reviewer_links__reviewer__active=True,
        )
        .annotate(user_id=F("article__reviewer_links__reviewer__user_id"))
        .values("user_id", "kind", *ARTICLE_FIELDS)
    ):
        _add(digests[row["user_id"]], row, as_of=as_of, audience="To review")
    for row in (
        ReviewFlag.objects.filter(
            resolved_on__isnull=True, kind__in=EDITOR_FLAGS, article__owner__isnull=False
        )
        .annotate(user_id=F("article__owner_id"))
        .values("user_id", "kind", *ARTICLE_FIELDS)
    ):
        _add(digests[row["user_id"]], row, as_of=as_of, audience="Your article")
    reader_reports = digest_reader_reports()
    for user_id in reader_reports:
        digests.setdefault(user_id, {})  # a digest for a recipient of reports alone too

    escalation_items = _escalation_items(as_of=as_of)
    admins = _content_admin_ids() if escalation_items else []

    notifications = [
        Notification(
            recipient_id=user_id,
            kind=NotificationKind.DIGEST,
            day=as_of,
            subject=_digest_subject(items, reader_reports.get(user_id, [])),
            items=_sorted(items.values()),
            reader_reports=reader_reports.get(user_id, []),
            created_at=at,
        )
        for user_id, items in digests.items()
    ] + [
        Notification(
            recipient_id=user_id,
            kind=NotificationKind.ESCALATION,
            day=as_of,
            subject=f"Recheck escalation: {len(escalation_items)} article"
            f"{'s' if len(escalation_items) != 1 else ''} overdue or unattended",
            items=escalation_items,
            created_at=at,
        )
        for user_id in admins
    ]
    before = Notification.objects.filter(day=as_of).count()
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=500)
    return Notification.objects.filter(day=as_of).count() - before


def send_notification_emails(*, day: date, at: datetime) -> int:
    """Email every notification of ``day``, and of the CATCH_UP_DAYS before it, not emailed
    yet, once each: a digest whose sending failed on every retry of its day goes out with the
    next day's run rather than never. Returns emails sent.

    Each is claimed before its email goes out, under a lease, and a failed send is tried again
    by the next run (``reviews.services.email_once``). Raises SoftTimeLimitExceeded after
    releasing the claim of the email it interrupted.
    """
    pending = Notification.objects.filter(day__range=_catch_up(day), kind__in=EMAILED_KINDS)
    return send_each_once(pending.order_by("day", "pk"), at=at, email_of=_email, label="Digest")


def unsent_notifications(*, day: date) -> int:
    """How many notifications of ``day`` (and the CATCH_UP_DAYS before it) to recipients with an
    email address are not emailed yet: failed, or claimed by a worker that may still be
    sending."""
    return (
        Notification.objects.filter(
            day__range=_catch_up(day), emailed_at__isnull=True, kind__in=EMAILED_KINDS
        )
        .exclude(recipient__email="")
        .count()
    )


CATCH_UP_DAYS = 2
# A reader_report notification is in the app only: its email is the digest's report section.
EMAILED_KINDS = (NotificationKind.DIGEST, NotificationKind.ESCALATION)


def _catch_up(day: date) -> tuple[date, date]:
    return day - timedelta(days=CATCH_UP_DAYS), day


def _digest_subject(items: dict, reader_reports: list) -> str:
    if items or not reader_reports:
        return f"Recheck: {_articles(len(items))} attention"
    count = len(reader_reports)
    return f"Recheck: {count} open reader report{'s' if count != 1 else ''}"


def _articles(count: int) -> str:
    return f"{count} article needs" if count == 1 else f"{count} articles need"


def _add(items: dict, row: dict, *, as_of: date, audience: str) -> None:
    slug = row["article__slug"]
    status = review_status(
        next_review_due=row["article__review__next_review_due"],
        window_opens_on=row["article__review__review_window_opens_on"],
        as_of=as_of,
    )
    item = items.setdefault(
        slug,
        {
            "slug": slug,
            "title": row["article__title"],
            "days_overdue": status.days_overdue,
            "status": status.label,
            "flags": [],
            "reasons": [],
            "why": audience,
            "url": _article_url(slug, audience),
        },
    )
    if row["kind"] not in item["flags"]:
        item["flags"] = sorted([*item["flags"], row["kind"]])
        item["reasons"] = sorted([*item["reasons"], _reason(row, as_of=as_of)], key=_by_kind)


def _reason(row: dict, *, as_of: date) -> dict:
    """The flag's reason (``flag_reason``), its links made absolute for an email."""
    dates = ReviewDatesView(
        slug=row["article__slug"],
        last_reviewed_on=row["article__review__last_reviewed_on"],
        next_review_due=row["article__review__next_review_due"],
        withdrawal_due_on=row["article__review__withdrawal_due_on"],
    )
    reason = flag_reason(row["kind"], detail=row["detail"], article=dates, as_of=as_of).as_dict()
    for link in reason["links"]:
        if link["url"].startswith("/"):
            link["url"] = settings.SITE_URL + link["url"]
    return reason


def _by_kind(reason: dict) -> int:
    kinds = FlagKind.values
    return kinds.index(reason["kind"]) if reason["kind"] in kinds else len(kinds)


def _article_url(slug: str, audience: str) -> str:
    name = "reviews:review" if audience == "To review" else "cms:article-history"
    return settings.SITE_URL + reverse(name, args=[slug])


def _sorted(items) -> list[dict]:
    """Most overdue first; never reviewed (no due date) at the top."""
    return sorted(
        items,
        key=lambda i: (i["days_overdue"] is not None, -(i["days_overdue"] or 0), i["title"]),
    )


def _escalation_items(*, as_of: date) -> list[dict]:
    overdue_since = as_of - timedelta(days=settings.ESCALATE_OVERDUE_AFTER_DAYS)
    quiet_since = as_of - timedelta(days=settings.ESCALATE_UNACTED_FLAG_AFTER_DAYS)
    activity_since_flag = AuditEvent.objects.filter(
        article_id=OuterRef("article_id"), at__date__gte=OuterRef("raised_on")
    )
    rows = (
        ReviewFlag.objects.filter(resolved_on__isnull=True)
        .filter(
            Q(kind=FlagKind.OVERDUE, article__review__next_review_due__lt=overdue_since)
            | (Q(raised_on__lte=quiet_since) & ~Exists(activity_since_flag))
        )
        .values("kind", *ARTICLE_FIELDS)
    )
    items: dict[str, dict] = {}
    for row in rows:
        _add(items, row, as_of=as_of, audience="Escalated")
    return _sorted(items.values())


def _content_admin_ids() -> list[int]:
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=CONTENT_ADMINS) | Q(is_superuser=True))
        .values_list("pk", flat=True)
        .distinct()
    )


def _email(notification: Notification) -> EmailMultiAlternatives:
    context = {"notification": notification, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("reviews/email/digest.txt", context),
        to=[notification.recipient.email],
    )
    message.attach_alternative(render_to_string("reviews/email/digest.html", context), "text/html")
    return message


@transaction.atomic
def mark_read(*, user, at: datetime) -> int:
    """Mark all of ``user``'s notifications read. Returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=at)
