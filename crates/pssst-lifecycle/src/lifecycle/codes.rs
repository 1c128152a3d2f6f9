//! Short numeric codes: always a keyed MAC, attempts counted before comparing, few live.

use pssst::Token;
use tracing::instrument;

use crate::audit::{Action, AuditEvent, Reason};
use crate::config::Supersede;
use crate::digest::{Digest, code_candidates};
use crate::error::{Error, Result};
use crate::input::{check_code, check_purpose, check_subject};
use crate::lifecycle::{IssueOptions, Lifecycle, issued_record, new_row};
use crate::record::{IssuedToken, Kind, TokenRecord};
use crate::store::{ListFilter, TokenStore};
use crate::time::Timestamp;

impl<S: TokenStore> Lifecycle<S> {
    /// Issues a numeric code (6 digits by default) for `subject` and `purpose`, revoking
    /// older codes beyond the policy's live limit.
    ///
    /// # Errors
    ///
    /// As [`Lifecycle::issue`]; [`Error::NoKey`] whatever the compatibility mode, since a
    /// short code must never be stored as a plain hash.
    ///
    /// # Security
    ///
    /// A code has about 20 bits: it is safe only because guesses are capped (see
    /// [`CodePolicy`](crate::CodePolicy)). Rate-limit issuing too, or an attacker can ask for
    /// fresh codes and fresh attempts.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// # let store = SqliteStore::open_in_memory().await?;
    /// # let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
    /// # let lifecycle = Lifecycle::new(store, keys, Config::default());
    /// let issued = lifecycle.issue_code("user-42", "login", Default::default()).await?;
    /// assert_eq!(issued.token().expose_secret().len(), 6);
    /// let record = lifecycle.verify_code("user-42", "login", issued.token()).await?;
    /// assert_eq!(record.attempts, 1);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    // LIMITATION: nothing here limits how often codes are issued; each new code brings fresh
    // attempts, so without a rate limit in front (the HTTP service, or the application) the
    // number of guesses against a subject grows with the number of codes requested.
    #[instrument(skip_all, fields(purpose = %purpose))]
    pub async fn issue_code(
        &self,
        subject: &str,
        purpose: &str,
        options: IssueOptions,
    ) -> Result<IssuedToken> {
        let ttl = self.checked_ttl(subject, purpose, &options)?;
        let policy = self.config.policy(purpose);
        let codes = self.config.code_policy();

        let key = self.keys.current().ok_or(Error::NoKey)?;
        let code = random_code(codes.digits())?;
        let digest = Digest::code_mac(key, purpose, subject, code.expose_secret());
        let now = self.clock.now();
        let row = new_row(Kind::Code, subject, purpose, digest, now, ttl)?;
        let keep = match policy.supersede_rule() {
            Supersede::KeepLast(keep) => keep.clamp(1, codes.max_live()),
            Supersede::KeepAll => codes.max_live(),
        };
        let superseded = self.store.insert(&row, Some(keep)).await?;

        self.record_issue(&row, &superseded);
        Ok(IssuedToken {
            token: code,
            record: issued_record(row),
        })
    }

    /// Checks a code guess for `subject` and `purpose`. An attempt is charged to every live
    /// code of the subject before comparing; a code past its attempt limit never matches.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] for a wrong, malformed, expired, used or exhausted code;
    /// [`Error::Argument`] for a malformed subject or purpose; [`Error::NoKey`] when the key
    /// ring is empty (no attempt is charged); storage errors.
    ///
    /// # Security
    ///
    /// A malformed guess is refused before the database and charges no attempt; it cannot
    /// match either. The charge is committed before the comparison, so concurrent guesses
    /// cannot exceed the limit.
    ///
    /// # Examples
    ///
    /// See [`Lifecycle::issue_code`].
    #[instrument(skip_all, fields(purpose = %purpose))]
    pub async fn verify_code(
        &self,
        subject: &str,
        purpose: &str,
        code: &Token,
    ) -> Result<TokenRecord> {
        check_subject(subject)?;
        check_purpose(purpose)?;
        let now = self.clock.now();
        let codes = self.config.code_policy();
        if let Err(reason) = check_code(code.expose_secret(), codes.digits()) {
            return Err(self.reject(reason, Kind::Code, purpose, None, now));
        }
        // Codes are always peppered: with no key none can match, which is a setup error.
        if self.keys.current().is_none() {
            return Err(Error::NoKey);
        }

        let charged = self
            .store
            .charge_code_attempt(subject, purpose, codes.max_attempts(), now)
            .await?;
        if charged.is_empty() {
            let reason = self.why_no_code(subject, purpose, now).await?;
            return Err(self.reject(reason, Kind::Code, purpose, None, now));
        }

        let digests = code_candidates(&self.keys, purpose, subject, code.expose_secret());
        let consumed = if digests.is_empty() {
            None
        } else {
            self.store.consume_code(&charged, &digests, now).await?
        };
        match consumed {
            Some(record) => {
                let event = AuditEvent::new(Action::Consumed, Kind::Code, now).id(record.id);
                self.emit(event.purpose(purpose));
                Ok(record)
            }
            None => Err(self.reject(Reason::WrongCode, Kind::Code, purpose, None, now)),
        }
    }

    /// No code could be charged: all live ones are out of attempts, or there is none.
    async fn why_no_code(&self, subject: &str, purpose: &str, now: Timestamp) -> Result<Reason> {
        let filter = ListFilter {
            subject: Some(subject.to_owned()),
            purpose: Some(purpose.to_owned()),
            live_only: true,
            limit: 10,
        };
        let live = self.store.list(&filter, now).await?;
        let exhausted = live.iter().any(|record| record.kind == Kind::Code);
        Ok(if exhausted {
            Reason::NoAttemptsLeft
        } else {
            Reason::Unknown
        })
    }
}

/// A uniformly random code of `digits` decimal digits, leading zeros kept.
fn random_code(digits: u8) -> Result<Token> {
    let bound = 10u64.pow(u32::from(digits));
    let value = pssst::randbelow(bound)?;
    Ok(Token::new(format!(
        "{value:0width$}",
        width = usize::from(digits)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_exactly_the_requested_digits() {
        for digits in 6..=10 {
            let code = random_code(digits).unwrap();
            assert_eq!(code.expose_secret().len(), usize::from(digits));
            assert!(code.expose_secret().bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
