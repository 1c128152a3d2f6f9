//! Integration tests of pssst-insecure: known answers from CPython, recovery and search.

// Tests fail loudly on purpose: an `expect` message is the assertion text.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod cpython_seeds;
mod generated;
mod recover_vectors;
mod search_seeds;
mod shortfall;
mod vectors;
