//! The `pssst` binary, driven as a user drives it.

// Helpers outside `#[test]` functions fail the test the same way: by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod architecture;
mod bad_input;
mod echo;
mod hash;
mod insecure;
mod reset;
mod run;
// The lifecycle's scratch schemas and skip rule for PostgreSQL tests, shared rather than copied.
#[path = "../../../pssst-lifecycle/tests/lifecycle/support/scratch.rs"]
#[allow(dead_code, reason = "shared by three test binaries, each using a part")]
mod scratch;
mod secrets;
mod serve;
#[cfg(unix)]
mod serve_postgres;
mod service;
mod tokens;
