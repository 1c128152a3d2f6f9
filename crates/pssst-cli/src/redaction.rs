//! Usage errors that never echo a value that could be a secret, under every subcommand: a
//! token, key or password pasted on the command line by mistake (`pssst hex "$TOKEN"`,
//! `pssst reset revoke "$TOKEN"`) would otherwise reach stderr, and from there logs and
//! terminals' scrollback.
//!
//! The rule, [`could_be_secret`]: a value is hidden when it is 16 characters or longer and made
//! only of ASCII letters, digits, `-` and `_` (what base64url, hex, base32, base58 and base62
//! tokens and `prefix_...` API keys are made of), and whatever it holds once it is 32
//! characters or longer. Everything else is shown, as it helps to see what was refused:
//! `--ttl=abc`, `--ttl 1h30m`, `--keep -1`, `pssst hex 12x`. The names of the options involved
//! and clap's tips about them stay, and so does an unknown long flag made of lowercase words
//! (`--revoke-everything`). A hidden value reads `(not shown: it could be a secret)` once, and
//! `it` where the same message names it again. Runtime errors that name a value from the
//! command line (`cannot listen on ADDRESS`) use the same rule through [`shown_or_hidden`].
//!
//! Paths are not handled here: a path in a runtime error (`cannot import from PATH`, `no
//! database at PATH`) is one the user chose and named, and is shown (see SECURITY.md).

use std::borrow::Cow;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// What stands in a message for the first copy of a value that could be a secret.
pub(crate) const NOT_SHOWN: &str = "(not shown: it could be a secret)";

/// What stands for each later copy of the same value, so the sentence still reads
/// (`invalid value (not shown: ...) for '[NBYTES]': it is not a whole number`).
const AGAIN: &str = "it";

/// Shortest value hidden when made only of token characters (a 64-bit key in hex is 16).
const SHORTEST_TOKEN: usize = 16;

/// Shortest part of a hidden value that is hidden where a value parser quotes it apart (an
/// unknown unit or suffix after the digits).
const SHORTEST_PART: usize = 6;

/// Shortest value hidden whatever it holds (a 24-byte password in base64 is 32).
const SHORTEST_ANY: usize = 32;

/// Whether `value` could be a secret: 16+ characters of `A-Z a-z 0-9 - _`, or 32+ of anything.
///
/// # Security
///
/// A short secret (a 6-digit code, an 8-character password) or one of 16 to 31 characters with
/// other symbols is shown. The rule trades that for errors that say what was wrong with an
/// ordinary value; secrets belong on stdin, which every command that takes one reads.
pub(crate) fn could_be_secret(value: &str) -> bool {
    // LIMITATION: a secret typed as an argument by mistake is echoed in a usage error when it is
    // shorter than 16 characters, or 16 to 31 characters with a symbol other than `-` and `_`.
    let length = value.chars().count();
    let token_like = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    length >= SHORTEST_ANY || (length >= SHORTEST_TOKEN && token_like)
}

/// `value` quoted as clap quotes it, or [`NOT_SHOWN`] when it could be a secret.
pub(crate) fn quoted(value: &str) -> String {
    if could_be_secret(value) {
        NOT_SHOWN.to_owned()
    } else {
        format!("'{}'", crate::shown::escaped(value))
    }
}

/// `value` as a runtime error shows it, control characters escaped, or [`NOT_SHOWN`] when it
/// could be a secret: `cannot listen on localhost:99999: ...`, but `cannot listen on (not
/// shown: it could be a secret): ...` for a token passed to `--listen` by mistake.
pub(crate) fn shown_or_hidden(value: &str) -> Cow<'static, str> {
    shown_as_or_hidden(value, crate::shown::text)
}

/// `value` written by `show`, or [`NOT_SHOWN`] when it could be a secret: for a command that
/// shows values its own way (as Python's `repr`, say).
pub(crate) fn shown_as_or_hidden(
    value: &str,
    show: impl FnOnce(&str) -> String,
) -> Cow<'static, str> {
    if could_be_secret(value) {
        Cow::Borrowed(NOT_SHOWN)
    } else {
        Cow::Owned(show(value))
    }
}

