#!/usr/bin/env bash
# make demo: migrate, load demo data, then run web + Celery worker + beat in the foreground.
# Ctrl-C stops all three. Honours PORT (default 8000); DATABASE_URL and CELERY_BROKER_URL
# default to SQLite and kombu's filesystem broker under var/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8000}
export DEBUG=${DEBUG:-1}
VAR=${RECHECK_VAR_DIR:-var}
LOG=$VAR/log
mkdir -p "$LOG"
# Demo emails (digests) are written as files under $VAR/mail instead of being sent.
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$VAR/mail}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}

echo "== Migrating"
"$PYTHON" manage.py migrate --noinput -v0
echo "== Loading demo data"
"$PYTHON" manage.py load_demo_data | tee "$LOG/demo-logins.txt"
echo "== Scanning review dates and building today's digests"
"$PYTHON" manage.py scan_reviews
"$PYTHON" manage.py send_digests

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "== Stopping web, worker and beat"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

"$PYTHON" -m celery -A cms worker --loglevel=INFO --concurrency=2 >"$LOG/worker.log" 2>&1 &
pids+=($!)
"$PYTHON" -m celery -A cms beat --loglevel=INFO >"$LOG/beat.log" 2>&1 &
pids+=($!)
"$PYTHON" manage.py runserver "127.0.0.1:$PORT" --noreload >"$LOG/web.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 50); do
  if "$PYTHON" - "$PORT" <<'PY' 2>/dev/null; then break; fi
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/articles/", timeout=1)
PY
  sleep 0.2
done

cat <<TXT

Recheck is running at http://127.0.0.1:$PORT/
  Health library: http://127.0.0.1:$PORT/articles/
  Admin:          http://127.0.0.1:$PORT/admin/
$(sed -n '/^Logins/,$p' "$LOG/demo-logins.txt")
Digest emails: $EMAIL_FILE_PATH/ (also under Notifications in the app).
Logs: $LOG/web.log, $LOG/worker.log, $LOG/beat.log. Press Ctrl-C to stop.
TXT

# Stop everything if any one of the three dies.
wait -n "${pids[@]}"
echo "A process exited; see $LOG/." >&2
