#!/usr/bin/env bash
# Benchmark of pssst-insecure against the Python tools people use to predict `random`:
# randcrack and mersenne-twister-predictor (from PyPI, installed into a throwaway venv).
#
#   bench/insecure.sh           full run (a few minutes on 2 cores)
#   bench/insecure.sh --quick   smaller runs, for a smoke test
#
# Prints one table: time to recover the state from 624 words (all three), from 623 floats
# and from random.choices tokens (pssst only: the others take whole 32-bit words), and the
# seed-search rate per core (pssst against a plain CPython seed-and-draw loop).
set -euo pipefail
cd "$(dirname "$0")/.."

quick="${1:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building the Rust benchmark (release)..." >&2
cargo build --quiet --release -p pssst-insecure --example bench_recover

echo "installing randcrack and mersenne-twister-predictor into $work/venv..." >&2
python3 -m venv "$work/venv"
if ! "$work/venv/bin/pip" install --quiet --disable-pip-version-check \
    randcrack mersenne-twister-predictor >&2; then
    echo "warning: pip install failed; the Python tools will show as unavailable" >&2
fi

echo "running pssst (Rust)..." >&2
target/release/examples/bench_recover $quick >"$work/rust.txt"
echo "running the Python tools..." >&2
"$work/venv/bin/python" bench/insecure_peers.py >"$work/python.txt"

value() { grep -h "^$1=" "$work/rust.txt" "$work/python.txt" | head -n1 | cut -d= -f2-; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.0fx", a / b; else print "n/a" }'; }

rust_u32="$(value rust_u32_recover_us)"
randcrack_u32="$(value randcrack_u32_recover_us)"
predictor_u32="$(value mt19937predictor_u32_recover_us)"
rust_float="$(value rust_float_recover_ms)"
rust_choices="$(value rust_choices_recover_ms)"
chars="$(value rust_choices_chars)"
search1_wall="$(value rust_search_threads1_wall_per_thread)"
search1_cpu="$(value rust_search_threads1_per_cpu_second)"
search2_wall="$(value rust_search_threads2_wall_per_thread)"
search2_cpu="$(value rust_search_threads2_per_cpu_second)"
python_search="$(value python_search_per_cpu_second)"
full_minutes="$(awk -v r="$search2_wall" 'BEGIN { if (r > 0) printf "%.0f", 4294967296 / (2 * r) / 60 }')"

printf '\n%-46s %14s %14s %14s\n' "task" "pssst" "randcrack" "mt19937pred."
printf '%-46s %14s %14s %14s\n' "state from 624 getrandbits(32) (median)" \
    "${rust_u32} us" "${randcrack_u32} us" "${predictor_u32} us"
printf '%-46s %14s %14s %14s\n' "  pssst is faster by" "" \
    "$(ratio "$randcrack_u32" "$rust_u32")" "$(ratio "$predictor_u32" "$rust_u32")"
printf '%-46s %14s %14s %14s\n' "state from 623 random() floats (median)" \
    "${rust_float} ms" "cannot" "cannot"
printf '%-46s %14s %14s %14s\n' "state from ${chars} random.choices chars (n=62)" \
    "${rust_choices} ms" "cannot" "cannot"

printf '\n%-46s %14s %14s\n' "seed search, seeds/s per core" "wall-clock" "per CPU-second"
printf '%-46s %14s %14s\n' "pssst, 1 thread (20-char choice token)" "$search1_wall" "$search1_cpu"
printf '%-46s %14s %14s\n' "pssst, 2 threads (per thread)" "$search2_wall" "$search2_cpu"
printf '%-46s %14s %14s\n' "CPython loop: seed(i); random() (1 core)" "" "$python_search"
printf '%-46s %14s %14s\n' "  pssst per CPU-second vs the CPython loop" "" \
    "$(ratio "$search1_cpu" "$python_search")"

echo
echo "notes:"
echo "- randcrack and mersenne-twister-predictor take whole 32-bit outputs only; fed floats they" \
     "raise ($(value peers_floats)). Recovering from floats or tokens needs the GF(2) solver."
echo "- predictions checked: randcrack $(value randcrack_u32_correct)," \
     "mt19937predictor $(value mt19937predictor_u32_correct); pssst checks its own or fails."
echo "- all 2^32 integer seeds on 2 threads at this rate: about ${full_minutes} minutes."
echo "- wall-clock rates drop when other processes share the cores; per CPU-second does not."
echo "- $(nproc) cores; CPython $(value python_version); build: release, x86-64 baseline (SSE2)."
