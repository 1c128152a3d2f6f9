#!/usr/bin/env bash
# Load benchmark of the reset service, in one run on loopback with wrk:
#   - `pssst serve` on SQLite and on PostgreSQL, with 1 and 2 server processes;
#   - the Python reference service (../shared/peers/python-reset-service, gunicorn with 1 and
#     2 workers) on the same databases: the baseline;
#   - pgbench running the store's own issue and consume statements on the same PostgreSQL
#     database (bench/pgbench): the ceiling a service could reach.
# Each cell issues tokens for 2 x SECONDS (a new subject per request), then verifies (consumes)
# those tokens for SECONDS. Prints one Markdown table: requests/s, p50 and p99 latency, and the
# share of verify requests that found a live token (below 100% when the issue phase made
# fewer tokens than the verify phase asked for; the rest were answered "invalid").
#
# Usage: bench/serve.sh [SECONDS=10] [CONNECTIONS=16]; PSSST_BENCH_ONLY=pssst|peer|pgbench runs
# one kind of row. pssst's SQLite rows run twice: with its default synchronous=FULL (an fsync
# per commit) and with --sqlite-sync normal, the setting the peer ships with.
# Needs: wrk, curl, python3 (a venv for the peer is made under target/bench-venv), pgbench,
# and PostgreSQL at $PSSST_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${1:-10}
ONLY=${PSSST_BENCH_ONLY:-}
CONNS=${2:-16}
PG_URL=${PSSST_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
export PGOPTIONS=--client-min-messages=warning
PEER_DIR=$(cd .. && pwd)/shared/peers/python-reset-service
VENV=${PSSST_BENCH_VENV:-target/bench-venv}
WORK=$(mktemp -d)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  cat "$WORK"/*.log >target/bench-serve.log 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "bench/serve.sh: needs $1" >&2; exit 2; }; }
need wrk; need curl; need pgbench; need psql

PSSST=$PWD/target/release/pssst
[ "$ONLY" = peer ] || cargo build --release -q -p pssst-cli
if [ ! -x "$VENV/bin/gunicorn" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$PEER_DIR/requirements.txt"
fi
VENV=$(cd "$VENV" && pwd)

wait_up() { # PORT PATH
  for _ in $(seq 100); do
    curl -fs -o /dev/null -X GET "http://127.0.0.1:$1$2" 2>/dev/null && return 0
    curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2" 2>/dev/null | grep -q '^[1-5]' \
      && return 0
    sleep 0.1
  done
  echo "bench/serve.sh: nothing answers on port $1" >&2
  exit 2
}

stop_servers() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

# --- the servers -------------------------------------------------------------------------

runs() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

PEER_KEY=peer-bench-key
if runs pssst; then
  "$PSSST" reset keys new --keys "$WORK/keys" >/dev/null
  PSSST_KEY=$("$PSSST" serve clients add bench --clients "$WORK/clients" | head -n1)
fi

start_pssst() { # DB_URL SCHEMA-OR-EMPTY PORT...
  local db=$1 schema=(); [ -z "$2" ] || schema=(--db-schema "$2"); shift 2
  for port in "$@"; do
    PSSST_SQLITE_SYNC=${SQLITE_SYNC:-full} \
      "$PSSST" serve --listen "127.0.0.1:$port" --db "$db" "${schema[@]}" --keys "$WORK/keys" \
      --clients "$WORK/clients" --base-url https://app.example/reset \
      --issue-rate 1000000/s --verify-rate 1000000/s --global-verify-rate 1000000/s \
      2>>"$WORK/pssst.log" &
    PIDS+=($!)
  done
  for port in "$@"; do wait_up "$port" /healthz; done
}

start_peer() { # DB WORKERS PORT
  (cd "$PEER_DIR" && DB=$1 API_KEY=$PEER_KEY exec "$VENV/bin/gunicorn" -w "$2" \
    -b "127.0.0.1:$3" app:app 2>>"$WORK/peer.log") &
  PIDS+=($!)
  wait_up "$3" /v1/tokens
}

CELL=0

# --- load --------------------------------------------------------------------------------

# wrk against each port at once (the connections split between them); prints
# "requests/s p50 p99 2xx-share" with the rates summed and the worse latencies.
load() { # SECONDS SCRIPT KEY TOKENS PORT...
  local secs=$1 script=$2 key=$3 tokens=$4; shift 4
  local share=$(( CONNS / $# )) threads=$(( 2 / $# )) i=0 loaders=()
  [ "$threads" -ge 1 ] || threads=1
  for port in "$@"; do
    API_KEY=$key TOKENS_OUT=$tokens.$i TOKENS_IN=$tokens THREADS=$threads LOADERS=$# LOADER=$i \
      RUN=$CELL-$i \
      wrk -t "$threads" -c "$share" -d "${secs}s" --latency -s "bench/serve/$script" \
      "http://127.0.0.1:$port" >"$WORK/wrk.$i" &
    loaders+=($!)
    i=$((i + 1))
  done
  wait "${loaders[@]}"
  cat "$WORK"/wrk.* | awk '
    /Requests\/sec/ { rps += $2 }
    /^ +50%/ { p50 = max(p50, ms($2)) }
    /^ +99%/ { p99 = max(p99, ms($2)) }
    /requests in/ { total += $1 }
    /Non-2xx/ { bad += $5 }
    /Socket errors/ { errors += $4 + $6 + $8 + $10 }
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
    function max(a, b) { return a > b ? a : b }
    END { printf "%.0f %.2f %.2f %.0f%%\n", rps, p50, p99, 100 * (total - bad) / total
          if (errors)
            printf "bench/serve.sh: %d socket errors or timeouts\n", errors >"/dev/stderr" }'
  rm -f "$WORK"/wrk.*
}

row() { # LABEL ISSUE-RESULT VERIFY-RESULT
  read -r irps ip50 ip99 _ <<<"$2"
  read -r vrps vp50 vp99 vok <<<"$3"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$1" "$irps" "$ip50" "$ip99" "$vrps" "$vp50" "$vp99" "$vok"
}

cell() { # LABEL KEY PORT...
  local label=$1 key=$2; shift 2
  local tokens=$WORK/tokens
  rm -f "$tokens"*
  CELL=$((CELL + 1))
  local issued verified
  issued=$(load $((2 * SECS)) issue.lua "$key" "$tokens" "$@")
  cat "$tokens".* >"$tokens"
  verified=$(load "$SECS" verify.lua "$key" "$tokens" "$@")
  row "$label" "$issued" "$verified"
}

printf '| system | issue/s | issue p50 ms | issue p99 ms '
echo '| verify/s | verify p50 ms | verify p99 ms | verify ok |'
echo "|---|---:|---:|---:|---:|---:|---:|---:|"

for procs in 1 2; do
  rm -f "$WORK"/pssst.db*
  ports=(18080 18081); ports=("${ports[@]:0:$procs}")
  if runs pssst; then
    for sync in full normal; do
      rm -f "$WORK"/pssst.db*
      SQLITE_SYNC=$sync start_pssst "sqlite://$WORK/pssst.db" "" "${ports[@]}"
      cell "pssst, SQLite $sync, $procs process(es)" "$PSSST_KEY" "${ports[@]}"
      stop_servers
    done
  fi
  if runs peer; then
    rm -f "$WORK"/peer.db*
    start_peer "$WORK/peer.db" "$procs" 18090
    cell "Python peer, SQLite normal, $procs worker(s)" "$PEER_KEY" 18090
    stop_servers
  fi
done

SCHEMA=pssst_bench_$$
psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; DROP TABLE IF EXISTS peer_tokens" \
  >/dev/null
for procs in 1 2; do
  ports=(18080 18081); ports=("${ports[@]:0:$procs}")
  if runs pssst; then
    start_pssst "$PG_URL" "$SCHEMA" "${ports[@]}"
    cell "pssst, PostgreSQL, $procs process(es)" "$PSSST_KEY" "${ports[@]}"
    stop_servers
  fi
  if runs peer; then
    psql -q "$PG_URL" -c "TRUNCATE peer_tokens" >/dev/null 2>&1 || true
    start_peer "$PG_URL" "$procs" 18090
    cell "Python peer, PostgreSQL, $procs worker(s)" "$PEER_KEY" 18090
    stop_servers
  fi
done
psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; DROP TABLE IF EXISTS peer_tokens" \
  >/dev/null

# pgbench: the store's own statements at the same concurrency, no HTTP, no hashing. Its
# latency is the mean (pgbench prints no percentiles), in the p50 column.
if runs pgbench; then
  PSSST_BENCH_CLIENTS=$CONNS PSSST_BENCH_SCHEMA=pssst_pgbench_$$ bench/pgbench/run.sh "$SECS" |
    awk -F'|' '/^\| issue/ { it = $4; il = $5 } /^\| consume/ { ct = $4; cl = $5 }
      END { gsub(/ /, "", it); gsub(/ /, "", il); gsub(/ /, "", ct); gsub(/ /, "", cl)
            printf "| pgbench, PostgreSQL, same statements (mean latency) "
            printf "| %s | %s | | %s | %s | | |\n",
                   it, il, ct, cl }'
fi
