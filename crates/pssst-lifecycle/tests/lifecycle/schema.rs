//! What opening a SQLite file checks beyond its header: the schema pssst's migrations make,
//! the migration version, the kind of file, the lock file's folder; and backups.

use std::path::{Path, PathBuf};
use std::process::Command;

use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, SqliteStore};
use sqlx::Connection;

use crate::support::T0;

/// A pssst database with one issued token, still open; returns its folder, path and store.
async fn open_with_one_token() -> (tempfile::TempDir, PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let keys = KeyRing::generate(T0).unwrap();
    let lifecycle = Lifecycle::new(store.clone(), keys, Config::default());
    lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    (dir, path, store)
}

/// A pssst database with one issued token, closed; returns its folder and path.
async fn one_token() -> (tempfile::TempDir, PathBuf) {
    let (dir, path, store) = open_with_one_token().await;
    store.close().await;
    (dir, path)
}

/// Runs statements on the file behind pssst's back, on one plain connection.
async fn tamper(path: &Path, statements: &[&str]) {
    let url = format!("sqlite://{}", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for statement in statements {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();
}

#[tokio::test]
async fn a_dropped_table_is_a_damaged_schema() {
    let (_dir, path) = one_token().await;
    tamper(&path, &["DROP TABLE imported_hashes"]).await;
    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(matches!(err, Error::Schema { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "database schema is damaged: table imported_hashes is missing"
    );
}

#[tokio::test]
async fn a_tokens_table_rebuilt_without_its_constraints_is_a_damaged_schema() {
    let (_dir, path) = one_token().await;
    tamper(
        &path,
        &[
            "CREATE TABLE loose AS SELECT * FROM tokens",
            "DROP TABLE tokens",
            "ALTER TABLE loose RENAME TO tokens",
        ],
    )
    .await;
    let err = SqliteStore::open(&path).await.unwrap_err().to_string();
    assert!(
        err.contains("table tokens is not the one pssst makes"),
        "{err}"
    );
    assert!(
        err.contains("index sqlite_autoindex_tokens_1 is missing"),
        "{err}"
    );
}

#[tokio::test]
async fn an_application_table_in_the_same_file_is_fine() {
    let (_dir, path) = one_token().await;
    tamper(&path, &["CREATE TABLE users (id TEXT PRIMARY KEY)"]).await;
    SqliteStore::open(&path).await.unwrap().close().await;
}

#[tokio::test]
async fn a_trigger_on_tokens_is_unexpected() {
    let (_dir, path) = one_token().await;
    let trigger = "CREATE TRIGGER keep AFTER UPDATE ON tokens BEGIN SELECT 1; END";
    tamper(&path, &[trigger]).await;
    let err = SqliteStore::open(&path).await.unwrap_err().to_string();
    assert!(
        err.ends_with("unexpected trigger keep on table tokens"),
        "{err}"
    );
}

#[tokio::test]
async fn a_trigger_on_tokens_is_unexpected_however_the_table_is_written() {
    let triggers = [
        ("AFTER UPDATE ON TOKENS", "TOKENS"),
        ("BEFORE UPDATE ON Tokens", "Tokens"),
        ("AFTER UPDATE ON \"TOKENS\"", "TOKENS"),
        ("AFTER UPDATE ON main.Tokens", "Tokens"),
        ("BEFORE INSERT ON IMPORTED_HASHES", "IMPORTED_HASHES"),
        ("BEFORE INSERT ON [imported_Hashes]", "imported_Hashes"),
    ];
    for (on, table) in triggers {
        let (_dir, path) = one_token().await;
        let trigger = format!("CREATE TRIGGER keep {on} BEGIN SELECT RAISE(IGNORE); END");
        tamper(&path, &[&trigger]).await;
        let err = SqliteStore::open(&path).await.unwrap_err();
        assert!(matches!(err, Error::Schema { .. }), "{on}: {err:?}");
        let expected = format!("unexpected trigger keep on table {table}");
        assert!(err.to_string().ends_with(&expected), "{on}: {err}");
    }
}

#[tokio::test]
async fn a_trigger_elsewhere_that_writes_tokens_is_unexpected() {
    let (_dir, path) = one_token().await;
    let trigger = "CREATE TRIGGER revive AFTER UPDATE ON users \
                   BEGIN UPDATE \"Tokens\" SET used_at = NULL; END";
    tamper(&path, &["CREATE TABLE users (id TEXT)", trigger]).await;
    let err = SqliteStore::open(&path).await.unwrap_err().to_string();
    assert!(
        err.ends_with("unexpected trigger revive on table users"),
        "{err}"
    );
}

#[tokio::test]
async fn an_application_trigger_and_view_that_leave_tokens_alone_are_fine() {
    let (_dir, path) = one_token().await;
    let trigger = "CREATE TRIGGER stamp AFTER UPDATE ON users BEGIN SELECT 1; END";
    let view = "CREATE VIEW live AS SELECT id FROM tokens WHERE used_at IS NULL";
    tamper(&path, &["CREATE TABLE users (id TEXT)", trigger, view]).await;
    SqliteStore::open(&path).await.unwrap().close().await;
}

#[tokio::test]
async fn a_file_from_a_newer_pssst_says_so() {
    let (_dir, path) = one_token().await;
    let newer = "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
                 execution_time) VALUES (99, 'future', 1, x'00', 0)";
    tamper(&path, &[newer]).await;
    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(
        matches!(err, Error::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("the database was made by a newer pssst (schema version 99, this one"),
        "{err}"
    );
}

#[tokio::test]
async fn a_device_or_fifo_is_not_a_regular_file() {
    let err = SqliteStore::open("/dev/null").await.unwrap_err();
    assert_eq!(err.to_string(), "/dev/null is not a regular file");

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    if !Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success()
    {
        return;
    }
    let err = SqliteStore::open(&fifo).await.unwrap_err();
    assert!(matches!(err, Error::NotAFile { .. }), "{err:?}");
    let err = SqliteStore::open(dir.path()).await.unwrap_err();
    assert!(matches!(err, Error::NotAFile { .. }), "{err:?}");
}

#[tokio::test]
async fn a_lock_file_that_cannot_be_made_is_named_with_its_folder() {
    let (dir, path) = one_token().await;
    std::fs::remove_file(dir.path().join("pssst.db.lock")).unwrap();
    // Root ignores folder modes; an immutable folder refuses even root.
    if !chattr("+i", dir.path()) {
        eprintln!("chattr unavailable: read-only folder not exercised");
        return;
    }
    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(chattr("-i", dir.path()));
    assert!(matches!(err, Error::LockFile { .. }), "{err:?}");
    let expected = format!(
        "cannot create the lock file {}.lock in folder {}",
        path.display(),
        dir.path().display()
    );
    assert_eq!(err.to_string(), expected);
}

#[tokio::test]
async fn a_read_only_folder_is_named_when_sqlite_needs_its_wal_files() {
    let (dir, path) = one_token().await;
    // As a clean last close leaves it: everything in the main file, no -wal or -shm.
    tamper(&path, &["PRAGMA wal_checkpoint(TRUNCATE)"]).await;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("pssst.db{suffix}")));
    }
    if !chattr("+i", dir.path()) {
        eprintln!("chattr unavailable: read-only folder not exercised");
        return;
    }
    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(chattr("-i", dir.path()));
    assert!(matches!(err, Error::FolderReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("is not writable"), "{err}");
}

#[tokio::test]
async fn a_backup_holds_the_latest_commit_and_opens_as_a_pssst_database() {
    let (dir, _path, store) = open_with_one_token().await;
    let wal = std::fs::metadata(dir.path().join("pssst.db-wal")).unwrap();
    assert!(
        wal.len() > 0,
        "the token's commit is still in the -wal file"
    );

    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).await.unwrap();
    let err = store.backup_to(&copy).await.unwrap_err();
    assert!(matches!(err, Error::BackupExists { .. }), "{err:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let restored = SqliteStore::open(&copy).await.unwrap();
    let lifecycle = Lifecycle::new(restored, KeyRing::new(), Config::default());
    let rows = lifecycle.list(&Default::default()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].subject, "user-1");
}

fn chattr(flag: &str, path: &Path) -> bool {
    Command::new("chattr")
        .arg(flag)
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// Opens a one-token file after `tampering` with its migration record: the error, which must
/// be [`Error::Schema`].
async fn damaged_record_error(tampering: &str) -> String {
    let (_dir, path) = one_token().await;
    tamper(&path, &[tampering]).await;
    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(matches!(err, Error::Schema { .. }), "{tampering}: {err:?}");
    err.to_string()
}

#[tokio::test]
async fn a_tampered_migration_record_is_a_damaged_schema() {
    let cases = [
        (
            "UPDATE _sqlx_migrations SET success = 0 WHERE version = 3",
            "says migration 3 failed partway",
        ),
        (
            "UPDATE _sqlx_migrations SET version = version + 0.5 WHERE version = 1",
            "holds a value of the wrong type",
        ),
        (
            "DROP TABLE _sqlx_migrations",
            "is missing (table _sqlx_migrations)",
        ),
        (
            "UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = 1",
            "holds another text of migration 1",
        ),
    ];
    for (tampering, why) in cases {
        assert_eq!(
            damaged_record_error(tampering).await,
            format!(
                "database schema is damaged: the migration record {why} (restore from a backup)"
            ),
            "{tampering}"
        );
    }
}

#[tokio::test]
async fn a_migration_missing_from_the_record_is_a_damaged_schema() {
    for version in [1, 3] {
        let delete = format!("DELETE FROM _sqlx_migrations WHERE version = {version}");
        let err = damaged_record_error(&delete).await;
        let lacks = format!(
            "database schema is damaged: the migration record lacks migration {version}, \
             which the file has already: table "
        );
        assert!(err.starts_with(&lacks), "{err}");
        assert!(
            err.ends_with("already exists (restore from a backup)"),
            "{err}"
        );
    }
}
