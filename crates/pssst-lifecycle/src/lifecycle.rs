//! The lifecycle of a token: issue, peek, consume. Codes and maintenance live in the
//! submodules; every rule is decided here, and stores only carry it out.

mod codes;
mod import;
mod issue;
mod maintenance;
mod settings;

use std::sync::Arc;
use std::time::Duration;

use pssst::Token;
use tracing::instrument;

use crate::audit::{Action, AuditEvent, AuditSink, Reason, TracingSink};
use crate::clock::{Clock, SystemClock};
use crate::config::{Compat, Config, Supersede, clamp_ttl};
use crate::digest::{Digest, token_candidates};
use crate::error::{Error, Result};
use crate::input::{check_purpose, check_subject, check_token};
use crate::keyring::KeyRing;
use crate::record::{Kind, Status, TokenId, TokenRecord};
use crate::store::{BoxFuture, Lookup, NewToken, TokenStore};
use crate::time::Timestamp;

pub use self::import::{ImportReport, ImportRow};
pub use self::maintenance::PURGE_BATCH;

/// Per-call choices for [`Lifecycle::issue`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// let options = pssst_lifecycle::IssueOptions::default().ttl(Duration::from_secs(600));
/// # let _ = options;
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct IssueOptions {
    ttl: Option<Duration>,
}

impl IssueOptions {
    /// A lifetime for this token instead of the purpose's (clamped and checked the same way).
    ///
    /// # Examples
    ///
    /// See [`IssueOptions`].
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = Some(ttl);
        self
    }
}

/// Issues and checks tokens and codes against a [`TokenStore`].
///
/// # Security
///
/// - Only a hash is stored: HMAC-SHA256 under the key ring's current pepper, with the purpose
///   in the MAC input (see [`Digest`]). Plain SHA-256 only with [`Compat`].
/// - Every presented token is checked for length, whitespace, prefix and alphabet before any
///   hashing or database work.
/// - Callers learn only [`Error::Invalid`]; the reason goes to the [`AuditSink`], which never
///   receives a token, code or hash.
/// - `consume` is one guarded write: of any number of concurrent callers, one wins.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, SqliteStore, SystemClock, Clock};
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let store = SqliteStore::open_in_memory().await?;
/// let lifecycle = Lifecycle::new(store, KeyRing::generate(SystemClock.now())?, Config::default());
///
/// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
/// let record = lifecycle.consume(issued.token(), "reset").await?;
/// assert_eq!(record.subject, "user-42");
/// assert!(matches!(lifecycle.consume(issued.token(), "reset").await, Err(Error::Invalid)));
/// # Ok::<(), Error>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Lifecycle<S> {
    store: S,
    keys: KeyRing,
    config: Config,
    clock: Arc<dyn Clock>,
    audit: Arc<dyn AuditSink>,
}

impl<S: TokenStore> Lifecycle<S> {
    /// Checks the subject and purpose of a new token or code, and gives its lifetime: the
    /// requested one or the purpose's default, clamped to the allowed range.
    pub(crate) fn checked_ttl(
        &self,
        subject: &str,
        purpose: &str,
        options: &IssueOptions,
    ) -> Result<Duration> {
        check_subject(subject)?;
        check_purpose(purpose)?;
        let ttl = options.ttl.unwrap_or(self.config.policy(purpose).ttl());
        clamp_ttl(ttl)
    }

    /// A lifecycle over `store`, hashing with `keys`, on the system clock, auditing to
    /// [`TracingSink`].
    ///
    /// # Examples
    ///
    /// See [`Lifecycle`].
    pub fn new(store: S, keys: KeyRing, config: Config) -> Self {
        Self {
            store,
            keys,
            config,
            clock: Arc::new(SystemClock),
            audit: Arc::new(TracingSink),
        }
    }

