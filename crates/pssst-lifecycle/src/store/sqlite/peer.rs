//! Reading the rows of the Python reference flow (`peer_tokens` in
//! `shared/peers/python-reset-service/app.py`) for import.

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteRow};
use sqlx::{ConnectOptions, Row, TypeInfo, ValueRef};

use crate::error::{Error, Result};
use crate::lifecycle::ImportRow;
use crate::store::sqlite::errors::{db_error, open_error};
use crate::time::Timestamp;

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
/// [`Error::Open`] when the file cannot be opened; [`Error::Database`] when it has no
/// `peer_tokens` table or lacks one of the columns, or when `token_hash` or `subject` is not
/// text; [`Error::Import`] naming the row and the column when a time is NULL (`used_at`
/// aside), text or a blob, or not a finite number.
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
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = options.connect().await.map_err(|e| open_error(path, e))?;
    let rows = sqlx::query("SELECT token_hash, subject, expires_at, used_at FROM peer_tokens")
        .fetch_all(&mut conn)
        .await
        .map_err(db_error)?;

    let mut out = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        out.push(import_row(index + 1, row)?);
    }
    Ok(out)
}

/// Reads one row, `number` counted from 1.
fn import_row(number: usize, row: &SqliteRow) -> Result<ImportRow> {
    let bad = |why| Error::Import { row: number, why };
    let expires = match seconds(row, "expires_at") {
        Ok(Some(expires)) => expires,
        Ok(None) => return Err(bad("expires_at is NULL: expected unix seconds")),
        Err(Refused::Text) => return Err(bad("expires_at is text: expected unix seconds")),
        Err(Refused::Blob) => return Err(bad("expires_at is a blob: expected unix seconds")),
        Err(Refused::OutOfRange) => return Err(bad("expires_at is not a usable time")),
    };
    let used = match seconds(row, "used_at") {
        Ok(used) => used,
        Err(Refused::Text) => return Err(bad("used_at is text: expected unix seconds or NULL")),
        Err(Refused::Blob) => return Err(bad("used_at is a blob: expected unix seconds or NULL")),
        Err(Refused::OutOfRange) => return Err(bad("used_at is not a usable time")),
    };
    Ok(ImportRow {
        sha256_hex: row.try_get("token_hash").map_err(db_error)?,
        subject: row.try_get("subject").map_err(db_error)?,
        created_at: None,
        expires_at: expires,
        used_at: used,
    })
}

/// Why a time column could not be read.
enum Refused {
    Text,
    Blob,
    OutOfRange,
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
            secs.checked_mul(1_000_000).ok_or(Refused::OutOfRange)?
        }
        "REAL" => {
            let secs: f64 = row.try_get(column).map_err(|_| Refused::OutOfRange)?;
            float_micros(secs).ok_or(Refused::OutOfRange)?
        }
        "TEXT" => return Err(Refused::Text),
        _ => return Err(Refused::Blob),
    };
    Ok(Some(Timestamp::from_unix_micros(micros)))
}

/// Float unix seconds to whole microseconds, when finite and in range.
fn float_micros(secs: f64) -> Option<i64> {
    let micros = (secs * 1e6).round();
    let in_range = micros.is_finite() && micros.abs() < 9.0e18;
    in_range.then_some(micros as i64)
}
