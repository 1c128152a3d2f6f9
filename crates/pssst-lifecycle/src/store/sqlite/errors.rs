//! SQLite result codes as the library's errors.

use std::fmt;

use crate::error::{BoxError, Error};

// Primary result codes, https://www.sqlite.org/rescode.html
/// SQLITE_ERROR: a statement that does not fit the schema (`table tokens already exists`).
const ERROR: i64 = 1;
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

/// Migration failures keep the classification of the statement that failed. A migration
/// record that does not match the file (a migration marked failed, modified or unknown, or one
/// missing from the record whose tables exist, so running it again fails on them) is a damaged
/// schema: the file was edited behind pssst's back, and no command of pssst's can mend it.
pub(crate) fn migrate_error(err: sqlx::migrate::MigrateError) -> Error {
    use sqlx::migrate::MigrateError::{
        Dirty, Execute, ExecuteMigration, VersionMismatch, VersionMissing,
    };
    let (inner, version) = match err {
        Execute(sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_)) => {
            return damaged_record("holds a value of the wrong type", "");
        }
        Execute(inner) => (inner, None),
        ExecuteMigration(inner, version) if primary_code(&inner) == Some(ERROR) => {
            let why = format!("lacks migration {version}, which the file has already");
            return damaged_record(&why, &database_message(&inner));
        }
        ExecuteMigration(inner, version) => (inner, Some(version)),
        Dirty(version) => {
            return damaged_record(&format!("says migration {version} failed partway"), "");
        }
        VersionMismatch(version) => {
            let why = format!("holds another text of migration {version}");
            return damaged_record(&why, "");
        }
        VersionMissing(version) => {
            let why = format!("lists migration {version}, which no pssst makes");
            return damaged_record(&why, "");
        }
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

/// [`Error::Schema`] for a migration record (`_sqlx_migrations`) that does not match the file,
/// with what running the migrations met, if anything, after it.
pub(crate) fn damaged_record(why: &str, met: &str) -> Error {
    let met = if met.is_empty() {
        String::new()
    } else {
        format!(": {met}")
    };
    Error::Schema {
        why: format!("the migration record {why}{met} (restore from a backup)"),
    }
}

/// SQLite's own message, without sqlx's wrapping and code.
fn database_message(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
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
