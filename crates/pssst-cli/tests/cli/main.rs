//! The `pssst` binary, driven as a user drives it.

mod bad_input;
mod hash;
mod run;
mod tokens;
