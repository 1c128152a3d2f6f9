//! Reading the rows of the Python reference flow (`peer_tokens` in
//! `shared/peers/python-reset-service/app.py`) for import.

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteRow};
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection, TypeInfo, ValueRef};

use crate::error::{Error, Result};
use crate::lifecycle::ImportRow;
use crate::time::Timestamp;

/// The columns read, in this order.
const COLUMNS: [&str; 4] = ["token_hash", "subject", "expires_at", "used_at"];

/// Reads every row of the Python flow's table from a SQLite file, opened read-only.
///
/// The table and the columns read (others are ignored):
///
/// ```sql
/// CREATE TABLE peer_tokens (
///     token_hash TEXT,  -- sha256(token).hexdigest(): 64 hex digits
///     subject    TEXT,  -- whom the token is for
///     expires_at REAL,  -- unix seconds, REAL (time.time()) or INTEGER; never NULL
///     used_at    REAL   -- unix seconds, REAL or INTEGER; NULL while unused
/// );
/// ```
///
/// Rows are numbered from 1 in the order SQLite returns them (for an ordinary table, the
/// order they were inserted in).
///
/// # Errors
///
/// [`Error::PeerFile`] naming the file when it is missing, not a regular file, not a SQLite
/// database, or has no `peer_tokens` table or lacks one of the columns; [`Error::Import`]
/// naming the row and the column when `token_hash` or `subject` is not text (NULL, a number,
/// a blob, not UTF-8), or a time is NULL (`used_at` aside), text or a blob, or not a finite
/// number. Every value is read as whatever type SQLite stored and checked here, so no row
/// fails with a driver's decoding error.
///
/// # Security
///
/// The rows hold hashes, not tokens. They are passed on to
/// [`Lifecycle::import`](crate::Lifecycle::import) and never logged, nor shown in an error.
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), pssst_lifecycle::Error> {
/// let rows = pssst_lifecycle::store::sqlite::read_python_peer("peer.db").await?;
/// println!("{} rows to import", rows.len());
/// # Ok(())
/// # }
/// ```
pub async fn read_python_peer(path: impl AsRef<Path>) -> Result<Vec<ImportRow>> {
    let path = path.as_ref();
    require_file(path)?;
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = options.connect().await.map_err(|e| unusable(path, e))?;
    let rows = read_rows(&mut conn, path).await;
    let _ = conn.close().await;

    let mut out = Vec::new();
    for (index, row) in rows?.iter().enumerate() {
        out.push(import_row(index + 1, row)?);
    }
    Ok(out)
}

/// The file must exist and be a regular file: SQLite says "disk I/O error" of a directory.
fn require_file(path: &Path) -> Result<()> {
    let why = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => return Ok(()),
        Ok(meta) if meta.is_dir() => "it is a directory".to_owned(),
        Ok(_) => "it is not a regular file".to_owned(),
        Err(e) => e.to_string(),
    };
    Err(peer_file(path, why))
}

/// The rows, after checking that the table and its columns are there.
async fn read_rows(conn: &mut SqliteConnection, path: &Path) -> Result<Vec<SqliteRow>> {
    let columns: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM pragma_table_info('peer_tokens')")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| unusable(path, e))?;
    if columns.is_empty() {
        return Err(peer_file(path, "it has no peer_tokens table".to_owned()));
    }
    for wanted in COLUMNS {
        if !columns
            .iter()
            .any(|(name,)| name.eq_ignore_ascii_case(wanted))
        {
            return Err(peer_file(
                path,
                format!("peer_tokens has no column {wanted}"),
            ));
        }
    }
    let select = format!("SELECT {} FROM peer_tokens", COLUMNS.join(", "));
    sqlx::query(&select)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| unusable(path, e))
}

