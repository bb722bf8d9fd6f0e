#!/usr/bin/env bash
# bench/soak.sh: a soak of mixed reading and giving against gunicorn on loopback (issue 7).
#
#   1. builds (or reuses) the PostgreSQL database chungtay_soak: migrate, demo content, static
#      files, renditions (bench/soak/setup_db.py; the demo campaign is kept open for gifts),
#   2. serves it as in production: gunicorn with deploy/gunicorn.conf.py, 2 sync workers that
#      are never recycled (so a leak shows), DEBUG off, DJANGO_ENV=production, cache, sessions
#      and page cache in Redis, tasks queued in PostgreSQL and run by one `db_worker`,
#   3. runs bench/soak/driver.py: $CLIENTS threads for $DURATION (at most $REQUESTS requests,
#      paced to $RATE requests/s) of reading (home, a story, the campaign, the statement's first
#      and last page, search) and giving (VNPay: campaign page, donate form, the IPN signed as
#      VNPay signs it, sometimes twice, then the return page; VietQR transfer: campaign page,
#      donate form, status page with the QR code), while each worker's RSS is sampled,
#   4. checks and prints: requests by status (no 5xx, every request answered as expected),
#      gifts started vs in the database, IPNs acknowledged vs receipts recorded (none lost or
#      doubled), the campaign total against the gifts, receipt e-mail tasks, each worker's RSS
#      first (after $WARMUP) vs last (growth under $RSS_LIMIT_MB), the load average.
# Exits non-zero if any check fails. Nothing leaves the machine: the VNPay merchant secret is a
# throwaway one shared by the driver and the site, and e-mails go to Django's dummy backend.
#
# Knobs: DURATION=10m (or 120, 120s, 2m)  REQUESTS=60000  CLIENTS=6  RATE=40 (0 = flat out)
#        DUPLICATES=0.10  RSS_LIMIT_MB=20  WARMUP=60 (less for runs under 5 min)
#        SAMPLE_SECONDS=10  PORT=8791  SOAK_FRESH=1 (rebuild the database)  TASKS=database|immediate
#        BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432  BENCH_REDIS_URL=redis://…/0
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
OUT=${BENCH_OUT:-$ROOT/bench/out/soak}
PG_SERVER=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=chungtay_soak
REDIS_URL_BENCH=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}
PORT=${PORT:-8791}
TASKS=${TASKS:-database}
PREFIX="bench-soak-$$"
mkdir -p "$OUT"

seconds_of() {
    case $1 in
        *m) echo $((${1%m} * 60)) ;;
        *s) echo "${1%s}" ;;
        *) echo "$1" ;;
    esac
}
DURATION_S=$(seconds_of "${DURATION:-10m}")
WARMUP=${WARMUP:-$((DURATION_S >= 300 ? 60 : DURATION_S / 5))}

GUNICORN_PID=""
WORKER_PID=""
cleanup() {
    for pid in $GUNICORN_PID $WORKER_PID; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    "$PY" - "$REDIS_URL_BENCH" "$PREFIX" <<'PY' || true
import sys, redis
client = redis.Redis.from_url(sys.argv[1])
keys = list(client.scan_iter(match=f"*{sys.argv[2]}*", count=1000))
if keys:
    client.delete(*keys)
PY
}
trap cleanup EXIT

if ! "$PY" -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_timeout=1).ping()" \
    "$REDIS_URL_BENCH" 2>/dev/null; then
    echo "Redis does not answer at $REDIS_URL_BENCH: the soak runs as in production, with Redis" >&2
    exit 1
fi

# The same environment for the site, its task worker and the driver (which signs the IPNs and
# reads the database afterwards).
export DATABASE_URL="$PG_SERVER/$PG_DB" REDIS_URL="$REDIS_URL_BENCH" CACHE_KEY_PREFIX="$PREFIX"
export DJANGO_ENV=production DEBUG=0 ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY="bench-soak-not-secret-$$-0123456789abcdefghijklmnopqrstuvwxyz"
export STATIC_ROOT="$OUT/static" MEDIA_ROOT="$OUT/media" LOG_LEVEL=WARNING
export VNPAY_TMN_CODE=SOAKTEST VNPAY_HASH_SECRET="bench-soak-throwaway-merchant-secret"
export VNPAY_SIMULATOR_ENABLED=0
# All the soak's donors come from 127.0.0.1: without this they would hit the per-address limit
# of started gifts after ten (a production visitor has an address of their own).
export GIVING_RATE_LIMIT=0
export TASKS_BACKEND="$TASKS" EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
export GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_MAX_REQUESTS=0
export GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=warning

echo "bench/soak.sh at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (+ local changes)')"
echo "load before: $(uptime)"
if [ "${SOAK_FRESH:-0}" = 1 ]; then
    psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
    rm -rf "$OUT/static" "$OUT/media"
fi
psql "$PG_SERVER/postgres" -tAq -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" |
    grep -q 1 || psql "$PG_SERVER/postgres" -q -c "CREATE DATABASE $PG_DB"
"$PY" bench/soak/setup_db.py --urls-out "$OUT/urls.json"

: >"$OUT/gunicorn.log"
: >"$OUT/db_worker.log"
if [ "$TASKS" = database ]; then
    "$PY" manage.py db_worker --worker-id "soak-$$" --no-reload --no-startup-delay \
        >>"$OUT/db_worker.log" 2>&1 &
    WORKER_PID=$!
fi
"$PY" -m gunicorn -c deploy/gunicorn.conf.py sitewide.wsgi:application >>"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break
    sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/robots.txt" ||
    { echo "gunicorn did not start; see $OUT/gunicorn.log" >&2; exit 1; }

echo "soak: ${DURATION_S} s, at most ${REQUESTS:-60000} requests, ${CLIENTS:-6} clients," \
    "${RATE:-40} requests/s, 2 sync gunicorn workers (pid $GUNICORN_PID), tasks: $TASKS"
status=0
"$PY" bench/soak/driver.py --port "$PORT" --urls "$OUT/urls.json" --master-pid "$GUNICORN_PID" \
    --duration "$DURATION_S" --requests "${REQUESTS:-60000}" --clients "${CLIENTS:-6}" \
    --rate "${RATE:-40}" --duplicates "${DUPLICATES:-0.10}" --workers 2 \
    --sample-seconds "${SAMPLE_SECONDS:-10}" --warmup "$WARMUP" \
    --rss-limit-mb "${RSS_LIMIT_MB:-20}" --out "$OUT/result.json" | tee "$OUT/result.txt" ||
    status=$?
if grep -q "Traceback\|\[CRITICAL\]\|WORKER TIMEOUT" "$OUT/gunicorn.log" 2>/dev/null; then
    echo "gunicorn's log has errors: $OUT/gunicorn.log" | tee -a "$OUT/result.txt"
    status=1
fi
echo "load after: $(uptime)" | tee -a "$OUT/result.txt"
exit "$status"
