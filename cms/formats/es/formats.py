"""Dates in Spanish, for pages in Spanish (a public article in Spanish, the staff interface
in Spanish): D/M/YYYY without leading zeros (1/10/2023 for 1 October 2023), times on the
24-hour clock with their zone. The rest follows Django's own Spanish formats; exports and
the API keep ISO 8601."""

DATE_FORMAT = "j/n/Y"
SHORT_DATE_FORMAT = "j/n/Y"
DATETIME_FORMAT = "j/n/Y H:i T"
SHORT_DATETIME_FORMAT = "j/n/Y H:i T"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j/n"
YEAR_MONTH_FORMAT = "F \\d\\e Y"
# Typed dates: ISO first (what <input type="date"> sends), then as printed.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
