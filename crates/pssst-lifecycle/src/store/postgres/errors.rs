//! PostgreSQL's errors as the library's, with nothing of a password in them.

use std::fmt;

use crate::error::{BoxError, Error};
use crate::store::postgres::redact::scrubbed;

// SQLSTATE codes, https://www.postgresql.org/docs/current/errcodes-appendix.html
const READ_ONLY_TRANSACTION: &str = "25006";
const LOCK_NOT_AVAILABLE: &str = "55P03";
const DEADLOCK_DETECTED: &str = "40P01";

/// Classifies an error of a statement by its SQLSTATE.
pub(crate) fn db_error(err: sqlx::Error) -> Error {
    let code = match &err {
        sqlx::Error::Database(db) => db.code().map(|code| code.into_owned()),
        _ => None,
    };
    match code.as_deref() {
        Some(READ_ONLY_TRANSACTION) => Error::ReadOnly(driver(err)),
        Some(LOCK_NOT_AVAILABLE | DEADLOCK_DETECTED) => Error::Locked(driver(err)),
        _ => Error::Database(driver(err)),
    }
}

/// A failure to connect, naming the server (never its password).
pub(crate) fn connect_error(server: String, url: &str, err: sqlx::Error) -> Error {
    let message = driver(err).to_string();
    Error::Connect {
        server,
        source: Flat(scrubbed(&message, url)).into(),
    }
}

/// A URL the driver could not read; only its message is kept, scrubbed.
pub(crate) fn url_error(url: &str, err: &sqlx::Error) -> Error {
    let why = match err {
        sqlx::Error::Configuration(cause) => cause.to_string(),
        other => other.to_string(),
    };
    Error::DatabaseUrl {
        why: scrubbed(&why, url),
    }
}

/// Migration failures, with the version that failed when sqlx names it.
pub(crate) fn migrate_error(err: sqlx::migrate::MigrateError) -> Error {
    use sqlx::migrate::MigrateError::{Execute, ExecuteMigration};
    let message = match err {
        Execute(inner) => driver(inner).to_string(),
        ExecuteMigration(inner, version) => {
            format!("while executing migration {version}: {}", driver(inner))
        }
        other => other.to_string(),
    };
    Error::Migration(Flat(message).into())
}

/// The server's message and SQLSTATE, or any other driver error as its message alone, so
/// that a printed chain says it once (sqlx's errors repeat their cause in their message).
///
/// PostgreSQL's own error is not kept: its `DETAIL` (printed by its `Debug`) quotes the
/// offending row or key, which for `tokens` includes the stored hash.
fn driver(err: sqlx::Error) -> BoxError {
    let message = match err {
        sqlx::Error::Database(db) => match db.code() {
            Some(code) => format!("{} (SQLSTATE {code})", db.message()),
            None => db.message().to_owned(),
        },
        other => other.to_string(),
    };
    Flat(message).into()
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
