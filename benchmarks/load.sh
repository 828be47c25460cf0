#!/usr/bin/env bash
# Load test: gunicorn + PostgreSQL with the demo data, 50 concurrent connections for 60 s (wrk),
# over public article pages, a reviewer's queue and the review-status report. Prints req/s, p95
# latency and errors. Needs wrk (apt-get install wrk) and the local PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8950}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-50}
WORKERS=${WORKERS:-5}

export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/recheck_load_bench}
export DEBUG=0 SECRET_KEY=load-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-9876
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0
export RECHECK_VAR_DIR=${RECHECK_VAR_DIR:-$(mktemp -d)}
command -v wrk >/dev/null || { echo "load.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }

"$PYTHON" - <<'PY'
import os, psycopg
name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
    if not c.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
        c.execute(f'CREATE DATABASE "{name}"')
PY
"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py load_demo_data >/dev/null
"$PYTHON" manage.py scan_reviews >/dev/null
"$PYTHON" manage.py collectstatic --noinput -v0
eval "$("$PYTHON" manage.py shell -v0 -c '
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from cms.selectors import public_articles
def cookie(username):
    user = get_user_model().objects.get(username=username)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key
print("export LOAD_REVIEWER_COOKIE=" + cookie("reviewer"))
print("export LOAD_ADMIN_COOKIE=" + cookie("admin"))
print("export LOAD_SLUGS=" + ",".join(public_articles().values_list("slug", flat=True)))
')"

.venv/bin/gunicorn cms.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$RECHECK_VAR_DIR/gunicorn.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/articles/" >/dev/null && break; sleep 0.2; done
check() {  # the session cookies work: 200, not a redirect to the login page
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$1" "http://127.0.0.1:$PORT$2")" = 200 ] \
    || { echo "load.sh: $2 did not answer 200 with its session" >&2; exit 1; }
}
check "$LOAD_REVIEWER_COOKIE" /review/queue/
check "$LOAD_ADMIN_COOKIE" /reports/review-status/
echo "gunicorn ($WORKERS workers) + PostgreSQL, demo data; wrk: $CONNECTIONS connections, $DURATION"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s benchmarks/load.lua "http://127.0.0.1:$PORT"
