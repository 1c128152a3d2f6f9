//! Bad tokens and bad arguments: a clean no (exit 1) or a clear error (exit 2).

use super::{Place, assert_error, assert_no};

#[test]
fn bad_tokens_are_a_clean_no_or_a_clear_error() {
    let place = Place::new();
    place.issue("user-1");
    assert_no(&place.verify("", &[]));
    assert_no(&place.verify("   ", &[]));
    assert_no(&place.verify(&"A".repeat(2 << 10), &[]));
    assert_no(&place.verify(&"A".repeat(1 << 20), &[]));
    assert_no(&place.run_with_stdin(&["reset", "verify"], &[0xff; 43]));
    assert_no(&place.verify("not base64url at all!", &[]));
    assert_no(&place.verify("8mmuADuPoY6z8qB8V4vL5+/khZGO128WPzJIUDxHNMA", &[]));
    let token = place.issue("user-2");
    assert_no(&place.verify(&token, &["--prefix", "pssst_rst_"]));
    assert_no(&place.verify(&token, &["--purpose", "invite"]));
    assert_eq!(
        place.verify(&token, &[]).code,
        0,
        "a refused token was used up"
    );
}

#[test]
fn bad_arguments_are_refused_before_anything_is_stored() {
    let place = Place::new();
    let twice = ["reset", "issue", "--subject", "a", "--subject", "b"];
    assert_error(&place.run(&twice), "cannot be used multiple times");
    assert_error(
        &place.run(&["reset", "issue", "--subject", "a", "b"]),
        "unexpected argument",
    );
    assert_error(&place.run(&["reset", "issue", "--subject", ""]), "subject");
    assert_error(
        &place.run(&["reset", "issue", "--subject", "a", "--ttl", "8d"]),
        "too long",
    );
    assert_error(
        &place.run(&["reset", "issue", "--subject", "a", "--ttl", "soon"]),
        "duration",
    );
    let odd = ["reset", "issue", "--subject", "a", "--link", "javascript:x"];
    assert_error(&place.run(&odd), "--link");
    let doubled = "https://app.example/r?token=old";
    let twice = ["reset", "issue", "--subject", "a", "--link", doubled];
    assert_error(&place.run(&twice), "already has a token parameter");
    assert_error(&place.run(&["reset", "revoke", "nope"]), "invalid token id");
    let id = "0190a5d2-7c3e-7b1a-8f00-000000000001";
    assert_error(&place.run(&["reset", "revoke", id]), "no database");
    assert!(
        !place.db().exists(),
        "a refused command created the database"
    );
}

#[test]
fn only_a_stdin_that_cannot_be_read_is_an_error_for_verify() {
    let place = Place::new();
    place.issue("user-1");
    let mut cmd = place.command(&["reset", "verify"]);
    let folder = std::fs::File::open(place.dir.path()).unwrap();
    let output = cmd.stdin(folder).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read stdin"), "{stderr}");
}

#[test]
fn purposes_are_checked_everywhere_and_the_message_states_the_rule() {
    let place = Place::new();
    place.issue("user-1");
    for purpose in ["-", ".", "_x", "Reset"] {
        let flag = format!("--purpose={purpose}");
        let issue = place.run(&["reset", "issue", "--subject", "u", &flag]);
        assert_error(
            &issue,
            "expected 1 to 64 of a-z 0-9 . _ -, the first a letter or a digit",
        );
        assert_error(&place.run(&["reset", "list", &flag]), "invalid purpose");
        assert_error(&place.verify("x", &[&flag]), "invalid purpose");
        let revoke = ["reset", "revoke-all", "--subject", "u", &flag];
        assert_error(&place.run(&revoke), "invalid purpose");
    }
    let subject = ["reset", "list", "--subject", " padded"];
    assert_error(&place.run(&subject), "invalid subject");
}

#[test]
fn invisible_characters_in_subjects_are_refused_as_the_server_refuses_them() {
    let place = Place::new();
    let hidden = [
        "\u{200B}",
        "\u{2066}",
        "\u{FEFF}",
        "\u{AD}",
        "\u{E0041}",
        "\u{3164}",
    ];
    for hidden in hidden
        .into_iter()
        .chain(["\u{2028}", "\u{2800}", "\u{FE0F}"])
    {
        let subject = format!("user{hidden}42");
        let run = place.run(&["reset", "issue", "--subject", &subject]);
        assert_error(&run, "invalid subject: has invisible characters");
    }
    assert!(!place.db().exists());
    assert_eq!(
        place
            .run(&["reset", "issue", "--subject", "пользователь"])
            .code,
        0
    );
}

#[test]
fn a_closed_stdin_is_an_error_and_an_empty_one_is_a_clean_no() {
    let place = Place::new();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("exec \"$@\" <&-")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_pssst"))
        .args(["reset", "verify"])
        .env("PSSST_DB", place.db())
        .env("PSSST_KEYS", place.keys());
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr, "pssst: cannot read stdin: stdin is closed\n");

    let null = std::fs::File::open("/dev/null").unwrap();
    let output = place
        .command(&["reset", "verify"])
        .stdin(null)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn only_a_trailing_line_feed_or_crlf_is_stripped_from_a_token() {
    let place = Place::new();
    let token = place.issue("user-1");
    assert_no(&place.verify(&format!("{token}\r"), &["--peek"]));
    assert_no(&place.verify(&format!("{token}\n\n"), &["--peek"]));
    assert_eq!(place.verify(&format!("{token}\r\n"), &["--peek"]).code, 0);
    assert_eq!(place.verify(&format!("{token}\n"), &[]).code, 0);
}
