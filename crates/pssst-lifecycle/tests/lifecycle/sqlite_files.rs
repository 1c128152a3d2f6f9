//! The SQLite file itself: permissions, migrations, constraints, and clear errors for a
//! corrupt, locked or read-only database.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use pssst_lifecycle::store::sqlite::{SqliteOptions, Thoroughness};
use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, SqliteStore, TokenStore};
use sqlx::Connection;

use crate::support::T0;

#[cfg(unix)]
#[tokio::test]
async fn new_database_file_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    SqliteStore::open(&path).await.unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[tokio::test]
async fn reopening_applies_migrations_once_and_keeps_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    let first = lifecycle(SqliteStore::open(&path).await.unwrap());
    let issued = first
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    first.store().close().await;

    let second = lifecycle(SqliteStore::open(&path).await.unwrap());
    let mode: (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(second.store().pool())
        .await
        .unwrap();
    assert_eq!(mode.0, "wal");
    assert!(
        second.peek(issued.token(), "reset").await.is_err(),
        "other key ring"
    );
    assert_eq!(second.list(&Default::default()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn schema_refuses_rows_that_break_its_constraints() {
    let store = SqliteStore::open_in_memory().await.unwrap();
    let insert = "INSERT INTO tokens (id, kind, subject, purpose, scheme, key_id, token_hash, \
                  created_at, expires_at) \
                  VALUES ($1, 'token', $2, 'reset', 'sha256', NULL, $3, $4, $5)";
    let id = "0190a5d2-7c3e-7b1a-8f00-000000000001";
    let hash = "a".repeat(64);
    let cases = [
        ("", hash.as_str(), 1, 2),
        ("user", "abc", 1, 2),
        ("user", &"G".repeat(64), 1, 2),
        ("user", hash.as_str(), 2, 2),
    ];
    for (subject, hash, created, expires) in cases {
        let result = sqlx::query(insert)
            .bind(id)
            .bind(subject)
            .bind(hash)
            .bind(created)
            .bind(expires)
            .execute(store.pool())
            .await;
        assert!(
            result.is_err(),
            "accepted {subject:?} {hash:?} {created} {expires}"
        );
    }
}

#[tokio::test]
async fn corrupt_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();

    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "database file is corrupt or not a database"
    );
}

#[tokio::test]
async fn a_damaged_page_past_the_schema_is_found_by_the_check_not_by_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    let store = SqliteStore::open(&path).await.unwrap();
    let filled = lifecycle(store);
    for n in 0..300 {
        let subject = format!("user-{n}");
        let issued = filled.issue(&subject, "reset", Default::default()).await;
        issued.unwrap();
    }
    filled
        .store()
        .check_integrity(Thoroughness::Full)
        .await
        .unwrap();
    let pool = filled.store().pool();
    let (page_size,): (i64,) = sqlx::query_as("PRAGMA page_size")
        .fetch_one(pool)
        .await
        .unwrap();
    let root = "SELECT rootpage FROM sqlite_master WHERE name = 'tokens_by_expiry'";
    let (root,): (i64,) = sqlx::query_as(root).fetch_one(pool).await.unwrap();
    let checkpoint = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)");
    checkpoint.execute(pool).await.unwrap();
    filled.store().close().await;

    // The root of an index that opening and listing never read: a bad disk block there.
    let mut bytes = std::fs::read(&path).unwrap();
    let start = usize::try_from((root - 1) * page_size).unwrap();
    let end = start + usize::try_from(page_size).unwrap();
    bytes[start..end].fill(0x42);
    std::fs::write(&path, bytes).unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        lifecycle(store.clone())
            .list(&Default::default())
            .await
            .unwrap()
            .len(),
        100
    );
    for thoroughness in [Thoroughness::Quick, Thoroughness::Full] {
        let err = store.check_integrity(thoroughness).await.unwrap_err();
        assert!(matches!(err, Error::Corrupt(_)), "{}", chain(&err));
    }
}

