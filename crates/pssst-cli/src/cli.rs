//! The command line: what `pssst` accepts and which library call each subcommand makes.

use clap::{Parser, Subcommand};
use pssst::{DEFAULT_BYTES, Encoding};

use crate::commands::{
    api_key, demo, entropy, hash, insecure, numbers, passwords, reset, serve, tokens, uuid,
};
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
  pssst password --length 16     a password with lower, upper, digits and symbols
  pssst passphrase --words 5     five words from the EFF large wordlist
  pssst apikey --prefix shop     shop_<30 base62 characters><6-character checksum>
  pssst entropy urlsafe 16 -n 1000000
                                 bits, and the odds that two of a million collide
  echo -n TOKEN | pssst hash     what to store: sha256(token) in hex
  pssst reset issue --subject user-42 --link https://app.example/reset
                                 a stored, single-use reset link (see pssst reset --help)
  pssst serve --base-url https://app.example/reset
                                 the same as an HTTP service (see pssst serve --help)
  pssst demo                     watch tokens from Python's random get predicted
  pssst insecure python-random --seed 31 --random 3
                                 reproduce Python's random (see its --help to break it)

Exit status: 0 success, 1 a clean \"no\" (an invalid key or token), 2 usage or runtime error.";

/// Unguessable tokens, keys, passwords and codes from the operating system's CSPRNG.
///
/// With no subcommand, prints one token as Python's `secrets.token_urlsafe(32)` would.
#[derive(Parser, Debug)]
#[command(name = "pssst", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    repeat: Repeat,
}

#[derive(Subcommand, Debug)]
enum Command {
    #[command(flatten)]
    Generate(Format),
    /// Raw random bytes to stdout (refuses a terminal)
    Bytes(tokens::Bytes),
    /// The SHA-256 or HMAC-SHA256 hex of a token read from stdin: what to store
    Hash(hash::Hash),
    /// Reset and verification tokens in a SQLite file: issue, verify, revoke, purge, keys
    Reset(reset::Reset),
    /// The reset tokens as an authenticated HTTP service, and its client keys
    Serve(serve::Serve),
    /// Entropy in bits of a format, and the odds that two of N values collide
    #[command(
        after_help = "The format is given as to make values; -n is how many will \
                            exist, --json prints the report as JSON.\n\n\
                            Example: pssst entropy chars --alphabet base58 --length 22 -n 1e9"
    )]
    Entropy {
        #[command(subcommand)]
        format: Format,
    },
    /// Python's `random`, reproduced and broken: never for secrets
    Insecure(insecure::Insecure),
    /// Watch tokens made with Python's `random` get predicted, and OS tokens resist
    Demo(demo::Demo),
}

/// Every format pssst makes values in: one subcommand each, shared by `entropy`.
#[derive(Subcommand, Debug)]
enum Format {
    /// Tokens in base64url without padding, as Python's `secrets.token_urlsafe`
    Urlsafe(tokens::Urlsafe),
    /// Tokens in hex, as Python's `secrets.token_hex`
    Hex(tokens::Hex),
    /// Tokens of random bytes in any encoding (hex, base32, base58, base62, base64, ...)
    Token(tokens::TokenArgs),
    /// A whole number from 0 to N - 1, as Python's `secrets.randbelow`
    Below(numbers::Below),
    /// A whole number from MIN to MAX - 1, as Node's `crypto.randomInt`
    Int(numbers::Int),
    /// One of the given items, as Python's `secrets.choice`
    Choice(numbers::Choice),
    /// The given items in random order
    Shuffle(numbers::Shuffle),
    /// A password from chosen character classes, at least one of each
    Password(passwords::Password),
    /// Words from the EFF large wordlist (or your own)
    Passphrase(passwords::Passphrase),
    /// Characters from a named or given alphabet, without modulo bias
    Chars(passwords::Chars),
    /// A numeric one-time code
    Code(passwords::Code),
    /// API keys with a prefix and a checksum; `apikey check` checks one
    Apikey(api_key::ApiKey),
    /// UUIDs: random (version 4) or time-ordered (version 7)
    Uuid(uuid::UuidArgs),
}

impl Cli {
    /// Runs the chosen subcommand.
    pub(crate) fn run(self) -> Outcome {
        match self.command {
            None => {
                let mut urlsafe = tokens::Encoded::new(DEFAULT_BYTES, Encoding::Base64Url);
                emit(&mut urlsafe, &self.repeat)
            }
            Some(Command::Generate(Format::Apikey(api_key::ApiKey {
                action: Some(api_key::ApiKeyAction::Check),
                ..
            }))) => api_key::check(),
            Some(Command::Generate(format)) => {
                let (mut generator, repeat) = format.into_generator()?;
                emit(generator.as_mut(), &repeat)
            }
            Some(Command::Bytes(args)) => tokens::write_bytes(&args),
            Some(Command::Hash(args)) => hash::run(&args),
            Some(Command::Reset(args)) => reset::run(args),
            Some(Command::Serve(args)) => serve::run(args),
            Some(Command::Entropy { format }) => {
                let (generator, repeat) = format.into_generator()?;
                entropy::report(generator.as_ref(), repeat.count, repeat.json)
            }
            Some(Command::Insecure(args)) => args.run(),
            Some(Command::Demo(args)) => args.run(),
        }
    }
}

impl Format {
    /// The generator for this format, with its repeat options.
    fn into_generator(self) -> Result<(Box<dyn Generator>, Repeat), crate::error::Failure> {
        Ok(match self {
            Self::Urlsafe(args) => (
                Box::new(tokens::Encoded::new(args.nbytes, Encoding::Base64Url)),
                args.repeat,
            ),
            Self::Hex(args) => {
                let encoding = if args.upper {
                    Encoding::HexUpper
                } else {
                    Encoding::Hex
                };
                (
                    Box::new(tokens::Encoded::new(args.nbytes, encoding)),
                    args.repeat,
                )
            }
            Self::Token(args) => (
                Box::new(tokens::Encoded::new(args.nbytes, args.format)),
                args.repeat,
            ),
            Self::Below(args) => boxed(args.repeat.clone(), args),
            Self::Int(args) => boxed(args.repeat.clone(), args),
            Self::Choice(args) => boxed(args.repeat.clone(), args),
            Self::Shuffle(args) => boxed(args.repeat.clone(), args),
            Self::Password(args) => boxed(args.repeat.clone(), args),
            Self::Passphrase(mut args) => {
                args.load()?;
                boxed(args.repeat.clone(), args)
            }
            Self::Chars(args) => boxed(args.repeat.clone(), args),
            Self::Code(args) => boxed(args.repeat.clone(), args),
            Self::Apikey(args) => boxed(args.repeat.clone(), args),
            Self::Uuid(args) => boxed(args.repeat.clone(), args),
        })
    }
}

fn boxed(repeat: Repeat, generator: impl Generator + 'static) -> (Box<dyn Generator>, Repeat) {
    (Box::new(generator), repeat)
}
