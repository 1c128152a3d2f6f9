#!/usr/bin/env bash
# The database ceiling: how many issues and consumes a second PostgreSQL itself sustains for the
# statements PostgresStore runs (issue.sql, consume.sql), with no Rust, HTTP or hashing on top.
# Each script runs for SECONDS at 1 and at 8 clients, prepared statements as sqlx sends them.
#
#   bench/pgbench/run.sh [SECONDS]          (default 10 per run)
#
# PSSST_BENCH_DATABASE_URL  the server (default postgres://postgres@127.0.0.1:5432/test); put a
#                           password in ~/.pgpass or PGPASSWORD rather than in the URL, since
#                           psql and pgbench get the URL as an argument
# PSSST_BENCH_SCHEMA        the schema, dropped and made anew by PostgresStore::connect through
#                           the pg_schema example (default pssst_bench)
# PSSST_BENCH_ROWS          live tokens stored for consume.sql (default 300000)
# PSSST_BENCH_SUBJECTS      distinct subjects issue.sql draws from (default 10000)
# PSSST_BENCH_CLIENTS       the client counts to run, space-separated (default "1 8")
# PSSST_BENCH_KEEP=1        keep the schema afterwards, to look at the rows
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION="${1:-10}"
URL="${PSSST_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
SCHEMA="${PSSST_BENCH_SCHEMA:-pssst_bench}"
ROWS="${PSSST_BENCH_ROWS:-300000}"
SUBJECTS="${PSSST_BENCH_SUBJECTS:-10000}"
read -r -a CLIENTS <<<"${PSSST_BENCH_CLIENTS:-1 8}"
HERE=bench/pgbench

if ! [[ "$SCHEMA" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
    echo "run.sh: PSSST_BENCH_SCHEMA must match ^[a-z_][a-z0-9_]{0,62}\$" >&2
    exit 2
fi
export PGOPTIONS="-c search_path=$SCHEMA -c client_min_messages=warning"
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$URL" -c "$1"; }

# The schema as a server starting on an empty database makes it; dropped again at the end
# unless PSSST_BENCH_KEEP=1.
sql "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"
if [[ "${PSSST_BENCH_KEEP:-0}" != 1 ]]; then
    trap 'sql "DROP SCHEMA IF EXISTS $SCHEMA CASCADE"' EXIT
fi
cargo build --quiet -p pssst-lifecycle --example pg_schema
PSSST_BENCH_DATABASE_URL="$URL" target/debug/examples/pg_schema "$SCHEMA" >/dev/null

# Live tokens for consume.sql: hash = row number as 64 decimal digits, a week to live.
sql "INSERT INTO tokens (id, kind, subject, purpose, scheme, key_id, token_hash,
                         created_at, expires_at)
     SELECT gen_random_uuid(), 'token', 'stored-' || n, 'reset', 'hmac-sha256', 'bench',
            lpad(n::text, 64, '0'), now(), now() + interval '7 days'
       FROM generate_series(1, $ROWS) AS n"
sql "VACUUM ANALYZE tokens"

# One pgbench run; prints "tps latency_ms transactions".
bench() { # $1 = script, $2 = clients, then -D definitions
    local script="$1" clients="$2"
    shift 2
    pgbench -n -M prepared -c "$clients" -j "$clients" -T "$DURATION" \
        -f "$HERE/$script.sql" "$@" "$URL" 2>&1 |
        awk '/^tps = / { tps = $3 }
             /^latency average = / { lat = $4 }
             /^number of transactions actually processed: / { split($6, n, "/"); done = n[1] }
             /^number of failed transactions: / { failed = $5 }
             END { if (tps == "" || failed > 0) exit 1; printf "%.0f %.3f %d\n", tps, lat, done }'
}

used() { sql "SELECT count(*) FROM tokens WHERE subject LIKE 'stored-%' AND used_at IS NOT NULL"; }

echo "PostgreSQL $(sql 'SHOW server_version'), $(nproc) cores, fsync=$(sql 'SHOW fsync')," \
     "synchronous_commit=$(sql 'SHOW synchronous_commit'), ${DURATION}s per run"
echo
echo "| statement | clients | tps | latency ms | note |"
echo "|---|---:|---:|---:|---|"
for clients in "${CLIENTS[@]}"; do
    read -r tps latency _ < <(bench issue "$clients" -D subjects="$SUBJECTS")
    echo "| issue (lock, supersede, insert) | $clients | $tps | $latency | $SUBJECTS subjects |"
done
for clients in "${CLIENTS[@]}"; do
    before="$(used)"
    base="$(sql "SELECT coalesce(max(token_hash::numeric), 0) FROM tokens
                  WHERE subject LIKE 'stored-%' AND used_at IS NOT NULL")"
    read -r tps latency done < <(bench consume "$clients" -D clients="$clients" -D i=0 \
                                     -D base="$base")
    hits=$(( $(used) - before ))
    note="$hits of $done found a live token"
    echo "| consume (guarded UPDATE) | $clients | $tps | $latency | $note |"
done
