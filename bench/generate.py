#!/usr/bin/env python3
"""Side-by-side benchmark of `pssst` against Python, Node, OpenSSL and /dev/urandom.

Run from anywhere:
    python3 bench/generate.py [--runs 5] [--tokens 1000000] [--bytes 1073741824] [--only tokens|bytes]

It builds pssst in release mode, then times each command end to end (process start, generation,
writing to /dev/null) RUNS times in alternation, and prints the median wall time of each with its
ratio to pssst. Nothing is installed: Python 3, Node and openssl must be on PATH; a missing peer is
reported and skipped.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PSSST = os.path.join(ROOT, "target", "release", "pssst")

PY_TOKENS = "import secrets\nfor _ in range({n}): print(secrets.token_urlsafe(32))"
NODE_LOG = ("const c=require('crypto');"
            "for(let i=0;i<{n};i++)console.log(c.randomBytes(32).toString('base64url'))")
NODE_BATCH = ("const c=require('crypto');let a=[];"
              "for(let i=0;i<{n};i++){{a.push(c.randomBytes(32).toString('base64url'));"
              "if(a.length===10000){{process.stdout.write(a.join('\\n')+'\\n');a=[]}}}}"
              "if(a.length)process.stdout.write(a.join('\\n')+'\\n')")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--bytes", type=int, default=1 << 30)
    parser.add_argument("--only", choices=["tokens", "bytes"])
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "-q", "-p", "pssst-cli"], cwd=ROOT, check=True)
    n, size = args.tokens, args.bytes
    token_cases = [
        ("pssst urlsafe -n N", [PSSST, "urlsafe", "-n", str(n)]),
        ("python3 secrets.token_urlsafe(32), print", ["python3", "-c", PY_TOKENS.format(n=n)]),
        ("node randomBytes(32) base64url, console.log", ["node", "-e", NODE_LOG.format(n=n)]),
        ("node randomBytes(32) base64url, batched writes", ["node", "-e", NODE_BATCH.format(n=n)]),
    ]
    byte_cases = [
        ("pssst bytes SIZE", [PSSST, "bytes", str(size)]),
        ("openssl rand SIZE", ["openssl", "rand", str(size)]),
        ("head -c SIZE /dev/urandom", ["head", "-c", str(size), "/dev/urandom"]),
    ]
    if args.only != "bytes":
        print(f"{n} tokens of 32 bytes as lines, to /dev/null; median of {args.runs} runs")
        report(measure(token_cases, args.runs), unit=("tokens/s", n))
    if args.only != "tokens":
        print(f"\n{size} random bytes to /dev/null; median of {args.runs} runs")
        report(measure(byte_cases, args.runs), unit=("MB/s", size / 1e6))


def measure(cases, runs):
    available = [(name, cmd) for name, cmd in cases if shutil.which(cmd[0])]
    for name, cmd in cases:
        if (name, cmd) not in available:
            print(f"  skipped (not installed): {name}", file=sys.stderr)
    times = {name: [] for name, _ in available}
    for _ in range(runs):
        for name, cmd in available:
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return [(name, statistics.median(samples)) for name, samples in times.items()]


def report(results, unit):
    label, amount = unit
    base = results[0][1]
    print(f"  {'command':<50} {'seconds':>8} {label:>12} {'pssst is':>10}")
    for name, seconds in results:
        ratio = "" if seconds == base else f"{seconds / base:.1f}x"
        print(f"  {name:<50} {seconds:>8.3f} {amount / seconds:>12,.0f} {ratio:>10}")


if __name__ == "__main__":
    main()
