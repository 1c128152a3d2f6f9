//! `demo`: a short, honest walk-through of why Python's `random` must not make secrets.
//!
//! Three rounds, each with a real attack run on the spot: a time-seeded token broken by seed
//! search, tokens from an OS-seeded `random` broken by state recovery, and the same tokens
//! from the OS generator, where the same attack finds nothing.
//!
//! Python is not run: the "Python `random`" tokens come from pssst's bit-exact reproduction
//! of CPython's generator, and the demo says so. Round 1 prints the `python3` command that
//! makes the same token, so anyone can check it with a real Python; running it from here
//! would make the demo depend on which Python (if any) is on the PATH.

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use pssst_insecure::{
    Error, MersenneTwister, Observation, PythonRandom, SearchOptions, SeedSpace, recover, search,
};

use crate::error::{Failure, Outcome};

/// `string.ascii_letters + string.digits`.
const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// The base64url alphabet, in its order: what `secrets.token_urlsafe` prints.
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// What makes the "Python" tokens, said before the first round.
const REPRODUCTION: &str = "\
Python is not run here: the tokens of Python's `random` below come from pssst's bit-exact
reproduction of CPython's generator (random.Random, checked against CPython 3.11 in pssst's
tests). Round 1 shows a python3 command that makes the same token with a real Python.";
/// Tokens the attacker collects in rounds 2 and 3 (22 characters, 6 bits each: 29,040 bits
/// seen for a 19,937-bit state).
const COLLECTED: usize = 220;

/// `pssst demo`.
#[derive(Args, Debug)]
pub(crate) struct Demo {}

impl Demo {
    /// Runs the three rounds.
    pub(crate) fn run(self) -> Outcome {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "pssst demo: why Python's `random` must not make secrets\n"
        )?;
        writeln!(out, "{REPRODUCTION}\n")?;
        time_seeded(&mut out)?;
        os_seeded(&mut out)?;
        os_generator(&mut out)?;
        writeln!(
            out,
            "Make tokens with `pssst` or Python's `secrets`, never with `random`."
        )?;
        Ok(())
    }
}

/// Round 1: `random.seed(int(time.time()))`, then `random.choice` tokens; seed search.
fn time_seeded(out: &mut impl Write) -> Outcome {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1_715_000_000, |d| d.as_secs());
    let started = now - pssst::randbelow(3600)?;
    let alphabet: Vec<char> = ALNUM.chars().collect();
    let mut app = PythonRandom::new(started);
    let yours = choice_token(&mut app, &alphabet)?;
    let theirs = choice_token(&mut app, &alphabet)?;

    writeln!(out, "1. random.seed(int(time.time())) at start-up, then")?;
    writeln!(
        out,
        "   token = ''.join(random.choice(ascii_letters + digits) for _ in range(20))"
    )?;
    writeln!(out, "   your reset token:        {yours}")?;
    writeln!(
        out,
        "   the same with a real Python: python3 -c \"import random, string; \
         random.seed({started}); print(''.join(random.choice(string.ascii_letters + \
         string.digits) for _ in range(20)))\""
    )?;
    let seen: Vec<Observation> = yours.chars().map(|c| below(&alphabet, c)).collect();
    let hour = SeedSpace::Integers {
        start: now - 3600,
        end: now,
    };
    let clock = Instant::now();
    let outcome = search(&hour, &seen, &SearchOptions::default(), |_| {
        ControlFlow::Continue(())
    })?;
    let found = outcome
        .found
        .first()
        .ok_or_else(|| Failure::error("the demo search failed"))?;
    let mut attacker = found.after_observations.clone();
    let predicted = choice_token(&mut attacker, &alphabet)?;
    writeln!(
        out,
        "   attacker: tried the {} seconds of the last hour in {:.2} s: random.seed({})",
        outcome.tried,
        clock.elapsed().as_secs_f64(),
        found.seed
    )?;
    verdict(out, &predicted, &theirs)
}

