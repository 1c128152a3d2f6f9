//! Revoking, purging, listing and importing: the hooks for account changes and for upkeep.

use std::time::Duration;

use tracing::instrument;

use crate::audit::{Action, AuditEvent};
use crate::config::MAX_TTL;
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::input::{check_purpose, check_subject};
use crate::lifecycle::Lifecycle;
use crate::record::{Kind, TokenId, TokenRecord};
use crate::store::{ListFilter, NewToken, TokenStore};
use crate::time::Timestamp;

/// Rows deleted per statement by [`Lifecycle::purge`], so writers wait at most one batch.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::PURGE_BATCH, 500);
/// ```
pub const PURGE_BATCH: u32 = 500;

/// A row written by another system that stored `hashlib.sha256(token.encode()).hexdigest()`,
/// as read by [`read_python_peer`](crate::store::sqlite::read_python_peer).
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{ImportRow, Timestamp};
/// let row = ImportRow {
///     sha256_hex: "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e".into(),
///     subject: "user-42".into(),
///     created_at: None,
///     expires_at: Timestamp::from_unix_seconds(1_900),
///     used_at: None,
/// };
/// # let _ = row;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The SHA-256 of the token text, 64 hex digits.
    pub sha256_hex: String,
    /// Whom it was issued for.
    pub subject: String,
    /// When it was issued; unknown rows get `expires_at` minus the purpose's lifetime.
    pub created_at: Option<Timestamp>,
    /// The first instant it is no longer valid.
    pub expires_at: Timestamp,
    /// When it was used, if it was.
    pub used_at: Option<Timestamp>,
}

impl<S: TokenStore> Lifecycle<S> {
    /// Revokes one live token or code by id; `false` when it is unknown or no longer live.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let lifecycle = Lifecycle::new(store, KeyRing::generate(Timestamp::from_unix_seconds(0))?, Config::default());
    /// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// assert!(lifecycle.revoke(issued.id()).await?);
    /// assert!(matches!(lifecycle.consume(issued.token(), "reset").await, Err(Error::Invalid)));
    /// # Ok::<(), Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all, fields(id = %id))]
    pub async fn revoke(&self, id: TokenId) -> Result<bool> {
        let now = self.clock.now();
        let revoked = self.store.revoke(id, now).await?;
        if revoked {
            self.emit(
                AuditEvent::new(Action::Revoked, Kind::Token, now)
                    .id(id)
                    .count(1),
            );
        }
        Ok(revoked)
    }

    /// Revokes every live token and code of `subject`, for one purpose or all: call it on a
    /// password change, e-mail change or account deletion. Returns how many were revoked.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] for a malformed subject or purpose; storage errors.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let lifecycle = Lifecycle::new(store, KeyRing::generate(Timestamp::from_unix_seconds(0))?, Config::default());
    /// lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// lifecycle.issue("user-42", "verify-email", Default::default()).await?;
    /// assert_eq!(lifecycle.revoke_all("user-42", None).await?, 2);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all)]
    pub async fn revoke_all(&self, subject: &str, purpose: Option<&str>) -> Result<u64> {
        check_subject(subject)?;
        purpose.map(check_purpose).transpose()?;
        let now = self.clock.now();
        let count = self.store.revoke_all(subject, purpose, now).await?;

        let mut event = AuditEvent::new(Action::Revoked, Kind::Token, now).count(count);
        event.purpose = purpose.map(str::to_owned);
        self.emit(event);
        Ok(count)
    }

    /// Deletes rows that died (expired, used or revoked) more than `retention` ago, in
    /// batches of [`PURGE_BATCH`]. Live rows are never deleted, and a deleted row is unknown,
    /// so purging never makes a used token usable again. Returns how many were deleted.
    ///
    /// # Errors
    ///
    /// Storage errors; batches already deleted stay deleted.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let lifecycle = Lifecycle::new(store, KeyRing::generate(Timestamp::from_unix_seconds(0))?, Config::default());
    /// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// lifecycle.consume(issued.token(), "reset").await?;
    /// assert_eq!(lifecycle.purge(Duration::ZERO).await?, 1);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all)]
    pub async fn purge(&self, retention: Duration) -> Result<u64> {
        let now = self.clock.now();
        let cutoff = now.saturating_sub(retention);
        let mut total = 0;
        loop {
            let deleted = self.store.purge_batch(cutoff, PURGE_BATCH).await?;
            total += deleted;
            if deleted < u64::from(PURGE_BATCH) {
                break;
            }
        }
        self.emit(AuditEvent::new(Action::Purged, Kind::Token, now).count(total));
        Ok(total)
    }

