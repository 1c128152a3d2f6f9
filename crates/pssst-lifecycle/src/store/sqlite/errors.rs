//! SQLite result codes as the library's errors.

use std::fmt;

use crate::error::{BoxError, Error};

// Primary result codes, https://www.sqlite.org/rescode.html
const BUSY: i64 = 5;
const LOCKED: i64 = 6;
const READONLY: i64 = 8;
const CORRUPT: i64 = 11;
const CANTOPEN: i64 = 14;
const NOTADB: i64 = 26;

/// Classifies a driver error by SQLite's primary result code.
pub(crate) fn db_error(err: sqlx::Error) -> Error {
    match primary_code(&err) {
        Some(BUSY | LOCKED) => Error::Locked(driver(err)),
        Some(READONLY) => Error::ReadOnly(driver(err)),
        Some(CORRUPT | NOTADB) => Error::Corrupt(driver(err)),
        _ => Error::Database(driver(err)),
    }
}

/// As [`db_error`], naming the file when it cannot be opened at all.
pub(crate) fn open_error(path: &std::path::Path, err: sqlx::Error) -> Error {
    match primary_code(&err) {
        Some(CANTOPEN) => Error::Open {
            path: path.to_owned(),
            source: driver(err),
        },
        _ => db_error(err),
    }
}

/// Migration failures keep the classification of the statement that failed.
pub(crate) fn migrate_error(err: sqlx::migrate::MigrateError) -> Error {
    use sqlx::migrate::MigrateError::{Execute, ExecuteMigration};
    let (inner, version) = match err {
        Execute(inner) => (inner, None),
        ExecuteMigration(inner, version) => (inner, Some(version)),
        other => return Error::Migration(Flat(other.to_string()).into()),
    };
    match (db_error(inner), version) {
        (Error::Database(source), None) => Error::Migration(source),
        (Error::Database(source), Some(version)) => {
            let message = format!("while executing migration {version}: {source}");
            Error::Migration(Flat(message).into())
        }
        (classified, _) => classified,
    }
}

/// The driver's error, kept as a source so that it is printed once. sqlx's errors both write
/// their cause into their message (`error returned from database: {0}`) and return it as
/// their `source`, so a printed chain said `database is locked` three times. The database's
/// own error (`(code: 5) database is locked`) is kept instead; any other error is kept as its
/// message alone.
fn driver(err: sqlx::Error) -> BoxError {
    match err {
        sqlx::Error::Database(db) => db,
        other => Flat(other.to_string()).into(),
    }
}

/// An error that is its message only, with no `source` to print a second time.
#[derive(Debug)]
pub(crate) struct Flat(pub(crate) String);

impl fmt::Display for Flat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Flat {}

fn primary_code(err: &sqlx::Error) -> Option<i64> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    let extended: i64 = db.code()?.parse().ok()?;
    Some(extended & 0xff)
}