/// Round 2: `random` seeded from the OS (its default), `random.choices` tokens; recovery.
fn os_seeded(out: &mut impl Write) -> Outcome {
    let mut key = [0u8; 2496];
    pssst::fill_bytes(&mut key)?;
    let words: Vec<u32> = key
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut app = PythonRandom::from_twister(MersenneTwister::from_key(&words));
    let alphabet: Vec<char> = URLSAFE.chars().collect();
    let collected: Vec<String> = (0..COLLECTED)
        .map(|_| choices_token(&mut app, &alphabet))
        .collect::<Result<_, _>>()?;
    let theirs = choices_token(&mut app, &alphabet)?;

    writeln!(out, "2. random seeded from os.urandom (its default), then")?;
    writeln!(out, "   token = ''.join(random.choices(URLSAFE, k=22))")?;
    writeln!(
        out,
        "   the attacker requests {COLLECTED} tokens for their own accounts, e.g. {}",
        collected[0]
    )?;
    let clock = Instant::now();
    let recovery = recover(&choices_observations(&collected, &alphabet))?;
    writeln!(
        out,
        "   attacker: solved for the 19937-bit state over GF(2) in {:.1} s",
        clock.elapsed().as_secs_f64()
    )?;
    let predicted = choices_token(&mut recovery.after_observations(), &alphabet)?;
    verdict(out, &predicted, &theirs)
}

/// Round 3: the same tokens from the OS generator; the same attack finds nothing.
fn os_generator(out: &mut impl Write) -> Outcome {
    let alphabet: Vec<char> = URLSAFE.chars().collect();
    let collected: Vec<String> = (0..COLLECTED)
        .map(|_| pssst::token_urlsafe(16).map(|t| t.expose_secret().to_owned()))
        .collect::<Result<_, _>>()?;

    writeln!(
        out,
        "3. token = secrets.token_urlsafe(16)   (pssst urlsafe 16): 128 bits from the OS"
    )?;
    writeln!(
        out,
        "   the attacker requests {COLLECTED} tokens again, e.g. {}",
        collected[0]
    )?;
    let clock = Instant::now();
    let result = recover(&choices_observations(&collected, &alphabet));
    let seconds = clock.elapsed().as_secs_f64();
    match result {
        Err(Error::Inconsistent { .. }) => writeln!(
            out,
            "   attacker: after {seconds:.1} s, no Mersenne Twister state produces these \
             tokens:\n   there is no state to recover and nothing to predict.\n"
        )?,
        Ok(_) => writeln!(
            out,
            "   attacker: a state fits these tokens (astronomically unlikely)\n"
        )?,
        Err(other) => writeln!(out, "   attacker: {other}\n")?,
    }
    Ok(())
}

fn verdict(out: &mut impl Write, predicted: &str, actual: &str) -> Outcome {
    let same = if predicted == actual {
        "the same"
    } else {
        "DIFFERENT"
    };
    writeln!(out, "   the next token, predicted: {predicted}")?;
    writeln!(out, "   the next token, as made:   {actual}   ({same})\n")?;
    Ok(())
}

fn choice_token(rng: &mut PythonRandom, alphabet: &[char]) -> Result<String, Error> {
    (0..20).map(|_| rng.choice(alphabet).copied()).collect()
}

fn choices_token(rng: &mut PythonRandom, alphabet: &[char]) -> Result<String, Error> {
    Ok(rng.choices(alphabet, 22)?.into_iter().collect())
}

fn below(alphabet: &[char], c: char) -> Observation {
    let value = alphabet.iter().position(|&a| a == c).unwrap_or(0) as u64;
    Observation::Below {
        n: alphabet.len() as u64,
        value,
    }
}

fn choices_observations(tokens: &[String], alphabet: &[char]) -> Vec<Observation> {
    let index = |c: char| alphabet.iter().position(|&a| a == c).unwrap_or(0) as u64;
    let n = alphabet.len() as u64;
    tokens
        .iter()
        .flat_map(|t| t.chars())
        .map(|c| Observation::Choices { n, index: index(c) })
        .collect()
}
