#!/usr/bin/env bash
# bench/http.sh: how fast the public site answers, measured with wrk on loopback.
#
# For SQLite and for PostgreSQL (database chungtay_bench_http) it
#   1. builds the demo database once (bench/http/prepare.py: migrate, demo content, 1.000.000
#      receipts in the running campaign for the statement's last page, 10.000 stories for search,
#      collectstatic, renditions),
#   2. counts each page's SQL queries (bench/http/queries.py, page cache off): on a warm server
#      (second view) and for the first reader after a publish (the generation moved),
#   3. serves it with gunicorn (deploy/gunicorn.conf.py, 2 sync workers, DEBUG off) twice:
#      page cache off (PAGE_CACHE_ENABLED=0: pages rendered, from the fragments and route
#      cache of sitewide/caching/ when Redis answers) and on (PAGE_CACHE_ENABLED=1, in Redis),
#      and runs wrk for $DURATION at $CONNECTIONS connections against: home, a story, the running
#      campaign, the public statement's last page, the campaign's disclosure page (Công khai),
#      search (one query, repeated, as readers repeat popular ones), search_new (a query never
#      asked before on every request), and a static file served by whitenoise in the same
#      gunicorn (the ceiling),
#   4. prints requests/s, p50/p99 latency, each page as a fraction of the static ceiling, the
#      query counts and the cache status the page answered with.
#
# Needs wrk from Debian (`apt-get install -y wrk`; done here when run as root and missing).
# Knobs: DATABASES="sqlite postgresql"  PASSES="uncached cached"  DURATION=10s  CONNECTIONS=16  THREADS=2
#        PAGES="search search_new static" (some of the pages below; default all of them)
#        RECEIPTS=1000000  STORIES=10000  BENCH_FRESH=1 (rebuild the databases)  PORT=8790
#        BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432  BENCH_REDIS_URL=redis://…/0
# Loopback only, bounded: 8 pages × 2 passes × $DURATION per database, plus the build. The
# "% static" column needs static among PAGES (0 without it).
# Targets (issue 6): cached ≥ 80% of static; uncached story and campaign ≥ 300 requests/s
# with ≤ 10 queries; p99 < 100 ms at 16 connections.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
OUT=${BENCH_OUT:-$ROOT/bench/out/http}
DATABASES=${DATABASES:-"sqlite postgresql"}
PASSES=${PASSES:-"uncached cached"}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
RECEIPTS=${RECEIPTS:-1000000}
STORIES=${STORIES:-10000}
PORT=${PORT:-8790}
PG_SERVER=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=chungtay_bench_http
REDIS_URL_BENCH=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}
ALL_PAGES="home story campaign statement_last disclosure search search_new static"
read -r -a PAGES <<<"${PAGES:-$ALL_PAGES}"
for page in "${PAGES[@]}"; do
    case " $ALL_PAGES " in *" $page "*) ;; *) echo "PAGES: no page named $page ($ALL_PAGES)" >&2; exit 1 ;; esac
done
mkdir -p "$OUT"
GUNICORN_PID=""
PREFIX="bench-http-$$"

cleanup() {
    if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; fi
    if [ "${REDIS_OK:-0}" = 1 ]; then
        "$PY" - "$REDIS_URL_BENCH" "$PREFIX" <<'PY' || true
import sys, redis
client = redis.Redis.from_url(sys.argv[1])
keys = list(client.scan_iter(match=f"{sys.argv[2]}*", count=1000))
if keys:
    client.delete(*keys)
PY
    fi
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
        echo "wrk is missing: apt-get install -y wrk" >&2
        exit 1
    fi
fi

REDIS_OK=0
if "$PY" -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_timeout=1).ping()" \
    "$REDIS_URL_BENCH" 2>/dev/null; then
    REDIS_OK=1
fi

database_url() {
    case $1 in
        sqlite) echo "sqlite:///$OUT/bench.sqlite3" ;;
        postgresql) echo "$PG_SERVER/$PG_DB" ;;
    esac
}

prepare() {
    local db=$1
    if [ "${BENCH_FRESH:-0}" = 1 ]; then
        rm -f "$OUT"/bench.sqlite3*
        [ "$db" = postgresql ] && psql "$PG_SERVER/postgres" -q -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
    fi
    if [ "$db" = postgresql ]; then
        psql "$PG_SERVER/postgres" -tAq -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" |
            grep -q 1 || psql "$PG_SERVER/postgres" -q -c "CREATE DATABASE $PG_DB"
    fi
    DATABASE_URL=$(database_url "$db") STATIC_ROOT="$OUT/static" MEDIA_ROOT="$OUT/media" \
        "$PY" bench/http/prepare.py --receipts "$RECEIPTS" --stories "$STORIES" --urls-out "$OUT/urls-$db.json"
}

url_of() { "$PY" -c "import json, sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ''))" "$OUT/urls-$1.json" "$2"; }

