//! The alphabets of the `choices:` and `choice:` kinds: names, characters, and errors.

use pssst_insecure::PythonRandom;

use super::{ALNUM, PREDICT, assert_fails, choices_tokens, predict};
use crate::run::pssst;

#[test]
fn alphabet_errors_say_exactly_what_is_wrong() {
    // Refused before stdin is read: give none, so the write cannot race the exit.
    let run = pssst(&[&PREDICT[..], &["--kind", "choices:'abca'"]].concat());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(": the alphabet repeats 'a'"),
        "{}",
        run.stderr
    );

    let run = pssst(&[&PREDICT[..], &["--kind", "choice:bogus_const"]].concat());
    assert_eq!(run.code, 2);
    let expected = "unknown alphabet name 'bogus_const'; known names (Python's string \
                    constants): ascii_letters, ascii_lowercase, ascii_uppercase, digits, \
                    hexdigits, octdigits, punctuation, printable, whitespace";
    assert!(run.stderr.contains(expected), "{}", run.stderr);

    for name in ["base62", "urlsafe", "Digits", "string.letters"] {
        let run = pssst(&[&PREDICT[..], &["--kind", &format!("choices:{name}")]].concat());
        assert_eq!(run.code, 2, "{name}");
        let expected = format!("unknown alphabet name '{name}'");
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
        assert!(run.stderr.contains(&format!(
            "put characters in quotes to use them as they are ('{name}')"
        )));
    }

    let run = pssst(&[&PREDICT[..], &["--kind", "choices:a\u{1b}\u{1b}"]].concat());
    assert!(run.stderr.contains("repeats U+001B") && !run.stderr.contains('\u{1b}'));

    let quoted = [&PREDICT[..], &["--kind", "choices:'ab_'"]].concat();
    assert_fails(&quoted, "ab_\n", 2, "too few observations");
}

#[test]
fn names_and_quoted_characters_join_with_plus_as_in_python() {
    let alphabet = format!("{ALNUM}-_");
    let mut victim = PythonRandom::new("web app");
    let seen = choices_tokens(&mut victim, &alphabet, 22, 200);
    let next = choices_tokens(&mut victim, &alphabet, 22, 1);

    for kind in [
        "choices:string.ascii_letters + string.digits + '-_'",
        "choices:ascii_letters+digits+\"-\"+'_'",
    ] {
        let run = predict(kind, &seen, &["-n", "1"]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
        assert_eq!(run.stdout, next);
    }
}

#[test]
fn quoted_characters_resolve_escapes_as_python_does() {
    // python3 -c "import random; random.seed(1); print(''.join(random.choices('\t ', k=10)))"
    let args = [
        "insecure",
        "python-random",
        "--seed",
        "1",
        "--kind",
        "choices:'\\t '",
        "--length",
        "10",
    ];
    let run = pssst(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "\t  \t\t\t  \t\t\n");
}

#[test]
fn alphabets_with_a_line_break_are_refused_for_output_and_recovery() {
    let print = ["insecure", "python-random", "--seed", "1", "--kind"];
    for kind in ["choices:printable", "choices:'ab\\u2028'"] {
        let run = pssst(&[&print[..], &[kind]].concat());
        assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{kind}");
        assert!(
            run.stderr.contains("a line break"),
            "{kind}: {}",
            run.stderr
        );
    }
    let run = pssst(&[&PREDICT[..], &["--kind", "choices:'ab\\r'"]].concat());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("holds U+000D, a line break"),
        "{}",
        run.stderr
    );
}
