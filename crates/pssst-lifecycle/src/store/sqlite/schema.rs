//! Checking on open that a pssst database has the schema its migrations make, and that no
//! newer pssst has migrated it further.
//!
//! sqlx records which migrations ran, not what the file holds now: a dropped table or a
//! `tokens` rebuilt without `STRICT`, its `CHECK`s or its unique index would pass unnoticed,
//! and the rules those carry (one row per hash, hex hashes, `expires_at > created_at`) would
//! quietly stop holding. So the objects on pssst's tables are compared, statement text and
//! all, with those the same migrations make in a private in-memory database, built once per
//! process (about a millisecond); the comparison itself is one small query.

use std::path::Path;

use sqlx::SqlitePool;
use tokio::sync::OnceCell;

use crate::error::{Error, Result};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::errors::{db_error, open_error};
use crate::store::sqlite::migrations::latest_version;

/// One row of `sqlite_master`: type, name, table and the statement that made it.
type Object = (String, String, String, Option<String>);

/// The objects on pssst's tables, as the migrations make them; the application's own tables
/// in the same file are not looked at.
const OBJECTS: &str = "SELECT type, name, tbl_name, sql FROM sqlite_master \
                       WHERE tbl_name IN ('tokens', 'imported_hashes') \
                       ORDER BY type <> 'table', type, name";

/// At most this many differences are named in the error.
const MAX_FINDINGS: usize = 3;

static EXPECTED: OnceCell<Vec<Object>> = OnceCell::const_new();

/// Refuses a file migrated by a newer pssst, before sqlx would say only that a migration is
/// missing.
/// Errors name the folder when it is not writable: this is the first statement on the pool.
pub(crate) async fn check_version(pool: &SqlitePool, path: &Path) -> Result<()> {
    let exists = "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
                  AND name = '_sqlx_migrations'";
    let (found,): (i64,) = sqlx::query_as(exists)
        .fetch_one(pool)
        .await
        .map_err(|e| open_error(path, e))?;
    if found == 0 {
        return Ok(());
    }
    let newest = "SELECT max(version) FROM _sqlx_migrations WHERE success";
    let (found,): (Option<i64>,) = sqlx::query_as(newest)
        .fetch_one(pool)
        .await
        .map_err(db_error)?;
    let known = latest_version();
    match found {
        Some(found) if found > known => Err(Error::NewerSchema { found, known }),
        _ => Ok(()),
    }
}

/// Fails with [`Error::Schema`] naming what differs when pssst's tables, indexes or triggers
/// are not exactly those the migrations make.
pub(crate) async fn check_schema(pool: &SqlitePool) -> Result<()> {
    let expected = expected().await?;
    let actual: Vec<Object> = sqlx::query_as(OBJECTS)
        .fetch_all(pool)
        .await
        .map_err(db_error)?;
    let findings = differences(expected, &actual);
    if findings.is_empty() {
        return Ok(());
    }
    let why = findings
        .into_iter()
        .take(MAX_FINDINGS)
        .collect::<Vec<_>>()
        .join("; ");
    Err(Error::Schema { why })
}

/// What the migrations make, from a private in-memory database, once per process.
async fn expected() -> Result<&'static [Object]> {
    let objects = EXPECTED.get_or_try_init(fresh_objects).await?;
    Ok(objects.as_slice())
}

async fn fresh_objects() -> Result<Vec<Object>> {
    let fresh = SqliteStore::open_in_memory().await?;
    let objects = sqlx::query_as(OBJECTS)
        .fetch_all(fresh.pool())
        .await
        .map_err(db_error);
    fresh.close().await;
    objects
}

/// Each difference in words: missing, changed, or unexpected objects.
fn differences(expected: &[Object], actual: &[Object]) -> Vec<String> {
    let mut findings = Vec::new();
    for object in expected {
        let (kind, name) = (&object.0, &object.1);
        match find(actual, object) {
            None => findings.push(format!("{kind} {name} is missing")),
            Some(found) if found != object => {
                findings.push(format!("{kind} {name} is not the one pssst makes"));
            }
            Some(_) => {}
        }
    }
    for object in actual.iter().filter(|o| find(expected, o).is_none()) {
        let (kind, name, table) = (&object.0, &object.1, &object.2);
        findings.push(format!("unexpected {kind} {name} on table {table}"));
    }
    findings
}

/// The object of `list` with the type and name of `object`.
fn find<'a>(list: &'a [Object], object: &Object) -> Option<&'a Object> {
    list.iter().find(|o| o.0 == object.0 && o.1 == object.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(kind: &str, name: &str, sql: &str) -> Object {
        (kind.into(), name.into(), "tokens".into(), Some(sql.into()))
    }

    #[test]
    fn differences_name_missing_changed_and_unexpected_objects() {
        let expected = [object("table", "tokens", "A"), object("index", "i", "B")];
        let actual = [object("table", "tokens", "A2"), object("trigger", "t", "C")];
        assert_eq!(
            differences(&expected, &actual),
            [
                "table tokens is not the one pssst makes",
                "index i is missing",
                "unexpected trigger t on table tokens",
            ]
        );
        assert!(differences(&expected, &expected).is_empty());
    }
}
