//! The `pssst` binary, driven as a user drives it.

// Helpers outside `#[test]` functions fail the test the same way: by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod architecture;
mod bad_input;
mod hash;
mod insecure;
mod reset;
mod run;
mod secrets;
mod serve;
mod tokens;
