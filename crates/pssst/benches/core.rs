//! Criterion benchmarks of the library calls people make most.
//!
//! Run with `cargo bench -p pssst`; `bench/generate.py` compares the command with its peers.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn tokens(c: &mut Criterion) {
    let mut group = c.benchmark_group("token");
    group.bench_function("token_urlsafe(32)", |b| {
        b.iter(|| pssst::token_urlsafe(black_box(32)))
    });
    group.bench_function("token_hex(32)", |b| {
        b.iter(|| pssst::token_hex(black_box(32)))
    });
    group.bench_function("token_bytes(32)", |b| {
        b.iter(|| pssst::token_bytes(black_box(32)))
    });
    group.bench_function("random_uuid", |b| b.iter(pssst::random_uuid));
    group.finish();
}

fn bytes(c: &mut Criterion) {
    let mut group = c.benchmark_group("fill_bytes");
    for size in [32usize, 4096, 1 << 20] {
        let mut buffer = vec![0u8; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
            b.iter(|| pssst::fill_bytes(black_box(&mut buffer)))
        });
    }
    group.finish();
}

fn integers(c: &mut Criterion) {
    let mut group = c.benchmark_group("integers");
    group.bench_function("randbelow(62)", |b| {
        b.iter(|| pssst::randbelow(black_box(62)))
    });
    group.bench_function("randbelow(10^18)", |b| {
        b.iter(|| pssst::randbelow(black_box(1_000_000_000_000_000_000)))
    });
    group.bench_function("randbelow_u128(2^127+1)", |b| {
        b.iter(|| pssst::randbelow_u128(black_box((1 << 127) + 1)))
    });
    group.bench_function("random_int(-100, 100)", |b| {
        b.iter(|| pssst::random_int(black_box(-100), black_box(100)))
    });
    let mut deck: Vec<u8> = (0..52).collect();
    group.bench_function("shuffle(52)", |b| {
        b.iter(|| pssst::shuffle(black_box(&mut deck)))
    });
    group.finish();
}

fn encodings(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode 32 bytes");
    let bytes = [0xa5u8; 32];
    for encoding in pssst::Encoding::ALL {
        group.bench_function(encoding.name(), |b| {
            b.iter(|| encoding.encode(black_box(&bytes)))
        });
    }
    group.bench_function("sha256_hex of a token", |b| {
        b.iter(|| pssst::sha256_hex(black_box("8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA")))
    });
    group.finish();
}

criterion_group!(benches, tokens, bytes, integers, encodings);
criterion_main!(benches);
