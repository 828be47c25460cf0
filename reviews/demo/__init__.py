"""Demo data for ``manage.py load_demo_data`` and ``make demo``."""

from reviews.demo.data import DEMO_PASSWORD
from reviews.demo.load import DemoSummary, fill_scan_history, load_demo_data

__all__ = ["DEMO_PASSWORD", "DemoSummary", "fill_scan_history", "load_demo_data"]
