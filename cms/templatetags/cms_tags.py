"""Template helpers for content pages."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def us_date(value: date | None) -> str:
    """M/D/YYYY without leading zeros, as printed on the sheets: 10/1/2023."""
    if not value:
        return ""
    return f"{value.month}/{value.day}/{value.year}"


@register.filter
def us_datetime(value: datetime | None) -> str:
    """10/1/2023 3:04 PM EDT, in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{us_date(local.date())} {hour}:{local.minute:02d} {local:%p} {local.tzname()}"


@register.filter
def days_from(value: date | None, today: date) -> int | None:
    """Days from ``today`` to ``value``: negative when ``value`` has passed."""
    if not value or not today:
        return None
    return (value - today).days


@register.filter
def absolute(value: int | None) -> int | None:
    return abs(value) if value is not None else None
