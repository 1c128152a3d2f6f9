//! `hash`: what to store for a token, as Python's `hashlib` or `hmac` computes it.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::error::Outcome;
use crate::input;

/// `pssst hash [--hmac-key-file F]`: the SHA-256 (or HMAC-SHA256) hex of a token read from
/// stdin.
#[derive(Args, Debug)]
pub(crate) struct Hash {
    /// Use HMAC-SHA256 with the key in this file (its bytes, less one trailing newline)
    #[arg(long, value_name = "FILE")]
    pub(crate) hmac_key_file: Option<PathBuf>,
}

/// Prints the hash of the token on stdin.
pub(crate) fn run(args: &Hash) -> Outcome {
    let key = args
        .hmac_key_file
        .as_deref()
        .map(input::key_from_file)
        .transpose()?;
    let token = input::secret_from_stdin("a token")?;
    let digest = match key {
        Some(key) => pssst::hmac_sha256_hex(key.expose_secret(), token.expose_secret()),
        None => pssst::sha256_hex(token.expose_secret()),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{digest}")?;
    Ok(out.flush()?)
}