#[tokio::test]
async fn unopenable_path_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder/pssst.db");
    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err:?}");
    assert!(err.to_string().starts_with("cannot open database"));
}

#[tokio::test]
async fn locked_database_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    let options = SqliteOptions::new(&path).busy_timeout(Duration::from_millis(200));
    let lifecycle = lifecycle(SqliteStore::open_with(options).await.unwrap());
    let issued = lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    let url = format!("sqlite://{}", path.display());
    let mut holder = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut holder)
        .await
        .unwrap();

    let err = lifecycle
        .issue("user-2", "reset", Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Locked(_)), "{err:?}");
    let printed = chain(&err);
    assert_eq!(printed.matches("(code: 5)").count(), 1, "{printed}");
    let err = lifecycle
        .consume(issued.token(), "reset")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Locked(_)), "{err:?}");

    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    assert_eq!(lifecycle.list(&Default::default()).await.unwrap().len(), 1);
    assert!(lifecycle.consume(issued.token(), "reset").await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writing_from_inside_consume_with_fails_as_locked_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let options =
        SqliteOptions::new(dir.path().join("pssst.db")).busy_timeout(Duration::from_millis(200));
    let lifecycle = Arc::new(lifecycle(SqliteStore::open_with(options).await.unwrap()));
    let issued = lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    let inner = lifecycle.clone();
    let result = lifecycle
        .consume_with(issued.token(), "reset", move |_conn, _record| {
            Box::pin(async move { inner.issue("user-2", "reset", Default::default()).await })
        })
        .await;
    assert!(matches!(result, Err(Error::Locked(_))), "{result:?}");
    assert!(
        lifecycle.consume(issued.token(), "reset").await.is_ok(),
        "not rolled back"
    );
}

/// Root ignores file modes, so the file is made immutable with `chattr +i` instead; where that
/// is unavailable the test says so and passes.
#[tokio::test]
async fn read_only_database_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    let first = lifecycle(SqliteStore::open(&path).await.unwrap());
    first
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    first.store().close().await;
    drop(first);

    if !chattr("+i", &path) {
        eprintln!("chattr +i unavailable: read-only case not exercised");
        return;
    }
    let outcome = async {
        let store = SqliteStore::open(&path).await?;
        let lifecycle = lifecycle(store);
        lifecycle.issue("user-2", "reset", Default::default()).await
    }
    .await;
    let before = std::fs::metadata(&path).unwrap().len();
    assert!(chattr("-i", &path));

    let err = outcome.unwrap_err();
    eprintln!("read-only database: {err:?}");
    assert!(
        matches!(err, Error::ReadOnly(_) | Error::Open { .. }),
        "{err:?}"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), before);
    let reopened = lifecycle(SqliteStore::open(&path).await.unwrap());
    assert_eq!(reopened.list(&Default::default()).await.unwrap().len(), 1);
}

#[test]
fn concurrent_first_opens_of_a_new_file_all_succeed() {
    for _ in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fresh.db");
        let openers = 16;
        let failures: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..openers)
                .map(|i| {
                    let path = &path;
                    scope.spawn(move || open_and_issue(path, i))
                })
                .collect();
            let results = workers.into_iter().map(|w| w.join().unwrap());
            results.filter_map(Result::err).map(|e| chain(&e)).collect()
        });
        assert_eq!(failures, Vec::<String>::new());

        let reader = tokio::runtime::Runtime::new().unwrap();
        let rows = reader.block_on(async {
            let store = SqliteStore::open(&path).await.unwrap();
            lifecycle(store).list(&Default::default()).await.unwrap()
        });
        assert_eq!(rows.len(), openers);
    }
}

/// What a fresh process does: its own runtime and pool, open, issue one token, close.
fn open_and_issue(path: &Path, number: usize) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let lifecycle = lifecycle(SqliteStore::open(path).await?);
        let subject = format!("user-{number}");
        lifecycle
            .issue(&subject, "reset", Default::default())
            .await?;
        lifecycle.store().close().await;
        Ok(())
    })
}

