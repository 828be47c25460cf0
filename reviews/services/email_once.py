"""Emailing a stored message once: the one rule that digests, escalations and reminders share.

A row (a ``Notification``, a ``Reminder``) holds ``email_claimed_at``, ``emailed_at`` and
``email_error``, and a ``recipient``. Each row is claimed by one conditional UPDATE before its
email goes out; a concurrent worker that loses the claim skips it. A claim is a lease of
``EMAIL_CLAIM_LEASE`` seconds from ``at``: an older one belongs to a worker that was killed
mid-send (the lease outlasts the task's hard time limit), and may be claimed again. A failed
send releases the claim and records the error, so the next run tries again.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q, QuerySet

logger = logging.getLogger(__name__)


def claimable(*, at: datetime) -> Q:
    """Not emailed, and not claimed or claimed longer than the lease ago."""
    expired = at - timedelta(seconds=settings.EMAIL_CLAIM_LEASE)
    return Q(emailed_at__isnull=True) & (
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=expired)
    )


def send_each_once(
    pending: QuerySet, *, at: datetime, email_of: Callable, label: str = "An"
) -> int:
    """Email every row of ``pending`` that is still claimable, once each: ``email_of(row)``
    builds its message (the row's recipient has an address); ``label`` names the kind in the
    log ("Digest"). Returns emails sent. Raises SoftTimeLimitExceeded after releasing the claim
    of the email it interrupted."""
    model, sent = pending.model, 0
    rows = pending.filter(claimable(at=at)).select_related("recipient")
    for row in rows.iterator(chunk_size=200):
        claimed = model.objects.filter(claimable(at=at), pk=row.pk).update(email_claimed_at=at)
        if claimed:  # else another worker has it
            sent += _send_claimed(row, at=at, email_of=email_of, label=label)
    return sent


def _send_claimed(row, *, at: datetime, email_of: Callable, label: str) -> int:
    """Send one claimed row's email; 1 if it went out. Marks it emailed, or releases the claim
    with the error."""
    model = type(row)
    mine = model.objects.filter(pk=row.pk, email_claimed_at=at)
    if not row.recipient.email:
        mine.update(email_error="The recipient has no email address.")
        return 0
    try:
        message: EmailMessage = email_of(row)
        message.send()
    except Exception as error:  # SMTP and network errors, the soft time limit: retry later
        logger.warning("%s email %s failed: %s", label, row.pk, error)
        mine.update(email_claimed_at=None, email_error=str(error)[:1000] or repr(error))
        if isinstance(error, SoftTimeLimitExceeded):
            raise
        return 0
    # It went out: record that even if, against the lease, someone took the claim over.
    model.objects.filter(pk=row.pk).update(emailed_at=at, email_error="")
    return 1