    /// Whether `token` is valid for `purpose` right now, and for whom, without using it: for
    /// rendering the form behind a link (GET requests and mail scanners must not burn tokens).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for any token that is not live for this purpose;
    /// [`Error::Argument`] for a malformed purpose; [`Error::NoKey`] when the key ring is
    /// empty and imported rows are not accepted; storage errors.
    ///
    /// # Security
    ///
    /// A peek is no proof of possession for anything beyond showing a form: act only on
    /// [`Lifecycle::consume`].
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
    /// lifecycle.peek(issued.token(), "reset").await?;
    /// lifecycle.peek(issued.token(), "reset").await?; // still there
    /// lifecycle.consume(issued.token(), "reset").await?;
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all, fields(purpose = %purpose))]
    pub async fn peek(&self, token: &Token, purpose: &str) -> Result<TokenRecord> {
        let now = self.clock.now();
        let digests = self.presented(token, purpose, now)?;
        let Some(record) = self.store.find(&digests).await? else {
            return Err(self.reject(Reason::Unknown, Kind::Token, purpose, None, now));
        };

        match judge(&record, purpose, now) {
            Ok(()) => {
                self.emit(
                    AuditEvent::new(Action::Peeked, Kind::Token, now)
                        .id(record.id)
                        .purpose(purpose),
                );
                Ok(record)
            }
            Err(reason) => Err(self.reject(reason, Kind::Token, purpose, Some(record.id), now)),
        }
    }

    /// Uses `token` for `purpose`, once: one guarded write, so exactly one of any number of
    /// concurrent callers succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the token is unknown, expired, used, revoked, malformed or for
    /// another purpose; [`Error::Argument`] for a malformed purpose; [`Error::NoKey`] as in
    /// [`Lifecycle::peek`]; storage errors.
    ///
    /// # Security
    ///
    /// A token presented for the wrong purpose is refused and stays usable for its own.
    ///
    /// # Examples
    ///
    /// See [`Lifecycle`].
    #[instrument(skip_all, fields(purpose = %purpose))]
    pub async fn consume(&self, token: &Token, purpose: &str) -> Result<TokenRecord> {
        let now = self.clock.now();
        let digests = self.presented(token, purpose, now)?;
        let lookup = Lookup {
            purpose,
            digests: &digests,
            now,
        };

        match self.store.consume(&lookup).await? {
            Some(record) => {
                self.emit(
                    AuditEvent::new(Action::Consumed, Kind::Token, now)
                        .id(record.id)
                        .purpose(purpose),
                );
                Ok(record)
            }
            None => Err(self.explain(&digests, purpose, now).await),
        }
    }

    /// Uses `token` and runs `work` (such as the password change) on the store's connection
    /// in the same transaction: if `work` fails, the consume is rolled back and the token
    /// stays usable.
    ///
    /// # Errors
    ///
    /// `work`'s error after a rollback; [`Error::Invalid`] (converted into `E`) when the token
    /// is not valid, in which case `work` never runs; [`Error::NoKey`] as in
    /// [`Lifecycle::peek`]; storage errors, converted.
    ///
    /// # Security
    ///
    /// The database lock is held while `work` runs; keep it to a few statements, and do not
    /// call this lifecycle's writes from inside it (they would wait for `work`'s own
    /// transaction and fail with [`Error::Locked`] after the busy timeout).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = SqliteStore::open_in_memory().await?;
    /// sqlx::query("CREATE TABLE users (id TEXT PRIMARY KEY, password TEXT)")
    ///     .execute(store.pool()).await.unwrap();
    /// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// let lifecycle = Lifecycle::new(store, keys, Config::default());
    /// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
    ///
    /// let (record, ()) = lifecycle
    ///     .consume_with(issued.token(), "reset", |conn, record| Box::pin(async move {
    ///         sqlx::query("INSERT INTO users VALUES ($1, 'new hash')")
    ///             .bind(record.subject)
    ///             .execute(&mut *conn)
    ///             .await
    ///             .map_err(|e| Error::Database(Box::new(e)))?;
    ///         Ok::<_, Error>(())
    ///     }))
    ///     .await?;
    /// assert_eq!(record.subject, "user-42");
    /// # Ok::<(), Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all, fields(purpose = %purpose))]
    pub async fn consume_with<T, E, F>(
        &self,
        token: &Token,
        purpose: &str,
        work: F,
    ) -> Result<(TokenRecord, T), E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut S::Conn, TokenRecord) -> BoxFuture<'c, Result<T, E>> + Send,
    {
        let now = self.clock.now();
        let digests = self.presented(token, purpose, now)?;
        let lookup = Lookup {
            purpose,
            digests: &digests,
            now,
        };

        match self.store.consume_with(&lookup, work).await {
            Ok(Some((record, value))) => {
                self.emit(
                    AuditEvent::new(Action::Consumed, Kind::Token, now)
                        .id(record.id)
                        .purpose(purpose),
                );
                Ok((record, value))
            }
            Ok(None) => Err(E::from(self.explain(&digests, purpose, now).await)),
            Err(err) => {
                let event = AuditEvent::new(Action::RolledBack, Kind::Token, now);
                self.emit(event.purpose(purpose));
                Err(err)
            }
        }
    }

    /// Checks the purpose and the token's shape, then every hash it could be stored under.
    fn presented(&self, token: &Token, purpose: &str, now: Timestamp) -> Result<Vec<Digest>> {
        check_purpose(purpose)?;
        let text = token.expose_secret();
        // LIMITATION: with a prefix configured, every presented token must carry it, so rows
        // imported from the Python flow (whose tokens have no prefix) cannot be verified by a
        // lifecycle that also issues prefixed tokens; run them under a second `Lifecycle`
        // without a prefix until they expire.
        if let Err(reason) = check_token(text, self.config.token_prefix()) {
            return Err(self.reject(reason, Kind::Token, purpose, None, now));
        }
        let accept_sha256 = self.config.compat_mode() != Compat::Off;
        // An empty ring is a setup error, like a missing key file, not an invalid token: every
        // peppered token would be "unknown". With imported rows accepted an empty ring is a
        // valid setup (a host that only verifies the Python flow's rows), so it goes on.
        if self.keys.current().is_none() && !accept_sha256 {
            return Err(Error::NoKey);
        }
        let digests = token_candidates(&self.keys, purpose, text, accept_sha256);
        if digests.is_empty() {
            return Err(self.reject(Reason::Unknown, Kind::Token, purpose, None, now));
        }
        Ok(digests)
    }

    /// Finds out, for the audit log only, why a consume found nothing live.
    async fn explain(&self, digests: &[Digest], purpose: &str, now: Timestamp) -> Error {
        let found = match self.store.find(digests).await {
            Ok(found) => found,
            Err(err) => return err,
        };
        let reason = match &found {
            Some(record) => reason_or_unknown(judge(record, purpose, now)),
            None => Reason::Unknown,
        };
        self.reject(reason, Kind::Token, purpose, found.map(|r| r.id), now)
    }

    fn new_token(&self) -> Result<Token> {
        let body = pssst::token_urlsafe(pssst::DEFAULT_BYTES)?;
        Ok(match self.config.token_prefix() {
            Some(prefix) => Token::new(format!("{prefix}{}", body.expose_secret())),
            None => body,
        })
    }

    fn issue_digest(&self, purpose: &str, token: &str) -> Result<Digest> {
        if self.config.compat_mode() == Compat::DangerIssuePlainSha256 {
            return Ok(Digest::sha256_of_token(token));
        }
        let key = self.keys.current().ok_or(Error::NoKey)?;
        Ok(Digest::token_mac(key, purpose, token))
    }

    /// Audits an issue, then each older row it revoked, one event per row with its id.
    fn record_issue(&self, row: &NewToken, superseded: &[TokenId]) {
        let event = AuditEvent::new(Action::Issued, row.kind, row.created_at);
        self.emit(event.id(row.id).purpose(&row.purpose));
        for &id in superseded {
            let event = AuditEvent::new(Action::Superseded, row.kind, row.created_at);
            self.emit(event.id(id).purpose(&row.purpose).count(1));
        }
    }

    /// Audits a rejection and returns the one error callers see.
    fn reject(
        &self,
        reason: Reason,
        kind: Kind,
        purpose: &str,
        id: Option<TokenId>,
        now: Timestamp,
    ) -> Error {
        let mut event = AuditEvent::new(Action::Rejected(reason), kind, now).purpose(purpose);
        event.id = id;
        self.emit(event);
        Error::Invalid
    }

    fn emit(&self, event: AuditEvent) {
        self.audit.record(&event);
    }
}

