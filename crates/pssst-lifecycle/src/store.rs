//! The storage trait: what a backend must do, in SQL it holds itself, for the lifecycle above
//! it to be correct. The lifecycle decides; a store only reads and writes rows atomically.
//!
//! Two backends implement it: [`sqlite::SqliteStore`], embedded in one file, and
//! [`postgres::PostgresStore`], on a server through a pool. Both run the same conformance
//! suite, from one test module (`tests/lifecycle`).
//!
//! # PostgreSQL beside SQLite
//!
//! The PostgreSQL statements are the SQLite ones with few changes. Times are `timestamptz` (the
//! trait speaks [`Timestamp`], so only the conversion differs, exact to the microsecond); `id`
//! is `uuid`; the `GLOB` hex check is `token_hash ~ '^[0-9a-f]{64}$'`; `STRICT` goes; the
//! partial unique index on `token_hash` and `ON CONFLICT DO NOTHING` work as they are. A list
//! of candidate hashes is one bound array (`token_hash = ANY($3)`), so every statement is
//! constant text. `BEGIN IMMEDIATE` becomes a plain `BEGIN`: under READ COMMITTED a second
//! `UPDATE` of the same row waits for the first to commit and then re-checks its `WHERE`, so
//! the guarded consume, and the capped charge of a code attempt, still have exactly one
//! winner. What SQLite's single writer gives for free, issuing gets from a transaction-scoped
//! advisory lock per subject, purpose and kind: without it two concurrent issues each revoke
//! what they can see, then both insert, and two tokens stay live where one should.
//!
//! # Writing another backend
//!
//! Implement [`TokenStore`] with the statements of an existing backend as the model, then run
//! the conformance suite on it: a `Factory` in `tests/lifecycle/support` and one `suite!` line
//! in `tests/lifecycle/main.rs`. The suite includes the races (32 consumers of one token, 20
//! guessers of one code, 16 issuers for one subject) that a read-then-write store fails.

pub mod postgres;
pub mod sqlite;

use std::future::Future;
use std::pin::Pin;

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::record::{Kind, TokenId, TokenRecord};
use crate::time::Timestamp;

/// A boxed future that is `Send`, the shape of the caller's work in
/// [`TokenStore::consume_with`].
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::store::BoxFuture;
/// let work: BoxFuture<'static, u8> = Box::pin(async { 7 });
/// # let _ = work;
/// ```
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A row to insert: a freshly issued token or code, or an imported one.
///
/// # Examples
///
/// Built by [`Lifecycle`](crate::Lifecycle); a store only reads it.
///
/// ```
/// # use pssst_lifecycle::store::NewToken;
/// fn subject_of(row: &NewToken) -> &str {
///     &row.subject
/// }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct NewToken {
    /// The public id.
    pub id: TokenId,
    /// Token or code.
    pub kind: Kind,
    /// Whom it is for.
    pub subject: String,
    /// What it is for.
    pub purpose: String,
    /// The stored hash and the key (if any) that made it.
    pub digest: Digest,
    /// When it was issued.
    pub created_at: Timestamp,
    /// The first instant it is no longer valid.
    pub expires_at: Timestamp,
    /// Already used (only for imported rows).
    pub used_at: Option<Timestamp>,
}

/// How to find a presented token: its candidate hashes (one per key), the purpose it was
/// presented for, and the instant of the operation.
///
/// # Examples
///
/// ```
/// # use pssst_lifecycle::store::Lookup;
/// fn candidates(lookup: &Lookup<'_>) -> usize {
///     lookup.digests.len()
/// }
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Lookup<'a> {
    /// What the token was presented for.
    pub purpose: &'a str,
    /// Every hash it could be stored under; never empty.
    pub digests: &'a [Digest],
    /// The instant of the operation, read once from the clock.
    pub now: Timestamp,
}