/// `message`, clap's rendering of `err`, with every value the user typed that could be a
/// secret replaced: the refused value (`invalid value '...' for '<ID>'`), an unexpected
/// argument or value, an unknown subcommand. Its first copy becomes [`NOT_SHOWN`], later ones
/// [`AGAIN`]; a tip that quotes it (`to pass '...' as a value, use '-- ...'`) is left out.
pub(crate) fn redacted(err: &clap::Error, message: &str) -> String {
    let hidden = hidden_values(err);
    let mut paragraphs = message.split("\n\n");
    let first = paragraphs.next().unwrap_or_default();
    let mut first = hidden
        .iter()
        .fold(first.to_owned(), |text, value| without(&text, value));
    if err.kind() == ErrorKind::ArgumentConflict {
        first = as_argument(&first);
    }
    paragraphs
        .filter(|tip| !hidden.iter().any(|value| tip.contains(value.trim())))
        .fold(first, |kept, tip| kept + "\n\n" + tip)
}

/// A conflict that calls a hidden word a subcommand (`serve --link-in-fragment TOKEN`, where
/// any word after the options is taken for one) says argument instead: no subcommand's name
/// could be a secret, so the word is most likely a value typed in the wrong place.
fn as_argument(message: &str) -> String {
    message.replacen(
        &format!("the subcommand {NOT_SHOWN}"),
        &format!("an argument {NOT_SHOWN}"),
        1,
    )
}

/// The strings of `err`'s context that came from the command line and could be secrets.
fn hidden_values(err: &clap::Error) -> Vec<String> {
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
        if typed && could_be_secret(value) && !is_flag_name(value) {
            values.push(value.clone());
        }
    }
    values
}

/// An unknown long flag that is shown although long, as it cannot be a token: `--` and 1 to 32
/// of `a-z -` (`--revoke-everything`). A token of that length nearly always has a capital or
/// a digit.
fn is_flag_name(arg: &str) -> bool {
    arg.strip_prefix("--").is_some_and(|name| {
        (1..=32).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    })
}

/// `message` with every copy of `value` replaced, quoted (`'...'`, `"..."`) or bare, and also
/// of `value` without surrounding spaces, which value parsers trim.
fn without(message: &str, value: &str) -> String {
    let forms = forms(value);
    let mut kept = String::with_capacity(message.len());
    let mut rest = message;
    let mut stand_in = NOT_SHOWN;
    while let Some((at, len)) = earliest(rest, &forms) {
        kept.push_str(&rest[..at]);
        kept.push_str(stand_in);
        stand_in = AGAIN;
        rest = &rest[at + len..];
    }
    without_parts(&(kept + rest), value)
}

/// `message` with each word of [`SHORTEST_PART`] or more token characters that is part of
/// `value` replaced by [`AGAIN`], quotes and all: `1` and `hGfT...` of `1hGfT...` once a
/// parser split them (`unknown unit "hGfT..."` becomes `unknown unit it`).
fn without_parts(message: &str, value: &str) -> String {
    let is_token = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut kept = String::with_capacity(message.len());
    let mut start = 0;
    for (at, c) in message.char_indices().chain([(message.len(), ' ')]) {
        if is_token(c) {
            continue;
        }
        let word = &message[start..at];
        let end = (at + c.len_utf8()).min(message.len());
        if word.len() >= SHORTEST_PART && value.contains(word) {
            let quoted = matches!(c, '\'' | '"') && kept.ends_with(c);
            if quoted {
                kept.pop();
            }
            kept.push_str(AGAIN);
            if !quoted {
                kept.push_str(&message[at..end]);
            }
        } else {
            kept.push_str(word);
            kept.push_str(&message[at..end]);
        }
        start = end;
    }
    kept
}

/// The ways a message can hold `value`: quoted as typed, and bare or quoted without the spaces
/// around it.
fn forms(value: &str) -> Vec<String> {
    let trimmed = value.trim();
    let debug = format!("{trimmed:?}");
    let inner = debug[1..debug.len() - 1].to_owned();
    let mut forms = vec![
        format!("'{value}'"),
        format!("{value:?}"),
        debug,
        trimmed.to_owned(),
        inner,
    ];
    forms.retain(|form| !form.is_empty());
    forms
}

