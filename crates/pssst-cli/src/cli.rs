//! The command line: what `pssst` accepts and which library call each subcommand makes.

use clap::{Parser, Subcommand};
use pssst::{DEFAULT_BYTES, Encoding};

use crate::commands::{hash, numbers, tokens, uuid};
use crate::error::Outcome;
use crate::generate::{Generator, Repeat, emit};

const EXAMPLES: &str = "\
Examples:
  pssst                          a password-reset token: 32 random bytes, base64url
  pssst hex 16                   as Python's secrets.token_hex(16)
  pssst urlsafe -n 1000000 > t   a million tokens, one per line
  pssst token --format base58    32 random bytes in base58
  pssst bytes 32 > key.bin       raw bytes (never to a terminal)
  pssst below 1000000            a whole number from 0 to 999999, without modulo bias
  pssst uuid --v7                a time-ordered UUID
  echo -n TOKEN | pssst hash     what to store: sha256(token) in hex

Exit status: 0 success, 1 a clean \"no\" (an invalid key or token), 2 usage or runtime error.";

/// Unguessable tokens, keys, passwords and codes from the operating system's CSPRNG.
///
/// With no subcommand, prints one token as Python's `secrets.token_urlsafe(32)` would.
#[derive(Parser, Debug)]
#[command(name = "pssst", version, after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Tokens in base64url without padding, as Python's `secrets.token_urlsafe`
    Urlsafe(tokens::Urlsafe),
    /// Tokens in hex, as Python's `secrets.token_hex`
    Hex(tokens::Hex),
    /// Tokens of random bytes in any encoding (hex, base64, base64url, ...)
    Token(tokens::TokenArgs),
    /// Raw random bytes to stdout (refuses a terminal)
    Bytes(tokens::Bytes),
    /// A whole number from 0 to N - 1, as Python's `secrets.randbelow`
    Below(numbers::Below),
    /// A whole number from MIN to MAX - 1, as Node's `crypto.randomInt`
    Int(numbers::Int),
    /// One of the given items, as Python's `secrets.choice`
    Choice(numbers::Choice),
    /// The given items in random order
    Shuffle(numbers::Shuffle),
    /// UUIDs: random (version 4) or time-ordered (version 7)
    Uuid(uuid::UuidArgs),
    /// The SHA-256 or HMAC-SHA256 hex of a token read from stdin: what to store
    Hash(hash::Hash),
}

impl Cli {
    /// Runs the chosen subcommand.
    pub(crate) fn run(self) -> Outcome {
        let Some(command) = self.command else {
            let repeat = Repeat {
                count: 1,
                json: false,
            };
            let mut urlsafe = tokens::Encoded::new(DEFAULT_BYTES, Encoding::Base64Url);
            return emit(&mut urlsafe, &repeat);
        };
        match command {
            Command::Urlsafe(args) => emit(
                &mut tokens::Encoded::new(args.nbytes, Encoding::Base64Url),
                &args.repeat,
            ),
            Command::Hex(args) => {
                let encoding = if args.upper {
                    Encoding::HexUpper
                } else {
                    Encoding::Hex
                };
                emit(
                    &mut tokens::Encoded::new(args.nbytes, encoding),
                    &args.repeat,
                )
            }
            Command::Token(args) => emit(
                &mut tokens::Encoded::new(args.nbytes, args.format),
                &args.repeat,
            ),
            Command::Bytes(args) => tokens::write_bytes(&args),
            Command::Below(args) => emit_owned(args),
            Command::Int(args) => emit_owned(args),
            Command::Choice(args) => emit_owned(args),
            Command::Shuffle(args) => emit_owned(args),
            Command::Uuid(args) => emit_owned(args),
            Command::Hash(args) => hash::run(&args),
        }
    }
}

/// A generator whose arguments carry their own [`Repeat`] options.
trait Repeated: Generator {
    fn repeat(&self) -> Repeat;
}

macro_rules! repeated {
    ($($args:ty),*) => {
        $(impl Repeated for $args {
            fn repeat(&self) -> Repeat {
                self.repeat.clone()
            }
        })*
    };
}

repeated!(
    numbers::Below,
    numbers::Int,
    numbers::Choice,
    numbers::Shuffle,
    uuid::UuidArgs
);

fn emit_owned(mut args: impl Repeated) -> Outcome {
    let repeat = args.repeat();
    emit(&mut args, &repeat)
}
