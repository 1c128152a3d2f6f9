//! What the library hands back: ids, metadata of stored tokens, and freshly issued secrets.

use std::fmt;
use std::str::FromStr;

use pssst::{Token, Uuid};

use crate::error::Error;
use crate::time::Timestamp;

/// The public id of a stored token or code: a UUIDv7, safe to log, show and put in URLs.
///
/// # Examples
///
/// ```
/// let id: pssst_lifecycle::TokenId = "0190a5d2-7c3e-7b1a-8f00-000000000001".parse()?;
/// assert_eq!(id.to_string(), "0190a5d2-7c3e-7b1a-8f00-000000000001");
/// # Ok::<(), pssst_lifecycle::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenId(Uuid);

impl TokenId {
    /// A fresh, time-ordered id.
    pub(crate) fn generate() -> Result<Self, Error> {
        Ok(Self(pssst::uuid_v7()?))
    }

    /// The id a store read back as a UUID.
    pub(crate) fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// The id as a UUID.
    ///
    /// # Examples
    ///
    /// ```
    /// let id: pssst_lifecycle::TokenId = "0190a5d2-7c3e-7b1a-8f00-000000000001".parse()?;
    /// assert_eq!(id.as_uuid().get_version_num(), 7);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl fmt::Display for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for TokenId {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Uuid::try_parse(text)
            .map(Self)
            .map_err(|_| Error::argument("token id", "expected a hyphenated uuid"))
    }
}

/// The two kinds of secret the library issues.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::Kind::Code.as_str(), "code");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A 256-bit token for a link, found by its hash.
    Token,
    /// A short numeric code, found by subject and limited in attempts.
    Code,
}

impl Kind {
    /// The name stores and logs use.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst_lifecycle::Kind::Token.as_str(), "token");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::Code => "code",
        }
    }

    /// The kind with this name.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] for any name but `token` and `code`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::Kind;
    /// assert_eq!(Kind::parse("code")?, Kind::Code);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn parse(name: &str) -> Result<Self, Error> {
        match name {
            "token" => Ok(Self::Token),
            "code" => Ok(Self::Code),
            _ => Err(Error::argument("kind", "expected token or code")),
        }
    }
}

/// Where a stored token stands at a given instant.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::Status::Live.as_str(), "live");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// Usable.
    Live,
    /// Consumed once; never usable again.
    Used,
    /// Revoked: by hand, by `revoke_all`, or by a newer token of the same subject and purpose.
    Revoked,
    /// Past its expiry instant.
    Expired,
}

impl Status {
    /// The name logs and listings use.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst_lifecycle::Status::Expired.as_str(), "expired");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Used => "used",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }
}

/// The one definition of expiry: a token is expired AT its expiry instant and after it, and
/// live strictly before it. Stores write the same rule as `expires_at > now` in SQL.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Timestamp, is_expired};
/// let expires_at = Timestamp::from_unix_seconds(100);
/// assert!(!is_expired(expires_at, Timestamp::from_unix_seconds(99)));
/// assert!(is_expired(expires_at, expires_at));
/// ```
pub fn is_expired(expires_at: Timestamp, now: Timestamp) -> bool {
    now >= expires_at
}

/// What a store keeps about a token or code, without its hash: safe to log and list.
///
/// # Examples
///
/// ```
/// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let store = SqliteStore::open_in_memory().await?;
/// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
/// let lifecycle = Lifecycle::new(store, keys, Config::default());
/// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
/// let record = lifecycle.peek(issued.token(), "reset").await?;
/// assert_eq!(record.subject, "user-42");
/// # Ok::<(), pssst_lifecycle::Error>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRecord {
    /// The public id.
    pub id: TokenId,
    /// Token or code.
    pub kind: Kind,
    /// Whom it was issued for, as the caller named them (a user id, best not an e-mail).
    pub subject: String,
    /// What it is for (`reset`, `verify-email`, `invite`).
    pub purpose: String,
    /// The pepper key its hash was made with; `None` for plain SHA-256 rows (imported).
    pub key_id: Option<String>,
    /// When it was issued.
    pub created_at: Timestamp,
    /// The first instant at which it is no longer valid.
    pub expires_at: Timestamp,
    /// When it was consumed, if it was.
    pub used_at: Option<Timestamp>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
    /// Wrong or right guesses counted against a code (always 0 for tokens).
    pub attempts: u32,
}

impl TokenRecord {
    /// Where the token stands at `now`: used, then revoked, then expired, else live.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Status, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
    /// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// let record = lifecycle.consume(issued.token(), "reset").await?;
    /// assert_eq!(record.status_at(issued.expires_at()), Status::Used);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status_at(&self, now: Timestamp) -> Status {
        if self.used_at.is_some() {
            Status::Used
        } else if self.revoked_at.is_some() {
            Status::Revoked
        } else if is_expired(self.expires_at, now) {
            Status::Expired
        } else {
            Status::Live
        }
    }
}

/// A token just issued: the secret, shown once, with its id and expiry.
///
/// # Security
///
/// The token lives in a [`pssst::Token`]: redacted `Debug`, wiped on drop. This struct has no
/// `Debug` of its own that could print it. The store kept only a hash.
///
/// # Examples
///
/// ```
/// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// # let store = SqliteStore::open_in_memory().await?;
/// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
/// # let lifecycle = Lifecycle::new(store, keys, Config::default());
/// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
/// assert_eq!(issued.token().expose_secret().len(), 43);
/// assert!(!format!("{issued:?}").contains(issued.token().expose_secret()));
/// # Ok::<(), pssst_lifecycle::Error>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct IssuedToken {
    pub(crate) token: Token,
    pub(crate) record: TokenRecord,
}

impl IssuedToken {
    /// The secret to send to the subject, once.
    ///
    /// # Examples
    ///
    /// See [`IssuedToken`].
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The public id, for `revoke` and for logs.
    ///
    /// # Examples
    ///
    /// See [`IssuedToken`].
    pub fn id(&self) -> TokenId {
        self.record.id
    }

    /// The first instant at which the token is no longer valid.
    ///
    /// # Examples
    ///
    /// See [`TokenRecord::status_at`].
    pub fn expires_at(&self) -> Timestamp {
        self.record.expires_at
    }

    /// The stored metadata.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
    /// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
    /// assert_eq!(issued.record().purpose, "reset");
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(&self) -> &TokenRecord {
        &self.record
    }

    /// The secret, taking ownership (it is still wiped when dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
    /// let token = lifecycle.issue("user-42", "reset", Default::default()).await?.into_token();
    /// assert!(lifecycle.consume(&token, "reset").await.is_ok());
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_token(self) -> Token {
        self.token
    }
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("id", &self.record.id)
            .finish_non_exhaustive()
    }
}
