"""How report cells write dates, grades and people: the small formatters the columns share."""

from datetime import date

from reviews.selectors import ReviewerName


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def names(people: list[ReviewerName]) -> list[dict]:
    return [{"name": p.name, "credentials": p.credentials} for p in people]


def names_text(people: list[ReviewerName]) -> str:
    if len(people) == 1:  # most often: one name, no generator
        return f"{people[0].name} ({people[0].credentials})"
    return "; ".join(f"{p.name} ({p.credentials})" for p in people)


def iso_text(day: date | None) -> str:
    return day.isoformat() if day else ""


def grade_text(grade: float | None) -> str:
    return "" if grade is None else f"{grade:.1f}"


def printed(people: list[ReviewerName]) -> str:
    return "; ".join(p.printed for p in people) or "—"
