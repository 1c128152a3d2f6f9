//! Bad input: one clear line on stderr, exit status 2, never a panic.

use crate::run::pssst;

fn assert_refused(args: &[&str], expected: &str) {
    let run = pssst(args);
    assert_eq!(run.code, 2, "pssst {args:?} should exit 2");
    assert_eq!(run.stdout, "", "pssst {args:?} printed output");
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "one line for {args:?}: {}",
        run.stderr
    );
    assert!(run.stderr.starts_with("pssst: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(expected),
        "pssst {args:?}: {:?} does not mention {expected:?}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn zero_negative_and_non_numeric_sizes_are_refused() {
    assert_refused(&["hex", "0"], "at least 1");
    assert_refused(&["urlsafe", "-5"], "negative");
    assert_refused(&["hex", "twelve"], "not a whole number");
    assert_refused(&["urlsafe", "-n", "0"], "at least 1");
}

#[test]
fn huge_sizes_are_refused() {
    assert_refused(&["bytes", "99999999999999999999"], "too large");
    assert_refused(&["hex", "99999999999"], "too large");
}

#[test]
fn out_of_range_bounds_are_refused() {
    assert_refused(&["below", "0"], "at least 1");
    assert_refused(&["int", "5", "5"], "greater than MIN");
    assert_refused(&["int", "1", "99999999999999999999"], "out of range");
}

#[test]
fn unknown_formats_list_the_known_ones() {
    assert_refused(&["token", "--format", "base99"], "base64url");
}

#[test]
fn impossible_passwords_and_alphabets_are_refused() {
    assert_refused(
        &["password", "--length", "3"],
        "shorter than the 4 required classes",
    );
    assert_refused(
        &["chars", "--alphabet", "abca"],
        "'a' appears more than once",
    );
    assert_refused(&["chars", "--alphabet", "x"], "alphabet");
    assert_refused(&["code", "--digits", "0"], "at least 1");
    assert_refused(&["apikey", "--prefix", "Shop!"], "prefix");
}