/// Which rows `list` returns.
///
/// # Examples
///
/// ```
/// let filter = pssst_lifecycle::ListFilter {
///     subject: Some("user-42".into()),
///     ..Default::default()
/// };
/// assert_eq!(filter.limit, 100);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListFilter {
    /// Only this subject.
    pub subject: Option<String>,
    /// Only this purpose.
    pub purpose: Option<String>,
    /// Only live rows (neither used, revoked nor expired).
    pub live_only: bool,
    /// At most this many rows, newest first.
    pub limit: u32,
}

impl Default for ListFilter {
    fn default() -> Self {
        Self {
            subject: None,
            purpose: None,
            live_only: false,
            limit: 100,
        }
    }
}

/// A backend for tokens and codes.
///
/// Every method is one atomic step. The rule for "live" is the same everywhere: `used_at` and
/// `revoked_at` unset and `expires_at > now` (see [`is_expired`](crate::is_expired)).
///
/// # Security
///
/// A store never sees a token or a code, only [`Digest`]s. It must never log them, and
/// `consume` must be a single guarded write, so that of any number of concurrent callers
/// exactly one wins.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{SqliteStore, TokenStore};
///
/// fn takes_any_store<S: TokenStore>(_store: &S) {} // SqliteStore or PostgresStore
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// takes_any_store(&SqliteStore::open_in_memory().await?);
/// # Ok::<(), pssst_lifecycle::Error>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait TokenStore: Send + Sync + 'static {
    /// The connection the caller's work runs on inside [`TokenStore::consume_with`].
    type Conn: Send;

    /// In one transaction: revoke the subject's older live rows of the same kind and purpose
    /// so that at most `keep` stay live counting the new one (`None`: revoke nothing), then
    /// insert `row`. Returns the ids of the rows revoked.
    ///
    /// Provided: [`TokenStore::insert_with`] with no work of the caller's.
    ///
    /// # Errors
    ///
    /// Storage errors; a constraint violation (such as a duplicate hash) as
    /// [`Error::Database`].
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::issue`](crate::Lifecycle::issue), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn insert(
        &self,
        row: &NewToken,
        keep: Option<u32>,
    ) -> impl Future<Output = Result<Vec<TokenId>>> + Send {
        async move {
            let (revoked, ()) = self.insert_with(row, keep, no_work::<Self::Conn>).await?;
            Ok(revoked)
        }
    }

    /// As [`TokenStore::insert`], then runs `work` on the same connection in the same
    /// transaction, committing only if it succeeds: if it fails, neither the new row nor the
    /// revocation of the older ones is kept. Returns the ids of the rows revoked, and the
    /// work's value.
    ///
    /// # Errors
    ///
    /// The work's error, after rolling back; storage errors converted with `E::from`.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::issue_with`](crate::Lifecycle::issue_with), whose example runs
    /// it on [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn insert_with<T, E, F>(
        &self,
        row: &NewToken,
        keep: Option<u32>,
        work: F,
    ) -> impl Future<Output = Result<(Vec<TokenId>, T), E>> + Send
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut Self::Conn) -> BoxFuture<'c, Result<T, E>> + Send;

    /// The token row stored under any of `digests`, in whatever state, for any purpose.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::peek`](crate::Lifecycle::peek), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn find(&self, digests: &[Digest]) -> impl Future<Output = Result<Option<TokenRecord>>> + Send;

    /// One guarded write: mark used the live token row of `lookup.purpose` stored under any of
    /// `lookup.digests`, returning it; `None` when there is none.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::consume`](crate::Lifecycle::consume), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn consume(
        &self,
        lookup: &Lookup<'_>,
    ) -> impl Future<Output = Result<Option<TokenRecord>>> + Send;

    /// As [`TokenStore::consume`], then runs `work` on the same connection in the same
    /// transaction, committing only if it succeeds. `Ok(None)`: no live row, nothing done.
    ///
    /// # Errors
    ///
    /// The work's error, after rolling back (the token stays usable); storage errors
    /// converted with `E::from`.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::consume_with`](crate::Lifecycle::consume_with), whose example runs it
    /// on [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn consume_with<T, E, F>(
        &self,
        lookup: &Lookup<'_>,
        work: F,
    ) -> impl Future<Output = Result<Option<(TokenRecord, T)>, E>> + Send
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut Self::Conn, TokenRecord) -> BoxFuture<'c, Result<T, E>> + Send;

    /// One guarded write: add one attempt to every live code of `subject` and `purpose` that
    /// has fewer than `max_attempts`, returning their ids. Runs before any comparison.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::verify_code`](crate::Lifecycle::verify_code), whose example runs it
    /// on [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn charge_code_attempt(
        &self,
        subject: &str,
        purpose: &str,
        max_attempts: u32,
        now: Timestamp,
    ) -> impl Future<Output = Result<Vec<TokenId>>> + Send;

    /// One guarded write: mark used the live code among `ids` stored under any of `digests`.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::verify_code`](crate::Lifecycle::verify_code), whose example runs it
    /// on [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn consume_code(
        &self,
        ids: &[TokenId],
        digests: &[Digest],
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<TokenRecord>>> + Send;

    /// Revokes one live row; `false` when it is unknown or no longer live.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::revoke`](crate::Lifecycle::revoke), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn revoke(&self, id: TokenId, now: Timestamp) -> impl Future<Output = Result<bool>> + Send;

    /// Revokes every live row (tokens and codes) of `subject`, of one purpose or all.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::revoke_all`](crate::Lifecycle::revoke_all), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn revoke_all(
        &self,
        subject: &str,
        purpose: Option<&str>,
        now: Timestamp,
    ) -> impl Future<Output = Result<u64>> + Send;

    /// Deletes at most `limit` rows that died (expired, were used or revoked) at or before
    /// `cutoff`. Live rows are never deleted.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::purge`](crate::Lifecycle::purge), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn purge_batch(
        &self,
        cutoff: Timestamp,
        limit: u32,
    ) -> impl Future<Output = Result<u64>> + Send;

    /// Metadata of rows matching `filter`, newest first.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::list`](crate::Lifecycle::list), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn list(
        &self,
        filter: &ListFilter,
        now: Timestamp,
    ) -> impl Future<Output = Result<Vec<TokenRecord>>> + Send;

    /// Inserts rows written elsewhere in one transaction, skipping hashes already stored and
    /// hashes imported before (kept in `imported_hashes` when purge deletes their rows, so a
    /// used token cannot be imported back to life); returns how many were inserted.
    ///
    /// # Errors
    ///
    /// Storage errors, including constraint violations; then nothing is inserted.
    ///
    /// # Examples
    ///
    /// Called by [`Lifecycle::import`](crate::Lifecycle::import), whose example runs it on
    /// [`SqliteStore`](crate::SqliteStore); `tests/lifecycle` runs it on every backend.
    fn import(&self, rows: &[NewToken]) -> impl Future<Output = Result<u64>> + Send;
}

/// The work of a plain [`TokenStore::insert`]: nothing.
fn no_work<C>(_: &mut C) -> BoxFuture<'_, Result<()>> {
    Box::pin(async { Ok(()) })
}

/// Ends a transaction that ran the caller's work: commits when `outcome` is a success (storage
/// errors converted with `db_error`), rolls back and returns the work's error otherwise.
async fn settle<DB, T, E>(
    tx: sqlx::Transaction<'_, DB>,
    outcome: Result<T, E>,
    db_error: impl FnOnce(sqlx::Error) -> Error,
) -> Result<T, E>
where
    DB: sqlx::Database,
    E: From<Error>,
{
    match outcome {
        Ok(value) => {
            tx.commit().await.map_err(db_error)?;
            Ok(value)
        }
        Err(err) => {
            tx.rollback().await.map_err(db_error)?;
            Err(err)
        }
    }
}
