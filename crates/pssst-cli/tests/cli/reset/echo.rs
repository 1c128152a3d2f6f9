//! Usage errors under `reset` and `serve` never echo an argument: it could be a token pasted
//! on the command line by mistake.

use super::{Place, assert_error};

/// A token as `issue` makes them: 43 characters of base64url.
const TOKEN: &str = "aANrvXfyQ3kLm9TpZ0wBcD4eFgH5iJ6kL7mN8oP_Iuk";

fn assert_not_echoed(place: &Place, args: &[&str]) {
    let run = place.run(args);
    assert_error(&run, "(value not shown: tokens are read from stdin)");
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
fn redacted_errors_still_name_the_option_and_keep_clap_s_tips() {
    let place = Place::new();
    let run = place.run(&["reset", "purge", "--retention", TOKEN]);
    assert_error(&run, "for '--retention <RETENTION>'");
    assert_error(&run, "see pssst reset purge --help");
    let run = place.run(&["reset", "revoke-all", "--subjec", "u"]);
    assert_error(&run, "a similar argument exists: '--subject'");
    let run = place.run(&["reset", "ver", TOKEN]);
    assert_error(&run, "'verify'");
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
}
