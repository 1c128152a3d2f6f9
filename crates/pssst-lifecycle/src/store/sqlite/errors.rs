//! SQLite result codes as the library's errors.

use crate::error::Error;

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
        Some(BUSY | LOCKED) => Error::Locked(Box::new(err)),
        Some(READONLY) => Error::ReadOnly(Box::new(err)),
        Some(CORRUPT | NOTADB) => Error::Corrupt(Box::new(err)),
        _ => Error::Database(Box::new(err)),
    }
}

/// As [`db_error`], naming the file when it cannot be opened at all.
pub(crate) fn open_error(path: &std::path::Path, err: sqlx::Error) -> Error {
    match primary_code(&err) {
        Some(CANTOPEN) => Error::Open {
            path: path.to_owned(),
            source: Box::new(err),
        },
        _ => db_error(err),
    }
}

/// Migration failures keep the classification of the statement that failed.
pub(crate) fn migrate_error(err: sqlx::migrate::MigrateError) -> Error {
    match err {
        sqlx::migrate::MigrateError::Execute(inner) => match db_error(inner) {
            Error::Database(source) => Error::Migration(source),
            classified => classified,
        },
        other => Error::Migration(Box::new(other)),
    }
}

fn primary_code(err: &sqlx::Error) -> Option<i64> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    let extended: i64 = db.code()?.parse().ok()?;
    Some(extended & 0xff)
}
