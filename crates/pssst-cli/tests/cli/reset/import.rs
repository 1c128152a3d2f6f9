//! Importing the rows of the Python flow.

use std::process::Command;

use super::{Place, assert_no};

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

/// Writes a `peer_tokens` table with Python's `sqlite3`; each row is SQL values for
/// (token_hash, subject, expires_at, used_at).
fn peer_table(place: &Place, rows: &[&str]) -> std::path::PathBuf {
    let peer = place.dir.path().join("peer.db");
    let script = r#"
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("CREATE TABLE peer_tokens (token_hash, subject, expires_at, used_at)")
for row in sys.argv[2:]:
    conn.execute("INSERT INTO peer_tokens VALUES (" + row + ")")
"#;
    let status = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&peer)
        .args(rows)
        .status()
        .unwrap();
    assert!(status.success());
    peer
}

const TOKEN: &str = "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA";
const SHA256: &str = "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e";

/// Unix seconds a minute from now.
fn soon() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.unwrap().as_secs() + 60
}

#[test]
fn integer_expiry_imports_and_verifies() {
    let place = Place::new();
    let row = format!("'{SHA256}', 'alice', {}, NULL", soon());
    let peer = peer_table(&place, &[&row]);
    let import = place.run(&["reset", "import", peer.to_str().unwrap()]);
    assert_eq!(import.stdout, "imported 1 of 1 rows\n", "{}", import.stderr);
    let run = place.verify(TOKEN, &["--accept-imported"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "alice\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_null_or_text_time_is_refused_by_row_and_column_and_nothing_is_imported() {
    let place = Place::new();
    place.issue("user-0");
    let good = format!("'{SHA256}', 'alice', {}, NULL", soon());
    for (bad, expected) in [
        (
            "'ab', 'bob', NULL, NULL",
            "cannot import row 2: expires_at is NULL",
        ),
        (
            "'ab', 'bob', '2030-01-01', NULL",
            "cannot import row 2: expires_at is text",
        ),
        (
            "'ab', 'bob', 1900000000, 'yesterday'",
            "cannot import row 2: used_at is text",
        ),
    ] {
        let peer = peer_table(&place, &[&good, bad]);
        let import = place.run(&["reset", "import", peer.to_str().unwrap()]);
        assert_eq!(import.code, 2, "{}", import.stderr);
        assert!(import.stderr.contains(expected), "{}", import.stderr);
        assert!(!import.stderr.contains(SHA256), "{}", import.stderr);
        std::fs::remove_file(peer).unwrap();
    }
    assert_no(&place.verify(TOKEN, &["--accept-imported"]));
}

#[test]
fn a_used_imported_token_stays_dead_after_purge_and_reimport() {
    let place = Place::new();
    let row = format!("'{SHA256}', 'alice', {}, NULL", soon());
    let peer = peer_table(&place, &[&row]);
    let peer = peer.to_str().unwrap();
    assert_eq!(place.run(&["reset", "import", peer]).code, 0);
    assert_eq!(place.verify(TOKEN, &["--accept-imported"]).code, 0);
    let purge = place.run(&["reset", "purge", "--retention", "0s"]);
    assert_eq!(purge.stdout, "purged 1\n");

    let again = place.run(&["reset", "import", peer]);
    assert_eq!(
        again.stdout, "imported 0 of 1 rows; 1 skipped, stored or imported before\n",
        "{}",
        again.stderr
    );
    assert_no(&place.verify(TOKEN, &["--accept-imported"]));
}

#[test]
fn import_help_shows_the_table_it_reads() {
    let help = crate::run::pssst(&["reset", "import", "--help"]).stdout;
    for column in [
        "peer_tokens(",
        "token_hash TEXT",
        "expires_at REAL",
        "INTEGER",
        "used_at",
    ] {
        assert!(help.contains(column), "{help}");
    }
}

#[test]
fn a_blob_hash_is_refused_by_row_and_column() {
    let place = Place::new();
    let good = format!("'{SHA256}', 'alice', {}, NULL", soon());
    let blob = format!("x'00ff', 'bob', {}, NULL", soon());
    let peer = peer_table(&place, &[&good, &blob]);
    let import = place.run(&["reset", "import", peer.to_str().unwrap()]);
    assert_eq!(import.code, 2, "{}", import.stderr);
    assert_eq!(
        import.stderr,
        "pssst: cannot import row 2: token_hash is a blob: expected text\n"
    );
}

#[test]
fn an_unusable_peer_file_is_named() {
    let place = Place::new();
    let folder = place.dir.path().to_str().unwrap().to_owned();
    let run = place.run(&["reset", "import", &folder]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("it is a directory"), "{}", run.stderr);
    assert!(run.stderr.contains(&folder), "{}", run.stderr);

    let peer = place.dir.path().join("peer.db");
    let status = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('CREATE TABLE t (x)')",
        ])
        .arg(&peer)
        .status()
        .unwrap();
    assert!(status.success());
    let run = place.run(&["reset", "import", peer.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let expected = format!(
        "cannot import from {}: it has no peer_tokens table",
        peer.display()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
}

#[test]
fn expired_rows_are_counted_and_a_used_copy_wins() {
    let place = Place::new();
    let live = format!("'{SHA256}', 'alice', {}, NULL", soon());
    let used = format!("'{SHA256}', 'alice', {}, 1000", soon());
    let expired = format!("'{}', 'bob', -1, NULL", "a".repeat(64));
    let peer = peer_table(&place, &[&live, &used, &expired]);
    let import = place.run(&["reset", "import", peer.to_str().unwrap()]);
    assert_eq!(
        import.stdout,
        "imported 1 of 3 rows; 1 expired, not imported; 1 repeating an earlier row's hash, \
         merged into it\n",
        "{}",
        import.stderr
    );
    assert_no(&place.verify(TOKEN, &["--accept-imported"]));
}
