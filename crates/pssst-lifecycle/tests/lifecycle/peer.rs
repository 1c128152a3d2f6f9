//! Reading the Python flow's table from a file that is not quite right: errors name the file,
//! or the row and the column.

use std::path::{Path, PathBuf};

use pssst_lifecycle::Error;
use pssst_lifecycle::store::sqlite::read_python_peer;
use sqlx::Connection;

const SHA256: &str = "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e";

/// A file made by `statements`, in a fresh folder.
async fn peer(dir: &Path, statements: &[&str]) -> PathBuf {
    let path = dir.join("peer.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for statement in statements {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();
    path
}

const TABLE: &str = "CREATE TABLE peer_tokens (token_hash, subject, expires_at, used_at)";

#[tokio::test]
async fn text_columns_of_another_type_are_named_by_row_and_column() {
    let good = format!("INSERT INTO peer_tokens VALUES ('{SHA256}', 'u', 1900, NULL)");
    let cases = [
        (
            "x'00ff'",
            "'u'",
            "cannot import row 2: token_hash is a blob: expected text",
        ),
        (
            "NULL",
            "'u'",
            "cannot import row 2: token_hash is NULL: expected text",
        ),
        (
            "42",
            "'u'",
            "cannot import row 2: token_hash is a number: expected text",
        ),
        (
            "'ab'",
            "7",
            "cannot import row 2: subject is a number: expected text",
        ),
        (
            "'ab'",
            "x'c3'",
            "cannot import row 2: subject is a blob: expected text",
        ),
    ];
    for (hash, subject, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let bad = format!("INSERT INTO peer_tokens VALUES ({hash}, {subject}, 1900, NULL)");
        let path = peer(dir.path(), &[TABLE, &good, &bad]).await;
        let err = read_python_peer(&path).await.unwrap_err();
        assert!(matches!(err, Error::Import { row: 2, .. }), "{err:?}");
        assert_eq!(err.to_string(), expected);
    }
}

#[tokio::test]
async fn a_directory_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_python_peer(dir.path()).await.unwrap_err();
    let expected = format!(
        "cannot import from {}: it is a directory",
        dir.path().display()
    );
    assert_eq!(err.to_string(), expected);
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("peer.db");
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let err = read_python_peer(&path).await.unwrap_err();
    assert!(matches!(err, Error::PeerFile { .. }), "{err:?}");
    assert!(
        err.to_string().contains("is not a SQLite database"),
        "{err}"
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
}

#[tokio::test]
async fn a_missing_table_or_column_is_named_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = peer(dir.path(), &["CREATE TABLE other (x)"]).await;
    let err = read_python_peer(&path).await.unwrap_err();
    let expected = format!(
        "cannot import from {}: it has no peer_tokens table",
        path.display()
    );
    assert_eq!(err.to_string(), expected);

    let dir = tempfile::tempdir().unwrap();
    let table = "CREATE TABLE peer_tokens (token_hash, subject, expires_at)";
    let path = peer(dir.path(), &[table]).await;
    let err = read_python_peer(&path).await.unwrap_err();
    assert!(
        err.to_string()
            .ends_with("peer_tokens has no column used_at"),
        "{err}"
    );
}

#[tokio::test]
async fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_python_peer(dir.path().join("absent.db"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PeerFile { .. }), "{err:?}");
    assert!(err.to_string().contains("absent.db"), "{err}");
}

#[tokio::test]
async fn times_beyond_a_timestamp_saturate_instead_of_stopping_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        "INSERT INTO peer_tokens VALUES \
         ('{SHA256}', 'u', -1e15, 9223372036854775807), ('{SHA256}', 'v', 1900, 1e300), \
         ('{SHA256}', 'w', 9e999, -9e999)"
    );
    let path = peer(dir.path(), &[TABLE, &rows]).await;
    let rows = read_python_peer(&path).await.unwrap();
    let micros = |row: usize| {
        let used = rows[row].used_at.map(|t| t.as_unix_micros());
        (rows[row].expires_at.as_unix_micros(), used)
    };
    assert_eq!(micros(0), (i64::MIN, Some(i64::MAX)));
    assert_eq!(micros(1), (1_900_000_000, Some(i64::MAX)));
    assert_eq!(micros(2), (i64::MAX, Some(i64::MIN)));
}
