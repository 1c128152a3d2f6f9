//! The alphabets of the `choices:` and `choice:` kinds: names, characters, and errors.

use super::{PREDICT, assert_fails};
use crate::run::pssst;

#[test]
fn alphabet_errors_say_exactly_what_is_wrong() {
    // Refused before stdin is read: give none, so the write cannot race the exit.
    let run = pssst(&[&PREDICT[..], &["--kind", "choices:abca"]].concat());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(": the alphabet repeats 'a'"),
        "{}",
        run.stderr
    );

    let run = pssst(&[&PREDICT[..], &["--kind", "choice:bogus_const"]].concat());
    assert_eq!(run.code, 2);
    let expected = "unknown alphabet name 'bogus_const'; known names: ascii_letters, \
                    ascii_lowercase, ascii_uppercase, digits, hexdigits, octdigits, punctuation";
    assert!(run.stderr.contains(expected), "{}", run.stderr);

    let run = pssst(&[&PREDICT[..], &["--kind", "choices:a\u{1b}\u{1b}"]].concat());
    assert!(run.stderr.contains("repeats U+001B") && !run.stderr.contains('\u{1b}'));

    let quoted = [&PREDICT[..], &["--kind", "choices:'ab_'"]].concat();
    assert_fails(&quoted, "ab_\n", 2, "too few observations");
}
