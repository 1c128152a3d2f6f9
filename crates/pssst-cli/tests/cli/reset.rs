//! `pssst reset`, driven as a user drives it: each test in its own folder, with the database
//! and key ring given by `PSSST_DB` and `PSSST_KEYS`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

use crate::run::{Run, command};

/// A folder with a key ring and (after the first issue) a database.
struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Self {
        let place = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        assert_eq!(place.run(&["reset", "keys", "new"]).code, 0);
        place
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data/pssst.db")
    }

    fn keys(&self) -> PathBuf {
        self.dir.path().join("config/keys")
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, b"")
    }

    fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut cmd = command(args);
        cmd.env("PSSST_DB", self.db())
            .env("PSSST_KEYS", self.keys());
        run(cmd, input)
    }

    /// Issues a token for `subject` and returns it.
    fn issue(&self, subject: &str) -> String {
        let run = self.run(&["reset", "issue", "--subject", subject]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.lines()[0].to_owned()
    }

    fn verify(&self, token: &str, extra: &[&str]) -> Run {
        let mut args = vec!["reset", "verify"];
        args.extend_from_slice(extra);
        self.run_with_stdin(&args, token.as_bytes())
    }
}

fn run(mut cmd: Command, input: &[u8]) -> Run {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command stops reading after 64 KiB; a longer input ends in a broken pipe here.
    let _ = child.stdin.take().unwrap().write_all(input);
    let output = child.wait_with_output().unwrap();
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

fn assert_no(run: &Run) {
    assert_eq!(run.code, 1, "expected a clean no: {}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "pssst: invalid token\n");
}

fn assert_error(run: &Run, expected: &str) {
    assert_eq!(
        run.code, 2,
        "expected exit 2: {} {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(expected),
        "{:?} lacks {expected:?}",
        run.stderr
    );
}

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
    assert!(run.stdout.contains("live reset user-1"), "{}", run.stdout);
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
fn keys_rotate_list_and_retire() {
    let place = Place::new();
    let old = place.issue("user-1");
    let rotated = place.run(&["reset", "keys", "rotate"]);
    assert_eq!(rotated.code, 0);
    let list = place.run(&["reset", "keys", "list"]);
    assert_eq!(list.lines().len(), 2);
    assert!(list.lines()[1].ends_with(" current"));
    assert!(
        place.run(&["reset", "keys", "new"]).code == 2,
        "overwrote a key ring"
    );

    let old_id = list.lines()[0].split(' ').next().unwrap().to_owned();
    let current_id = list.lines()[1].split(' ').next().unwrap().to_owned();
    assert_error(
        &place.run(&["reset", "keys", "retire", &current_id]),
        "rotate before",
    );
    assert_error(
        &place.run(&["reset", "keys", "retire", &old_id]),
        "1 live token was issued under key",
    );
    assert_eq!(
        place.verify(&old, &["--peek"]).code,
        0,
        "a refused retire kept the key"
    );
    let forced = place.run(&["reset", "keys", "retire", &old_id, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_no(&place.verify(&old, &[]));
}

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

#[test]
fn retiring_a_key_whose_tokens_are_spent_needs_no_force() {
    let place = Place::new();
    let old = place.issue("user-1");
    assert_eq!(place.verify(&old, &[]).code, 0);
    assert_eq!(place.run(&["reset", "keys", "rotate"]).code, 0);
    let list = place.run(&["reset", "keys", "list"]);
    let old_id = list.lines()[0].split(' ').next().unwrap().to_owned();
    let retired = place.run(&["reset", "keys", "retire", &old_id]);
    assert_eq!(retired.code, 0, "{}", retired.stderr);
}

#[test]
fn a_failed_write_stores_nothing_and_the_older_link_still_works() {
    let place = Place::new();
    let old = place.issue("user-1");
    let full = std::fs::File::create("/dev/full").unwrap();
    let mut cmd = command(&["reset", "issue", "--subject", "user-1"]);
    cmd.env("PSSST_DB", place.db())
        .env("PSSST_KEYS", place.keys());
    let output = cmd.stdout(full).stderr(Stdio::piped()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("nothing was stored"), "{stderr}");

    let list = place.run(&["reset", "list"]);
    assert_eq!(list.lines().len(), 1, "{}", list.stdout);
    assert_eq!(place.verify(&old, &[]).code, 0);
}

#[test]
fn concurrent_rotations_keep_every_key_and_its_tokens() {
    let place = Place::new();
    let (parallel, rounds) = (8, 3);
    let mut tokens = vec![place.issue("user-0")];
    for round in 0..rounds {
        let children: Vec<_> = (0..parallel)
            .map(|_| {
                let mut cmd = command(&["reset", "keys", "rotate"]);
                cmd.env("PSSST_DB", place.db())
                    .env("PSSST_KEYS", place.keys());
                cmd.stdout(Stdio::null()).stderr(Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{stderr}");
        }
        tokens.push(place.issue(&format!("user-{}", round + 1)));
    }

    let list = place.run(&["reset", "keys", "list"]);
    assert_eq!(list.lines().len(), 1 + parallel * rounds, "{}", list.stdout);
    for token in &tokens {
        assert_eq!(place.verify(token, &[]).code, 0, "a key was lost");
    }
}

#[test]
fn rows_written_by_the_python_flow_import_and_verify() {
    let place = Place::new();
    let peer = place.dir.path().join("peer.db");
    let script = r#"
import hashlib, secrets, sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("CREATE TABLE peer_tokens (token_hash TEXT PRIMARY KEY, subject TEXT NOT NULL,"
             " expires_at DOUBLE PRECISION NOT NULL, used_at DOUBLE PRECISION)")
token = secrets.token_urlsafe(32)
conn.execute("INSERT INTO peer_tokens (token_hash, subject, expires_at) VALUES (?, ?, ?)",
             (hashlib.sha256(token.encode()).hexdigest(), "alice", time.time() + 15 * 60))
print(token)
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&peer)
        .output()
        .unwrap();
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();

    let import = place.run(&["reset", "import", peer.to_str().unwrap()]);
    assert_eq!(import.stdout, "imported 1 of 1 rows\n", "{}", import.stderr);
    assert_no(&place.verify(&token, &[]));
    let run = place.verify(&token, &["--accept-imported"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "alice\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_tokens_are_a_clean_no_or_a_clear_error() {
    let place = Place::new();
    place.issue("user-1");
    assert_error(&place.verify("", &[]), "empty input");
    assert_error(&place.verify(&"A".repeat(1 << 20), &[]), "too long");
    assert_error(&place.verify("   ", &[]), "empty input");
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
fn missing_or_exposed_key_file_is_a_clear_error() {
    let place = Place::new();
    std::fs::remove_file(place.keys()).unwrap();
    assert_error(
        &place.run(&["reset", "issue", "--subject", "a"]),
        "not found",
    );

    assert_eq!(place.run(&["reset", "keys", "new"]).code, 0);
    set_mode(&place.keys(), 0o644);
    assert_error(
        &place.run(&["reset", "issue", "--subject", "a"]),
        "chmod 600",
    );
}

#[test]
fn corrupt_database_is_a_clear_error() {
    let place = Place::new();
    std::fs::create_dir_all(place.db().parent().unwrap()).unwrap();
    std::fs::write(place.db(), vec![0x42; 4096]).unwrap();
    assert_error(&place.run(&["reset", "issue", "--subject", "a"]), "corrupt");
    assert_error(
        &place.verify("8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA", &[]),
        "corrupt",
    );
    assert_eq!(std::fs::read(place.db()).unwrap(), vec![0x42; 4096]);
}

#[test]
fn read_only_database_is_a_clear_error_and_changes_nothing() {
    let place = Place::new();
    let token = place.issue("user-1");
    let before = std::fs::read(place.db()).unwrap();
    // Root ignores file modes; an immutable file refuses even root.
    if !chattr("+i", &place.db()) {
        eprintln!("chattr unavailable: read-only case not exercised");
        return;
    }
    let issue = place.run(&["reset", "issue", "--subject", "b"]);
    let verify = place.verify(&token, &[]);
    assert!(chattr("-i", &place.db()));

    assert_error(&issue, "read-only");
    assert_error(&verify, "read-only");
    assert_eq!(std::fs::read(place.db()).unwrap(), before);
    assert_eq!(place.verify(&token, &[]).code, 0, "the token was burnt");
}

#[test]
fn locked_database_is_a_clear_error_and_changes_nothing() {
    let place = Place::new();
    let token = place.issue("user-1");
    let holder = r#"
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"#;
    let mut lock = Command::new("python3")
        .arg("-c")
        .arg(holder)
        .arg(place.db())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = [0u8; 7];
    std::io::Read::read_exact(lock.stdout.as_mut().unwrap(), &mut ready).unwrap();

    let verify = place.verify(&token, &[]);
    drop(lock.stdin.take());
    lock.wait().unwrap();

    assert_error(&verify, "locked");
    assert_eq!(place.verify(&token, &[]).code, 0, "the token was burnt");
}

fn chattr(flag: &str, path: &Path) -> bool {
    Command::new("chattr")
        .arg(flag)
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
