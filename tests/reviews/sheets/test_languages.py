"""Footer labels in each language: the sheet's language, its reviewers and its review date in
the order that language prints dates."""

from datetime import date

import pytest

from reviews.sheets import SheetError, parse_html, parse_text
from reviews.sheets.languages import FOOTER_LABELS

AS_OF = date(2026, 11, 23)
BODY = "Asma: desencadenantes\n\nEvite el humo del tabaco.\n"


def test_a_spanish_footer_gives_the_reviewers_the_date_day_first_and_the_language():
    sheet = parse_text(
        BODY + "Revisor médico en línea: Ana María López Ruiz MD\n"
        "Revisora médica en línea: Rosa Díaz RN BSN\n"
        "Fecha de la última revisión: 1/10/2023\n"
        "© 2026 Ejemplo Salud. Todos los derechos reservados. Esta información no pretende "
        "sustituir la atención médica profesional.\n",
        as_of=AS_OF,
    )
    assert sheet.language == "es"
    assert sheet.reviewed_on == date(2023, 10, 1)  # 1 October, not 10 January
    assert sheet.reviewers == [("Ana María López Ruiz", "MD"), ("Rosa Díaz", "RN BSN")]
    assert sheet.reviewer_role == "Revisora médica en línea"  # as printed, sentence case
    assert sheet.source == "Ejemplo Salud"
    assert "Fecha" not in str(sheet.body) and "Revisor" not in str(sheet.body)


@pytest.mark.parametrize(
    "line",
    [
        "REVISOR MÉDICO: Ana López MD",
        "Revisor medico en linea: Ana López MD",  # accents lost in an export
        "Revisora médica: Ana López MD",
        "Revisor me\u0301dico en li\u0301nea: Ana López MD",  # decomposed accents
    ],
)
def test_every_spanish_reviewer_role_line_is_understood(line):
    sheet = parse_text(BODY + line + "\n", as_of=AS_OF)
    assert (sheet.language, sheet.reviewers) == ("es", [("Ana López", "MD")])


def test_an_english_footer_keeps_month_first_and_says_english():
    sheet = parse_text(
        "Gout: Diet\n\nEat less red meat.\nMedical Reviewer: Ann Lee MD\n"
        "Date Last Reviewed: 1/10/2023\n",
        as_of=AS_OF,
    )
    assert (sheet.language, sheet.reviewed_on) == ("en", date(2023, 1, 10))


def test_a_sheet_with_no_footer_labels_has_no_language():
    assert parse_text(BODY, as_of=AS_OF).language is None


def test_an_html_sheet_detects_its_language_too():
    sheet = parse_html(
        "<h1>Asma</h1><p>Evite el humo.</p><p>Fecha de la última revisión: 13/2/2024</p>",
        as_of=AS_OF,
    )
    assert (sheet.language, sheet.reviewed_on) == ("es", date(2024, 2, 13))


@pytest.mark.parametrize(
    ("footer", "line", "reason"),
    [
        ("Fecha de la última revisión: 31/2/2023", 4, "impossible review date '31/2/2023'"),
        ("Fecha de la última revisión: 2/13/2023", 4, "impossible review date '2/13/2023'"),
        (
            "Fecha de la última revisión: ayer",
            4,
            "unparseable review date 'ayer': expected D/M/YYYY or YYYY-MM-DD",
        ),
        ("Fecha de la última revisión: 1/12/2026", 4, "is in the future"),  # 1 December
        (
            "Fecha de la última revisión: 1/1/2020\nFecha de la última revisión: 2/1/2020",
            5,
            "a second 'Fecha de la última revisión' line (the first is on line 4)",
        ),
        (
            "Revisor médico: Ana López MD\nDate Last Reviewed: 1/10/2023",
            5,
            "footer labels in two languages: English here, Spanish on line 4",
        ),
    ],
)
def test_bad_spanish_footers_are_refused_with_the_line_and_reason(footer, line, reason):
    with pytest.raises(SheetError) as raised:
        parse_text(BODY + footer + "\n", as_of=AS_OF)
    assert raised.value.line == line
    assert reason in raised.value.reason


def test_each_language_has_its_labels_in_one_table():
    assert set(FOOTER_LABELS) == {"en", "es"}
    assert FOOTER_LABELS["es"].day_first and not FOOTER_LABELS["en"].day_first