/// Where the first of `forms` starts in `text`, and its length (the longest at that place).
fn earliest(text: &str, forms: &[String]) -> Option<(usize, usize)> {
    forms
        .iter()
        .filter_map(|form| text.find(form.as_str()).map(|at| (at, form.len())))
        .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "aANrvXfyQ3kLm9TpZ0wBcD4eFgH5iJ6kL7mN8oP_Iuk";

    #[test]
    fn long_token_characters_or_very_long_values_could_be_secrets() {
        assert!(could_be_secret(TOKEN));
        assert!(could_be_secret("0123456789abcdef"));
        assert!(could_be_secret("sk_live_0123456789"));
        assert!(could_be_secret(&"a b!".repeat(8)));
        assert!(!could_be_secret("0123456789abcde"));
        assert!(!could_be_secret("1h30m"));
        assert!(!could_be_secret("-1"));
        assert!(!could_be_secret("my key with spaces"));
    }

    #[test]
    fn long_flag_names_are_kept_and_token_like_arguments_are_not() {
        assert!(is_flag_name("--revoke-everything"));
        assert!(!is_flag_name("--"));
        assert!(!is_flag_name("--aANrvXfyQ3kLm9TpZ0w"));
        assert!(!is_flag_name("--0123456789abcdef"));
        assert!(!is_flag_name(&format!("--{}", "a".repeat(41))));
        assert!(!is_flag_name("revoke-everything"));
    }

    #[test]
    fn the_first_copy_is_named_as_hidden_and_later_copies_read_as_it() {
        let message = format!("invalid value '{TOKEN}' for '[NBYTES]': \"{TOKEN}\" is bad");
        assert_eq!(
            without(&message, TOKEN),
            format!("invalid value {NOT_SHOWN} for '[NBYTES]': it is bad")
        );
        let spaced = format!(" {TOKEN}");
        let message = format!("invalid value '{spaced}' for '--ttl': {TOKEN} is too long");
        assert_eq!(
            without(&message, &spaced),
            format!("invalid value {NOT_SHOWN} for '--ttl': it is too long")
        );
    }

    #[test]
    fn a_part_of_a_hidden_value_is_hidden_too() {
        let value = format!("1{TOKEN}");
        let message = format!("invalid value '{value}' for '--ttl': unknown unit \"{TOKEN}\"");
        assert_eq!(
            without(&message, &value),
            format!("invalid value {NOT_SHOWN} for '--ttl': unknown unit it")
        );
        let value = format!("{TOKEN}e{TOKEN}");
        let message = format!("invalid value '{value}' for '--count': \"{TOKEN}\" is not");
        assert_eq!(
            without(&message, &value),
            format!("invalid value {NOT_SHOWN} for '--count': it is not")
        );
    }

    #[test]
    fn a_runtime_error_shows_a_value_that_could_not_be_a_secret() {
        assert_eq!(shown_or_hidden("localhost:80"), "localhost:80");
        assert_eq!(shown_or_hidden("a\nb"), "a\\nb");
        assert_eq!(shown_or_hidden(TOKEN), NOT_SHOWN);
        assert_eq!(shown_or_hidden(&format!("127.0.0.1:{TOKEN}")), NOT_SHOWN);
    }

    #[test]
    fn a_hidden_word_taken_for_a_subcommand_reads_as_an_argument() {
        let message = format!("the subcommand {NOT_SHOWN} cannot be used with '--x'");
        assert_eq!(
            as_argument(&message),
            format!("an argument {NOT_SHOWN} cannot be used with '--x'")
        );
        let shown = "the subcommand 'clients' cannot be used with '--x'";
        assert_eq!(as_argument(shown), shown);
    }

    #[test]
    fn a_value_that_could_not_be_a_secret_is_quoted_as_clap_quotes_it() {
        assert_eq!(quoted("my key"), "'my key'");
        assert_eq!(quoted(TOKEN), NOT_SHOWN);
    }
}
