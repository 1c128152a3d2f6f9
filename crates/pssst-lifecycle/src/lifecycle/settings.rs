//! What a lifecycle is built from and can be asked about: its clock, audit sink, store, keys
//! and configuration.

use std::sync::Arc;

use crate::audit::AuditSink;
use crate::clock::Clock;
use crate::config::Config;
use crate::keyring::KeyRing;
use crate::lifecycle::Lifecycle;
use crate::store::TokenStore;

impl<S: TokenStore> Lifecycle<S> {
    /// The same lifecycle reading time from `clock`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Config, KeyRing, Lifecycle, ManualClock, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let clock = ManualClock::new(Timestamp::from_unix_seconds(1_000));
    /// let store = SqliteStore::open_in_memory().await?;
    /// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// let lifecycle = Lifecycle::new(store, keys, Config::default())
    ///     .with_clock(clock.clone());
    /// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// assert_eq!(issued.expires_at(), Timestamp::from_unix_seconds(1_900));
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The same lifecycle sending audit events to `sink`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp, TracingSink};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = SqliteStore::open_in_memory().await?;
    /// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// let lifecycle = Lifecycle::new(store, keys, Config::default()).with_audit(TracingSink);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_audit(mut self, sink: impl AuditSink) -> Self {
        self.audit = Arc::new(sink);
        self
    }

    /// The store.
    ///
    /// # Examples
    ///
    /// See [`Lifecycle::consume_with`].
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The key ring in use.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// let lifecycle = Lifecycle::new(store, keys, Config::default());
    /// assert_eq!(lifecycle.keys().keys().count(), 1);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn keys(&self) -> &KeyRing {
        &self.keys
    }

    /// Replaces the key ring, after a rotation or retirement.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// let mut lifecycle = Lifecycle::new(store, KeyRing::new(), Config::default());
    /// lifecycle.set_keys(KeyRing::generate(Timestamp::from_unix_seconds(0))?);
    /// assert!(lifecycle.keys().current().is_some());
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    // LIMITATION: the ring is held by value and replaced through `&mut self`, so a lifecycle
    // shared behind an `Arc` picks up a rotated key ring only when it is rebuilt (a restart).
    pub fn set_keys(&mut self, keys: KeyRing) {
        self.keys = keys;
    }

    /// The configuration.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// let lifecycle = Lifecycle::new(store, KeyRing::new(), Config::default());
    /// assert_eq!(lifecycle.config().policy("reset").ttl(), pssst_lifecycle::DEFAULT_TTL);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn config(&self) -> &Config {
        &self.config
    }
}
