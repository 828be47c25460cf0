"""Copies the pending change kind onto each historical article row as it is written."""

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from .models import HistoricalArticle


@receiver(pre_create_historical_record, sender=HistoricalArticle)
def record_change_kind(sender, instance, history_instance, **kwargs):
    history_instance.change_kind = getattr(instance, "_change_kind", "") or ""
