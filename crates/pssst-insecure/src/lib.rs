//! A CPython-exact Mersenne Twister, and the recovery of its state from what it outputs.
//!
//! # Security
//!
//! **Nothing in this crate is for secrets.** It exists to show that Python's `random` (and any
//! Mersenne Twister) is predictable: it reproduces `random.Random` bit for bit, then recovers
//! the generator from outputs an attacker can see, predicts the next outputs, rewinds to the
//! earlier ones and, where the seed is small, finds the seed. Make tokens with the `pssst`
//! crate (the OS generator), never with anything here. Only the `pssst` command (for its
//! `insecure` and `demo` subcommands) may depend on this crate.
//!
//! # Quick start
//!
//! ```
//! use std::ops::ControlFlow;
//! use pssst_insecure::{Observation, PythonRandom, SearchOptions, SeedSpace, recover, search};
//!
//! // Reproduce: random.seed(31); random.random() three times.
//! let mut rng = PythonRandom::new(31);
//! assert_eq!(rng.random(), 0.01227824739797545);
//!
//! // Recover: 623 floats the victim printed are enough to predict every later one.
//! let mut victim = PythonRandom::new("a seed nobody will guess");
//! let seen: Vec<Observation> = (0..623).map(|_| Observation::Float(victim.random())).collect();
//! let mut attacker = recover(&seen)?.after_observations();
//! assert_eq!(attacker.random(), victim.random());
//!
//! // Search: a token made with random.choice after random.seed(int(time.time())).
//! let mut victim = PythonRandom::new(1_715_000_042u64);
//! let token: Vec<Observation> = (0..12)
//!     .map(|_| victim.randbelow(62).map(|value| Observation::Below { n: 62, value }))
//!     .collect::<Result<_, _>>()?;
//! let last_hour = SeedSpace::Integers { start: 1_714_998_000, end: 1_715_001_600 };
//! let options = SearchOptions::default();
//! let outcome = search(&last_hour, &token, &options, |_| ControlFlow::Continue(()))?;
//! assert_eq!(outcome.found[0].seed.to_string(), "1715000042");
//! # Ok::<(), pssst_insecure::Error>(())
//! ```
//!
//! # What is here
//!
//! - **Reproduce**: [`PythonRandom`] is `random.Random` from CPython 3.11 (seeding from int,
//!   float, str and bytes; `random`, `getrandbits`, `randrange`, `randint`, `choice`,
//!   `choices`, `shuffle`, `sample`, `uniform`, `randbytes`, `getstate`/`setstate` as
//!   [`PythonState`]); [`MersenneTwister`] is the generator underneath.
//! - **Recover**: [`recover`] takes [`Observation`]s (whole words, floats, `getrandbits(k)`,
//!   `choices` picks, gaps) and returns a [`Recovery`]: the generator at the first observation,
//!   the next outputs, the earlier ones, and the seed when the seeding point is in reach.
//! - **Search**: [`search`] tries every seed of a [`SeedSpace`] (integers, `time.time()`
//!   floats, candidate lists) on every core, with a progress callback.
//!
//! The crate's README explains how each part works and what it costs.

#![forbid(unsafe_code)]

pub mod mt;

mod draw;
mod error;
mod float_hash;
mod float_repr;
mod gf2;
mod observation;
mod python;
mod recover;
mod rewind;
mod search;
mod seed;
mod seed_recovery;
mod shown;
mod state;
mod symbolic;

pub use error::Error;
pub use float_hash::{float_seed_integer, floats_with_hash, python_float_hash};
pub use float_repr::python_float_repr;
pub use mt::MersenneTwister;
pub use observation::{LineParser, MAX_PRINTED_BITS, Observation, ObservationKind, Place};
pub use python::PythonRandom;
pub use recover::{MAX_OUTPUTS_BACK, MoreObservations, Recoverer, Recovery, recover};
pub use search::{FoundSeed, Progress, SearchOptions, SearchOutcome, SeedSpace, search};
pub use seed::Seed;
pub use seed_recovery::{RecoveredSeed, key_for_seeded_state, seed_for_key};
pub use shown::readable;
pub use state::PythonState;
