"""Signals of the content app, and the change kind copied onto each historical row.

Other apps (reviews) listen to ``revision_saved`` and ``revision_published`` to keep their own
records (the audit trail) without cms importing them.
"""

from django.dispatch import Signal, receiver
from simple_history.signals import pre_create_historical_record

from .models import HistoricalArticle

# Sent inside the saving transaction: article, revision, kind, user.
revision_saved = Signal()
# Sent inside the publishing transaction: article, revision, at, actor.
revision_published = Signal()


@receiver(pre_create_historical_record, sender=HistoricalArticle)
def record_change_kind(sender, instance, history_instance, **kwargs):
    history_instance.change_kind = getattr(instance, "_change_kind", "") or ""
