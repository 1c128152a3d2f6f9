//! The schemas of the request fields whose rules are the service's own, subject and purpose:
//! JSON Schema patterns that say what the checks in `input.rs` and the lifecycle accept, so a
//! generated client or a fuzzer knows it. The tests hold each pattern to the check it
//! describes, character by character.

use pssst_lifecycle::MAX_SUBJECT_LEN;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// `subject`: whom a token is for.
pub(crate) fn subject() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "Whom the tokens are for: 1 to 256 bytes of UTF-8 (as many characters when \
             ASCII; JSON Schema counts characters, so `maxLength` is the ASCII bound), no white \
             space at either end, no control or invisible character anywhere (Unicode's \
             Default_Ignorable_Code_Point, the other format characters, U+2028, U+2029 and \
             U+2800). Best a user id, not an e-mail address.",
        ))
        .min_length(Some(1))
        .max_length(Some(MAX_SUBJECT_LEN))
        .pattern(Some(subject_pattern()))
        .examples(["user-42"])
        .build()
}

/// `purpose` of an issue or a verify: what a token is for, `reset` when absent or `null`.
pub(crate) fn purpose() -> Object {
    purpose_described(
        "What the token is for: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or \
         digit. Absent or `null`: `reset`.",
    )
}

/// `purpose` of a subject's revocation: only tokens for it, all purposes when absent.
pub(crate) fn purpose_filter() -> Object {
    purpose_described(
        "Only tokens for this purpose: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter \
         or digit. Absent or `null`: every purpose.",
    )
}

fn purpose_described(description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .description(Some(description))
        .pattern(Some(PURPOSE_PATTERN))
        .examples(["reset"])
        .build()
}

/// What `input::subject` accepts, length aside: a first and a last character that are neither
/// a control, an invisible character nor white space, and neither of the first two kinds
/// between them.
fn subject_pattern() -> String {
    let never = format!("{CONTROL}{INVISIBLE}{INVISIBLE_ASTRAL}");
    format!("^[^{never}{SPACE}](?:[^{never}]*[^{never}{SPACE}])?$")
}

/// What `check_purpose` accepts: 1 to 64 bytes, the first a lowercase letter or a digit.
const PURPOSE_PATTERN: &str = "^[a-z0-9][a-z0-9._-]{0,63}$";

/// Unicode's controls (general category Cc), which `char::is_control` refuses.
const CONTROL: &str = r"\x00-\x1f\x7f-\x9f";

/// The characters `pssst_lifecycle::check_subject` refuses as invisible, in the Basic
/// Multilingual Plane.
const INVISIBLE: &str = concat!(
    r"\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u115f\u1160\u17b4\u17b5\u180b-\u180f",
    r"\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0",
    r"\ufff0-\ufffb",
);

/// And those past U+FFFF (shorthand format controls, musical symbol formatting, tags and
/// variation selectors), written as themselves: an escape for a code point past U+FFFF
/// (`\u{E0001}`) needs ECMA-262's `u` flag and is not read by Python's `re`, which most
/// generators (schemathesis among them) use, while the character itself reads the same in
/// every engine that reads Unicode.
const INVISIBLE_ASTRAL: &str = "\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}";

/// The white space (Unicode's `White_Space`) that `str::trim` removes, less the controls.
const SPACE: &str = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;
    use crate::input;

    fn compiled(pattern: &str) -> Regex {
        Regex::new(pattern).unwrap()
    }

    #[test]
    fn subject_pattern_accepts_what_the_service_accepts() {
        let pattern = compiled(&subject_pattern());
        let mut seen = 0;
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("a{c}b"),
                format!("{c}b"),
                format!("a{c}"),
            ] {
                let accepted = input::subject(&text).is_ok();
                assert_eq!(pattern.is_match(&text), accepted, "{:?}", text);
                seen += 1;
            }
        }
        assert!(seen > 4_000_000);
    }

    #[test]
    fn purpose_pattern_accepts_what_the_service_accepts() {
        let pattern = compiled(PURPOSE_PATTERN);
        for c in (0..=0x2FF).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("a{c}"), format!("{c}a")] {
                let accepted = input::purpose(Some(&text)).is_ok();
                assert_eq!(pattern.is_match(&text), accepted, "{:?}", text);
            }
        }
        for length in [63, 64, 65] {
            let text = "r".repeat(length);
            let accepted = input::purpose(Some(&text)).is_ok();
            assert_eq!(pattern.is_match(&text), accepted, "{length}");
        }
    }
}
