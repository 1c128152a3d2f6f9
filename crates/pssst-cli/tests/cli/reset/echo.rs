//! Usage errors under `reset` and `serve` never echo an argument that could be a token pasted on
//! the command line by mistake, and still show a short value that could not be one.

use super::{Place, assert_error};

/// A token as `issue` makes them: 43 characters of base64url.
const TOKEN: &str = "aANrvXfyQ3kLm9TpZ0wBcD4eFgH5iJ6kL7mN8oP_Iuk";

/// What stands in an error for a value that could be a secret.
const NOT_SHOWN: &str = "(not shown: it could be a secret)";

fn assert_not_echoed(place: &Place, args: &[&str]) {
    let run = place.run(args);
    assert_error(&run, NOT_SHOWN);
    assert_eq!(run.stderr.matches(NOT_SHOWN).count(), 1, "{}", run.stderr);
    for part in [TOKEN, &TOKEN[..12], &TOKEN[TOKEN.len() - 12..]] {
        assert!(!run.stderr.contains(part), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_token_given_as_an_argument_is_never_echoed() {
    let place = Place::new();
    let dashed = format!("--{TOKEN}");
    let unknown = format!("--bogus{TOKEN}=1");
    let ttl = format!("--ttl={TOKEN}");
    for args in [
        &["reset", "revoke", TOKEN][..],
        &["reset", "verify", "--peek", TOKEN],
        &["reset", "issue", "--subject", "u", TOKEN],
        &["reset", "issue", "--subject", "u", &ttl],
        &["reset", "issue", "--subject", "u", "--keep", TOKEN],
        &["reset", "revoke", &dashed],
        &["reset", "list", &unknown],
        &["reset", TOKEN],
        &["reset", "check", &format!("--full={TOKEN}")],
        &["serve", TOKEN],
        &["serve", "--log-format", TOKEN],
        &["reset", "keys", "retire", TOKEN],
    ] {
        assert_not_echoed(&place, args);
    }
}

#[test]
fn an_unknown_flag_with_a_token_as_its_value_is_named_without_the_value() {
    let place = Place::new();
    for args in [
        &["reset", "verify", &format!("--token={TOKEN}")][..],
        &["serve", &format!("--token={TOKEN}")],
    ] {
        let run = place.run(args);
        assert_error(&run, "unexpected argument '--token' found");
        assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
    }
}

#[test]
fn a_value_repeated_by_its_parser_is_hidden_once_and_then_read_as_it() {
    let place = Place::new();
    let run = place.run(&["reset", "purge", "--retention", TOKEN]);
    assert_error(
        &run,
        &format!("invalid value {NOT_SHOWN} for '--retention <RETENTION>': it is not a duration"),
    );
    assert_error(&run, "see pssst reset purge --help");
}

#[test]
fn short_values_that_could_not_be_tokens_are_shown() {
    let place = Place::new();
    let issue = ["reset", "issue", "--subject", "u"];
    for (extra, expected) in [
        (
            &["--ttl=abc"][..],
            "invalid value 'abc' for '--ttl <TTL>': \"abc\" is not a duration",
        ),
        (
            &["--ttl", "1h30m"],
            "\"1h30m\": compound durations are not supported",
        ),
        (&["--keep", "-1"], "invalid value '-1' for '--keep <K>'"),
        (&["--keep", "abc"], "invalid value 'abc' for '--keep <K>'"),
    ] {
        let run = place.run(&[&issue[..], extra].concat());
        assert_error(&run, expected);
    }
    let run = place.run(&["reset", "keys", "retire", "not.an.id"]);
    assert_error(&run, "invalid key id 'not.an.id'");
    let run = place.run(&["reset", "list", "--revoke-everything"]);
    assert_error(&run, "unexpected argument '--revoke-everything' found");
}

#[test]
fn a_lifetime_past_7_days_is_too_long_however_many_digits_and_never_negative() {
    let place = Place::new();
    let issue = ["reset", "issue", "--subject", "u", "--ttl"];
    for ttl in ["99999999999999999999d", "18446744073709551615s", "8d"] {
        let run = place.run(&[&issue[..], &[ttl]].concat());
        assert_error(&run, "lifetime too long: at most 7d (604800 s)");
    }
    let run = place.run(&[&issue[..], &["-5m"]].concat());
    assert_error(
        &run,
        "invalid value '-5m' for '--ttl <TTL>': -5m is negative: durations cannot be negative",
    );
}

#[test]
fn list_limits_are_whole_numbers_in_the_words_of_other_counts() {
    let place = Place::new();
    let run = place.run(&["reset", "list", "--limit", "abc"]);
    assert_error(
        &run,
        "invalid value 'abc' for '--limit <LIMIT>': \"abc\" is not a whole number",
    );
    assert!(!run.stderr.contains("invalid digit"), "{}", run.stderr);
}

#[test]
fn the_db_help_names_the_keys_commands_that_do_not_use_it() {
    let place = Place::new();
    let run = place.run(&["reset", "list", "--help"]);
    let help = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains("used by every command but the keys commands new, rotate and list"),
        "{help}"
    );
}

#[test]
fn keep_is_refused_in_plain_words() {
    let place = Place::new();
    let run = place.run(&["reset", "issue", "--subject", "u", "--keep", "0"]);
    assert_error(
        &run,
        "invalid value '0' for '--keep <K>': must be at least 1",
    );
    assert!(!run.stderr.contains("..="), "{}", run.stderr);
}

#[test]
fn redacted_errors_still_name_the_option_and_keep_clap_s_tips() {
    let place = Place::new();
    let run = place.run(&["reset", "revoke-all", "--subjec", "u"]);
    assert_error(&run, "a similar argument exists: '--subject'");
    let run = place.run(&["reset", "ver", TOKEN]);
    assert_error(&run, "unrecognized subcommand 'ver'");
    assert_error(&run, "'verify'");
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
}