    /// Metadata of stored tokens and codes, newest first. Never a token or a hash.
    ///
    /// # Errors
    ///
    /// Storage errors.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, ListFilter, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let lifecycle = Lifecycle::new(store, KeyRing::generate(Timestamp::from_unix_seconds(0))?, Config::default());
    /// lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// let rows = lifecycle.list(&ListFilter::default()).await?;
    /// assert_eq!(rows[0].subject, "user-42");
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn list(&self, filter: &ListFilter) -> Result<Vec<TokenRecord>> {
        self.store.list(filter, self.clock.now()).await
    }

    /// Imports rows stored as plain SHA-256 (the Python flow's) for `purpose`, skipping hashes
    /// already present and hashes imported before, even when purge has deleted their rows
    /// since: importing the same table again never brings a used token back. They verify only
    /// with [`Compat::VerifyImported`](crate::Compat) or beyond. Returns how many were
    /// inserted.
    ///
    /// # Errors
    ///
    /// [`Error::Import`] for a row whose hash is not 64 hex digits, whose subject is unusable,
    /// whose expiry is not after its creation, or whose expiry is more than [`MAX_TTL`] after
    /// now (a token no issue could have made, such as a milliseconds timestamp read as
    /// seconds); then nothing is imported. Storage errors.
    ///
    /// # Security
    ///
    /// Imported rows keep the weakness they had: anyone with a copy of the table can confirm a
    /// guessed token. Rotate to peppered tokens by letting them expire.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::Token;
    /// use pssst_lifecycle::{Compat, Config, ImportRow, KeyRing, Lifecycle, ManualClock, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let clock = ManualClock::new(Timestamp::from_unix_seconds(1_000));
    /// let store = SqliteStore::open_in_memory().await?;
    /// let config = Config::default().compat(Compat::VerifyImported);
    /// let lifecycle = Lifecycle::new(store, KeyRing::new(), config).with_clock(clock);
    /// let row = ImportRow {
    ///     sha256_hex: "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e".into(),
    ///     subject: "user-42".into(),
    ///     created_at: None,
    ///     expires_at: Timestamp::from_unix_seconds(1_900),
    ///     used_at: None,
    /// };
    /// assert_eq!(lifecycle.import(&[row], "reset").await?, 1);
    /// let token = Token::new("8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA".into());
    /// assert_eq!(lifecycle.consume(&token, "reset").await?.subject, "user-42");
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all, fields(purpose = %purpose, rows = rows.len()))]
    pub async fn import(&self, rows: &[ImportRow], purpose: &str) -> Result<u64> {
        check_purpose(purpose)?;
        let ttl = self.config.policy(purpose).ttl();
        let now = self.clock.now();
        let mut new = Vec::with_capacity(rows.len());
        for (index, row) in rows.iter().enumerate() {
            new.push(import_row(index + 1, row, purpose, ttl, now)?);
        }

        let inserted = self.store.import(&new).await?;
        let event = AuditEvent::new(Action::Imported, Kind::Token, now);
        self.emit(event.purpose(purpose).count(inserted));
        Ok(inserted)
    }
}

/// Checks one row, `number` counted from 1, and makes it ready to store.
fn import_row(
    number: usize,
    row: &ImportRow,
    purpose: &str,
    ttl: Duration,
    now: Timestamp,
) -> Result<NewToken> {
    let bad = |why| Error::Import { row: number, why };
    let hex = row.sha256_hex.to_ascii_lowercase();
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("hash is not 64 hex digits"));
    }
    check_subject(&row.subject).map_err(|_| bad("unusable subject"))?;
    let created_at = row.created_at.unwrap_or(row.expires_at.saturating_sub(ttl));
    if row.expires_at <= created_at {
        return Err(bad("expiry is not after creation"));
    }
    if row.expires_at > now.saturating_add(MAX_TTL) {
        return Err(bad("expiry is further ahead than the longest lifetime"));
    }
    Ok(NewToken {
        id: TokenId::generate()?,
        kind: Kind::Token,
        subject: row.subject.clone(),
        purpose: purpose.to_owned(),
        digest: Digest::from_parts(None, hex),
        created_at,
        expires_at: row.expires_at,
        used_at: row.used_at,
    })
}
