//! Importing rows another system stored as plain SHA-256 (the Python flow's), all or none.
//!
//! Decisions, for rows the other system wrote as it pleased:
//! - A row already expired at import is not imported, only counted: it could never verify,
//!   and its hash needs no remembering, since an expiry never moves.
//! - A row without a creation time gets `expires_at` minus the purpose's lifetime. No
//!   creation time is after the import (a row expiring in 7 days would otherwise list as made
//!   in 7 days) or before 1970.
//! - A used row's `used_at` is kept between its creation time and the import: a use cannot
//!   precede the token, and one dated ahead would list as used in the future. The check of
//!   `used_at` is a clamp, not an error, since the row is dead either way and refusing the
//!   whole table for one odd clock would leave every token in it live elsewhere.
//! - A hash that appears more than once is one token: the copies are merged and the most
//!   restrictive state wins (used if any copy is used, at the earliest use; the earliest
//!   expiry). Copies with different subjects are an error, as no answer would be right.

use std::collections::HashMap;
use std::time::Duration;

use tracing::instrument;

use crate::audit::{Action, AuditEvent};
use crate::config::MAX_TTL;
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::input::{check_purpose, check_subject};
use crate::lifecycle::Lifecycle;
use crate::record::{Kind, TokenId};
use crate::store::{NewToken, TokenStore};
use crate::time::Timestamp;

/// A row written by another system that stored `hashlib.sha256(token.encode()).hexdigest()`,
/// as read by [`read_python_peer`](crate::store::sqlite::read_python_peer).
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{ImportRow, Timestamp};
/// let row = ImportRow {
///     sha256_hex: "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e".into(),
///     subject: "user-42".into(),
///     created_at: None,
///     expires_at: Timestamp::from_unix_seconds(1_900),
///     used_at: None,
/// };
/// # let _ = row;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The SHA-256 of the token text, 64 hex digits.
    pub sha256_hex: String,
    /// Whom it was issued for.
    pub subject: String,
    /// When it was issued; unknown rows get `expires_at` minus the purpose's lifetime. A time
    /// after the import is replaced by the import's time, one before 1970 by 1970.
    pub created_at: Option<Timestamp>,
    /// The first instant it is no longer valid.
    pub expires_at: Timestamp,
    /// When it was used, if it was; kept between the (adjusted) creation time and the import's
    /// time, so a use is never dated before its token or after the import.
    pub used_at: Option<Timestamp>,
}

/// What [`Lifecycle::import`] did with the rows it was given.
///
/// # Examples
///
/// ```
/// let report = pssst_lifecycle::ImportReport::default();
/// assert_eq!(report.skipped(), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportReport {
    /// Rows given.
    pub rows: u64,
    /// Rows inserted.
    pub inserted: u64,
    /// Rows not imported because they had expired (after merging copies).
    pub expired: u64,
    /// Rows merged into an earlier row with the same hash.
    pub duplicates: u64,
}

impl ImportReport {
    /// Rows not inserted because their hash was stored already or imported before.
    ///
    /// # Examples
    ///
    /// See [`ImportReport`].
    pub fn skipped(&self) -> u64 {
        let accounted = self.inserted + self.expired + self.duplicates;
        self.rows.saturating_sub(accounted)
    }
}

