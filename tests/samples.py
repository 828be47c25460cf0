"""The reference sheets tests read: the shipped sample and its HTML form."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "000_a4a6a23edc28d406.txt"
SAMPLE_HTML = (
    ROOT / "tests" / "fixtures" / "sheets" / "acute-lymphocytic-leukemia-targeted-therapy.html"
)
