//! `urlsafe`, `hex`, `token` and `bytes`: random bytes, encoded or raw.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::os::fd::AsFd;

use clap::Args;
use pssst::{DEFAULT_BYTES, Encoding};
use zeroize::Zeroizing;

use crate::describe::Format;
use crate::error::{Failure, Outcome};
use crate::generate::{Generator, Repeat};
use crate::output::byte_progress;
use crate::parse;

/// `pssst urlsafe [NBYTES]`: as Python's `secrets.token_urlsafe`.
#[derive(Args, Debug)]
pub(crate) struct Urlsafe {
    /// Random bytes per token (the text is about 1.3 characters per byte)
    #[arg(default_value_t = DEFAULT_BYTES, value_parser = parse::token_bytes,
          allow_negative_numbers = true)]
    pub(crate) nbytes: usize,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst hex [NBYTES]`: as Python's `secrets.token_hex`.
#[derive(Args, Debug)]
pub(crate) struct Hex {
    /// Random bytes per token (the text is 2 characters per byte)
    #[arg(default_value_t = DEFAULT_BYTES, value_parser = parse::token_bytes,
          allow_negative_numbers = true)]
    pub(crate) nbytes: usize,

    /// Upper-case digits
    #[arg(long)]
    pub(crate) upper: bool,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst token [NBYTES] --format F`: random bytes in any encoding.
#[derive(Args, Debug)]
pub(crate) struct TokenArgs {
    /// Random bytes per token
    #[arg(default_value_t = DEFAULT_BYTES, value_parser = parse::token_bytes,
          allow_negative_numbers = true)]
    pub(crate) nbytes: usize,

    /// Encoding of the bytes
    #[arg(short, long, default_value = "base64url", value_parser = parse_encoding)]
    pub(crate) format: Encoding,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst bytes NBYTES`: raw random bytes to stdout.
#[derive(Args, Debug)]
pub(crate) struct Bytes {
    /// How many bytes: a whole number, optionally with K, M, G or T (powers of 1024)
    #[arg(value_parser = parse::byte_size, allow_negative_numbers = true)]
    pub(crate) nbytes: u64,
}

/// Makes tokens of `nbytes` random bytes in one encoding.
pub(crate) struct Encoded {
    bytes: Zeroizing<Vec<u8>>,
    encoding: Encoding,
}

impl Encoded {
    /// A generator of `nbytes`-byte tokens in `encoding`.
    pub(crate) fn new(nbytes: usize, encoding: Encoding) -> Self {
        Self {
            bytes: Zeroizing::new(vec![0; nbytes]),
            encoding,
        }
    }
}

impl Generator for Encoded {
    fn format(&self) -> Result<Format, Failure> {
        let nbytes = self.bytes.len();
        Ok(Format::new(self.encoding.name(), nbytes as f64 * 8.0).with_bytes(nbytes))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        pssst::fill_bytes(&mut self.bytes)?;
        self.encoding.encode_into(&self.bytes, value);
        Ok(())
    }
}

/// Writes `nbytes` random bytes to stdout, refusing a terminal.
pub(crate) fn write_bytes(args: &Bytes) -> Outcome {
    const CHUNK: usize = 1 << 20;

    if io::stdout().is_terminal() {
        return Err(Failure::error(
            "refusing to write binary to a terminal: redirect it (pssst bytes 32 > key.bin)",
        ));
    }
    let mut out = File::from(io::stdout().as_fd().try_clone_to_owned()?);
    let progress = byte_progress(args.nbytes);
    let mut buffer = Zeroizing::new(vec![0u8; CHUNK]);
    let mut left = args.nbytes;
    while left > 0 {
        let take = usize::try_from(left).map_or(CHUNK, |left| left.min(CHUNK));
        pssst::fill_bytes(&mut buffer[..take])?;
        out.write_all(&buffer[..take])?;
        left -= take as u64;
        if let Some(bar) = &progress {
            bar.inc(take as u64);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(())
}

/// An encoding by the name `Encoding::name` gives it.
fn parse_encoding(name: &str) -> Result<Encoding, String> {
    Encoding::ALL
        .iter()
        .copied()
        .find(|encoding| encoding.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = Encoding::ALL.iter().map(|e| e.name()).collect();
            format!(
                "{name:?} is not a format: expected one of {}",
                names.join(", ")
            )
        })
}
