"""Reminders that a review is due, as each policy says: some days before the due date (by
default 60, 30 and 7), on the due day, and every N days while overdue. Each reminds the
article's assigned reviewers who have an active account, and its owning editor.

``build_reminders`` writes one ``Reminder`` per (article, recipient, due date, moment); the
unique key makes a rerun, a retried task or a second worker a no-op, and a new review cycle (a
new due date) reminds afresh. ``send_reminder_emails`` emails each once, by the same rule as the
digests (``reviews.services.email_once``). A run that was missed is caught up: reminders whose
day fell in the ``CATCH_UP_DAYS`` before are still made and sent.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from cms.templatetags.cms_tags import us_date
from reviews.models import ArticleReview, ArticleReviewer, Reminder, ReviewPolicy
from reviews.selectors import in_scope_q
from reviews.services.email_once import send_each_once

CATCH_UP_DAYS = 2


def reminder_moments(policy: ReviewPolicy, *, as_of: date, oldest_due: date | None) -> dict:
    """{due date: days before} of the reminders ``policy`` sends from ``CATCH_UP_DAYS`` before
    ``as_of`` to ``as_of``: an article due on a key date is reminded with that value (negative:
    days overdue). ``oldest_due`` bounds the overdue repeats (the policy's earliest overdue
    date; None: no article is overdue). Pure."""
    moments = {}
    days = [as_of - timedelta(days=back) for back in range(CATCH_UP_DAYS, -1, -1)]
    for day in days:
        for before in policy.reminder_offsets:
            moments[day + timedelta(days=before)] = before
    every = policy.overdue_reminder_every_days
    if every and oldest_due is not None:
        for day in days:
            late = every
            while day - timedelta(days=late) >= oldest_due:
                moments[day - timedelta(days=late)] = -late
                late += every
    return moments


@transaction.atomic
def build_reminders(*, as_of: date, at: datetime) -> int:
    """Make the reminders due from ``CATCH_UP_DAYS`` before ``as_of`` to ``as_of`` for every
    article in scope. Returns how many are new. Three queries per policy, whatever the number of
    articles."""
    created = 0
    for policy in ReviewPolicy.objects.order_by("pk"):
        created += _build_for(policy, as_of=as_of, at=at)
    return created


def _build_for(policy: ReviewPolicy, *, as_of: date, at: datetime) -> int:
    states = ArticleReview.objects.filter(in_scope_q("article__"), policy=policy)
    oldest_due = None
    if policy.overdue_reminder_every_days:
        overdue = states.filter(next_review_due__lt=as_of).order_by("next_review_due")
        oldest_due = overdue.values_list("next_review_due", flat=True).first()
    moments = reminder_moments(policy, as_of=as_of, oldest_due=oldest_due)
    if not moments:
        return 0
    due = states.filter(next_review_due__in=list(moments))
    rows = [
        (article_id, owner_id, next_due)
        for article_id, owner_id, next_due in due.values_list(
            "article_id", "article__owner_id", "next_review_due"
        )
    ]
    if not rows:
        return 0
    recipients = {article_id: {owner_id} - {None} for article_id, owner_id, _ in rows}
    signers = ArticleReviewer.objects.filter(
        article_id__in=due.values("article_id"),
        reviewer__active=True,
        reviewer__user__is_active=True,
    ).values_list("article_id", "reviewer__user_id")
    for article_id, user_id in signers:
        recipients[article_id].add(user_id)
    reminders = [
        Reminder(
            article_id=article_id,
            recipient_id=user_id,
            due_on=next_due,
            days_before=moments[next_due],
            day=next_due - timedelta(days=moments[next_due]),
            created_at=at,
        )
        for article_id, _, next_due in rows
        for user_id in sorted(recipients[article_id])
    ]
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=1000)
    return Reminder.objects.count() - before


def send_reminder_emails(*, day: date, at: datetime) -> int:
    """Email every reminder of ``day`` and the ``CATCH_UP_DAYS`` before it not emailed yet,
    once each. Returns emails sent."""
    pending = Reminder.objects.filter(day__range=(day - timedelta(days=CATCH_UP_DAYS), day))
    pending = pending.select_related("article").order_by("day", "pk")
    return send_each_once(pending, at=at, email_of=_email, label="Reminder")


def unsent_reminders(*, day: date) -> int:
    """Reminders of ``day`` (and the days caught up) to people with an address, not out yet."""
    return (
        Reminder.objects.filter(
            day__range=(day - timedelta(days=CATCH_UP_DAYS), day), emailed_at__isnull=True
        )
        .exclude(recipient__email="")
        .count()
    )


def _email(reminder: Reminder) -> EmailMultiAlternatives:
    article = reminder.article
    reviewing = reminder.recipient_id != article.owner_id
    name = "reviews:review" if reviewing else "cms:article-history"
    context = {
        "reminder": reminder,
        "article": article,
        "due": us_date(reminder.due_on),
        "url": settings.SITE_URL + reverse(name, args=[article.slug]),
    }
    message = EmailMultiAlternatives(
        subject=f"Recheck reminder: “{article.title}” {reminder.moment} ({context['due']})",
        body=render_to_string("reviews/email/reminder.txt", context),
        to=[reminder.recipient.email],
    )
    message.attach_alternative(
        render_to_string("reviews/email/reminder.html", context), "text/html"
    )
    return message
