//! Integration tests of pssst-insecure: known answers from CPython, recovery and search.

mod cpython_seeds;
mod recover_vectors;
mod vectors;
