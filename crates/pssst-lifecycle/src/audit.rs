//! Audit events: every outcome, with the reason callers are not told, and never a secret.

use std::sync::Arc;

use crate::record::{Kind, TokenId};
use crate::time::Timestamp;

/// Why a token or code was rejected. Callers only ever see [`Error::Invalid`](crate::Error);
/// this goes to the audit sink.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::Reason::Expired.as_str(), "expired");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// Empty text.
    Empty,
    /// Longer than [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN); refused unread.
    TooLong,
    /// Contains whitespace (often a copy-and-paste accident).
    Whitespace,
    /// Does not start with the configured prefix.
    WrongPrefix,
    /// Not base64url (tokens) or not the configured number of digits (codes).
    BadEncoding,
    /// No stored token matches under any key in the ring. With keyed hashing this includes a
    /// token presented for another purpose, since the purpose is part of the MAC.
    Unknown,
    /// Found, but for another purpose (only plain SHA-256 rows can tell).
    WrongPurpose,
    /// At or after its expiry instant.
    Expired,
    /// Already consumed.
    Used,
    /// Revoked.
    Revoked,
    /// A code guess that matched no live code.
    WrongCode,
    /// Every live code of the subject has used up its attempts.
    NoAttemptsLeft,
}

impl Reason {
    /// A stable snake_case name for logs and metrics.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst_lifecycle::Reason::NoAttemptsLeft.as_str(), "no_attempts_left");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong => "too_long",
            Self::Whitespace => "whitespace",
            Self::WrongPrefix => "wrong_prefix",
            Self::BadEncoding => "bad_encoding",
            Self::Unknown => "unknown",
            Self::WrongPurpose => "wrong_purpose",
            Self::Expired => "expired",
            Self::Used => "used",
            Self::Revoked => "revoked",
            Self::WrongCode => "wrong_code",
            Self::NoAttemptsLeft => "no_attempts_left",
        }
    }

    /// Whether the input was refused before any database work.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(pssst_lifecycle::Reason::TooLong.is_malformed());
    /// assert!(!pssst_lifecycle::Reason::Used.is_malformed());
    /// ```
    pub fn is_malformed(self) -> bool {
        matches!(
            self,
            Self::Empty | Self::TooLong | Self::Whitespace | Self::WrongPrefix | Self::BadEncoding
        )
    }
}

/// What happened.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Action, Reason};
/// assert_eq!(Action::Rejected(Reason::Used).as_str(), "rejected");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// A token or code was issued.
    Issued,
    /// A token was checked without being used.
    Peeked,
    /// A token or code was used, once.
    Consumed,
    /// A consume whose caller's work failed was rolled back; the token is still usable.
    RolledBack,
    /// A token or code was refused.
    Rejected(Reason),
    /// Tokens were revoked by hand or by `revoke_all` (`count` says how many).
    Revoked,
    /// Older live tokens were revoked because a newer one was issued.
    Superseded,
    /// Dead rows were deleted.
    Purged,
    /// Rows written elsewhere were imported.
    Imported,
}

impl Action {
    /// A stable snake_case name for logs and metrics.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst_lifecycle::Action::Issued.as_str(), "issued");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Issued => "issued",
            Self::Peeked => "peeked",
            Self::Consumed => "consumed",
            Self::RolledBack => "rolled_back",
            Self::Rejected(_) => "rejected",
            Self::Revoked => "revoked",
            Self::Superseded => "superseded",
            Self::Purged => "purged",
            Self::Imported => "imported",
        }
    }
}

/// One audit record: what, when, which row, for what purpose, how many rows.
///
/// # Security
///
/// There is no field that could hold a token, a code, a hash or a pepper. The subject is
/// left out too, since callers often use e-mail addresses as subjects: the id leads to it.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Action, AuditEvent, Kind, Timestamp};
/// let event = AuditEvent::new(Action::Purged, Kind::Token, Timestamp::from_unix_seconds(0));
/// assert_eq!(event.count, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditEvent {
    /// What happened.
    pub action: Action,
    /// Token or code.
    pub kind: Kind,
    /// When, by the lifecycle's clock.
    pub at: Timestamp,
    /// The row concerned, when there is exactly one and it is known.
    pub id: Option<TokenId>,
    /// The purpose concerned, when known.
    pub purpose: Option<String>,
    /// How many rows, for actions on many (revoked, superseded, purged, imported).
    pub count: u64,
}

impl AuditEvent {
    /// An event with no id, purpose or count yet.
    ///
    /// # Examples
    ///
    /// See [`AuditEvent`].
    pub fn new(action: Action, kind: Kind, at: Timestamp) -> Self {
        Self {
            action,
            kind,
            at,
            id: None,
            purpose: None,
            count: 0,
        }
    }

    pub(crate) fn id(mut self, id: TokenId) -> Self {
        self.id = Some(id);
        self
    }

    pub(crate) fn purpose(mut self, purpose: &str) -> Self {
        self.purpose = Some(purpose.to_owned());
        self
    }

    pub(crate) fn count(mut self, count: u64) -> Self {
        self.count = count;
        self
    }
}

/// Where audit events go. Called synchronously on the operation's task, after the store has
/// committed: keep it quick (hand slow work to a channel).
///
/// # Examples
///
/// ```
/// use std::sync::Mutex;
/// use pssst_lifecycle::{AuditEvent, AuditSink};
///
/// #[derive(Default)]
/// struct Counter(Mutex<u64>);
///
/// impl AuditSink for Counter {
///     fn record(&self, _event: &AuditEvent) {
///         *self.0.lock().unwrap() += 1;
///     }
/// }
/// ```
pub trait AuditSink: Send + Sync + 'static {
    /// Records one event.
    fn record(&self, event: &AuditEvent);
}

impl<S: AuditSink + ?Sized> AuditSink for Arc<S> {
    fn record(&self, event: &AuditEvent) {
        (**self).record(event);
    }
}

/// Writes audit events as `tracing` events with target `pssst::audit`: refused malformed input
/// at `warn` (a misbehaving client), everything else at `info`.
///
/// Fields: `action`, `reason`, `kind`, `id`, `purpose`, `count`, `at_us`.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Action, AuditEvent, AuditSink, Kind, Timestamp, TracingSink};
/// let event = AuditEvent::new(Action::Purged, Kind::Token, Timestamp::from_unix_seconds(0));
/// TracingSink.record(&event);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct TracingSink;

impl AuditSink for TracingSink {
    fn record(&self, event: &AuditEvent) {
        let reason = match event.action {
            Action::Rejected(reason) => reason.as_str(),
            _ => "",
        };
        let id = event.id.map(|id| id.to_string()).unwrap_or_default();
        let purpose = event.purpose.as_deref().unwrap_or("");
        let malformed = matches!(event.action, Action::Rejected(r) if r.is_malformed());
        macro_rules! emit {
            ($level:expr) => {
                tracing::event!(
                    target: "pssst::audit",
                    $level,
                    action = event.action.as_str(),
                    reason,
                    kind = event.kind.as_str(),
                    id,
                    purpose,
                    count = event.count,
                    at_us = event.at.as_unix_micros(),
                    "token audit"
                )
            };
        }
        if malformed {
            emit!(tracing::Level::WARN);
        } else {
            emit!(tracing::Level::INFO);
        }
    }
}
