//! Revoking, purging and listing: the hooks for account changes and for upkeep.

use std::time::Duration;

use tracing::instrument;

use crate::audit::{Action, AuditEvent};
use crate::error::Result;
use crate::input::{check_purpose, check_subject};
use crate::lifecycle::Lifecycle;
use crate::record::{Kind, TokenId, TokenRecord};
use crate::store::{ListFilter, TokenStore};

/// Rows deleted per statement by [`Lifecycle::purge`], so writers wait at most one batch.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::PURGE_BATCH, 500);
/// ```
pub const PURGE_BATCH: u32 = 500;

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
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
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

    /// Revokes every live token and code hashed under key `key_id`, which could no longer
    /// verify once that key is retired (`pssst reset keys retire --force`). Each gets its own
    /// `revoked` audit event, with its id and purpose. Returns how many were revoked.
    ///
    /// # Errors
    ///
    /// Storage errors; rows revoked before the error stay revoked.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// let key_id = keys.current().unwrap().id().to_owned();
    /// let lifecycle = Lifecycle::new(store, keys, Config::default());
    /// lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// assert_eq!(lifecycle.revoke_key(&key_id).await?, 1);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all)]
    pub async fn revoke_key(&self, key_id: &str) -> Result<u64> {
        let now = self.clock.now();
        let filter = ListFilter {
            live_only: true,
            limit: u32::MAX,
            ..ListFilter::default()
        };
        let live = self.store.list(&filter, now).await?;
        let mut count = 0;
        for row in live
            .iter()
            .filter(|row| row.key_id.as_deref() == Some(key_id))
        {
            if self.store.revoke(row.id, now).await? {
                let event = AuditEvent::new(Action::Revoked, row.kind, now).id(row.id);
                self.emit(event.purpose(&row.purpose).count(1));
                count += 1;
            }
        }
        Ok(count)
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
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
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
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
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
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
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
}
