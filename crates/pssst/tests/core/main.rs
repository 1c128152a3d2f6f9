//! Integration tests of the core library: known answers from cited sources, round trips,
//! statistics, and fork safety. One binary; one module per area.

// Helpers outside `#[test]` functions load known-answer files and draw samples; a panic with
// its message is exactly how they should fail, as in the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api_key;
mod bitcoin_base58;
mod chi_square;
mod data;
mod fork;
mod python_radix;
mod rfc4648;
mod roundtrip;
mod statistics;
mod vectors;