/// Why a stored row cannot be used for `purpose` at `now`, if it cannot.
fn judge(record: &TokenRecord, purpose: &str, now: Timestamp) -> Result<(), Reason> {
    if record.purpose != purpose {
        return Err(Reason::WrongPurpose);
    }
    match record.status_at(now) {
        Status::Live => Ok(()),
        Status::Used => Err(Reason::Used),
        Status::Revoked => Err(Reason::Revoked),
        Status::Expired => Err(Reason::Expired),
    }
}

/// A row that looks live after its guarded consume failed lost nothing we can name.
fn reason_or_unknown(verdict: Result<(), Reason>) -> Reason {
    verdict.err().unwrap_or(Reason::Unknown)
}

fn keep_count(rule: Supersede) -> Option<u32> {
    match rule {
        Supersede::KeepLast(keep) => Some(keep.max(1)),
        Supersede::KeepAll => None,
    }
}

fn new_row(
    kind: Kind,
    subject: &str,
    purpose: &str,
    digest: Digest,
    now: Timestamp,
    ttl: Duration,
) -> Result<NewToken> {
    Ok(NewToken {
        id: TokenId::generate()?,
        kind,
        subject: subject.to_owned(),
        purpose: purpose.to_owned(),
        digest,
        created_at: now,
        expires_at: now.saturating_add(ttl),
        used_at: None,
    })
}

