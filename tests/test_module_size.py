"""The layout rule of docs/architecture.md: no module of cms or reviews outside migrations runs
past 400 lines (a module that grows past it holds more than one concern)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 400


def test_no_module_runs_past_400_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for app in ("cms", "reviews")
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
