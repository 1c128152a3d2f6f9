//! Telling a pssst database from another application's, before anything in the file changes.

use std::path::Path;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::error::{Error, Result};
use crate::store::sqlite::errors::{db_error, open_error};
use crate::store::sqlite::migrations::first_checksum;

/// The `PRAGMA application_id` of a pssst database: `psst` in ASCII, 0x70737374. The second
/// migration sets it (<https://www.sqlite.org/fileformat.html#application_id>).
pub(crate) const APPLICATION_ID: i32 = 0x7073_7374;

/// Refuses a database that belongs to someone else: one with another application id, or with
/// tables but neither pssst's application id nor pssst's first migration (databases made
/// before the application id existed have that). An empty file is pssst's to set up.
///
/// The connection sets no journal mode and runs no migration, so a refused file is left as it
/// was found.
pub(crate) async fn check_ours(path: &Path) -> Result<()> {
    let options = SqliteConnectOptions::new().filename(path);
    let mut conn = options.connect().await.map_err(|e| open_error(path, e))?;
    let ours = is_ours(&mut conn, path).await;
    let closed = conn.close().await;
    if !ours? {
        return Err(Error::Foreign {
            path: path.to_owned(),
        });
    }
    closed.map_err(db_error)
}

/// The first statement is where SQLite opens the file, so its errors name the file.
async fn is_ours(conn: &mut SqliteConnection, path: &Path) -> Result<bool> {
    let (id,): (i32,) = sqlx::query_as("PRAGMA application_id")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| open_error(path, e))?;
    if id != 0 {
        return Ok(id == APPLICATION_ID);
    }

    let tables = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
    let (count,): (i64,) = sqlx::query_as(tables)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_error)?;
    if count == 0 {
        return Ok(true);
    }
    Ok(first_migration(conn).await? == Some(first_checksum()))
}

/// The recorded checksum of migration 1, if the file has sqlx's migration table.
async fn first_migration(conn: &mut SqliteConnection) -> Result<Option<Vec<u8>>> {
    let exists = "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
                  AND name = '_sqlx_migrations'";
    let (found,): (i64,) = sqlx::query_as(exists)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_error)?;
    if found == 0 {
        return Ok(None);
    }
    let row: Option<(Vec<u8>,)> =
        sqlx::query_as("SELECT checksum FROM _sqlx_migrations WHERE version = 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
    Ok(row.map(|(checksum,)| checksum))
}
