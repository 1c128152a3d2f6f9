//! The one error type of the server library: what can go wrong before and around serving.
//! What a request can get wrong is [`ApiError`](crate::ApiError), an HTTP answer.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong while configuring, starting or running the service, or
/// managing its client file.
///
/// Messages are short and lowercase, and none contains an API key, a key's hash or a token.
///
/// # Examples
///
/// ```
/// let err = "5/d".parse::<pssst_server::Rate>().unwrap_err();
/// assert_eq!(err.to_string(), "invalid rate: expected COUNT/PERIOD, as 5/h, 100/s or 10/15m");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rate limit that cannot be used.
    #[error("invalid rate: {0}")]
    Rate(&'static str),

    /// A link base URL that cannot be used.
    #[error("invalid link base: {0}")]
    LinkBase(&'static str),

    /// A client name that is not 1 to 64 of `a-z 0-9 . _ -`.
    #[error(
        "invalid client name: expected 1 to 64 of a-z 0-9 . _ - starting with a letter or digit"
    )]
    ClientName,

    /// A key offered for a client is not an API key made by `pssst apikey` (wrong shape or
    /// checksum). The key is not echoed.
    #[error("invalid client key")]
    ClientKey(#[source] pssst::Error),

    /// A client of this name is already in the file.
    #[error("client {0} already exists")]
    ClientExists(String),

    /// No client of this name is in the file.
    #[error("no client named {0}")]
    UnknownClient(String),

    /// The same key is already registered under another name.
    #[error("this key is already registered as client {0}")]
    DuplicateKey(String),

    /// The client file does not exist.
    #[error("client file {} not found", path.display())]
    ClientFileMissing {
        /// The path that was tried.
        path: PathBuf,
    },

    /// The client file can be read or written by its group or by others.
    #[error(
        "client file {} is accessible by group or others (mode {mode:o}): run chmod 600",
        path.display()
    )]
    ClientFilePermissions {
        /// The client file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },

    /// The client file is not in the expected format. No part of the line is echoed.
    #[error("malformed client file {} at line {line}: {why}", path.display())]
    ClientFileFormat {
        /// The client file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        why: &'static str,
    },

    /// The client file could not be read or written.
    #[error("cannot access client file {}", path.display())]
    ClientFileIo {
        /// The client file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },

    /// The listening socket failed.
    #[error("cannot serve")]
    Serve(#[source] io::Error),

    /// The log subscriber could not be installed (one is already set).
    #[error("cannot set up logging: {0}")]
    Logging(String),

    /// The lifecycle failed (the key ring, the database, the random source).
    #[error(transparent)]
    Lifecycle(#[from] pssst_lifecycle::Error),

    /// The core library failed (the operating system's random source).
    #[error(transparent)]
    Core(#[from] pssst::Error),
}