impl<S: TokenStore> Lifecycle<S> {
    /// Imports rows stored as plain SHA-256 (the Python flow's) for `purpose`, skipping hashes
    /// already present and hashes imported before, even when purge has deleted their rows
    /// since: importing the same table again never brings a used token back. Rows already
    /// expired are left out and counted; copies of one hash are merged, the most restrictive
    /// state winning (see the module's decisions). No row is dated after the import or before
    /// 1970, and a use never before its token's creation (see [`ImportRow`]). They verify only
    /// with [`Compat::VerifyImported`](crate::Compat) or beyond.
    ///
    /// # Errors
    ///
    /// [`Error::Import`] naming the row and the column for a row whose hash is not 64 hex
    /// digits, whose subject fails [`check_subject`](crate::check_subject) (the reason it
    /// gives is in the message), whose expiry is not after its creation or is more
    /// than [`MAX_TTL`] after now (a token no issue could have made, such as a milliseconds
    /// timestamp read as seconds), or whose hash repeats an earlier row's with another
    /// subject; then nothing is imported. Storage errors.
    ///
    /// # Security
    ///
    /// Imported rows keep the weakness they had: anyone with a copy of the table can confirm a
    /// guessed token. Rotate to peppered tokens by letting them expire.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::Token;
    /// use pssst_lifecycle::{
    ///     Compat, Config, ImportRow, KeyRing, Lifecycle, ManualClock, SqliteStore, Timestamp,
    /// };
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let clock = ManualClock::new(Timestamp::from_unix_seconds(1_000));
    /// let store = SqliteStore::open_in_memory().await?;
    /// let config = Config::default().compat(Compat::VerifyImported);
    /// let lifecycle = Lifecycle::new(store, KeyRing::new(), config).with_clock(clock);
    /// let row = ImportRow {
    ///     sha256_hex: "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e".into(),
    ///     subject: "user-42".into(),
    ///     created_at: None,
    ///     expires_at: Timestamp::from_unix_seconds(1_900),
    ///     used_at: None,
    /// };
    /// assert_eq!(lifecycle.import(&[row], "reset").await?.inserted, 1);
    /// let token = Token::new("8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA".into());
    /// assert_eq!(lifecycle.consume(&token, "reset").await?.subject, "user-42");
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[instrument(skip_all, fields(purpose = %purpose, rows = rows.len()))]
    pub async fn import(&self, rows: &[ImportRow], purpose: &str) -> Result<ImportReport> {
        check_purpose(purpose)?;
        let ttl = self.config.policy(purpose).ttl();
        let now = self.clock.now();
        let (mut new, duplicates) = merged(rows, purpose, ttl, now)?;
        let before = new.len();
        new.retain(|row| row.expires_at > now);
        let expired = (before - new.len()) as u64;

        let inserted = self.store.import(&new).await?;
        let event = AuditEvent::new(Action::Imported, Kind::Token, now);
        self.emit(event.purpose(purpose).count(inserted));
        Ok(ImportReport {
            rows: rows.len() as u64,
            inserted,
            expired,
            duplicates,
        })
    }
}

/// Checks every row and merges copies of one hash; returns the rows to store and how many
/// copies were merged away.
fn merged(
    rows: &[ImportRow],
    purpose: &str,
    ttl: Duration,
    now: Timestamp,
) -> Result<(Vec<NewToken>, u64)> {
    let mut new: Vec<NewToken> = Vec::with_capacity(rows.len());
    let mut first: HashMap<String, (usize, usize)> = HashMap::new();
    let mut duplicates = 0;
    for (index, row) in rows.iter().enumerate() {
        let number = index + 1;
        let token = import_row(number, row, purpose, ttl, now)?;
        let hex = token.digest.hex().to_owned();
        match first.get(&hex) {
            Some(&(at, earlier)) => {
                merge(&mut new[at], token, number, earlier)?;
                duplicates += 1;
            }
            None => {
                first.insert(hex, (new.len(), number));
                new.push(token);
            }
        }
    }
    Ok((new, duplicates))
}

/// Folds row `number`, a copy of row `earlier`, into it: the earliest expiry and creation,
/// and the earliest use if any copy was used.
fn merge(kept: &mut NewToken, copy: NewToken, number: usize, earlier: usize) -> Result<()> {
    if kept.subject != copy.subject {
        let why = format!("token_hash repeats row {earlier} with another subject");
        return Err(Error::Import { row: number, why });
    }
    kept.expires_at = kept.expires_at.min(copy.expires_at);
    kept.created_at = kept.created_at.min(copy.created_at);
    kept.used_at = match (kept.used_at, copy.used_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok(())
}

/// Checks one row, `number` counted from 1, and makes it ready to store.
fn import_row(
    number: usize,
    row: &ImportRow,
    purpose: &str,
    ttl: Duration,
    now: Timestamp,
) -> Result<NewToken> {
    let bad = |why: &str| Error::Import {
        row: number,
        why: why.to_owned(),
    };
    let hex = row.sha256_hex.to_ascii_lowercase();
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("token_hash is not 64 hex digits"));
    }
    check_subject(&row.subject).map_err(|err| match err {
        Error::Argument { why, .. } => bad(&format!("subject {why}")),
        other => other,
    })?;
    let created_at = row.created_at.unwrap_or(row.expires_at.saturating_sub(ttl));
    if row.expires_at <= created_at {
        return Err(bad("expires_at is not after the creation time"));
    }
    if row.expires_at > now.saturating_add(MAX_TTL) {
        return Err(bad("expires_at is further ahead than the longest lifetime"));
    }
    // max then min rather than clamp, which panics on a clock set before 1970.
    let created_at = created_at.max(EPOCH).min(now);
    Ok(NewToken {
        id: TokenId::generate()?,
        kind: Kind::Token,
        subject: row.subject.clone(),
        purpose: purpose.to_owned(),
        digest: Digest::from_parts(None, hex),
        created_at,
        expires_at: row.expires_at,
        used_at: row.used_at.map(|used| used.max(created_at).min(now)),
    })
}

/// The earliest time an imported row is dated: 1970-01-01T00:00:00Z.
const EPOCH: Timestamp = Timestamp::from_unix_micros(0);
