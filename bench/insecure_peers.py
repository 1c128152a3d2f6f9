#!/usr/bin/env python3
"""The Python side of bench/insecure.sh: the tools people use to predict `random`.

Times randcrack and mersenne-twister-predictor (mt19937predictor) recovering the state from
624 getrandbits(32) outputs, checks their predictions, tries them on 623 random() floats
(neither accepts floats) and measures a plain CPython seed-search loop. Prints key=value lines.
"""

import random
import statistics
import sys
import time


def victim_words(count, seed=2024, skip=1000):
    rng = random.Random(seed)
    for _ in range(skip):
        rng.getrandbits(32)
    return [rng.getrandbits(32) for _ in range(count)], rng


def median_time(runs, work):
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_randcrack(words, nxt):
    try:
        from randcrack import RandCrack
    except ImportError:
        print("randcrack_u32_recover_us=unavailable")
        return

    def work():
        cracker = RandCrack()
        for word in words:
            cracker.submit(word)
        return cracker.predict_getrandbits(32)

    seconds, predicted = median_time(20, work)
    print(f"randcrack_u32_recover_us={seconds * 1e6:.1f}")
    print(f"randcrack_u32_correct={predicted == nxt}")


def bench_predictor(words, nxt):
    try:
        from mt19937predictor import MT19937Predictor
    except ImportError:
        print("mt19937predictor_u32_recover_us=unavailable")
        return

    def work():
        predictor = MT19937Predictor()
        for word in words:
            predictor.setrandbits(word, 32)
        return predictor.getrandbits(32)

    seconds, predicted = median_time(20, work)
    print(f"mt19937predictor_u32_recover_us={seconds * 1e6:.1f}")
    print(f"mt19937predictor_u32_correct={predicted == nxt}")


def floats_attempt():
    """Both tools take 32-bit words only: a float carries 27 + 26 bits of two words."""
    rng = random.Random(7)
    floats = [rng.random() for _ in range(623)]
    outcomes = []
    try:
        from randcrack import RandCrack
        cracker = RandCrack()
        try:
            for x in floats:
                cracker.submit(x)
            outcomes.append("randcrack=accepted")
        except Exception as error:  # noqa: BLE001 - report whatever the tool raises
            outcomes.append(f"randcrack={type(error).__name__}")
    except ImportError:
        outcomes.append("randcrack=unavailable")
    try:
        from mt19937predictor import MT19937Predictor
        predictor = MT19937Predictor()
        try:
            for x in floats:
                predictor.setrandbits(x, 32)
            outcomes.append("mt19937predictor=accepted")
        except Exception as error:  # noqa: BLE001
            outcomes.append(f"mt19937predictor={type(error).__name__}")
    except ImportError:
        outcomes.append("mt19937predictor=unavailable")
    print("peers_floats=" + ",".join(outcomes))


def python_seed_loop(seeds=300_000):
    """What a Python brute force does: seed, draw, compare, on one core."""
    target = random.Random(10**12).random()
    rng = random.Random()
    started = time.process_time()
    for seed in range(seeds):
        rng.seed(seed)
        if rng.random() == target:
            break
    seconds = time.process_time() - started
    print(f"python_search_per_cpu_second={seeds / seconds:.0f}")


def main():
    words, rng = victim_words(624)
    nxt = rng.getrandbits(32)
    bench_randcrack(words, nxt)
    bench_predictor(words, nxt)
    floats_attempt()
    python_seed_loop()
    print(f"python_version={sys.version.split()[0]}")


if __name__ == "__main__":
    main()
