//! A CPython-exact Mersenne Twister, and the recovery of its state from what it outputs.
//!
//! # Security
//!
//! **Nothing in this crate is for secrets.** It exists to show that Python's `random` (and any
//! Mersenne Twister) is predictable: it reproduces `random.Random` bit for bit, then recovers
//! the generator from outputs an attacker can see, predicts the next outputs, rewinds to the
//! earlier ones and, where the seed is small, finds the seed. Make tokens with the `pssst`
//! crate (the OS generator), never with anything here.

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
mod state;
mod symbolic;

pub use error::Error;
pub use float_hash::{float_seed_integer, floats_with_hash, python_float_hash};
pub use float_repr::python_float_repr;
pub use mt::MersenneTwister;
pub use observation::{Observation, ObservationKind};
pub use python::PythonRandom;
pub use recover::{Recovery, recover};
pub use search::{FoundSeed, Progress, SearchOptions, SearchOutcome, SeedSpace, search};
pub use seed::Seed;
pub use seed_recovery::{RecoveredSeed, key_for_seeded_state, seed_for_key};
pub use state::PythonState;
