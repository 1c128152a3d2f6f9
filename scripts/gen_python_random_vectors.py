#!/usr/bin/env python3
"""Generate more CPython `random` known answers for pssst-insecure.

Run from the repository root with the local CPython 3.11:

    python3 scripts/gen_python_random_vectors.py

It writes crates/pssst-insecure/tests/data/cpython_random_generated.json. The output is
deterministic (the choice of seeds and calls comes from a fixed meta-seed), so running it again
gives the same file. The shared vectors in ../shared/vectors/ cover a few seeds; these cover
other seeds (ints of many sizes, floats such as time.time() values, str and bytes), every
Random method with varied arguments on one generator, and recovery and search cases that
start mid-stream.
"""

import hashlib
import json
import pathlib
import random
import sys

OUT = pathlib.Path("crates/pssst-insecure/tests/data/cpython_random_generated.json")
META_SEED = 20240607
ALPHA62 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def seed_json(seed):
    """A seed as JSON that keeps its Python type."""
    if isinstance(seed, bool) or not isinstance(seed, (int, float, str, bytes)):
        raise TypeError(seed)
    if isinstance(seed, int):
        return {"type": "int", "value": str(seed)}
    if isinstance(seed, float):
        return {"type": "float", "repr": repr(seed)}
    if isinstance(seed, str):
        return {"type": "str", "value": seed}
    return {"type": "bytes", "hex": seed.hex()}


CALLS = [
    "random", "getrandbits", "randbelow", "randrange", "randint", "choice", "choices",
    "choices_weights", "choices_cum", "shuffle", "sample", "sample_counts", "uniform",
    "randbytes",
]


def one_call(meta, rng):
    """Draws a random call, runs it on rng and returns [name, args, result]."""
    kind = meta.choice(CALLS)
    if kind in NUMBER_CALLS:
        return [kind, *NUMBER_CALLS[kind](meta, rng)]
    return [kind, *SEQUENCE_CALLS[kind](meta, rng)]


def call_randrange(meta, rng):
    start = meta.choice([0, -7, 3, 10**12, -(10**20)])
    step = meta.choice([1, 1, 2, 7, -1, -3, 10**9])
    width = meta.choice([1, 5, 100, 10**6, 10**25])
    stop = start + width if step > 0 else start - width
    return [str(start), str(stop), str(step)], str(rng.randrange(start, stop, step))


def call_randint(meta, rng):
    a = meta.choice([0, 1, -50, 2**31])
    b = a + meta.choice([0, 1, 5, 2**20, 2**63])
    return [str(a), str(b)], str(rng.randint(a, b))


def call_getrandbits(meta, rng):
    k = meta.choice([0, 1, 5, 8, 31, 32, 33, 63, 64, 65, 96, 100, 200])
    return [k], str(rng.getrandbits(k))


def call_randbelow(meta, rng):
    n = meta.choice([1, 2, 3, 10, 62, 64, 65, 1000, 2**31, 2**32 - 1, 2**32, 2**40 + 3, 10**30])
    return [str(n)], str(rng._randbelow(n))


def call_uniform(meta, rng):
    a, b = meta.choice([(0.0, 1.0), (1.5, 7.25), (-3.0, 3.0), (10.0, -10.0), (1e300, 1e308)])
    return [repr(a), repr(b)], repr(rng.uniform(a, b))


def call_randbytes(meta, rng):
    n = meta.choice([0, 1, 3, 4, 5, 8, 17])
    return [n], rng.randbytes(n).hex()


NUMBER_CALLS = {
    "random": lambda meta, rng: ([], repr(rng.random())),
    "getrandbits": call_getrandbits,
    "randbelow": call_randbelow,
    "randrange": call_randrange,
    "randint": call_randint,
    "uniform": call_uniform,
    "randbytes": call_randbytes,
}


def call_choice(meta, rng):
    n = meta.choice([1, 2, 10, 26, 36, 62, 64, 1000])
    return [n], rng.choice(range(n))


def call_choices(meta, rng):
    n, k = meta.choice([1, 3, 10, 62, 64, 1000]), meta.choice([0, 1, 5, 20])
    return [n, k], rng.choices(range(n), k=k)


def call_choices_weights(meta, rng):
    n, k = meta.choice([2, 3, 7]), meta.choice([1, 4, 10])
    weights = [meta.choice([0, 1, 2, 5, 0.5, 1.25, 3.75]) for _ in range(n)]
    weights[0] = weights[0] or 1
    return [[repr(w) for w in weights], k], rng.choices(range(n), weights=weights, k=k)


def call_choices_cum(meta, rng):
    n, k = meta.choice([2, 4, 6]), meta.choice([1, 3, 8])
    cum = sorted(meta.choice([1, 2, 3, 10, 2.5, 7.75]) for _ in range(n))
    return [[repr(c) for c in cum], k], rng.choices(range(n), cum_weights=cum, k=k)


def call_shuffle(meta, rng):
    items = list(range(meta.choice([0, 1, 2, 10, 52, 100])))
    rng.shuffle(items)
    return [len(items)], items


def call_sample(meta, rng):
    n = meta.choice([1, 10, 21, 22, 50, 85, 86, 277, 1000, 100000])
    k = min(n, meta.choice([0, 1, 5, 6, 10, 22, 30, 100]))
    return [n, k], rng.sample(range(n), k)


