//! Reading the rows of the Python reference flow (`peer_tokens` in
//! `shared/peers/python-reset-service/app.py`) for import.

use std::path::Path;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Row};

use crate::error::{Error, Result};
use crate::lifecycle::ImportRow;
use crate::store::sqlite::errors::{db_error, open_error};
use crate::time::Timestamp;

/// Reads every row of the Python flow's `peer_tokens` table (SHA-256 hex, subject, expiry and
/// use as float unix seconds) from a SQLite file, opened read-only.
///
/// # Errors
///
/// [`Error::Open`] when the file cannot be opened; [`Error::Database`] when it has no
/// `peer_tokens` table; [`Error::Import`] for a row whose times are not finite numbers.
///
/// # Security
///
/// The rows hold hashes, not tokens. They are passed on to
/// [`Lifecycle::import`](crate::Lifecycle::import) and never logged.
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
fn import_row(number: usize, row: &sqlx::sqlite::SqliteRow) -> Result<ImportRow> {
    let get = db_error;
    let expires: f64 = row.try_get("expires_at").map_err(get)?;
    let used: Option<f64> = row.try_get("used_at").map_err(get)?;
    let time = |secs: f64| {
        seconds(secs).ok_or(Error::Import {
            row: number,
            why: "bad time",
        })
    };
    Ok(ImportRow {
        sha256_hex: row.try_get("token_hash").map_err(get)?,
        subject: row.try_get("subject").map_err(get)?,
        created_at: None,
        expires_at: time(expires)?,
        used_at: used.map(time).transpose()?,
    })
}

/// Float unix seconds (Python's `time.time()`) to whole microseconds.
fn seconds(secs: f64) -> Option<Timestamp> {
    let micros = (secs * 1e6).round();
    let in_range = micros.is_finite() && micros.abs() < 9.0e18;
    in_range.then(|| Timestamp::from_unix_micros(micros as i64))
}
