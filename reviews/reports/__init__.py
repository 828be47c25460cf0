"""Reports declared once: a django-filter FilterSet, one function that builds the rows, and a
list of columns (``columns.py``) that the page, the CSV/JSON/terminal writers (``export.py``),
the command and the API all read. ``review_status.py`` is the review-status report."""
