"""The Makefile's install step is idempotent: once installed, nothing is left to do."""

import shutil
import subprocess

import pytest
from django.conf import settings


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_install_has_nothing_left_to_do_once_installed():
    if not (settings.BASE_DIR / ".venv" / ".installed").exists():
        pytest.fail("run the tests through `make test`, which installs .venv first")
    result = subprocess.run(
        ["make", "--question", "install"], cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
