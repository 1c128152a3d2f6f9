//! The one error type of the lifecycle library.

use std::io;
use std::path::PathBuf;

/// A boxed error from a storage driver, kept as the `source` of an [`Error`].
///
/// # Examples
///
/// ```
/// let source: pssst_lifecycle::BoxError = "disk full".into();
/// let err = pssst_lifecycle::Error::Database(source);
/// assert_eq!(err.to_string(), "database error");
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while issuing, checking or storing tokens.
///
/// Messages are short and lowercase. None contains a token, a code, a stored hash or a pepper:
/// a rejected token is described, never echoed, and driver errors are kept as `source` only.
///
/// # Examples
///
/// ```
/// let err = pssst_lifecycle::Error::Invalid;
/// assert_eq!(err.to_string(), "invalid token");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token or code is not valid: unknown, expired, used, revoked, malformed, for another
    /// purpose, or out of attempts. Callers get no more than this; the reason goes to the
    /// [`AuditSink`](crate::AuditSink).
    #[error("invalid token")]
    Invalid,

    /// An argument the library cannot accept: an empty subject, a purpose with spaces, an
    /// unusable prefix or policy. `what` names the argument, `why` says what is wrong.
    #[error("invalid {what}: {why}")]
    Argument {
        /// The argument, as the caller knows it (`subject`, `purpose`, `prefix`).
        what: &'static str,
        /// What is wrong with it.
        why: &'static str,
    },

    /// A lifetime longer than [`MAX_TTL`](crate::MAX_TTL).
    #[error("lifetime too long: at most {max_secs} seconds")]
    TtlTooLong {
        /// The longest lifetime accepted, in seconds.
        max_secs: u64,
    },

    /// Issuing needs a pepper, and the key ring has none.
    #[error("key ring is empty: create a key first")]
    NoKey,

    /// No key in the ring has this id.
    #[error("no key with id {0}")]
    UnknownKey(String),

    /// The current key cannot be retired: rotate to a new key first.
    #[error("key {0} is the current key: rotate before retiring it")]
    CurrentKey(String),

    /// The key-ring file does not exist.
    #[error("key file {} not found", path.display())]
    KeyFileMissing {
        /// The path that was tried.
        path: PathBuf,
    },

    /// A new key-ring file was asked for where one already exists.
    #[error("key file {} already exists", path.display())]
    KeyFileExists {
        /// The existing file.
        path: PathBuf,
    },

    /// The key-ring file can be read by its group or by others, so its peppers may have leaked.
    #[error("key file {} is readable by group or others (mode {mode:o}): run chmod 600", path.display())]
    KeyFilePermissions {
        /// The key-ring file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },

    /// The key-ring file is not in the expected format. No part of the line is echoed.
    #[error("malformed key file {} at line {line}: {why}", path.display())]
    KeyFileFormat {
        /// The key-ring file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        why: &'static str,
    },

    /// The key-ring file could not be read or written.
    #[error("cannot access key file {}", path.display())]
    KeyFileIo {
        /// The key-ring file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },

    /// Another process held the key-ring file's lock (`<path>.lock`) for longer than
    /// `waited`; nothing was changed.
    #[error(
        "key file {} is locked by another process: gave up after {} seconds",
        path.display(),
        waited.as_secs()
    )]
    KeyFileLocked {
        /// The key-ring file.
        path: PathBuf,
        /// How long the lock was waited for.
        waited: std::time::Duration,
    },

    /// The database can be read but not written (file permissions, a read-only mount).
    #[error("database is read-only")]
    ReadOnly(#[source] BoxError),

    /// The database file is damaged or is not a database.
    #[error("database file is corrupt or not a database")]
    Corrupt(#[source] BoxError),

    /// Another connection held a lock for longer than the busy timeout.
    #[error("database is locked by another connection")]
    Locked(#[source] BoxError),

    /// The database file could not be opened or created.
    #[error("cannot open database {}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// The driver's error.
        #[source]
        source: BoxError,
    },

    /// The database file belongs to another application: it has tables but not pssst's
    /// application id or migrations. It is left untouched.
    #[error("{} is not a pssst database", path.display())]
    Foreign {
        /// The database file.
        path: PathBuf,
    },

    /// The PostgreSQL server could not be reached, or it refused the connection (down, wrong
    /// host or port, wrong credentials, no such database). `server` names it by user, host,
    /// port and database, never with the password of the URL; the driver's message, kept as
    /// `source`, has anything that could be the password replaced by `***`.
    #[error("cannot connect to {server}")]
    Connect {
        /// The connection URL, without its password.
        server: String,
        /// The driver's error.
        #[source]
        source: BoxError,
    },

    /// The database URL cannot be used: it does not parse, or names no PostgreSQL server.
    /// Neither the URL nor its password is echoed, only what is wrong with it.
    #[error("invalid database url: {why}")]
    DatabaseUrl {
        /// What is wrong with the URL.
        why: String,
    },

    /// Any other storage failure.
    #[error("database error")]
    Database(#[source] BoxError),

    /// The embedded schema migrations could not be applied.
    #[error("database migration failed")]
    Migration(#[source] BoxError),

    /// A row offered to `import` is unusable. `row` is its position, counted from 1.
    #[error("cannot import row {row}: {why}")]
    Import {
        /// The position of the row in the input, the first being 1.
        row: usize,
        /// What is wrong with it.
        why: &'static str,
    },

    /// No database path was given and none could be derived from the environment.
    #[error("no database location: set PSSST_DB, XDG_DATA_HOME or HOME")]
    NoDefaultPath,

    /// The operating system's random source failed; nothing falls back to a weaker one.
    #[error("random source failed")]
    Random(#[from] pssst::Error),
}

impl Error {
    /// Shorthand for [`Error::Argument`].
    pub(crate) fn argument(what: &'static str, why: &'static str) -> Self {
        Self::Argument { what, why }
    }
}

/// The result type of the lifecycle library.
///
/// # Examples
///
/// ```
/// fn check() -> pssst_lifecycle::Result<()> {
///     Err(pssst_lifecycle::Error::Invalid)
/// }
/// assert!(check().is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;
