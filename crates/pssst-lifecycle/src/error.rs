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

    /// A lifetime longer than [`MAX_TTL`](crate::MAX_TTL), whose message gives the maximum
    /// in the unit a user would type (`7d`) and in seconds.
    #[error("lifetime too long: at most {} ({max_secs} s)", in_largest_unit(*max_secs))]
    TtlTooLong {
        /// The longest lifetime accepted, in seconds.
        max_secs: u64,
    },

    /// Issuing needs a pepper, and the key ring has none; verifying a peppered token needs one
    /// too, so `peek` and `consume` give this error (not [`Error::Invalid`]) with an empty
    /// ring unless imported rows are accepted.
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

    /// The key-ring file is open to its group or to others (readable: its peppers may have
    /// leaked; writable: a key may have been planted). The message says which access who has.
    #[error(
        "key file {} is {} (mode {mode:o}): run chmod 600",
        path.display(),
        exposure(*mode)
    )]
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

    /// The database path exists but is not a regular file (a device such as `/dev/null`, a
    /// FIFO, a directory), so it cannot hold a database.
    #[error("{} is not a regular file", path.display())]
    NotAFile {
        /// The path given as the database.
        path: PathBuf,
    },

    /// The lock file `<db>.lock` (or `<keys>.lock`) could not be created or opened, most
    /// often because its folder is not writable.
    #[error("cannot create the lock file {} in folder {}", path.display(), folder.display())]
    LockFile {
        /// The lock file.
        path: PathBuf,
        /// The folder it should be in.
        folder: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },

    /// The database's folder is not writable. In WAL mode SQLite creates `-wal` and `-shm`
    /// files beside the database even to read it, so every command needs the folder writable.
    #[error(
        "folder {} is not writable: SQLite needs to create {}-wal and -shm beside the database",
        folder.display(),
        name
    )]
    FolderReadOnly {
        /// The database's folder.
        folder: PathBuf,
        /// The database file's name.
        name: String,
    },

    /// The schema of a pssst database is not what this version's migrations make: a table,
    /// index or trigger is missing, unexpected or was rebuilt differently, or the record of
    /// the migrations (`_sqlx_migrations`) does not match the file (dropped, a migration marked
    /// failed, or one missing whose tables exist). Nothing was changed.
    #[error("database schema is damaged: {why}")]
    Schema {
        /// What differs, naming the table or index.
        why: String,
    },

    /// The database was migrated by a newer pssst than this one.
    #[error(
        "the database was made by a newer pssst (schema version {found}, this one knows up to \
         {known})"
    )]
    NewerSchema {
        /// The highest migration recorded in the file.
        found: i64,
        /// The highest migration this build knows.
        known: i64,
    },

    /// A backup was asked for at a path that exists already; nothing was written.
    #[error("{} already exists: a backup never replaces a file", path.display())]
    BackupExists {
        /// The path given for the backup.
        path: PathBuf,
    },

    /// The backup file could not be created or written; a partial file is removed.
    #[error("cannot write the backup {}", path.display())]
    Backup {
        /// The path given for the backup.
        path: PathBuf,
        /// The operating system's or the driver's error.
        #[source]
        source: BoxError,
    },

    /// A file to import from cannot be used: not a regular file, not a SQLite database, or
    /// without the expected table or columns.
    #[error("cannot import from {}: {why}", path.display())]
    PeerFile {
        /// The file to import from.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },

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
        /// What is wrong with it, naming the column.
        why: String,
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

/// A number of seconds in the largest unit that divides it (`7d`, `90m`), as `--ttl` takes it.
fn in_largest_unit(secs: u64) -> String {
    let units = [(86_400, "d"), (3_600, "h"), (60, "m")];
    let unit = units
        .iter()
        .find(|(size, _)| secs > 0 && secs.is_multiple_of(*size));
    match unit {
        Some((size, name)) => format!("{}{name}", secs / size),
        None => format!("{secs}s"),
    }
}

/// Who may do what with a file of permission bits `mode`, beyond its owner: `readable by
/// group`, `readable and writable by group and others`, `writable by group, readable by
/// others`.
fn exposure(mode: u32) -> String {
    let (group, others) = ((mode >> 3) & 0o7, mode & 0o7);
    match (group, others) {
        (0, _) => format!("{} by others", rights(others)),
        (_, 0) => format!("{} by group", rights(group)),
        _ if group == others => format!("{} by group and others", rights(group)),
        _ => format!("{} by group, {} by others", rights(group), rights(others)),
    }
}

/// The words for permission bits `rwx` (one class, 0 to 7).
fn rights(bits: u32) -> String {
    let words = [(0o4, "readable"), (0o2, "writable"), (0o1, "executable")];
    let present = words.into_iter().filter(|(bit, _)| bits & bit != 0);
    present
        .map(|(_, word)| word)
        .collect::<Vec<_>>()
        .join(" and ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_says_which_access_who_has() {
        assert_eq!(exposure(0o620), "writable by group");
        assert_eq!(exposure(0o602), "writable by others");
        assert_eq!(exposure(0o644), "readable by group and others");
        assert_eq!(exposure(0o660), "readable and writable by group");
        assert_eq!(exposure(0o624), "writable by group, readable by others");
    }

    #[test]
    fn longest_lifetime_is_said_in_days() {
        let err = Error::TtlTooLong { max_secs: 604_800 };
        assert_eq!(err.to_string(), "lifetime too long: at most 7d (604800 s)");
        assert_eq!(in_largest_unit(5_400), "90m");
        assert_eq!(in_largest_unit(61), "61s");
    }
}
