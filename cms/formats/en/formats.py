"""Recheck's one date format, for what Django renders itself (the admin, form values, a date
printed without a filter): M/D/YYYY as the sheets print it, and times with their zone. The
templates and messages use ``cms.templatetags.cms_tags.us_date`` and ``us_datetime``, which
give the same text; exports and the API keep ISO 8601."""

DATE_FORMAT = "n/j/Y"
SHORT_DATE_FORMAT = "n/j/Y"
DATETIME_FORMAT = "n/j/Y g:i A T"
SHORT_DATETIME_FORMAT = "n/j/Y g:i A T"
TIME_FORMAT = "g:i A"
MONTH_DAY_FORMAT = "n/j"
YEAR_MONTH_FORMAT = "F Y"
# Typed dates: ISO first (what <input type="date"> sends), then as printed.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
]
