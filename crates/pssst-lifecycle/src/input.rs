//! Checks on what callers pass in, done before any hashing or database work.

use crate::audit::Reason;
use crate::error::{Error, Result};

/// The longest token text accepted, prefix included. Real tokens are 43 characters plus a
/// short prefix; anything near this is an attack or a mistake, and is refused without being
/// read further.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::MAX_TOKEN_LEN, 1024);
/// ```
pub const MAX_TOKEN_LEN: usize = 1024;

/// The longest subject accepted, in bytes.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::MAX_SUBJECT_LEN, 256);
/// ```
pub const MAX_SUBJECT_LEN: usize = 256;

/// The longest purpose accepted, in bytes.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::MAX_PURPOSE_LEN, 64);
/// ```
pub const MAX_PURPOSE_LEN: usize = 64;

/// The longest token prefix accepted, in bytes.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::MAX_PREFIX_LEN, 24);
/// ```
pub const MAX_PREFIX_LEN: usize = 24;

/// Shortest base64url body accepted (16 bytes of randomness is the least any sane issuer uses).
const MIN_BODY_LEN: usize = 22;

/// Checks presented token text: length first (so a megabyte costs nothing), then whitespace,
/// the configured prefix, and the base64url alphabet of the rest.
pub(crate) fn check_token(text: &str, prefix: Option<&str>) -> Result<(), Reason> {
    if text.is_empty() {
        return Err(Reason::Empty);
    }
    if text.len() > MAX_TOKEN_LEN {
        return Err(Reason::TooLong);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(Reason::Whitespace);
    }

    let body = match prefix {
        Some(prefix) => text.strip_prefix(prefix).ok_or(Reason::WrongPrefix)?,
        None => text,
    };
    if is_base64url(body) {
        Ok(())
    } else {
        Err(Reason::BadEncoding)
    }
}

/// Checks a numeric code of exactly `digits` ASCII digits.
pub(crate) fn check_code(text: &str, digits: u8) -> Result<(), Reason> {
    if text.is_empty() {
        return Err(Reason::Empty);
    }
    if text.len() > MAX_TOKEN_LEN {
        return Err(Reason::TooLong);
    }
    if text.len() != usize::from(digits) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::BadEncoding);
    }
    Ok(())
}

/// Checks a subject as [`Lifecycle::issue`](crate::Lifecycle::issue) will: 1 to 256 bytes, no
/// leading or trailing whitespace, no control character and no invisible character (see below)
/// anywhere. For callers that want to refuse a request before doing any other work; the HTTP
/// service and the command line both refuse exactly what this refuses.
///
/// A zero-width space or a right-to-left override would make two subjects look the same in
/// every log and admin screen, so characters that render as nothing are refused: every
/// Unicode `Default_Ignorable_Code_Point` (the soft hyphen, the combining grapheme joiner,
/// Hangul fillers, Mongolian variation selectors, zero-width and direction marks,
/// bidirectional embeddings, overrides and isolates, word joiners and invisible operators,
/// variation selectors, the byte-order mark, tag characters, ...), the other format characters
/// (general category Cf) that show nothing (Arabic and Syriac marks, interlinear annotation
/// marks), the line and paragraph separators (U+2028, U+2029) and the braille blank (U+2800).
/// Visible look-alikes (a Cyrillic `а` for a Latin `a`) are distinct subjects, as they are
/// distinct user ids in the caller's database.
///
/// # Errors
///
/// [`Error::Argument`] naming `subject`.
///
/// # Examples
///
/// ```
/// assert!(pssst_lifecycle::check_subject("user-42").is_ok());
/// assert!(pssst_lifecycle::check_subject(" user-42").is_err());
/// assert!(pssst_lifecycle::check_subject("user\u{200B}-42").is_err());
/// assert!(pssst_lifecycle::check_subject("\u{3164}").is_err());
/// ```
pub fn check_subject(subject: &str) -> Result<()> {
    if subject.is_empty() || subject.trim().is_empty() {
        return Err(Error::argument("subject", "must not be empty"));
    }
    if subject.len() > MAX_SUBJECT_LEN {
        return Err(Error::argument("subject", "longer than 256 bytes"));
    }
    if subject.trim() != subject || subject.chars().any(char::is_control) {
        return Err(Error::argument(
            "subject",
            "has surrounding spaces or control characters",
        ));
    }
    if subject.chars().any(is_invisible) {
        return Err(Error::argument("subject", "has invisible characters"));
    }
    Ok(())
}

/// The characters that render as nothing; the list is in [`check_subject`]. Unicode 16's
/// `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt) and the rest, range by range.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether presented text could be a token at all (length, whitespace, the prefix, the
/// base64url alphabet), checked without a store, so a caller that opens a database per request
/// can refuse junk before opening it. The lifecycle makes the same check itself.
///
/// # Errors
///
/// Why the text cannot be a token, a [`Reason`] for which [`Reason::is_malformed`] holds: for
/// the caller's audit trail, as the lifecycle records it. Tell the presenter no more than
/// [`Error::Invalid`], the one answer for any token that is not valid.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Reason, check_token_text};
/// let token = "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA";
/// assert!(check_token_text(token, None).is_ok());
/// assert_eq!(check_token_text(token, Some("app_")), Err(Reason::WrongPrefix));
/// assert_eq!(check_token_text("not a token", None), Err(Reason::Whitespace));
/// ```
pub fn check_token_text(text: &str, prefix: Option<&str>) -> Result<(), Reason> {
    check_token(text, prefix)
}

