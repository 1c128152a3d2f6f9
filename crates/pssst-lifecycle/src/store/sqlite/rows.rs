//! Rows to records, and the pieces of SQL shared by several statements.

use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::record::{Kind, TokenId, TokenRecord};
use crate::store::sqlite::errors::db_error;
use crate::time::Timestamp;

/// The columns every record is read from, in `record`'s order.
pub(crate) const COLUMNS: &str =
    "id, kind, subject, purpose, key_id, created_at, expires_at, used_at, revoked_at, attempts";

/// The live condition, with the operation's instant bound as `now`. Mirrors `is_expired`.
pub(crate) fn push_live(query: &mut QueryBuilder<'_, Sqlite>, now: Timestamp) {
    query.push(" used_at IS NULL AND revoked_at IS NULL AND expires_at > ");
    query.push_bind(now.as_unix_micros());
}

/// `column IN (...)` over bound values; callers never pass an empty list.
pub(crate) fn push_in<'a>(
    query: &mut QueryBuilder<'a, Sqlite>,
    column: &str,
    values: impl IntoIterator<Item = String>,
) {
    query.push(format_args!(" {column} IN ("));
    let mut list = query.separated(", ");
    for value in values {
        list.push_bind(value);
    }
    list.push_unseparated(")");
}

/// The hex of each digest, for `token_hash IN (...)`.
pub(crate) fn hashes(digests: &[Digest]) -> impl Iterator<Item = String> + '_ {
    digests.iter().map(|d| d.hex().to_owned())
}

/// Reads a record from a row selected with [`COLUMNS`].
pub(crate) fn record(row: &SqliteRow) -> Result<TokenRecord> {
    let get = db_error;
    let id: String = row.try_get("id").map_err(get)?;
    let kind: String = row.try_get("kind").map_err(get)?;
    let attempts: i64 = row.try_get("attempts").map_err(get)?;
    let time = |name: &str| -> Result<Option<Timestamp>> {
        let micros: Option<i64> = row.try_get(name).map_err(get)?;
        Ok(micros.map(Timestamp::from_unix_micros))
    };
    Ok(TokenRecord {
        id: id.parse::<TokenId>()?,
        kind: Kind::parse(&kind)?,
        subject: row.try_get("subject").map_err(get)?,
        purpose: row.try_get("purpose").map_err(get)?,
        key_id: row.try_get("key_id").map_err(get)?,
        created_at: required(time("created_at")?)?,
        expires_at: required(time("expires_at")?)?,
        used_at: time("used_at")?,
        revoked_at: time("revoked_at")?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
    })
}

fn required(time: Option<Timestamp>) -> Result<Timestamp> {
    time.ok_or_else(|| Error::Database("a NOT NULL time column was NULL".into()))
}
