//! Reset, e-mail verification, magic-link and invite tokens: issued once, stored as a keyed
//! hash, used at most once, revocable, and purged when dead.
//!
//! A [`Lifecycle`] holds every rule (shapes, lifetimes, hashing, audit); a [`TokenStore`]
//! holds the SQL. [`SqliteStore`] is the embedded backend, [`PostgresStore`] the server one.
//!
//! # Quick start
//!
//! ```
//! use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, SqliteStore, Clock, SystemClock};
//!
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let dir = tempfile::tempdir()?;
//! let store = SqliteStore::open(dir.path().join("pssst.db")).await?;
//! let keys = KeyRing::generate(SystemClock.now())?;
//! keys.save(dir.path().join("keys"))?; // mode 0600; load with KeyRing::load
//! let lifecycle = Lifecycle::new(store, keys, Config::default());
//!
//! // Mail the link; only a peppered hash of the token is stored.
//! let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
//! let link = format!("https://app.example/reset?token={}", issued.token().expose_secret());
//!
//! // The form behind the link: look without using.
//! lifecycle.peek(issued.token(), "reset").await?;
//!
//! // The form's POST: use it, once.
//! let record = lifecycle.consume(issued.token(), "reset").await?;
//! assert_eq!(record.subject, "user-42");
//! assert!(matches!(lifecycle.consume(issued.token(), "reset").await, Err(Error::Invalid)));
//! # let _ = link;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Storage
//!
//! [`SqliteStore::open`] takes a path; [`SqliteStore::open_default`] uses
//! [`default_db_path`]: `$PSSST_DB`, else `$XDG_DATA_HOME/pssst/pssst.db`, else
//! `~/.local/share/pssst/pssst.db`. The file is created with mode 0600, in WAL mode with
//! `synchronous=FULL` and a 5 s busy timeout; the embedded migrations run on open. Times are
//! stored as integer microseconds since the Unix epoch, UTC.
//!
//! [`PostgresStore::connect`] takes a URL (`postgres://user@host:5432/db`), and
//! [`PostgresStore::connect_with`] a [`PostgresOptions`]: pool size, connect timeout, and a
//! schema of the store's own (created if missing, every connection's `search_path`). The
//! embedded migrations run on connect under an advisory lock, so servers starting together
//! take turns. Times are `timestamptz`, exact to the microsecond; ids are `uuid`.
//!
//! # Security
//!
//! - Tokens are 32 bytes from the OS generator (through [`pssst`]) as base64url, with an
//!   optional prefix for secret scanners. The token is returned once, in a [`pssst::Token`].
//! - Stored: HMAC-SHA256 under the current pepper of a [`KeyRing`] over
//!   `purpose || 0x00 || token` ([`Digest`]); the key id is stored per row. Plain SHA-256
//!   (Python's documented flow) only for imported rows, and only when [`Compat`] allows.
//! - Validity is decided by one guarded `UPDATE`: live means not used, not revoked and
//!   `now < expires_at` ([`is_expired`]). All times are UTC microseconds from a [`Clock`].
//! - Callers get one opaque [`Error::Invalid`]; the reason goes to an [`AuditSink`].
//!   Neither audit events nor logs ever carry a token, code, hash or pepper.
//!
//! What it does not do: rate-limit (the HTTP service does), hide the length of a token, or
//! protect a host whose clock is wrong. See [`security`] for the threat model.

mod audit;
mod clock;
mod config;
mod digest;
mod error;
mod input;
mod keyring;
mod lifecycle;
mod lock;
pub mod private_file;
mod record;
pub mod store;

/// The threat model: what this crate defends against, what it does not, and why each default
/// is what it is.
#[doc = include_str!("../SECURITY.md")]
pub mod security {}
mod time;

pub use crate::audit::{Action, AuditEvent, AuditSink, Reason, TracingSink};
pub use crate::clock::{Clock, ManualClock, SystemClock};
pub use crate::config::{
    CodePolicy, Compat, Config, DEFAULT_TTL, MAX_TTL, MIN_TTL, Policy, Supersede,
};
pub use crate::digest::Digest;
pub use crate::error::{BoxError, Error, Result};
pub use crate::input::{
    MAX_PREFIX_LEN, MAX_PURPOSE_LEN, MAX_SUBJECT_LEN, MAX_TOKEN_LEN, check_purpose, check_subject,
    check_token_text,
};
pub use crate::keyring::{Key, KeyRing, PEPPER_BYTES};
pub use crate::lifecycle::{ImportReport, ImportRow, IssueOptions, Lifecycle, PURGE_BATCH};
pub use crate::record::{IssuedToken, Kind, Status, TokenId, TokenRecord, is_expired};
pub use crate::store::postgres::{PostgresOptions, PostgresStore};
pub use crate::store::sqlite::{SqliteStore, default_db_path};
pub use crate::store::{ListFilter, TokenStore};
pub use crate::time::Timestamp;
pub use ::sqlx;
