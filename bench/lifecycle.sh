#!/usr/bin/env bash
# Issue and consume throughput of pssst-lifecycle on SQLite, with 1 and several concurrent
# callers, under synchronous=NORMAL and FULL (both in WAL mode), beside the Python reference
# flow (shared/peers/python-reset-service: the same statements, one caller, in-process).
#
#   bench/lifecycle.sh [OPS]        (default 4000 operations per row)
#
# Every row uses a fresh database file in a temporary folder on the same disk as the repo.
set -euo pipefail
cd "$(dirname "$0")/.."

OPS="${1:-4000}"
CALLERS=(1 4 16)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pssst-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cargo build --quiet --release -p pssst-lifecycle --example lifecycle_bench
BENCH=target/release/examples/lifecycle_bench

python_flow() { # $1 = NORMAL|FULL; prints "issue_per_s consume_per_s"
    python3 - "$WORK/peer-$1.db" "$1" "$OPS" <<'PY'
import hashlib, secrets, sqlite3, sys, time
db, sync, ops = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute(f"PRAGMA synchronous={sync}")
conn.execute("CREATE TABLE peer_tokens (token_hash TEXT PRIMARY KEY, subject TEXT NOT NULL,"
             " expires_at DOUBLE PRECISION NOT NULL, used_at DOUBLE PRECISION)")
tokens, start = [], time.perf_counter()
for n in range(ops):
    token = secrets.token_urlsafe(32)
    conn.execute("INSERT INTO peer_tokens (token_hash, subject, expires_at) VALUES (?, ?, ?)",
                 (hashlib.sha256(token.encode()).hexdigest(), f"user-{n}", time.time() + 900))
    tokens.append(token)
issue = ops / (time.perf_counter() - start)
start = time.perf_counter()
for token in tokens:
    now = time.time()
    row = conn.execute("UPDATE peer_tokens SET used_at = ? WHERE token_hash = ?"
                       " AND used_at IS NULL AND expires_at > ? RETURNING subject",
                       (now, hashlib.sha256(token.encode()).hexdigest(), now)).fetchone()
    assert row is not None
consume = ops / (time.perf_counter() - start)
print(f"{issue:.0f} {consume:.0f}")
PY
}

echo "pssst-lifecycle on SQLite (WAL), $OPS operations per row, $(nproc) cores"
echo
echo "| synchronous | callers | issue/s | consume/s | issue vs Python | consume vs Python |"
echo "|---|---:|---:|---:|---:|---:|"
for sync in normal full; do
    SYNC_UPPER="$(echo "$sync" | tr a-z A-Z)"
    read -r py_issue py_consume < <(python_flow "$SYNC_UPPER")
    for callers in "${CALLERS[@]}"; do
        db="$WORK/$sync-$callers.db"
        read -r _ _ _ issue consume < <("$BENCH" "$db" "$sync" "$callers" "$OPS")
        ratio_i="$(awk -v a="$issue" -v b="$py_issue" 'BEGIN { printf "%.2fx", a / b }')"
        ratio_c="$(awk -v a="$consume" -v b="$py_consume" 'BEGIN { printf "%.2fx", a / b }')"
        echo "| $SYNC_UPPER | $callers | $issue | $consume | $ratio_i | $ratio_c |"
    done
    echo "| $SYNC_UPPER (Python flow) | 1 | $py_issue | $py_consume | 1.00x | 1.00x |"
done
