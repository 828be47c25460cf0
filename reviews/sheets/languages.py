"""The words a sheet's footer prints its review in, one table per language.

A sheet's language is the language of its footer labels (``footer_label``): an English sheet
prints "Online Medical Reviewer: …" and "Date Last Reviewed: 10/1/2023" (month first), a
Spanish one "Revisor médico en línea: …" and "Fecha de la última revisión: 1/10/2023" (day
first). The date order follows the label of the date line itself, so a date is always read the
way its own footer prints dates. To read another language, add a row to ``FOOTER_LABELS``.
"""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class FooterLabels:
    """How sheets in one language print their review. The patterns are matched at the start
    of a line, case-insensitively, on the line's NFC form."""

    name: str  # the language's English name, for messages
    reviewer_role: str  # a pattern for every reviewer role the footer prints
    review_date: str  # a pattern for the review-date label
    date_label: str  # the review-date label as messages quote it
    day_first: bool  # 1/10/2023 is 1 October (True) or 10 January (False)
    rights_reserved: str  # a pattern for what follows the publisher on the copyright line
    disclaimer: str  # a pattern for the start of the site's disclaimer (chrome)
    title_case_role: bool  # "Online Medical Reviewer" (True) or "Revisor médico" (False)


FOOTER_LABELS: dict[str, FooterLabels] = {
    "en": FooterLabels(
        name="English",
        reviewer_role=r"(?:Online )?Medical Reviewer",
        review_date=r"Date Last Reviewed",
        date_label="Date Last Reviewed",
        day_first=False,
        rights_reserved=r"All rights reserved",
        disclaimer=r"This information is not intended as a substitute",
        title_case_role=True,
    ),
    "es": FooterLabels(
        name="Spanish",
        # Revisor/Revisora médico/médica, "en línea" or not; accents may be missing in exports.
        reviewer_role=r"Revisora? m[ée]dic[oa](?: en l[íi]nea)?",
        review_date=r"Fecha de (?:la )?[úu]ltima revisi[óo]n",
        date_label="Fecha de la última revisión",
        day_first=True,
        rights_reserved=r"Todos los derechos reservados",
        disclaimer=(
            r"Esta informaci[óo]n no (?:pretende|tiene (?:como|por) objeto) "
            r"(?:sustituir|reemplazar)"
        ),
        title_case_role=False,
    ),
}


def _compiled(template: str, part: str) -> dict[str, re.Pattern]:
    return {
        language: re.compile(template.format(getattr(labels, part)), re.IGNORECASE)
        for language, labels in FOOTER_LABELS.items()
    }


_REVIEWER = _compiled(r"^({})\s*:\s*(.*)$", "reviewer_role")
_REVIEW_DATE = _compiled(r"^{}\s*:\s*(.*)$", "review_date")
_DISCLAIMER = _compiled(r"^{}", "disclaimer")
RIGHTS_RESERVED = re.compile(
    r"\.?\s+(?:" + "|".join(labels.rights_reserved for labels in FOOTER_LABELS.values()) + ")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FooterLine:
    """A reviewer or review-date line: its language, what it is, and what follows the label
    (for a reviewer line, ``role`` is the role as printed)."""

    language: str
    kind: str  # "reviewer" or "review_date"
    value: str
    role: str = ""

    @property
    def labels(self) -> FooterLabels:
        return FOOTER_LABELS[self.language]


def footer_label(text: str) -> FooterLine | None:
    """The reviewer or review-date line ``text`` is, in whichever language, or None."""
    text = unicodedata.normalize("NFC", text)
    for language in FOOTER_LABELS:
        if match := _REVIEWER[language].match(text):
            return FooterLine(language, "reviewer", match.group(2), role=match.group(1))
        if match := _REVIEW_DATE[language].match(text):
            return FooterLine(language, "review_date", match.group(1))
    return None


def is_disclaimer(text: str) -> bool:
    """The site's disclaimer, in any language of the table."""
    text = unicodedata.normalize("NFC", text)
    return any(pattern.match(text) for pattern in _DISCLAIMER.values())


def printed_role(line: FooterLine) -> str:
    """The role as the article keeps it: "Online Medical Reviewer" in title case, as English
    prints it; "Revisor médico en línea" in sentence case, as Spanish does."""
    words = line.role.split()
    if line.labels.title_case_role:
        return " ".join(word.capitalize() for word in words)
    return " ".join(words).capitalize()
