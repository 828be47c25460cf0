"""Parsing the ``--as-of`` date that commands take."""

from datetime import date


def parse_as_of(value: str | None) -> date | None:
    """``YYYY-MM-DD`` to a date; None for no value. Raises ValueError with a clear message."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--as-of must be a date as YYYY-MM-DD, not {value!r}.") from None
