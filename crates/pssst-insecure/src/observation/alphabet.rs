//! The alphabet of a token kind: its characters as given, or names of Python's `string`
//! constants joined with `+`.

use crate::error::Error;
use crate::shown;

/// Python's `string` constants that tokens are commonly made from, by name.
const NAMES: [(&str, &str); 7] = [
    (
        "ascii_letters",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    ),
    ("ascii_lowercase", "abcdefghijklmnopqrstuvwxyz"),
    ("ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ("digits", "0123456789"),
    ("hexdigits", "0123456789abcdefABCDEF"),
    ("octdigits", "01234567"),
    ("punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
];

/// The characters of an alphabet: in single quotes, the characters between them; made of
/// lowercase words with `_` or `+` (or one known name), names of `string` constants joined
/// with `+`; otherwise the characters as given.
///
/// # Errors
///
/// [`Error::InvalidAlphabet`] for an unknown name, a repeated character or fewer than two.
pub(super) fn parse(spec: &str) -> Result<Vec<char>, Error> {
    let quoted = spec
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix('\''));
    let chars: Vec<char> = match quoted {
        Some(literal) => literal.chars().collect(),
        None if is_names(spec) => named(spec)?,
        None => spec.chars().collect(),
    };
    if chars.len() < 2 {
        return Err(Error::InvalidAlphabet(format!(
            "the alphabet needs at least two characters, not {}",
            chars.len()
        )));
    }
    if let Some(repeated) = first_repeated(&chars) {
        return Err(Error::InvalidAlphabet(format!(
            "the alphabet repeats {}",
            shown::character(repeated)
        )));
    }
    Ok(chars)
}

/// The alphabet written so that [`parse`] reads it back: in single quotes where it would be
/// read as names.
pub(super) fn spec(chars: &[char]) -> String {
    let text: String = chars.iter().collect();
    if is_names(&text) {
        format!("'{text}'")
    } else {
        text
    }
}

/// Whether `spec` is meant as names: lowercase words joined with `+`, with a `_` or `+` in
/// it, or a name on its own.
fn is_names(spec: &str) -> bool {
    let word =
        |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let shaped = spec.split('+').all(word);
    shaped && (spec.contains(['_', '+']) || lookup(spec).is_some())
}

fn named(spec: &str) -> Result<Vec<char>, Error> {
    let mut chars = Vec::new();
    for name in spec.split('+') {
        let Some(text) = lookup(name) else {
            return Err(unknown(name));
        };
        chars.extend(text.chars());
    }
    Ok(chars)
}

fn lookup(name: &str) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, text)| *text)
}

/// `name` holds only lowercase letters and `_` (see [`is_names`]), so it is shown as is.
fn unknown(name: &str) -> Error {
    let known: Vec<&str> = NAMES.iter().map(|(known, _)| *known).collect();
    Error::InvalidAlphabet(format!(
        "unknown alphabet name '{name}'; known names: {}, joined with + as in \
         ascii_letters+digits (put the alphabet in single quotes to use its characters as \
         they are)",
        known.join(", ")
    ))
}

fn first_repeated(chars: &[char]) -> Option<char> {
    chars
        .iter()
        .enumerate()
        .find(|&(i, c)| chars[..i].contains(c))
        .map(|(_, &c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(spec: &str) -> String {
        parse(spec).map_or_else(|e| e.to_string(), |_| String::new())
    }

    #[test]
    fn names_join_with_plus_and_follow_python() {
        let chars = parse("ascii_letters+digits").unwrap_or_default();
        assert_eq!(chars.len(), 62);
        assert_eq!((chars[0], chars[26], chars[61]), ('a', 'A', '9'));
        assert_eq!(parse("octdigits+ascii_uppercase").map(|c| c.len()), Ok(34));
    }

    #[test]
    fn what_is_wrong_is_said_exactly() {
        assert_eq!(message("abca"), "the alphabet repeats 'a'");
        assert_eq!(message("hexdigits+digits"), "the alphabet repeats '0'");
        assert_eq!(message("a\u{1b}\u{1b}"), "the alphabet repeats U+001B");
        assert!(message("bogus_const").starts_with(
            "unknown alphabet name 'bogus_const'; known names: ascii_letters, ascii_lowercase"
        ));
        assert!(message("digits+hexdigitz").starts_with("unknown alphabet name 'hexdigitz'"));
        assert_eq!(
            message("x"),
            "the alphabet needs at least two characters, not 1"
        );
    }

    #[test]
    fn quotes_and_other_characters_are_literal() {
        assert_eq!(parse("'ab_'"), Ok(vec!['a', 'b', '_']));
        assert_eq!(parse("0123456789abcdef").map(|c| c.len()), Ok(16));
        assert_eq!(parse("AB-xy_").map(|c| c.len()), Ok(6));
    }
}
