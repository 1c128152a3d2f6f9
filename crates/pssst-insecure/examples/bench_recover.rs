//! Times pssst-insecure for `bench/insecure.sh`: state recovery from 624 words, from 623
//! floats and from `random.choices` tokens, and seed search per core.
//!
//! Run with `cargo run --release -p pssst-insecure --example bench_recover`. It prints
//! `key=value` lines; the script turns them into a table next to the Python tools.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use pssst_insecure::{Error, Observation, PythonRandom, SearchOptions, SeedSpace, recover, search};

fn main() -> Result<(), Error> {
    let quick = std::env::args().any(|a| a == "--quick");
    recover_words(if quick { 200 } else { 2000 })?;
    recover_floats(if quick { 2 } else { 7 })?;
    recover_tokens(if quick { 1 } else { 3 })?;
    let seeds = if quick { 1 << 22 } else { 1 << 26 };
    search_rate(1, seeds)?;
    search_rate(2, 2 * seeds)?;
    Ok(())
}

/// Recovery from 624 consecutive `getrandbits(32)`, taken mid-stream.
fn recover_words(runs: usize) -> Result<(), Error> {
    let mut victim = PythonRandom::new(2024);
    victim.randbytes(4000);
    let seen: Vec<Observation> = (0..624)
        .map(|_| Observation::U32(victim.next_u32()))
        .collect();

    let (median, recovery) = timed(runs, || recover(&seen))?;
    check(recovery.after_observations().next_u32() == victim.next_u32())?;
    println!("rust_u32_recover_us={:.1}", median.as_secs_f64() * 1e6);
    Ok(())
}

/// Recovery from 623 `random()` floats, which needs linear algebra over GF(2).
fn recover_floats(runs: usize) -> Result<(), Error> {
    let mut victim = PythonRandom::new(7);
    victim.randbytes(1000);
    let seen: Vec<Observation> = (0..623)
        .map(|_| Observation::Float(victim.random()))
        .collect();

    let (median, recovery) = timed(runs, || recover(&seen))?;
    check(recovery.after_observations().random() == victim.random())?;
    println!("rust_float_recover_ms={:.1}", median.as_secs_f64() * 1e3);
    Ok(())
}

/// Recovery from 225 tokens of 20 characters made with `random.choices` over 62 characters.
fn recover_tokens(runs: usize) -> Result<(), Error> {
    let alphabet: Vec<u64> = (0..62).collect();
    let mut victim = PythonRandom::new(99);
    let mut seen = Vec::new();
    for _ in 0..225 {
        let token = victim.choices(&alphabet, 20)?;
        seen.extend(
            token
                .into_iter()
                .map(|index| Observation::Choices { n: 62, index }),
        );
    }

    let (median, recovery) = timed(runs, || recover(&seen))?;
    check(recovery.after_observations().choices(&alphabet, 20)? == victim.choices(&alphabet, 20)?)?;
    println!("rust_choices_recover_ms={:.1}", median.as_secs_f64() * 1e3);
    println!("rust_choices_chars={}", seen.len());
    Ok(())
}

/// Seeds tried per second per thread, on a 20-character `random.choice` token.
fn search_rate(threads: usize, seeds: u64) -> Result<(), Error> {
    let alphabet_len = 62;
    let mut victim = PythonRandom::new(u64::MAX - 5);
    let token: Vec<Observation> = (0..20)
        .map(|_| {
            victim
                .randbelow(alphabet_len)
                .map(|value| Observation::Below { n: 62, value })
        })
        .collect::<Result<_, _>>()?;

    let space = SeedSpace::Integers {
        start: 0,
        end: seeds - 1,
    };
    let options = SearchOptions {
        threads,
        stop_at_first: false,
        ..SearchOptions::default()
    };
    let cpu_before = cpu_seconds();
    let outcome = search(&space, &token, &options, |_| ControlFlow::Continue(()))?;
    let cpu = cpu_seconds() - cpu_before;
    check(outcome.exhausted && outcome.found.is_empty())?;

    let wall_rate = outcome.seeds_per_second_per_thread();
    println!("rust_search_threads{threads}_wall_per_thread={wall_rate:.0}");
    if cpu > 0.0 {
        println!(
            "rust_search_threads{threads}_per_cpu_second={:.0}",
            seeds as f64 / cpu
        );
    }
    println!("rust_search_threads{threads}_seeds={seeds}");
    Ok(())
}

/// Runs `work` `runs` times and returns the median time and the last result.
fn timed<T>(
    runs: usize,
    mut work: impl FnMut() -> Result<T, Error>,
) -> Result<(Duration, T), Error> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        last = Some(work()?);
        times.push(started.elapsed());
    }
    times.sort();
    Ok((times[times.len() / 2], last.ok_or(Error::Empty)?))
}

/// Fails the benchmark when a prediction is wrong.
fn check(ok: bool) -> Result<(), Error> {
    ok.then_some(())
        .ok_or(Error::Inconsistent { observation: None })
}

/// CPU time of this process so far (user + system), from `/proc/self/stat` on Linux; 0
/// elsewhere. Measured because the machine may be shared: wall time alone would blame the
/// code for other processes.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line: indices 11 and 12 after the name;
    // Linux counts them in USER_HZ, which is 100.
    (ticks(11) + ticks(12)) / 100.0
}