def call_sample_counts(meta, rng):
    counts = [meta.choice([0, 1, 2, 5, 40]) for _ in range(meta.choice([1, 3, 6]))]
    counts[-1] = counts[-1] or 3
    k = min(sum(counts), meta.choice([1, 4, 9]))
    return [counts, k], rng.sample(range(len(counts)), k, counts=counts)


SEQUENCE_CALLS = {
    "choice": call_choice,
    "choices": call_choices,
    "choices_weights": call_choices_weights,
    "choices_cum": call_choices_cum,
    "shuffle": call_shuffle,
    "sample": call_sample,
    "sample_counts": call_sample_counts,
}


def call_cases(meta):
    seeds = [0, 3, 2**31 - 1, 2**32 - 1, 2**32 + 7, -(2**64) - 5, 2**64, 10**40, 3**200,
             1.5, -1.5, 1715000042.1234567, 0.1, 1e300, -0.0, float("inf"),
             "", "pssst", "é ünïcödé ✓", b"", b"\x00\x00leading", bytes(range(256))]
    cases = []
    for seed in seeds:
        rng = random.Random(seed)
        calls = [one_call(meta, rng) for _ in range(60)]
        state_repr = repr(rng.getstate())
        cases.append({
            "seed": seed_json(seed),
            "seed_as_int_hex": None if isinstance(seed, float) else hex(abs(as_int(seed))),
            "calls": calls,
            "getstate_sha256": hashlib.sha256(state_repr.encode()).hexdigest(),
            "getstate_index": rng.getstate()[1][-1],
        })
    return cases


def as_int(seed):
    if isinstance(seed, int):
        return seed
    data = seed.encode() if isinstance(seed, str) else seed
    return int.from_bytes(data + hashlib.sha512(data).digest(), "big")


def skip_words(rng, words):
    for _ in range(words):
        rng.getrandbits(32)


def recovery_cases():
    cases = []
    u32_windows = [(1, 0), (2**40 + 1, 1), ("a str seed", 623), (b"\x00bytes", 624),
                   (987654321, 1000), (5, 5000), (1715000042.5, 3)]
    for seed, skip in u32_windows:
        rng = random.Random(seed)
        skip_words(rng, skip)
        observed = [rng.getrandbits(32) for _ in range(624)]
        following = [rng.getrandbits(32) for _ in range(50)]
        prefix = random.Random(seed)
        before = [prefix.getrandbits(32) for _ in range(skip)][-30:]
        cases.append({"kind": "u32", "seed": seed_json(seed), "skip_words": skip,
                      "observed": observed, "next": following, "before": before})
    for seed, skip, count in [(7, 0, 623), (11, 1, 623), (2024, 777, 700), ("floats", 2, 650)]:
        rng = random.Random(seed)
        skip_words(rng, skip)
        cases.append({"kind": "float", "seed": seed_json(seed), "skip_words": skip,
                      "observed": [repr(rng.random()) for _ in range(count)],
                      "next": [repr(rng.random()) for _ in range(20)]})
    for seed, skip, bits, count in [(3, 0, 31, 1300), (31337, 10, 16, 1400), (99, 1, 8, 2800)]:
        rng = random.Random(seed)
        skip_words(rng, skip)
        cases.append({"kind": "bits", "bits": bits, "seed": seed_json(seed), "skip_words": skip,
                      "observed": [rng.getrandbits(bits) for _ in range(count)],
                      "next": [rng.getrandbits(bits) for _ in range(20)]})
    for seed, skip, alphabet, tokens in [(4242, 0, "0123456789abcdef", 260), (17, 6, ALPHA62, 230)]:
        rng = random.Random(seed)
        skip_words(rng, skip)
        made = ["".join(rng.choices(alphabet, k=24)) for _ in range(tokens)]
        cases.append({"kind": "choices", "alphabet": alphabet, "seed": seed_json(seed),
                      "skip_words": skip, "observed": made,
                      "next": ["".join(rng.choices(alphabet, k=24)) for _ in range(3)]})
    return cases


def search_cases():
    cases = []
    for seed, low, high in [(48213, 40000, 60000), (1715000042, 1715000000, 1715003600)]:
        rng = random.Random(seed)
        token = "".join(rng.choice(ALPHA62) for _ in range(20))
        cases.append({"space": "ints", "low": low, "high": high, "seed": seed_json(seed),
                      "choice_token": token,
                      "next_token": "".join(rng.choice(ALPHA62) for _ in range(20))})
    t = 1715000042.987654
    rng = random.Random(t)
    token = "".join(rng.choice(ALPHA62) for _ in range(20))
    cases.append({"space": "floats", "low": repr(t - 1e-5), "high": repr(t + 1e-5),
                  "seed": seed_json(t), "choice_token": token,
                  "next_token": "".join(rng.choice(ALPHA62) for _ in range(20))})
    return cases


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"needs CPython 3.11 (random changed in 3.12), found {sys.version}")
    meta = random.Random(META_SEED)
    data = {
        "generator": {"python_version": sys.version, "implementation": sys.implementation.name,
                      "produced_by": "scripts/gen_python_random_vectors.py"},
        "description": "Each case runs its calls in order on ONE random.Random(seed). Floats are "
                       "repr strings; big integers are decimal strings.",
        "alphabet62": ALPHA62,
        "calls": call_cases(meta),
        "recovery": recovery_cases(),
        "search": search_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
