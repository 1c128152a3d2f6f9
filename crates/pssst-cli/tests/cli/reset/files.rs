//! The database and key files in bad shape: missing, exposed, corrupt, read-only, locked.

use std::process::{Command, Stdio};

use super::{Place, assert_error, chattr, set_mode};

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
    let again = place.verify(&token, &[]);
    assert_eq!(again.code, 0, "the token was burnt: {}", again.stderr);
}

#[test]
fn check_reads_the_whole_file_and_finds_a_damaged_page_that_opening_misses() {
    let place = Place::new();
    for n in 0..300 {
        place.issue(&format!("user-{n}"));
    }
    let healthy = place.run(&["reset", "check"]);
    assert_eq!(
        healthy.stdout, "ok: quick_check found no damage\n",
        "{}",
        healthy.stderr
    );
    let full = place.run(&["reset", "check", "--full"]);
    assert_eq!(
        full.stdout, "ok: integrity_check found no damage\n",
        "{}",
        full.stderr
    );

    let script = r#"
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
page_size = conn.execute("PRAGMA page_size").fetchone()[0]
root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tokens_by_expiry'")
root = root.fetchone()[0]
conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn.close()
with open(sys.argv[1], "r+b") as db:
    db.seek((root - 1) * page_size)
    db.write(b"\x42" * page_size)
"#;
    let status = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(place.db())
        .status()
        .unwrap();
    assert!(status.success());

    assert_eq!(place.run(&["reset", "list", "--limit", "1"]).code, 0);
    let damaged = place.run(&["reset", "check"]);
    assert_eq!(damaged.code, 1, "{}", damaged.stderr);
    assert!(
        damaged
            .stderr
            .starts_with("pssst: database file is corrupt"),
        "{}",
        damaged.stderr
    );
    assert_eq!(damaged.stderr.lines().count(), 1, "{}", damaged.stderr);
}

#[test]
fn an_empty_key_ring_is_an_error_for_verify_as_for_issue() {
    let place = Place::new();
    let token = place.issue("user-1");
    std::fs::write(place.keys(), "pssst-keyring v1\n").unwrap();
    for extra in [&[][..], &["--peek"][..]] {
        assert_error(&place.verify(&token, extra), "key ring is empty");
    }
}

#[test]
fn a_key_file_open_to_others_says_which_access_they_have() {
    let place = Place::new();
    set_mode(&place.keys(), 0o620);
    assert_error(
        &place.run(&["reset", "issue", "--subject", "a"]),
        "is writable by group (mode 620)",
    );
}

#[test]
fn check_finds_live_tokens_under_keys_missing_from_the_ring() {
    let place = Place::new();
    place.issue("user-1");
    std::fs::remove_file(place.keys()).unwrap();
    assert_eq!(place.run(&["reset", "keys", "new"]).code, 0);
    let check = place.run(&["reset", "check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_eq!(check.stdout, "ok: quick_check found no damage\n");
    assert!(
        check
            .stderr
            .contains("1 live token is hashed under keys not in the key ring"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_database_path_that_is_not_a_file_is_named_as_such() {
    let place = Place::new();
    let fifo = place.dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for db in [std::path::Path::new("/dev/null"), fifo.as_path()] {
        for args in [
            &["reset", "list"][..],
            &["reset", "issue", "--subject", "a"][..],
        ] {
            let mut cmd = place.command(args);
            cmd.env("PSSST_DB", db);
            let run = super::run(cmd, b"");
            assert_error(&run, "is not a regular file");
        }
    }
}

#[test]
fn a_read_only_folder_names_the_lock_file_and_the_folder() {
    let place = Place::new();
    place.issue("user-1");
    let folder = place.db().parent().unwrap().to_owned();
    std::fs::remove_file(folder.join("pssst.db.lock")).unwrap();
    if !chattr("+i", &folder) {
        eprintln!("chattr unavailable: read-only folder not exercised");
        return;
    }
    let list = place.run(&["reset", "list"]);
    assert!(chattr("-i", &folder));
    let expected = format!(
        "cannot create the lock file {}.lock in folder {}",
        place.db().display(),
        folder.display()
    );
    assert_error(&list, &expected);
}

#[test]
fn lifetimes_say_the_maximum_in_days_and_refuse_compound_durations() {
    let place = Place::new();
    let run = place.run(&["reset", "issue", "--subject", "a", "--ttl", "8d"]);
    assert_error(&run, "at most 7d (604800 s)");
    let run = place.run(&["reset", "issue", "--subject", "a", "--ttl", "1h30m"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("compound durations are not supported"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("90m"), "{}", run.stderr);
}

#[test]
fn a_backup_holds_the_token_and_refuses_an_existing_file() {
    use std::os::unix::fs::PermissionsExt;
    let place = Place::new();
    let token = place.issue("user-1");
    let copy = place.dir.path().join("copy.db");
    let copy_arg = copy.to_str().unwrap();
    let backup = place.run(&["reset", "backup", copy_arg]);
    assert_eq!(backup.code, 0, "{}", backup.stderr);
    assert_eq!(backup.stdout, format!("backed up to {copy_arg}\n"));
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_error(&place.run(&["reset", "backup", copy_arg]), "already exists");

    let mut cmd = place.command(&["reset", "verify", "--peek"]);
    cmd.env("PSSST_DB", &copy);
    let peek = super::run(cmd, token.as_bytes());
    assert_eq!(
        (peek.code, peek.stdout.as_str()),
        (0, "user-1\n"),
        "{}",
        peek.stderr
    );
}

#[test]
fn check_reports_a_damaged_schema_or_a_file_that_is_no_database_as_a_finding() {
    let place = Place::new();
    place.issue("u");
    let script = r#"
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("CREATE TRIGGER t4 AFTER INSERT ON tokens BEGIN SELECT 1; END")
conn.commit()
conn.close()
"#;
    let status = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(place.db())
        .status()
        .unwrap();
    assert!(status.success());
    let damaged = place.run(&["reset", "check"]);
    assert_eq!(damaged.code, 1, "{}", damaged.stderr);
    assert!(
        damaged
            .stderr
            .starts_with("pssst: database schema is damaged: unexpected trigger t4"),
        "{}",
        damaged.stderr
    );

    let garbage = Place::new();
    garbage.issue("u");
    std::fs::write(garbage.db(), vec![0x42; 8192]).unwrap();
    let _ = std::fs::remove_file(format!("{}-wal", garbage.db().display()));
    let _ = std::fs::remove_file(format!("{}-shm", garbage.db().display()));
    let corrupt = garbage.run(&["reset", "check"]);
    assert_eq!(corrupt.code, 1, "{}", corrupt.stderr);
    assert!(
        corrupt.stderr.contains("corrupt or not a database"),
        "{}",
        corrupt.stderr
    );
}
