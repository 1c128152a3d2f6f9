#!/usr/bin/env bash
# Property-based API testing of `pssst serve` with schemathesis (from PyPI), driven by the
# service's own /openapi.json: every operation, every check schemathesis has, once on SQLite
# and once on PostgreSQL. Prints schemathesis's own summary for each (its test-case counts are
# the figures bench/schemathesis.md quotes) and exits non-zero when either run finds a failure.
#
# One check is left out: ensure_resource_availability (ST302) expects a resource made by one call
# to be found by the next linked call, which a reset token is not by design: a verify consumes it,
# a DELETE or a subject revoke ends it, and a newer token for the same subject and purpose
# supersedes it; schemathesis's stateful scenarios do all of these between the two calls. That
# a token answers its first verify is proven by the router tests (tests/server/verify.rs).
#
# Usage: bench/schemathesis.sh [MAX_EXAMPLES=100]; PSSST_BIN picks the binary (default: a
# debug build); PSSST_ST_BACKENDS="sqlite postgres" picks the runs.
# Needs: python3 (a venv with schemathesis is made under target/st-venv), curl, and PostgreSQL
# at $PSSST_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES=${1:-100}
PG_URL=${PSSST_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
BACKENDS=${PSSST_ST_BACKENDS:-sqlite postgres}
VENV=target/st-venv
SCHEMATHESIS_VERSION=4.32.5
PORT=18180
WORK=$(mktemp -d)
SERVER=

cleanup() {
  [ -z "$SERVER" ] || { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; } || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${PSSST_BIN:-}" ]; then
  cargo build -q -p pssst-cli --locked
  PSSST_BIN=$PWD/target/debug/pssst
fi
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

"$PSSST_BIN" reset keys new --keys "$WORK/keys" >/dev/null
KEY=$("$PSSST_BIN" serve clients add fuzz --clients "$WORK/clients" | head -n1)

serve() { # DB_URL [SERVE OPTION...]
  local db=$1; shift
  "$PSSST_BIN" serve --listen "127.0.0.1:$PORT" --db "$db" "$@" --keys "$WORK/keys" \
    --clients "$WORK/clients" --base-url https://app.example/reset \
    --issue-rate 1000000/s --verify-rate 1000000/s --global-verify-rate 1000000/s \
    2>>"$WORK/serve.log" &
  SERVER=$!
  for _ in $(seq 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && return 0
    sleep 0.1
  done
  echo "bench/schemathesis.sh: the server did not start; its log:" >&2
  cat "$WORK/serve.log" >&2
  exit 2
}

stop() { kill "$SERVER"; wait "$SERVER" || true; SERVER=; }

failed=0
for backend in $BACKENDS; do
  case $backend in
    sqlite) serve "sqlite://$WORK/pssst.db" ;;
    postgres) serve "$PG_URL" --db-schema "pssst_st_$$" ;;
    *) echo "bench/schemathesis.sh: unknown backend $backend" >&2; exit 2 ;;
  esac
  echo "== schemathesis $SCHEMATHESIS_VERSION against pssst serve on $backend"
  "$VENV/bin/schemathesis" --no-color run "http://127.0.0.1:$PORT/openapi.json" \
    --header "Authorization: Bearer $KEY" --checks all \
    --exclude-checks ensure_resource_availability \
    --max-examples "$EXAMPLES" \
    --workers 2 --seed 31 || failed=1
  stop
  if grep -q '"level":"ERROR"\|ERROR' "$WORK/serve.log"; then
    echo "bench/schemathesis.sh: the server logged errors on $backend:" >&2
    grep 'ERROR' "$WORK/serve.log" | head -20 >&2
    failed=1
  fi
  : >"$WORK/serve.log"
done
[ "$backend" != postgres ] || psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS pssst_st_$$ CASCADE" \
  >/dev/null 2>&1 || true
exit "$failed"
