//! `apikey`: keys with a prefix and a checksum, and checking them without a database.

use std::io::Write;

use clap::{Args, Subcommand};

use crate::describe::Format;
use crate::error::{Failure, Outcome};
use crate::generate::{Generator, Repeat};
use crate::input;

/// `pssst apikey --prefix NAME` makes keys; `pssst apikey check` checks one from stdin.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct ApiKey {
    #[command(subcommand)]
    pub(crate) action: Option<ApiKeyAction>,

    /// What the key is for: 1 to 32 lower-case letters and digits, starting with a letter
    /// (it is public and lets secret scanners spot a leaked key)
    #[arg(short, long)]
    pub(crate) prefix: Option<String>,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// What to do with API keys other than making them.
#[derive(Subcommand, Debug)]
pub(crate) enum ApiKeyAction {
    /// Check the key on stdin: exit 0 and print its prefix when well formed and its checksum
    /// matches, exit 1 when not (no database needed: this rejects typos and made-up keys)
    Check,
}

impl ApiKey {
    fn prefix(&self) -> Result<&str, Failure> {
        self.prefix.as_deref().ok_or_else(|| {
            Failure::error("missing --prefix NAME: say what the key is for, as --prefix shop")
        })
    }
}

impl Generator for ApiKey {
    fn format(&self) -> Result<Format, Failure> {
        self.prefix()?;
        let body: String = pssst::Alphabet::named("base62")?.symbols().iter().collect();
        Ok(Format::new("apikey", pssst::api_key_entropy_bits()).with_alphabet(body))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        value.push_str(pssst::api_key(self.prefix()?)?.expose_secret());
        Ok(())
    }
}

/// Checks the key on stdin: prints its prefix and succeeds, or fails with status 1.
pub(crate) fn check() -> Outcome {
    let key = input::secret_from_stdin("an API key")?;
    match pssst::check_api_key(key.expose_secret()) {
        Ok(parts) => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "valid {}", parts.prefix())?;
            Ok(out.flush()?)
        }
        Err(err) => Err(Failure::no(err)),
    }
}
