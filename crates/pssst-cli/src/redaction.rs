//! Usage errors that never echo what the user typed where a token could be: under `pssst
//! reset` and `pssst serve`, an unexpected argument or a refused value may be a token pasted
//! on the command line by mistake (`pssst reset revoke "$TOKEN"`), and stderr goes to logs
//! and terminals' scrollback.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// What stands in an error message for a value the user typed.
pub(crate) const NOT_SHOWN: &str = "(value not shown: tokens are read from stdin)";

/// The subcommands whose usage errors are redacted: those that handle tokens.
const GUARDED: [&str; 2] = ["reset", "serve"];

/// Whether the usage errors of the command at `path` (`["pssst", "reset", "verify"]`) are
/// redacted.
pub(crate) fn guards(path: &[String]) -> bool {
    path.get(1)
        .is_some_and(|sub| GUARDED.contains(&sub.as_str()))
}

/// `message`, clap's rendering of `err`, with every value the user typed replaced by
/// [`NOT_SHOWN`]: the refused value (`invalid value '...' for '<ID>'`), an unexpected
/// argument, an unknown subcommand. The names of the options involved and clap's tips about
/// them stay, and so does an unknown flag whose name could not be a token (see [`is_flag_name`]).
///
/// Each value is replaced where clap quotes it (`'...'`) and where a value parser quotes it
/// (`"..."`), and anywhere at all once it is 8 characters or longer: a token is 43. A tip that
/// would then read as nonsense (`to pass ... as a value, use ...`) is left out.
pub(crate) fn redacted(err: &clap::Error, message: &str) -> String {
    let mut message = message.to_owned();
    for value in typed_values(err) {
        message = without(&message, &value);
    }
    let mut paragraphs = message.split("\n\n");
    let first = paragraphs.next().unwrap_or_default().to_owned();
    paragraphs
        .filter(|tip| !tip.contains(NOT_SHOWN))
        .fold(first, |kept, tip| kept + "\n\n" + tip)
}

/// The strings of `err`'s context that came from the command line.
fn typed_values(err: &clap::Error) -> Vec<String> {
    let unknown = matches!(
        err.kind(),
        ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand
    );
    let mut values = Vec::new();
    for (kind, value) in err.context() {
        let typed = match kind {
            ContextKind::InvalidValue | ContextKind::InvalidSubcommand => true,
            ContextKind::InvalidArg => unknown,
            _ => false,
        };
        let ContextValue::String(value) = value else {
            continue;
        };
        if typed && !value.is_empty() && !is_flag_name(value) {
            values.push(value.clone());
        }
    }
    values
}

/// An unknown flag that is shown, as it helps and cannot be a token: `-x`, or `--` and 1 to
/// 32 of `a-z 0-9 -` (a reset token is 43 characters of base64url, nearly always with capitals).
fn is_flag_name(arg: &str) -> bool {
    if let Some(short) = arg.strip_prefix('-')
        && short.chars().count() == 1
        && short != "-"
    {
        return true;
    }
    arg.strip_prefix("--").is_some_and(|name| {
        (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

/// `message` with `value` replaced where it appears quoted, or anywhere when it is long.
fn without(message: &str, value: &str) -> String {
    let debug = format!("{value:?}");
    let mut message = message
        .replace(&format!("'{value}'"), NOT_SHOWN)
        .replace(&debug, NOT_SHOWN);
    if value.chars().count() >= 8 {
        message = message.replace(value, NOT_SHOWN);
        message = message.replace(&debug[1..debug.len() - 1], NOT_SHOWN);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_names_are_kept_and_token_like_arguments_are_not() {
        assert!(is_flag_name("-x"));
        assert!(is_flag_name("--bogus"));
        assert!(is_flag_name("--dry-run"));
        assert!(!is_flag_name("--"));
        assert!(!is_flag_name("--aANrvXfy"));
        assert!(!is_flag_name(&format!("--{}", "a".repeat(41))));
        assert!(!is_flag_name("aANrvXfy"));
    }

    #[test]
    fn a_value_is_replaced_quoted_and_short_values_only_where_quoted() {
        let token = "aANrvXfyTOKENtokenTOKENtokenTOKENtokenIuk0";
        let message = format!("invalid value '{token}' for '--ttl': \"{token}\" is bad");
        assert_eq!(
            without(&message, token),
            format!("invalid value {NOT_SHOWN} for '--ttl': {NOT_SHOWN} is bad")
        );
        assert_eq!(
            without("invalid value 'x' for '--limit <LIMIT>': x", "x"),
            format!("invalid value {NOT_SHOWN} for '--limit <LIMIT>': x")
        );
    }
}
