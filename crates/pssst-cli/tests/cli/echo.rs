//! Usage errors of every command hide a value that could be a secret (16 or more of `A-Z a-z
//! 0-9 - _`, or 32 or more of anything) and show any other, so that `pssst hex "$TOKEN"` does
//! not copy the token to stderr and `pssst hex 12x` still says what was wrong.

use crate::run::{Run, pssst};

/// A token as `pssst urlsafe` makes them: 43 characters of base64url.
const TOKEN: &str = "aANrvXfyQ3kLm9TpZ0wBcD4eFgH5iJ6kL7mN8oP_Iuk";

/// What stands in an error for a value that could be a secret.
const NOT_SHOWN: &str = "(not shown: it could be a secret)";

fn assert_usage_error(run: &Run, expected: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(expected),
        "{:?} lacks {expected:?}",
        run.stderr
    );
}

fn assert_hidden(args: &[&str], secret: &str, expected: &str) {
    let run = pssst(args);
    assert_usage_error(&run, expected);
    assert_eq!(run.stderr.matches(NOT_SHOWN).count(), 1, "{}", run.stderr);
    let half = secret.len() / 2;
    for part in [secret, &secret[..half], &secret[half..]] {
        assert!(!run.stderr.contains(part), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_token_in_place_of_a_command_or_a_value_is_not_echoed() {
    let json = format!("--json={TOKEN}");
    for (args, expected) in [
        (&[TOKEN][..], format!("unrecognized subcommand {NOT_SHOWN}")),
        (
            &["hex", TOKEN],
            format!("invalid value {NOT_SHOWN} for '[NBYTES]': it is not a whole number"),
        ),
        (
            &["urlsafe", &json],
            format!("unexpected value {NOT_SHOWN} for '--json' found"),
        ),
        (
            &["token", "--format", TOKEN],
            format!("{NOT_SHOWN} for '--format <FORMAT>': it is"),
        ),
    ] {
        assert_hidden(args, TOKEN, &expected);
    }
}

#[test]
fn hex_keys_and_prefixed_api_keys_are_hidden_and_so_is_a_long_value_of_any_characters() {
    let long = "correct horse battery staple!!!!";
    for secret in ["0123456789abcdef", "sk_live_4eC39HqLyjWDarjtT1", long] {
        assert_hidden(&["hex", secret], secret, NOT_SHOWN);
    }
    let unit = format!("1{TOKEN}");
    assert_hidden(&["bytes", &unit], TOKEN, "unknown size suffix");
}

#[test]
fn short_values_are_shown() {
    assert_usage_error(
        &pssst(&["hex", "12x"]),
        "invalid value '12x' for '[NBYTES]': \"12x\" is not a whole number",
    );
    assert_usage_error(&pssst(&["hex", "0123456789abcde"]), "'0123456789abcde'");
    assert_usage_error(&pssst(&["hexx"]), "unrecognized subcommand 'hexx'");
    assert_usage_error(&pssst(&["urlsafe", "--json=yes"]), "unexpected value 'yes'");
}

#[test]
fn a_runtime_error_hides_an_address_that_could_be_a_secret() {
    let with_port = format!("127.0.0.1:{TOKEN}");
    for listen in [TOKEN, &with_port] {
        assert_hidden(
            &["serve", "--listen", listen],
            TOKEN,
            &format!("cannot listen on {NOT_SHOWN}: "),
        );
    }
    let run = pssst(&["serve", "--listen", "127.0.0.1:99999"]);
    assert_usage_error(&run, "cannot listen on 127.0.0.1:99999: invalid port value");
}

#[test]
fn insecure_seeds_and_ranges_that_could_be_secrets_are_hidden_whole() {
    assert_hidden(
        &[
            "insecure",
            "python-random",
            "--seed",
            TOKEN,
            "--random",
            "1",
        ],
        TOKEN,
        &format!("invalid seed: {NOT_SHOWN} is not a Python literal"),
    );
    let search = ["insecure", "python-random", "search", "--kind", "u32"];
    assert_hidden(
        &[&search[..], &["--ints", TOKEN]].concat(),
        TOKEN,
        &format!("--ints expects FROM..TO (both included), got {NOT_SHOWN}"),
    );
    let range = format!("0..{TOKEN}");
    assert_hidden(
        &[&search[..], &["--ints", &range]].concat(),
        TOKEN,
        &format!("--ints expects FROM..TO with whole numbers, got {NOT_SHOWN}"),
    );
    assert_hidden(
        &[&search[..], &["--skip", TOKEN]].concat(),
        TOKEN,
        &format!("invalid value {NOT_SHOWN} for '--skip <SKIP>': it is not a whole number"),
    );
    let run = pssst(&[
        "insecure",
        "python-random",
        "--seed",
        "abc",
        "--random",
        "1",
    ]);
    assert_usage_error(&run, "invalid seed: 'abc' is not a Python literal");
}

#[test]
fn a_later_copy_of_a_hidden_value_reads_as_it_without_quotes() {
    // The token holds an `e`, so `--count` reads it as MANTISSAeEXPONENT and names the
    // mantissa alone.
    assert_hidden(
        &["hex", "-n", TOKEN],
        TOKEN,
        &format!("invalid value {NOT_SHOWN} for '--count <COUNT>': it is not a whole number"),
    );
}

#[test]
fn a_hidden_word_after_serve_s_options_is_called_an_argument() {
    assert_hidden(
        &["serve", "--link-in-fragment", TOKEN],
        TOKEN,
        &format!("an argument {NOT_SHOWN} cannot be used with '--link-in-fragment'"),
    );
}