fn issued_record(row: NewToken) -> TokenRecord {
    TokenRecord {
        id: row.id,
        kind: row.kind,
        key_id: row.digest.key_id().map(str::to_owned),
        subject: row.subject,
        purpose: row.purpose,
        created_at: row.created_at,
        expires_at: row.expires_at,
        used_at: None,
        revoked_at: None,
        attempts: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send<T: Send>(_: T) {}

    /// Never called: it only has to compile, so that the HTTP service can hold these futures
    /// across `.await` in handlers whatever the store.
    #[allow(dead_code, reason = "a compile-time check")]
    fn every_operation_is_send<S: TokenStore>(lifecycle: &Lifecycle<S>, token: &Token) {
        is_send(lifecycle.issue("s", "p", IssueOptions::default()));
        is_send(
            lifecycle.issue_with("s", "p", IssueOptions::default(), |_conn, _issued| {
                Box::pin(async { Ok::<_, Error>(()) })
            }),
        );
        is_send(lifecycle.peek(token, "p"));
        is_send(lifecycle.consume(token, "p"));
        is_send(lifecycle.consume_with(token, "p", |_conn, _record| {
            Box::pin(async { Ok::<_, Error>(()) })
        }));
        is_send(lifecycle.issue_code("s", "p", IssueOptions::default()));
        is_send(lifecycle.verify_code("s", "p", token));
        is_send(lifecycle.revoke_all("s", None));
        is_send(lifecycle.purge(Duration::ZERO));
        is_send(lifecycle.import(&[], "p"));
    }

    #[test]
    fn expiry_verdicts_follow_the_one_rule() {
        let record = TokenRecord {
            id: TokenId::generate().unwrap(),
            kind: Kind::Token,
            subject: "s".into(),
            purpose: "reset".into(),
            key_id: None,
            created_at: Timestamp::from_unix_micros(0),
            expires_at: Timestamp::from_unix_micros(10),
            used_at: None,
            revoked_at: None,
            attempts: 0,
        };
        assert_eq!(
            judge(&record, "reset", Timestamp::from_unix_micros(9)),
            Ok(())
        );
        assert_eq!(
            judge(&record, "reset", Timestamp::from_unix_micros(10)),
            Err(Reason::Expired)
        );
        assert_eq!(
            judge(&record, "invite", Timestamp::from_unix_micros(9)),
            Err(Reason::WrongPurpose)
        );
    }
}
