//! The alphabet of a token kind, written as in Python: names of the `string` constants and
//! quoted characters joined with `+` (`string.ascii_letters + string.digits + '-_'`), or the
//! characters themselves. Quoted characters are Python str literals: escapes such as `\t`,
//! `\x1f` and `\u00e9` are resolved as Python resolves them.
//!
//! A word that looks like a name is read as one, and refused when it is not a constant of
//! Python's `string` module: taking `base62` or `Digits` as six characters would make every
//! later answer wrong without a word said.

use crate::error::Error;
use crate::seed::{quoted, repr};
use crate::shown;

/// Python's `string` constants, by name, in the module's order, each as the parts it is
/// made of.
const NAMES: [(&str, &[&str]); 9] = [
    ("ascii_letters", &[LOWERCASE, UPPERCASE]),
    ("ascii_lowercase", &[LOWERCASE]),
    ("ascii_uppercase", &[UPPERCASE]),
    ("digits", &[DIGITS]),
    ("hexdigits", &["0123456789abcdefABCDEF"]),
    ("octdigits", &["01234567"]),
    ("punctuation", &[PUNCTUATION]),
    (
        "printable",
        &[DIGITS, LOWERCASE, UPPERCASE, PUNCTUATION, WHITESPACE],
    ),
    ("whitespace", &[WHITESPACE]),
];
const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const WHITESPACE: &str = " \t\n\r\x0b\x0c";