/// Checks a purpose: 1 to 64 of `a-z 0-9 . _ -`, the first a letter or a digit. The alphabet
/// has no NUL and no `:`, which keeps the MAC inputs of tokens and codes apart.
///
/// # Errors
///
/// [`Error::Argument`] naming `purpose`.
///
/// # Examples
///
/// ```
/// assert!(pssst_lifecycle::check_purpose("verify-email").is_ok());
/// assert!(pssst_lifecycle::check_purpose("Verify Email").is_err());
/// ```
pub fn check_purpose(purpose: &str) -> Result<()> {
    let valid = (1..=MAX_PURPOSE_LEN).contains(&purpose.len())
        && purpose
            .bytes()
            .all(|b| is_name_byte(b) || b == b'.' || b == b'-')
        && purpose
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric());
    if valid {
        Ok(())
    } else {
        Err(Error::argument(
            "purpose",
            "expected 1 to 64 of a-z 0-9 . _ -, the first a letter or a digit",
        ))
    }
}

/// A token prefix for secret scanners: 1 to 24 of `a-z 0-9 _`, such as `pssst_rst_`.
pub(crate) fn check_prefix(prefix: &str) -> Result<()> {
    let valid = (1..=MAX_PREFIX_LEN).contains(&prefix.len()) && prefix.bytes().all(is_name_byte);
    if valid {
        Ok(())
    } else {
        Err(Error::argument("prefix", "expected 1 to 24 of a-z 0-9 _"))
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'
}

/// Unpadded base64url (RFC 4648 §5) of at least 16 bytes that decodes.
fn is_base64url(body: &str) -> bool {
    body.len() >= MIN_BODY_LEN
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && pssst::base64url_decode(body).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYTHON_TOKEN: &str = "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA";

    #[test]
    fn python_token_is_accepted() {
        assert_eq!(check_token(PYTHON_TOKEN, None), Ok(()));
    }

    #[test]
    fn bad_tokens_are_rejected_with_their_reason() {
        let long = "A".repeat(1 << 20);
        assert_eq!(check_token("", None), Err(Reason::Empty));
        assert_eq!(check_token(&long, None), Err(Reason::TooLong));
        assert_eq!(check_token(" \t", None), Err(Reason::Whitespace));
        assert_eq!(
            check_token(&format!("{PYTHON_TOKEN}\n"), None),
            Err(Reason::Whitespace)
        );
        assert_eq!(
            check_token("8mmuADuPoY6z8qB8V4vL5+/khZGO128WPzJIUDxHNMA", None),
            Err(Reason::BadEncoding)
        );
        assert_eq!(check_token("short", None), Err(Reason::BadEncoding));
        assert_eq!(
            check_token(PYTHON_TOKEN, Some("pssst_")),
            Err(Reason::WrongPrefix)
        );
    }

    #[test]
    fn prefixed_token_is_accepted_with_its_prefix() {
        let token = format!("pssst_{PYTHON_TOKEN}");
        assert_eq!(check_token(&token, Some("pssst_")), Ok(()));
    }

    #[test]
    fn codes_must_have_exactly_the_configured_digits() {
        assert_eq!(check_code("012345", 6), Ok(()));
        assert_eq!(check_code("12345", 6), Err(Reason::BadEncoding));
        assert_eq!(check_code("12345a", 6), Err(Reason::BadEncoding));
        assert_eq!(check_code("", 6), Err(Reason::Empty));
    }

    #[test]
    fn names_are_checked() {
        assert!(check_subject("user-42").is_ok());
        assert!(check_subject(" user").is_err());
        assert!(check_subject("a\0b").is_err());
        assert!(check_subject(&"x".repeat(257)).is_err());
        assert!(check_subject("пользователь-42").is_ok(), "visible text");
        for hidden in [
            "user\u{200B}-42",
            "\u{FEFF}user",
            "user-\u{202E}24",
            "u\u{2066}x",
        ] {
            assert!(check_subject(hidden).is_err(), "{hidden:?}");
        }
        let review = "\u{3164}\u{34F}\u{115F}\u{FFA0}\u{180B}\u{FE0F}\u{2800}\u{2028}\u{2029}";
        for hidden in review.chars() {
            assert!(check_subject(&hidden.to_string()).is_err(), "{hidden:?}");
            assert!(check_subject(&format!("a{hidden}b")).is_err(), "{hidden:?}");
        }
        assert!(check_purpose("verify-email").is_ok());
        assert!(check_purpose("Reset").is_err());
        assert!(check_purpose("code:x").is_err());
        assert!(check_prefix("pssst_rst_").is_ok());
        assert!(check_prefix("pssst-").is_err());
    }
}
