"""One rule for a line of text a person names something with: a title, a reviewer's name or
credentials, a clinical event's term, the reason for a change.

Such a line is shown on pages, printed in reports and exports, and joined with separators by
the review-status report, so it refuses characters that hide, reorder or split text: control
characters (line breaks, tabs and the record and unit separators among them), bidirectional
overrides and isolates, and zero-width characters. It is stored NFC-normalised, so that one
name typed two ways is one name.
"""

import unicodedata

from django.core.exceptions import ValidationError

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
LINE_BREAKS = frozenset("\u2028\u2029")  # line and paragraph separators: not Cc, still a break


def refused_character(value: str) -> str | None:
    """What is wrong with ``value`` as one line ("a control character (U+001F)"), or None."""
    for char in value:
        if char in BIDI_CONTROLS:
            kind = "a bidirectional control character"
        elif char in ZERO_WIDTH:
            kind = "a zero-width character"
        elif char in LINE_BREAKS or unicodedata.category(char) == "Cc":
            kind = "a control character or line break"
        else:
            continue
        return f"{kind} (U+{ord(char):04X})"
    return None


def clean_line(value: str, field_label: str) -> str:
    """``value`` NFC-normalised and stripped of surrounding spaces.

    Raises ValidationError (code "refused_character") naming ``field_label`` and the character
    when the line holds a control character, a bidirectional override or isolate, or a
    zero-width character.
    """
    value = unicodedata.normalize("NFC", value or "")
    problem = refused_character(value)
    if problem:
        raise ValidationError(
            "%(field)s contains %(problem)s; remove it.",
            code="refused_character",
            params={"field": field_label, "problem": problem},
        )
    return value.strip()