/// The characters of an alphabet written as `TERM+TERM...`, each term a name (`digits`,
/// `string.digits`) or characters in single or double quotes (`'-_'`); a lone term that is
/// neither, such as `0123456789abcdef`, is the characters as given.
///
/// # Errors
///
/// [`Error::InvalidAlphabet`] for an unknown name, a term that is neither a name nor quoted,
/// a quote left open, a repeated character or fewer than two characters.
pub(super) fn parse(spec: &str) -> Result<Vec<char>, Error> {
    let terms = split_terms(spec)?;
    let chars = match terms.as_slice() {
        [only] if is_as_given(only) => only.chars().collect(),
        _ => joined(&terms)?,
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

/// Refuses an alphabet with a character that Python's `str.splitlines` breaks lines at:
/// tokens are printed and read one per line, and such a token would not be one line.
///
/// # Errors
///
/// [`Error::InvalidAlphabet`] naming the first such character.
pub(super) fn check_one_per_line(chars: &[char]) -> Result<(), Error> {
    let Some(&c) = chars.iter().find(|c| LINE_BREAKS.contains(c)) else {
        return Ok(());
    };
    Err(Error::InvalidAlphabet(format!(
        "the alphabet holds {}, a line break, so a token could not be printed or read as one \
         line: leave it out (printable and whitespace hold \\n, \\r, \\x0b and \\x0c; \
         use quoted characters instead)",
        shown::character(c)
    )))
}

/// What `str.splitlines` splits at.
const LINE_BREAKS: [char; 10] = [
    '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
];

/// The alphabet written so that [`parse`] reads it back: as is when it would be read as
/// characters, otherwise as Python's `repr` writes it.
pub(super) fn spec(chars: &[char]) -> String {
    let text: String = chars.iter().collect();
    if parse(&text).is_ok_and(|parsed| parsed == chars) {
        return text;
    }
    repr::str_repr(&text)
}

/// The terms between `+` signs outside quotes, as written (spaces kept).
fn split_terms(spec: &str) -> Result<Vec<&str>, Error> {
    let mut terms = Vec::new();
    let (mut start, mut open) = (0, None);
    let mut chars = spec.char_indices();
    while let Some((i, c)) = chars.next() {
        match (open, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (None, '\'' | '"') => open = Some(c),
            (Some(quote), _) if c == quote => open = None,
            (None, '+') => {
                terms.push(&spec[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if let Some(quote) = open {
        return Err(Error::InvalidAlphabet(format!(
            "the alphabet {} opens a {quote} that is never closed",
            shown::readable(spec)
        )));
    }
    terms.push(&spec[start..]);
    Ok(terms)
}

/// The characters of terms that are each a name or quoted characters.
fn joined(terms: &[&str]) -> Result<Vec<char>, Error> {
    let mut chars = Vec::new();
    for term in terms.iter().map(|term| term.trim()) {
        if is_quoted(term) {
            let text = quoted::str_literal(term).map_err(|why| {
                Error::InvalidAlphabet(format!("{} {why}", shown::readable(term)))
            })?;
            chars.extend(text.chars());
        } else if let Some(name) = name_of(term) {
            let parts = lookup(&name).ok_or_else(|| unknown(&name))?;
            chars.extend(parts.iter().flat_map(|part| part.chars()));
        } else if term.split_whitespace().nth(1).is_some() || term.contains(['\'', '"']) {
            return Err(Error::InvalidAlphabet(format!(
                "{} in the alphabet is several terms side by side: join names and quoted \
                 characters with +, as in ascii_letters+digits+'-_'",
                shown::readable(term)
            )));
        } else {
            return Err(Error::InvalidAlphabet(format!(
                "{} in the alphabet is neither a name nor quoted: put characters in quotes, as \
                 in ascii_letters+digits+'-_'",
                shown::readable(term)
            )));
        }
    }
    Ok(chars)
}

/// Whether `term` is one quoted literal, `'...'` or `"..."`, its quote inside escaped.
fn is_quoted(term: &str) -> bool {
    let term = term.trim();
    let Some(quote) = term.chars().next().filter(|c| matches!(c, '\'' | '"')) else {
        return false;
    };
    let mut chars = term.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return i + 1 == term.len();
        }
    }
    false
}

/// Whether a lone term is the characters as given: neither quoted nor shaped like a name, and
/// not several terms side by side that lack their `+`.
fn is_as_given(term: &str) -> bool {
    !is_quoted(term)
        && name_of(term).is_none()
        && term.split_whitespace().nth(1).is_none()
        && !term.contains(['\'', '"'])
}

/// The name `term` is shaped like, as Python reads it: dotted words such as `digits`,
/// `string.digits` or `str.digits`, spaces around the dots dropped (`string. digits`).
fn name_of(term: &str) -> Option<String> {
    let words: Vec<&str> = term.split('.').map(str::trim).collect();
    words
        .iter()
        .all(|word| is_identifier(word))
        .then(|| words.join("."))
}

fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn lookup(term: &str) -> Option<&'static [&'static str]> {
    let name = term.strip_prefix("string.").unwrap_or(term);
    NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, parts)| *parts)
}

/// `name` is shaped like a name (see [`name_of`]): ASCII letters, digits, `_` and `.`.
fn unknown(name: &str) -> Error {
    let known: Vec<&str> = NAMES.iter().map(|(known, _)| *known).collect();
    let bare = name.strip_prefix("string.").unwrap_or(name);
    let case = NAMES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(bare))
        .map(|(known, _)| format!(" (names are case-sensitive: {known})"))
        .unwrap_or_default();
    Error::InvalidAlphabet(format!(
        "unknown alphabet name '{name}'{case}; known names (Python's string constants): {}, \
         joined with + and with or without string., as in ascii_letters+digits+'-_'; put \
         characters in quotes to use them as they are ('{name}')",
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

    fn text(spec: &str) -> String {
        parse(spec).unwrap_or_default().into_iter().collect()
    }

    #[test]
    fn names_join_with_plus_and_follow_python() {
        let chars = parse("ascii_letters+digits").unwrap_or_default();
        assert_eq!(chars.len(), 62);
        assert_eq!((chars[0], chars[26], chars[61]), ('a', 'A', '9'));
        assert_eq!(parse("octdigits+ascii_uppercase").map(|c| c.len()), Ok(34));
        assert_eq!(parse("printable").map(|c| c.len()), Ok(100));
        assert_eq!(text("whitespace"), " \t\n\r\u{b}\u{c}");
    }

    #[test]
    fn names_and_quoted_characters_mix_as_in_python() {
        let python = "string.ascii_letters + string.digits + '-_'";
        assert_eq!(text(python).len(), 64);
        assert!(text(python).ends_with("789-_"));
        assert_eq!(text("digits+\"'+\"+'\"'"), "0123456789'+\"");
        assert_eq!(text("'ab_'"), "ab_");
        assert_eq!(text("string.  digits"), "0123456789");
    }

    #[test]
    fn what_is_wrong_is_said_exactly() {
        assert_eq!(message("'abca'"), "the alphabet repeats 'a'");
        assert_eq!(message("hexdigits+digits"), "the alphabet repeats '0'");
        assert_eq!(message("a\u{1b}\u{1b}"), "the alphabet repeats U+001B");
        for name in ["base62", "printables", "urlsafe", "abc", "string.letters"] {
            let start = format!("unknown alphabet name '{name}'; known names");
            assert!(message(name).starts_with(&start), "{}", message(name));
        }
        assert!(message("Digits").contains("(names are case-sensitive: digits)"));
        assert!(message("str.digits").starts_with("unknown alphabet name 'str.digits'"));
        for side_by_side in ["ascii_letters digits", "'a' 'b'", "digits + 'a' 'b'"] {
            let said = message(side_by_side);
            assert!(
                said.contains("join names and quoted characters with +"),
                "{said}"
            );
        }
        assert!(message("digits+-_").starts_with("'-_' in the alphabet is neither"));
        assert!(message("digits+'-_").contains("opens a ' that is never closed"));
        assert_eq!(
            message("'x'"),
            "the alphabet needs at least two characters, not 1"
        );
    }

    #[test]
    fn quoted_characters_resolve_escapes_as_python() {
        assert_eq!(text("'\\t '"), "\t ");
        assert_eq!(text("'\\x41\\u00e9\\''"), "Aé'");
        assert_eq!(text("digits+'\\\\/'"), "0123456789\\/");
        assert!(
            message("'a\\x4'").contains("'a\\x4'"),
            "{}",
            message("'a\\x4'")
        );
    }

    #[test]
    fn alphabets_with_a_line_break_are_refused() {
        for spec in [
            "printable",
            "whitespace",
            "'a\\x85'",
            "'a\\u2028'",
            "'a\\x1c'",
        ] {
            let chars = parse(spec).unwrap_or_default();
            let refused = check_one_per_line(&chars).map_err(|e| e.to_string());
            assert!(refused.is_err_and(|e| e.contains("a line break")), "{spec}");
        }
        assert_eq!(check_one_per_line(&['\t', ' ', '\x1f']), Ok(()));
    }

    #[test]
    fn characters_that_are_no_name_are_taken_as_given() {
        assert_eq!(parse("0123456789abcdef").map(|c| c.len()), Ok(16));
        assert_eq!(parse("AB-xy_").map(|c| c.len()), Ok(6));
        assert_eq!(parse("αβγ").map(|c| c.len()), Ok(3));
    }

    #[test]
    fn every_alphabet_is_written_back_to_parse_the_same() {
        for text in [
            "abc", "ab'\"", "0123", "a+b", "'x\"z", "hexdig", "\t\\", "'\\",
        ] {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(parse(&spec(&chars)), Ok(chars), "{text}");
        }
    }
}
