"""Template helpers for content pages."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def us_date(value: date | None) -> str:
    """M/D/YYYY without leading zeros, as printed on the sheets: 10/1/2023."""
    if not value:
        return ""
    return f"{value.month}/{value.day}/{value.year}"
