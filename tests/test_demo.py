"""`make demo`'s script, run for real: web, worker and beat come up, serve the library with the
sample sheet, and all stop on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs bash")
def test_the_demo_serves_the_library_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "PYTHON": sys.executable,
        "RECHECK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",  # the demo's own defaults: SQLite and the filesystem broker
        "CELERY_BROKER_URL": "",
        "SECRET_KEY": "",
        "DEBUG": "1",
    }
    demo = subprocess.Popen(
        ["bash", "scripts/demo.sh"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            output.append(line)
            if "Press Ctrl-C to stop." in line:
                break
        text = "".join(output)
        assert f"Recheck is running at http://127.0.0.1:{port}/" in text, text
        for role in ("Content admins", "Editors", "Medical reviewers"):
            assert role in text
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/", timeout=10).read()
        assert b"Acute Lymphocytic Leukemia: Targeted Therapy" in page
        time.sleep(2)  # let the worker and beat finish starting
        log = (tmp_path / "log" / "worker.log").read_text()
        assert "ready" in log, log
        # The filesystem broker keeps its exchange tables under the var folder, not in the
        # working directory (they used to end up committed as control/*.exchange).
        assert (tmp_path / "celery" / "control" / "celery.pidbox.exchange").exists()
        assert not (settings.BASE_DIR / "control").exists()
    finally:
        os.killpg(demo.pid, signal.SIGINT)
        try:
            demo.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            logs = {
                name: (tmp_path / "log" / name).read_text()[-2000:]
                for name in ("worker.log", "beat.log", "web.log")
                if (tmp_path / "log" / name).exists()
            }
            pytest.fail(f"The demo did not stop within 60 s of Ctrl-C. Logs' ends: {logs}")
    with pytest.raises(ProcessLookupError):
        os.killpg(demo.pid, 0)  # nothing of the demo is left running
