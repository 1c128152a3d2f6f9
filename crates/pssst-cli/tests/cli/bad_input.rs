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
        &["chars", "--symbols", "abca"],
        "'a' appears more than once",
    );
    assert_refused(&["chars", "--alphabet", "x"], "alphabet");
    assert_refused(&["code", "--digits", "0"], "at least 1");
    assert_refused(&["apikey", "--prefix", "Shop!"], "prefix");
}

#[test]
fn mistyped_alphabet_names_are_refused_not_taken_literally() {
    assert_refused(&["chars", "--alphabet", "Base58"], "did you mean base58?");
    assert_refused(&["chars", "--alphabet", "base36"], "--symbols");
    let run = pssst(&["chars", "--symbols", "base36", "--length", "5"]);
    assert_eq!(run.code, 0);
}

#[test]
fn usage_errors_name_what_is_missing_or_allowed() {
    assert_refused(&["int", "1"], "<MAX>");
    assert_refused(&["passphrase", "--capitalize", "bogus"], "possible values");
    assert_refused(&["hex", "4", "--upp"], "--upper");
}

#[test]
fn control_characters_in_arguments_stay_escaped_on_one_line() {
    assert_refused(&["chars", "--symbols", "a\nb\u{1b}[31m"], "\\n");
    assert_refused(&["passphrase", "--wordlist", "/nonexistent/x\ny"], "x\\ny");
}
