//! Issuing, verifying, revoking, purging and listing: the ordinary path.

use super::{Place, assert_no};

#[test]
fn issued_token_verifies_once_and_prints_the_subject() {
    let place = Place::new();
    let token = place.issue("user-42");
    assert_eq!(token.len(), 43);

    let peek = place.verify(&token, &["--peek"]);
    assert_eq!(
        (peek.code, peek.stdout.as_str()),
        (0, "user-42\n"),
        "{}",
        peek.stderr
    );
    let first = place.verify(&format!("{token}\n"), &[]);
    assert_eq!(
        (first.code, first.stdout.as_str()),
        (0, "user-42\n"),
        "{}",
        first.stderr
    );
    assert_no(&place.verify(&token, &[]));
}

#[test]
fn issue_prints_a_link_in_query_or_fragment_and_the_id() {
    let place = Place::new();
    let base = "https://app.example/reset";
    let run = place.run(&["reset", "issue", "--subject", "u", "--link", base]);
    let lines = run.lines();
    assert!(
        lines[0].starts_with("https://app.example/reset?token="),
        "{}",
        run.stdout
    );
    assert!(lines[1].starts_with("id "), "{}", run.stdout);

    let args = [
        "reset",
        "issue",
        "--subject",
        "u",
        "--link",
        base,
        "--fragment",
    ];
    let run = place.run(&args);
    let token = run.lines()[0]
        .strip_prefix("https://app.example/reset#token=")
        .unwrap()
        .to_owned();
    assert_eq!(place.verify(&token, &[]).code, 0);
}

#[test]
fn a_plain_http_link_to_another_machine_is_warned_about() {
    let place = Place::new();
    let issue = |base: &str| place.run(&["reset", "issue", "--subject", "u", "--link", base]);
    let remote = issue("http://app.example/reset");
    assert_eq!(remote.code, 0, "{}", remote.stderr);
    assert!(remote.stderr.contains("plain http"), "{}", remote.stderr);
    for quiet in ["https://app.example/reset", "http://localhost:8000/reset"] {
        let run = issue(quiet);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            !run.stderr.contains("plain http"),
            "{quiet}: {}",
            run.stderr
        );
    }
}

#[test]
fn json_output_carries_id_token_and_expiry() {
    let place = Place::new();
    let run = place.run(&["reset", "issue", "--subject", "u", "--ttl", "1h", "--json"]);
    let value: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let token = value["token"].as_str().unwrap();
    assert!(value["expires_at"].as_str().unwrap().ends_with('Z'));

    let verified = place.verify(token, &["--json"]);
    let record: serde_json::Value = serde_json::from_str(verified.stdout.trim()).unwrap();
    assert_eq!(record["id"], value["id"]);
    assert_eq!(record["subject"], "u");
}

#[test]
fn revoke_revoke_all_and_purge() {
    let place = Place::new();
    let run = place.run(&["reset", "issue", "--subject", "a", "--json"]);
    let issued: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    let id = issued["id"].as_str().unwrap();

    assert_eq!(place.run(&["reset", "revoke", id]).code, 0);
    assert_eq!(place.run(&["reset", "revoke", id]).code, 1, "revoked twice");
    assert_no(&place.verify(issued["token"].as_str().unwrap(), &[]));

    let other = place.issue("b");
    let all = place.run(&["reset", "revoke-all", "--subject", "b"]);
    assert_eq!(all.stdout, "revoked 1\n");
    assert_no(&place.verify(&other, &[]));
    assert_eq!(
        place.run(&["reset", "purge", "--retention", "0s"]).stdout,
        "purged 2\n"
    );
}

#[test]
fn list_shows_metadata_and_never_the_token() {
    let place = Place::new();
    let token = place.issue("user-1");
    let run = place.run(&["reset", "list"]);
    assert_eq!(run.code, 0);
    assert_eq!(place.listed(), ["live reset user-1"], "{}", run.stdout);
    assert!(!run.stdout.contains(&token));
    let json = place.run(&["reset", "list", "--json"]);
    assert!(!json.stdout.contains(&token));
    assert!(
        json.stdout.contains("\"status\":\"live\""),
        "{}",
        json.stdout
    );
}

#[test]
fn list_puts_the_subject_last_so_it_cannot_fake_another_column() {
    let place = Place::new();
    let spoof = "alice expires 2099-01-01T00:00:00Z";
    place.issue(spoof);
    place.issue("back\\slash");
    let run = place.run(&["reset", "list"]);
    let line = |part: &str| *run.lines().iter().find(|l| l.contains(part)).unwrap();
    let fields: Vec<&str> = line("alice").splitn(7, ' ').collect();
    assert_eq!(
        fields[1..5],
        ["token", "live", "reset", "expires"],
        "{}",
        run.stdout
    );
    assert!(!fields[5].starts_with("2099"), "{}", run.stdout);
    assert_eq!(fields[6], spoof);
    assert!(line("slash").ends_with(" back\\\\slash"), "{}", run.stdout);
}

#[test]
fn verify_json_says_whether_the_token_is_valid() {
    let place = Place::new();
    let token = place.issue("u");
    let valid = place.verify(&token, &["--json"]);
    let object: serde_json::Value = serde_json::from_str(valid.stdout.trim()).unwrap();
    assert_eq!((valid.code, &object["valid"]), (0, &true.into()));
    assert_eq!(object["subject"], "u");

    for (input, extra) in [
        (token.as_str(), &["--json"][..]),
        ("", &["--json", "--peek"]),
    ] {
        let invalid = place.verify(input, extra);
        assert_eq!(invalid.code, 1, "{}", invalid.stderr);
        assert_eq!(invalid.stdout, "{\"valid\":false}\n");
        assert_eq!(invalid.stderr, "pssst: invalid token\n");
    }
}

#[test]
fn issue_keep_leaves_the_newest_k_tokens_live() {
    let place = Place::new();
    let first = place.issue("u");
    let keep = ["reset", "issue", "--subject", "u", "--keep", "2"];
    let second = place.run(&keep).lines()[0].to_owned();
    let third = place.run(&keep).lines()[0].to_owned();
    assert_no(&place.verify(&first, &["--peek"]));
    assert_eq!(place.verify(&second, &["--peek"]).code, 0);
    assert_eq!(place.verify(&third, &["--peek"]).code, 0);

    let fourth = place.issue("u");
    assert_no(&place.verify(&second, &["--peek"]));
    assert_no(&place.verify(&third, &["--peek"]));
    assert_eq!(place.verify(&fourth, &["--peek"]).code, 0);
    let zero = place.run(&["reset", "issue", "--subject", "u", "--keep", "0"]);
    assert_eq!(zero.code, 2, "{}", zero.stderr);
}

#[test]
fn help_says_which_commands_use_each_option_and_that_only_status_0_counts() {
    let help = crate::run::pssst(&["reset", "--help"]).stdout;
    assert!(
        help.contains("Used by issue, which adds it, and verify"),
        "{help}"
    );
    assert!(help.contains("no separator added"), "{help}");
    assert!(
        help.contains("used by issue, verify, keys and check"),
        "{help}"
    );
    for command in ["issue", "verify"] {
        let help = crate::run::pssst(&["reset", command, "--help"]).stdout;
        assert!(help.contains("Only exit status 0 counts"), "{help}");
        assert!(help.contains("no separator added"), "{help}");
    }
}
