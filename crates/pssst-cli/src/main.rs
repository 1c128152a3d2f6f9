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
mod redaction;
mod shown;
mod stdout;
mod stream;

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

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

/// Help and version go to stdout with status 0 (2 when they cannot be written); a usage error
/// becomes one line on stderr, without any value that could be a secret (see `redaction`).
fn usage_error(err: &clap::Error) -> ExitCode {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        return print_help(err);
    }
    if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = err.print();
        return ExitCode::from(EXIT_ERROR);
    }
    let path = command_path();
    let rendered = redaction::redacted(err, &err.render().to_string());
    let message = one_line(&rendered);
    let help = path.join(" ");
    Failure::error(format_args!("{message} (see {help} --help)")).report()
}

/// Prints help or version to stdout: a reader that went away (`| head -1`) ends the run quietly,
/// any other failure (`> /dev/full`) is an error, so that a lost help text is not a success.
fn print_help(err: &clap::Error) -> ExitCode {
    let printed = err.print().and_then(|()| std::io::stdout().flush());
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(write) => Failure::from(write).report(),
    }
}

/// The command whose help explains a usage error: the subcommands named on the command line,
/// as far as they go (`pssst insecure python-random predict`).
fn command_path() -> Vec<String> {
    let mut command = cli::Cli::command();
    let mut path = vec![command.get_name().to_owned()];
    for arg in std::env::args_os().skip(1) {
        let Some(arg) = arg.to_str() else {
            break;
        };
        let Some(sub) = command.find_subcommand(arg).cloned() else {
            break;
        };
        path.push(sub.get_name().to_owned());
        command = sub;
    }
    path
}

/// Clap's message without its usage block, on one line: `error: X\n  <ARG>\n\n  tip: Y`
/// becomes `X <ARG>; tip: Y`. Control characters from the user's arguments are escaped.
fn one_line(rendered: &str) -> String {
    let before_usage = rendered.split("\nUsage:").next().unwrap_or(rendered);
    let mut message = String::new();
    for paragraph in before_usage.split("\n\n") {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        if words.is_empty() || paragraph.starts_with("For more information") {
            continue;
        }
        if !message.is_empty() {
            message.push_str("; ");
        }
        message.push_str(&words.join(" "));
    }
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    shown::text(message)
}