#[tokio::test]
async fn another_applications_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut app = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        .execute(&mut app)
        .await
        .unwrap();
    app.close().await.unwrap();
    let before = std::fs::read(&path).unwrap();

    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(matches!(err, Error::Foreign { .. }), "{err:?}");
    assert!(
        err.to_string().ends_with("app.db is not a pssst database"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file changed");
    assert!(!dir.path().join("app.db-wal").exists(), "switched to WAL");
}

#[tokio::test]
async fn database_with_another_application_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut app = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("PRAGMA application_id = 42")
        .execute(&mut app)
        .await
        .unwrap();
    app.close().await.unwrap();

    let err = SqliteStore::open(&path).await.unwrap_err();
    assert!(matches!(err, Error::Foreign { .. }), "{err:?}");
}

#[tokio::test]
async fn database_made_before_the_application_id_still_opens_and_gets_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    let first = lifecycle(SqliteStore::open(&path).await.unwrap());
    first
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    // Back to what the first release made: migration 1 only, no application id.
    for statement in [
        "PRAGMA application_id = 0",
        "DELETE FROM _sqlx_migrations WHERE version > 1",
        "DROP TABLE imported_hashes",
    ] {
        sqlx::query(statement)
            .execute(first.store().pool())
            .await
            .unwrap();
    }
    first.store().close().await;

    let second = lifecycle(SqliteStore::open(&path).await.unwrap());
    assert_eq!(second.list(&Default::default()).await.unwrap().len(), 1);
    let (id,): (i32,) = sqlx::query_as("PRAGMA application_id")
        .fetch_one(second.store().pool())
        .await
        .unwrap();
    assert_eq!(id, 0x7073_7374);
}

/// The error and its causes, as the CLI prints them.
fn chain(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn chattr(flag: &str, path: &std::path::Path) -> bool {
    let status = Command::new("chattr").arg(flag).arg(path).status();
    status.is_ok_and(|s| s.success())
}

fn lifecycle(store: SqliteStore) -> Lifecycle<SqliteStore> {
    Lifecycle::new(store, KeyRing::generate(T0).unwrap(), Config::default())
}

#[allow(dead_code, reason = "keeps the trait in scope for `list` on the store")]
fn _uses<S: TokenStore>(_: &S) {}

#[tokio::test]
async fn a_full_database_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let options = SqliteOptions::new(dir.path().join("pssst.db")).max_connections(1);
    let store = SqliteStore::open_with(options).await.unwrap();
    let (pages,): (i64,) = sqlx::query_as("PRAGMA page_count")
        .fetch_one(store.pool())
        .await
        .unwrap();
    sqlx::query(&format!("PRAGMA max_page_count = {pages}"))
        .execute(store.pool())
        .await
        .unwrap();
    let lifecycle = lifecycle(store);
    let mut outcome = Ok(());
    for n in 0..1000 {
        let subject = format!("user-{n}");
        let issued = lifecycle.issue(&subject, "reset", Default::default());
        outcome = issued.await.map(drop);
        if outcome.is_err() {
            break;
        }
    }
    let err = outcome.unwrap_err();
    assert_eq!(chain(&err), "database error: database or disk is full");
}

#[tokio::test]
async fn a_failed_first_open_leaves_no_empty_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pssst.db");
    // SQLite cannot create its -wal where a folder of that name stands.
    std::fs::create_dir(dir.path().join("pssst.db-wal")).unwrap();
    SqliteStore::open(&path).await.unwrap_err();
    assert!(!path.exists(), "the file this open created is removed");

    std::fs::write(&path, b"").unwrap();
    SqliteStore::open(&path).await.unwrap_err();
    assert!(
        path.exists(),
        "an empty file that was there already is kept"
    );
}