/// Reads one row, `number` counted from 1.
fn import_row(number: usize, row: &SqliteRow) -> Result<ImportRow> {
    let bad = |column: &str, why: String| Error::Import {
        row: number,
        why: format!("{column} {why}"),
    };
    let expires = match seconds(row, "expires_at") {
        Ok(Some(expires)) => expires,
        Ok(None) => return Err(bad("expires_at", Refused::Null.why("unix seconds"))),
        Err(refused) => return Err(bad("expires_at", refused.why("unix seconds"))),
    };
    let used = seconds(row, "used_at")
        .map_err(|refused| bad("used_at", refused.why("unix seconds or NULL")))?;
    let text = |column| text(row, column).map_err(|no| bad(column, no.why("text")));
    Ok(ImportRow {
        sha256_hex: text("token_hash")?,
        subject: text("subject")?,
        created_at: None,
        expires_at: expires,
        used_at: used,
    })
}

/// Why a value could not be read.
enum Refused {
    Null,
    Number,
    Text,
    Blob,
    NotUtf8,
    OutOfRange,
    NotANumber,
}

impl Refused {
    /// The reason, for a column that should hold `expected`.
    fn why(&self, expected: &str) -> String {
        let what = match self {
            Self::Null => "is NULL",
            Self::Number => "is a number",
            Self::Text => "is text",
            Self::Blob => "is a blob",
            Self::NotUtf8 => "is not UTF-8",
            Self::OutOfRange => return "is not a usable time".to_owned(),
            Self::NotANumber => return "is not a number (NaN)".to_owned(),
        };
        format!("{what}: expected {expected}")
    }
}

/// A text column, refusing any other storage class.
fn text(row: &SqliteRow, column: &str) -> Result<String, Refused> {
    let value = row.try_get_raw(column).map_err(|_| Refused::Blob)?;
    match value.type_info().name() {
        "TEXT" => row.try_get(column).map_err(|_| Refused::NotUtf8),
        "NULL" => Err(Refused::Null),
        "INTEGER" | "REAL" => Err(Refused::Number),
        _ => Err(Refused::Blob),
    }
}

/// A column of unix seconds, INTEGER or REAL (Python's `time.time()`), as whole microseconds;
/// `None` for NULL.
fn seconds(row: &SqliteRow, column: &str) -> Result<Option<Timestamp>, Refused> {
    let Ok(value) = row.try_get_raw(column) else {
        return Err(Refused::OutOfRange);
    };
    if value.is_null() {
        return Ok(None);
    }
    let micros = match value.type_info().name() {
        "INTEGER" => {
            let secs: i64 = row.try_get(column).map_err(|_| Refused::OutOfRange)?;
            secs.saturating_mul(1_000_000)
        }
        "REAL" => {
            let secs: f64 = row.try_get(column).map_err(|_| Refused::OutOfRange)?;
            float_micros(secs).ok_or(Refused::NotANumber)?
        }
        "TEXT" => return Err(Refused::Text),
        _ => return Err(Refused::Blob),
    };
    Ok(Some(Timestamp::from_unix_micros(micros)))
}

/// Float unix seconds to whole microseconds; `None` for NaN. Times beyond the range of a
/// timestamp (about ±292,000 years, infinities included) saturate at its ends, as integer
/// seconds do: an expiry that far back is counted as expired, one that far ahead is refused
/// as beyond the longest lifetime, and a use is clamped like any other.
fn float_micros(secs: f64) -> Option<i64> {
    let micros = (secs * 1e6).round();
    // `as` saturates a finite or infinite float at i64's ends.
    (!micros.is_nan()).then_some(micros as i64)
}

/// A driver error on the peer file, naming the file: "not a SQLite database" for a file of
/// another kind, SQLite's own message otherwise.
fn unusable(path: &Path, err: sqlx::Error) -> Error {
    let why = match &err {
        sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("26" | "11")) => {
            "it is not a SQLite database (or it is damaged)".to_owned()
        }
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    peer_file(path, why)
}

fn peer_file(path: &Path, why: String) -> Error {
    Error::PeerFile {
        path: path.to_owned(),
        why,
    }
}
