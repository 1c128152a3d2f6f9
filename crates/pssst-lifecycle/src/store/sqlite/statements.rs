//! The statements that carry the lifecycle's rules: the guarded consume, superseding older
//! tokens, and inserting a row.

use sqlx::{QueryBuilder, Sqlite};

use crate::store::sqlite::rows::{COLUMNS, hashes, push_in, push_live};
use crate::store::{Lookup, NewToken};
use crate::time::Timestamp;

/// The guarded consume: exactly one concurrent caller can turn `used_at` from NULL.
pub(crate) fn consume_token<'a>(lookup: &Lookup<'a>) -> QueryBuilder<'a, Sqlite> {
    let mut query = QueryBuilder::new("UPDATE tokens SET used_at = ");
    query.push_bind(lookup.now.as_unix_micros());
    query
        .push(" WHERE kind = 'token' AND purpose = ")
        .push_bind(lookup.purpose);
    query.push(" AND");
    push_in(&mut query, "token_hash", hashes(lookup.digests));
    query.push(" AND");
    push_live(&mut query, lookup.now);
    query.push(format_args!(" RETURNING {COLUMNS}"));
    query
}

/// Revokes live rows of the same subject, purpose and kind beyond the newest `keep - 1`,
/// returning their ids.
pub(crate) fn supersede(row: &NewToken, keep: u32) -> QueryBuilder<'_, Sqlite> {
    let same = |query: &mut QueryBuilder<'_, Sqlite>| {
        query.push(" subject = ").push_bind(row.subject.clone());
        query.push(" AND purpose = ").push_bind(row.purpose.clone());
        query.push(" AND kind = ").push_bind(row.kind.as_str());
        query.push(" AND");
        push_live(query, row.created_at);
    };
    let mut query = QueryBuilder::new("UPDATE tokens SET revoked_at = ");
    query
        .push_bind(row.created_at.as_unix_micros())
        .push(" WHERE");
    same(&mut query);
    query.push(" AND id NOT IN (SELECT id FROM tokens WHERE");
    same(&mut query);
    query.push(" ORDER BY created_at DESC, id DESC LIMIT ");
    query.push_bind(i64::from(keep.saturating_sub(1))).push(")");
    query.push(" RETURNING id");
    query
}

/// Importing: the hash kept among those ever imported; no row is affected when it was
/// imported before, and then the token row is not inserted again. Parameter: the hash.
pub(crate) const REMEMBER_IMPORT: &str =
    "INSERT INTO imported_hashes (token_hash) VALUES ($1) ON CONFLICT DO NOTHING";

/// One row, with every value bound.
pub(crate) fn insert_row(row: &NewToken) -> QueryBuilder<'_, Sqlite> {
    let mut query = QueryBuilder::new(
        "INSERT INTO tokens (id, kind, subject, purpose, scheme, key_id, token_hash, \
         created_at, expires_at, used_at) VALUES (",
    );
    let mut values = query.separated(", ");
    values.push_bind(row.id.to_string());
    values.push_bind(row.kind.as_str());
    values.push_bind(row.subject.as_str());
    values.push_bind(row.purpose.as_str());
    values.push_bind(row.digest.scheme());
    values.push_bind(row.digest.key_id());
    values.push_bind(row.digest.hex());
    values.push_bind(row.created_at.as_unix_micros());
    values.push_bind(row.expires_at.as_unix_micros());
    values.push_bind(row.used_at.map(Timestamp::as_unix_micros));
    values.push_unseparated(")");
    query
}
