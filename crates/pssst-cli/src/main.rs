//! `pssst`: unguessable tokens, keys, passwords and codes from the shell.
//!
//! A thin layer over the `pssst` library: it parses the command line, calls the library,
//! prints results to stdout and one `pssst: <error>` line to stderr, and exits with 0 for
//! success, 1 for a clean "no" and 2 for usage or runtime errors.

mod cli;
mod commands;
mod describe;
mod error;
mod generate;
mod input;
mod output;
mod parse;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::error::{EXIT_ERROR, Failure};

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    match cli.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// Help and version go to stdout with status 0; a usage error becomes one line on stderr.
fn usage_error(err: &clap::Error) -> ExitCode {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = err.print();
        return ExitCode::from(EXIT_ERROR);
    }
    let rendered = err.render().to_string();
    let first = rendered.lines().next().unwrap_or("invalid arguments");
    let message = first.strip_prefix("error: ").unwrap_or(first);
    Failure::error(format_args!("{message} (see pssst --help)")).report()
}