start_gunicorn() {
    local db=$1 cache=$2
    local vars=(DATABASE_URL="$(database_url "$db")" STATIC_ROOT="$OUT/static" MEDIA_ROOT="$OUT/media"
        DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECRET_KEY="bench-http-not-secret-$$-0123456789abcdefghijklmnop"
        PAGE_CACHE_ENABLED="$cache" GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_BIND="127.0.0.1:$PORT"
        GUNICORN_ACCESS_LOG="" GUNICORN_LOG_LEVEL=warning TASKS_BACKEND=immediate)
    if [ "$REDIS_OK" = 1 ]; then vars+=(REDIS_URL="$REDIS_URL_BENCH" CACHE_KEY_PREFIX="$PREFIX-$db"); fi
    env "${vars[@]}" "$PY" -m gunicorn -c deploy/gunicorn.conf.py sitewide.wsgi:application \
        >>"$OUT/gunicorn-$db.log" 2>&1 &
    GUNICORN_PID=$!
    for _ in $(seq 1 120); do
        curl -fs -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && return 0
        sleep 0.5
    done
    echo "gunicorn did not start; see $OUT/gunicorn-$db.log" >&2
    exit 1
}

stop_gunicorn() {
    kill "$GUNICORN_PID" && wait "$GUNICORN_PID" 2>/dev/null || true
    GUNICORN_PID=""
}

declare -A RESULT XCACHE QUERIES

measure() {
    local db=$1 mode=$2 page url line script
    for page in "${PAGES[@]}"; do
        url=$(url_of "$db" "$page") script=bench/http/report.lua
        # A new query on every request (bench/http/search_new.lua): results never kept yet.
        [ "$page" = search_new ] && url=$(url_of "$db" search) script=bench/http/search_new.lua
        [ -n "$url" ] || continue
        for _ in 1 2 3; do curl -fs -o /dev/null "http://127.0.0.1:$PORT$url" || true; done
        XCACHE[$db,$mode,$page]=$(curl -s -o /dev/null -D - "http://127.0.0.1:$PORT$url" |
            tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" {print $2}')
        line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$script" \
            "http://127.0.0.1:$PORT$url" | grep '^RESULT')
        RESULT[$db,$mode,$page]=${line#RESULT }
        echo "  $db $mode $page: ${RESULT[$db,$mode,$page]} (X-Cache ${XCACHE[$db,$mode,$page]:--})"
    done
}

report() {
    local db=$1 mode page rps p50 p99 n status errors ceiling
    echo
    echo "== $db: $CONNECTIONS connections, $DURATION per page, 2 gunicorn sync workers =="
    printf '%-15s %-8s %9s %8s %8s %8s %8s %-7s %s\n' page pass "req/s" "p50 ms" "p99 ms" \
        "% static" "queries" X-Cache "non-2xx/errors"
    for mode in $PASSES; do
        ceiling=$(echo "${RESULT[$db,$mode,static]:-0}" | cut -d' ' -f1)
        for page in "${PAGES[@]}"; do
            if [ -z "${RESULT[$db,$mode,$page]:-}" ]; then
                printf '%-15s %-8s %s\n' "$page" "$mode" "not measured (no such page in this database)"
                continue
            fi
            read -r rps p50 p99 n status errors <<<"${RESULT[$db,$mode,$page]}"
            printf '%-15s %-8s %9.1f %8.2f %8.2f %7.1f%% %8s %-7s %s/%s\n' "$page" "$mode" \
                "$rps" "$p50" "$p99" "$(echo "$rps $ceiling" | awk '{printf "%.1f", $2 ? 100*$1/$2 : 0}')" \
                "${QUERIES[$db,$page]:--}" "${XCACHE[$db,$mode,$page]:--}" "$status" "$errors"
        done
    done
}

echo "bench/http.sh at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (+ local changes)')"
echo "load before: $(uptime)"
echo "pages: ${PAGES[*]}; databases: $DATABASES"
echo "cache for the cached pass: $([ "$REDIS_OK" = 1 ] && echo "Redis $REDIS_URL_BENCH" || echo "in-process (no Redis)")"
echo "fragments and route cache in the uncached pass: $([ "$REDIS_OK" = 1 ] && echo on || echo "off (no Redis)")"
echo "queries: warm server / first view after a publish"
for db in $DATABASES; do
    echo
    echo "== preparing $db =="
    prepare "$db"
    while read -r _ page warm cold; do QUERIES[$db,$page]="$warm/$cold"; done < <(
        DATABASE_URL=$(database_url "$db") STATIC_ROOT="$OUT/static" MEDIA_ROOT="$OUT/media" \
            "$PY" bench/http/queries.py "$OUT/urls-$db.json" | tee "$OUT/queries-$db.txt" | grep '^QUERIES')
    echo "load before measuring $db: $(uptime)"
    for mode in $PASSES; do
        start_gunicorn "$db" "$([ "$mode" = cached ] && echo 1 || echo 0)"
        measure "$db" "$mode"
        stop_gunicorn
    done
done
for db in $DATABASES; do report "$db"; done | tee "$OUT/results.txt"
echo
echo "load after: $(uptime)" | tee -a "$OUT/results.txt"
echo "queries of the first view after a publish above 10, statement by statement: $OUT/queries-*.txt"
