//! Checking on open that a pssst database has the schema its migrations make, and that no
//! newer pssst has migrated it further.
//!
//! sqlx records which migrations ran, not what the file holds now: a dropped table or a
//! `tokens` rebuilt without `STRICT`, its `CHECK`s or its unique index would pass unnoticed,
//! and the rules those carry (one row per hash, hex hashes, `expires_at > created_at`) would
//! quietly stop holding. So the objects on pssst's tables are compared, statement text and
//! all, with those the same migrations make in a private in-memory database, built once per
//! process (about a millisecond); the comparison itself is one small query.
//!
//! Which objects are pssst's is decided as SQLite resolves names, not as they were typed:
//! `sqlite_master.tbl_name` keeps the table name as written (`ON TOKENS` is stored as
//! `TOKENS`), and SQLite matches table names ASCII-case-insensitively, so the names are
//! compared that way. A trigger on any other table whose statement names `tokens` or
//! `imported_hashes` is counted too: its body can write them (an `UPDATE tokens SET used_at =
//! NULL` on an application table's update) though it is not attached to them. A view only
//! reads, so one naming them is left alone; a trigger on such a view is a trigger.

use std::path::Path;

use sqlx::SqlitePool;
use tokio::sync::OnceCell;

use crate::error::{Error, Result};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::errors::{damaged_record, db_error, open_error};
use crate::store::sqlite::migrations::latest_version;

/// One row of `sqlite_master`: type, name, table and the statement that made it.
type Object = (String, String, String, Option<String>);

/// Every object in the file; [`is_pssst_object`] keeps those on or naming pssst's tables, so
/// the application's own tables in the same file are not looked at.
const OBJECTS: &str = "SELECT type, name, tbl_name, sql FROM sqlite_master \
                       ORDER BY type <> 'table', type, name";

/// pssst's tables, lowercase.
const TABLES: [&str; 2] = ["tokens", "imported_hashes"];

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
        return check_unrecorded(pool).await;
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

/// Refuses pssst's tables without the record of the migrations that made them: running the
/// migrations again would fail on the first `CREATE TABLE`, with sqlx's words.
async fn check_unrecorded(pool: &SqlitePool) -> Result<()> {
    let ours = "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
                AND lower(name) IN ('tokens', 'imported_hashes')";
    let (found,): (i64,) = sqlx::query_as(ours)
        .fetch_one(pool)
        .await
        .map_err(db_error)?;
    if found == 0 {
        return Ok(());
    }
    Err(damaged_record("is missing (table _sqlx_migrations)", ""))
}

/// Fails with [`Error::Schema`] naming what differs when pssst's tables, indexes or triggers
/// are not exactly those the migrations make.
pub(crate) async fn check_schema(pool: &SqlitePool) -> Result<()> {
    let expected = expected().await?;
    let actual = pssst_objects(pool).await?;
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
    let objects = pssst_objects(fresh.pool()).await;
    fresh.close().await;
    objects
}

/// The objects on pssst's tables, and the triggers elsewhere that name them.
async fn pssst_objects(pool: &SqlitePool) -> Result<Vec<Object>> {
    let all: Vec<Object> = sqlx::query_as(OBJECTS)
        .fetch_all(pool)
        .await
        .map_err(db_error)?;
    Ok(all.into_iter().filter(is_pssst_object).collect())
}

/// Whether `object` is on a pssst table, however its name was cased or quoted, or is a trigger
/// whose statement names one.
fn is_pssst_object(object: &Object) -> bool {
    let (kind, table, sql) = (&object.0, &object.2, object.3.as_deref());
    is_pssst_table(table) || (kind == "trigger" && sql.is_some_and(names_pssst_table))
}

/// SQLite compares table names ASCII-case-insensitively (`TOKENS` is `tokens`, `TOKENſ` is
/// not).
fn is_pssst_table(name: &str) -> bool {
    TABLES.iter().any(|t| name.eq_ignore_ascii_case(t))
}

/// Whether a pssst table's name is a word of `sql`. Quotes, brackets, backticks and a schema
/// prefix are all separators, so `"TOKENS"`, `[tokens]` and `main.Tokens` are found; a
/// doubled quote inside a quoted name (`"tok""ens"`) makes another name, as in SQLite. A
/// string literal or column spelled like a pssst table counts too: such a trigger is refused
/// though harmless, which errs on the safe side.
fn names_pssst_table(sql: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii();
    sql.split(|c: char| !is_word(c)).any(is_pssst_table)
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

    fn trigger(table: &str, sql: &str) -> Object {
        ("trigger".into(), "t".into(), table.into(), Some(sql.into()))
    }

    #[test]
    fn objects_on_pssst_tables_are_found_in_any_case() {
        for table in [
            "tokens",
            "TOKENS",
            "Tokens",
            "IMPORTED_HASHES",
            "imported_Hashes",
        ] {
            assert!(is_pssst_object(&trigger(table, "")), "{table}");
        }
        for table in ["users", "tokens2", "tokenſ", "imported_hash"] {
            assert!(!is_pssst_object(&trigger(table, "SELECT 1")), "{table}");
        }
    }

    #[test]
    fn triggers_naming_pssst_tables_elsewhere_are_found() {
        for body in [
            "UPDATE tokens SET used_at = NULL",
            "DELETE FROM main.\"TOKENS\"",
            "DELETE FROM [Imported_Hashes]",
            "DELETE FROM `tokens`;",
        ] {
            let sql = format!("CREATE TRIGGER t AFTER UPDATE ON users BEGIN {body}; END");
            assert!(is_pssst_object(&trigger("users", &sql)), "{body}");
        }
        let harmless =
            "CREATE TRIGGER t AFTER UPDATE ON users BEGIN DELETE FROM \"tok\"\"ens\"; END";
        assert!(!is_pssst_object(&trigger("users", harmless)));
        let view = (
            "view".into(),
            "v".into(),
            "v".into(),
            Some("SELECT * FROM tokens".into()),
        );
        assert!(!is_pssst_object(&view));
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
