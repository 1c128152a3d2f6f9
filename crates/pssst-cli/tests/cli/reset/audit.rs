//! The audit log: every outcome, with ids and reasons, never a token.

use super::{Place, assert_error, run};
use crate::run::command;

#[test]
fn audit_log_records_every_outcome_and_never_the_token() {
    let place = Place::new();
    let log = place.dir.path().join("audit.jsonl");
    let token = place.issue("user-1");
    let mut cmd = command(&["reset", "verify", "--audit-log"]);
    cmd.arg(&log)
        .env("PSSST_DB", place.db())
        .env("PSSST_KEYS", place.keys());
    assert_eq!(run(cmd, token.as_bytes()).code, 0);
    let mut again = command(&["reset", "verify"]);
    again
        .env("PSSST_AUDIT_LOG", &log)
        .env("PSSST_DB", place.db())
        .env("PSSST_KEYS", place.keys());
    assert_eq!(run(again, token.as_bytes()).code, 1);

    let text = std::fs::read_to_string(&log).unwrap();
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(events.len(), 2, "{text}");
    assert_eq!(events[0]["action"], "consumed");
    assert_eq!(events[1]["action"], "rejected");
    assert_eq!(events[1]["reason"], "used");
    assert_eq!(events[0]["id"], events[1]["id"]);
    assert!(!text.contains(&token));
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&log).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn an_unwritable_audit_log_is_refused_before_anything_is_stored() {
    let place = Place::new();
    let run = place.run(&[
        "reset",
        "issue",
        "--subject",
        "u",
        "--audit-log",
        "/nonexistent/x",
    ]);
    assert_error(&run, "cannot open the audit log");
    assert!(!place.db().exists());
}

/// Runs `args` on `place` with its audit log, `input` on stdin.
fn audited(place: &Place, args: &[&str], input: &[u8]) -> crate::run::Run {
    let mut cmd = place.command(args);
    cmd.env("PSSST_AUDIT_LOG", place.audit_log());
    run(cmd, input)
}

#[test]
fn malformed_tokens_are_audited_as_rejected_with_their_reason() {
    let place = Place::new();
    place.issue("user-1");
    let long = "A".repeat(100 << 10);
    for input in [
        &b""[..],
        b"short",
        b"has space",
        long.as_bytes(),
        &[0xff; 43],
    ] {
        assert_eq!(audited(&place, &["reset", "verify"], input).code, 1);
    }
    let prefixed = ["reset", "verify", "--prefix", "app_", "--purpose", "invite"];
    let token = "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA";
    assert_eq!(audited(&place, &prefixed, token.as_bytes()).code, 1);

    let events = place.audit_events();
    let reasons: Vec<_> = events
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "empty",
            "bad_encoding",
            "whitespace",
            "too_long",
            "bad_encoding",
            "wrong_prefix"
        ]
    );
    assert!(
        events
            .iter()
            .all(|e| e["action"] == "rejected" && e["id"].is_null())
    );
    assert_eq!(events[0]["purpose"], "reset");
    assert_eq!(events[5]["purpose"], "invite");
}

#[test]
fn a_reissue_audits_the_superseded_token_by_its_id() {
    let place = Place::new();
    let (first, _) = place.issue_json("user-1");
    let issue = ["reset", "issue", "--subject", "user-1", "--json"];
    let second = audited(&place, &issue, b"");
    assert_eq!(second.code, 0, "{}", second.stderr);

    let events = place.audit_events();
    let actions: Vec<_> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["issued", "superseded"]);
    assert_eq!(events[1]["id"], first.as_str());
    assert_eq!(events[1]["count"], 1);
}
