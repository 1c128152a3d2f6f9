//! SQLite result codes as the library's errors.

use std::fmt;

use crate::error::{BoxError, Error};

// Primary result codes, https://www.sqlite.org/rescode.html
const BUSY: i64 = 5;
const LOCKED: i64 = 6;
const READONLY: i64 = 8;
const IOERR: i64 = 10;
const CORRUPT: i64 = 11;
const FULL: i64 = 13;
const CANTOPEN: i64 = 14;
const NOTADB: i64 = 26;
/// SQLITE_READONLY_DIRECTORY: the folder does not let SQLite create its journal files.
const READONLY_DIRECTORY: i64 = READONLY | (6 << 8);

/// Classifies a driver error by SQLite's primary result code.
pub(crate) fn db_error(err: sqlx::Error) -> Error {
    match primary_code(&err) {
        Some(BUSY | LOCKED) => Error::Locked(driver(err)),
        Some(READONLY) => Error::ReadOnly(driver(err)),
        Some(CORRUPT | NOTADB) => Error::Corrupt(driver(err)),
        _ => Error::Database(driver(err)),
    }
}

/// As [`db_error`], naming the file when it cannot be opened at all, and its folder when
/// SQLite cannot create the `-wal` and `-shm` files there.
pub(crate) fn open_error(path: &std::path::Path, err: sqlx::Error) -> Error {
    if extended_code(&err) == Some(READONLY_DIRECTORY) {
        return read_only_folder(path);
    }
    match primary_code(&err) {
        Some(CANTOPEN) if opens_read_write(path) => read_only_folder(path),
        Some(CANTOPEN) => Error::Open {
            path: path.to_owned(),
            source: driver(err),
        },
        _ => db_error(err),
    }
}

/// Whether the database file itself opens for reading and writing: if so, and SQLite still
/// cannot open it, what fails is creating its `-wal` or `-shm` file in the folder.
fn opens_read_write(path: &std::path::Path) -> bool {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).open(path).is_ok()
}

fn read_only_folder(path: &std::path::Path) -> Error {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    Error::FolderReadOnly {
        folder: folder.unwrap_or(std::path::Path::new(".")).to_owned(),
        name: path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into(),
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
/// message alone. A full disk is said in words: SQLite's `SQLITE_FULL` text already is
/// (`database or disk is full`), and a full disk met while growing the `-shm` or `-wal` file
/// comes as an I/O error (`(code: 4874) disk I/O error`, `SQLITE_IOERR_SHMSIZE`) that names
/// no cause.
pub(crate) fn driver(err: sqlx::Error) -> BoxError {
    match primary_code(&err) {
        Some(FULL) => return Flat("database or disk is full".into()).into(),
        Some(IOERR) => return Flat("disk I/O error (is the disk full?)".into()).into(),
        _ => {}
    }
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
    extended_code(err).map(|code| code & 0xff)
}

fn extended_code(err: &sqlx::Error) -> Option<i64> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    db.code()?.parse().ok()
}
