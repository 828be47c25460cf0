"""Writing the append-only audit trail."""

from datetime import datetime

from reviews.choices import AuditAction
from reviews.models import AuditEvent


def record_event(
    *,
    action: AuditAction,
    at: datetime,
    actor=None,
    article=None,
    revision=None,
    change_kind: str = "",
    subject: str = "",
    detail: str = "",
) -> AuditEvent:
    """Append one event to the trail. Call it inside the transaction of the action it records,
    so that the action and its record commit (or roll back) together."""
    return AuditEvent.objects.create(
        action=action,
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        article=article,
        revision=revision,
        change_kind=change_kind,
        subject=subject[:200],
        detail=detail,
    )
