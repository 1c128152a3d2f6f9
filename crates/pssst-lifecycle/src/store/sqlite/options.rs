//! How a SQLite store is opened: file, durability, lock waits, pool size.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::SqliteSynchronous;

/// How long a write waits for a lock before [`Error::Locked`](crate::Error::Locked).
pub(crate) const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How hard SQLite works to keep a committed write through a power cut.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::store::sqlite::Durability;
/// assert_eq!(Durability::default(), Durability::Full);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=NORMAL` in WAL mode: every commit is atomic and survives a crash of the
    /// process, but a power cut or kernel crash can lose the last commits (never corrupt the
    /// file). A lost consume makes a used token usable again after the power comes back.
    Normal,
    /// `synchronous=FULL` in WAL mode (the default): a commit is on disk before it returns, so
    /// a consumed token stays consumed through a power cut, at the price of one fsync per
    /// commit (measured in `bench/lifecycle.sh`: hundreds of issues and consumes a second on
    /// the 2-core development machine, far above any reset flow's load).
    #[default]
    Full,
}

/// How to open a SQLite store.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::store::sqlite::{Durability, SqliteOptions};
/// let options = SqliteOptions::new("/tmp/pssst.db").durability(Durability::Normal);
/// assert_eq!(options.path(), std::path::Path::new("/tmp/pssst.db"));
/// ```
#[derive(Clone, Debug)]
pub struct SqliteOptions {
    path: PathBuf,
    durability: Durability,
    busy_timeout: Duration,
    max_connections: u32,
}

impl SqliteOptions {
    /// Defaults for the file at `path`: `Full` durability, 5 s busy timeout, 8 connections.
    ///
    /// # Examples
    ///
    /// See [`SqliteOptions`].
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            durability: Durability::Full,
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
            max_connections: 8,
        }
    }

    /// Sets the durability.
    ///
    /// # Examples
    ///
    /// See [`SqliteOptions`].
    pub fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    /// How long a statement waits for another connection's lock before failing with
    /// [`Error::Locked`](crate::Error::Locked).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = pssst_lifecycle::store::sqlite::SqliteOptions::new("x.db")
    ///     .busy_timeout(Duration::from_millis(100));
    /// # let _ = options;
    /// ```
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// The most connections the pool opens (at least 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let options = pssst_lifecycle::store::sqlite::SqliteOptions::new("x.db").max_connections(2);
    /// # let _ = options;
    /// ```
    pub fn max_connections(mut self, max: u32) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// The database file.
    ///
    /// # Examples
    ///
    /// See [`SqliteOptions`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn synchronous(&self) -> SqliteSynchronous {
        match self.durability {
            Durability::Normal => SqliteSynchronous::Normal,
            Durability::Full => SqliteSynchronous::Full,
        }
    }

    pub(crate) fn busy_timeout_value(&self) -> Duration {
        self.busy_timeout
    }

    pub(crate) fn max_connections_value(&self) -> u32 {
        self.max_connections
    }
}
