//! Policies: lifetimes, how many live tokens a subject keeps, prefixes, codes, compatibility.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::input::{check_prefix, check_purpose};

/// The lifetime of a token when nothing else is configured: 15 minutes, as in Python's
/// documentation and OWASP's Forgot Password Cheat Sheet.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::DEFAULT_TTL.as_secs(), 900);
/// ```
pub const DEFAULT_TTL: Duration = Duration::from_secs(15 * 60);

/// The shortest lifetime: 1 minute. Shorter requests are raised to it, since a link that dies
/// before a mail arrives helps nobody.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::MIN_TTL.as_secs(), 60);
/// ```
pub const MIN_TTL: Duration = Duration::from_secs(60);

/// The longest lifetime: 7 days, long enough for an invitation. Longer requests are an error,
/// not clamped, so a typo (`15d` for `15m`) is caught.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::MAX_TTL.as_secs(), 604_800);
/// ```
pub const MAX_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// What happens to a subject's older live tokens of the same purpose when a new one is issued.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::Supersede;
/// assert_eq!(Supersede::default(), Supersede::KeepLast(1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Supersede {
    /// Keep at most this many live tokens, the new one included; revoke older ones. `1` (the
    /// default) means a new reset mail makes every earlier link useless.
    KeepLast(u32),
    /// Revoke nothing.
    KeepAll,
}

impl Default for Supersede {
    fn default() -> Self {
        Self::KeepLast(1)
    }
}

/// The lifetime and supersede rule of one purpose.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use pssst_lifecycle::{Policy, Supersede};
/// let invite = Policy::new(Duration::from_secs(3 * 86_400))?.supersede(Supersede::KeepAll);
/// assert_eq!(invite.ttl(), Duration::from_secs(259_200));
/// # Ok::<(), pssst_lifecycle::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    ttl: Duration,
    supersede: Supersede,
}

impl Policy {
    /// A policy with this lifetime (clamped up to [`MIN_TTL`]) and the default supersede rule.
    ///
    /// # Errors
    ///
    /// [`Error::TtlTooLong`] above [`MAX_TTL`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = pssst_lifecycle::Policy::new(Duration::from_secs(1))?;
    /// assert_eq!(policy.ttl(), pssst_lifecycle::MIN_TTL);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn new(ttl: Duration) -> Result<Self> {
        Ok(Self {
            ttl: clamp_ttl(ttl)?,
            supersede: Supersede::default(),
        })
    }

    /// The same policy with another supersede rule.
    ///
    /// # Examples
    ///
    /// See [`Policy`].
    pub fn supersede(self, supersede: Supersede) -> Self {
        Self { supersede, ..self }
    }

    /// The lifetime.
    ///
    /// # Examples
    ///
    /// See [`Policy`].
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The supersede rule.
    ///
    /// # Examples
    ///
    /// ```
    /// let policy = pssst_lifecycle::Policy::default();
    /// assert_eq!(policy.supersede_rule(), pssst_lifecycle::Supersede::KeepLast(1));
    /// ```
    pub fn supersede_rule(&self) -> Supersede {
        self.supersede
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            ttl: DEFAULT_TTL,
            supersede: Supersede::default(),
        }
    }
}

/// Whether rows hashed with plain SHA-256 (the Python flow's) are used.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::Compat::default(), pssst_lifecycle::Compat::Off);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compat {
    /// Only peppered rows verify (the default).
    #[default]
    Off,
    /// Imported plain SHA-256 rows verify too; new tokens are still peppered.
    VerifyImported,
    /// New tokens are stored as plain SHA-256 as well, for an application that shares the
    /// table with a Python service during a migration. Anyone who can write the database can
    /// then plant tokens, and a copy of it confirms guesses offline.
    DangerIssuePlainSha256,
}

/// Limits on numeric codes.
///
/// # Examples
///
/// ```
/// let codes = pssst_lifecycle::CodePolicy::default();
/// assert_eq!((codes.digits(), codes.max_attempts(), codes.max_live()), (6, 5, 1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodePolicy {
    digits: u8,
    max_attempts: u32,
    max_live: u32,
}

impl CodePolicy {
    /// Codes of `digits` digits (6 to 10), each allowing `max_attempts` guesses (1 to 10), at
    /// most `max_live` live per subject and purpose (1 to 5). A guess counts against every
    /// live code, so the chance of guessing right is at most
    /// `max_live * max_attempts / 10^digits` per issued set.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] outside those ranges.
    ///
    /// # Examples
    ///
    /// ```
    /// let codes = pssst_lifecycle::CodePolicy::new(8, 3, 1)?;
    /// assert_eq!(codes.digits(), 8);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn new(digits: u8, max_attempts: u32, max_live: u32) -> Result<Self> {
        if !(6..=10).contains(&digits) {
            return Err(Error::argument("code digits", "expected 6 to 10"));
        }
        if !(1..=10).contains(&max_attempts) {
            return Err(Error::argument("code attempts", "expected 1 to 10"));
        }
        if !(1..=5).contains(&max_live) {
            return Err(Error::argument("live codes", "expected 1 to 5"));
        }
        Ok(Self {
            digits,
            max_attempts,
            max_live,
        })
    }

    /// Digits per code.
    ///
    /// # Examples
    ///
    /// See [`CodePolicy`].
    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// Guesses allowed against each code.
    ///
    /// # Examples
    ///
    /// See [`CodePolicy`].
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Live codes a subject may hold per purpose.
    ///
    /// # Examples
    ///
    /// See [`CodePolicy`].
    pub fn max_live(&self) -> u32 {
        self.max_live
    }
}

impl Default for CodePolicy {
    fn default() -> Self {
        Self {
            digits: 6,
            max_attempts: 5,
            max_live: 1,
        }
    }
}

/// Everything a [`Lifecycle`](crate::Lifecycle) is told besides its store, keys and clock.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use pssst_lifecycle::{Config, Policy};
///
/// let config = Config::default()
///     .purpose("invite", Policy::new(Duration::from_secs(86_400))?)?
///     .prefix("pssst_rst_")?;
/// assert_eq!(config.policy("invite").ttl(), Duration::from_secs(86_400));
/// assert_eq!(config.policy("reset").ttl(), pssst_lifecycle::DEFAULT_TTL);
/// # Ok::<(), pssst_lifecycle::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Config {
    default_policy: Policy,
    purposes: BTreeMap<String, Policy>,
    prefix: Option<String>,
    compat: Compat,
    codes: CodePolicy,
}

impl Config {
    /// Sets the policy of purposes not named with [`Config::purpose`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Config, Policy, Supersede};
    /// let policy = Policy::default().supersede(Supersede::KeepAll);
    /// let config = Config::default().default_policy(policy);
    /// assert_eq!(config.policy("reset").supersede_rule(), Supersede::KeepAll);
    /// ```
    pub fn default_policy(mut self, policy: Policy) -> Self {
        self.default_policy = policy;
        self
    }

    /// Sets the policy of one purpose.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] when the purpose is not 1 to 64 of `a-z 0-9 . _ -`.
    ///
    /// # Examples
    ///
    /// See [`Config`].
    pub fn purpose(mut self, purpose: &str, policy: Policy) -> Result<Self> {
        check_purpose(purpose)?;
        self.purposes.insert(purpose.to_owned(), policy);
        Ok(self)
    }

    /// Starts every new token with `prefix` (1 to 24 of `a-z 0-9 _`, such as `pssst_rst_`), so
    /// secret scanners can find leaked tokens; presented tokens without it are refused.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] for any other prefix.
    ///
    /// # Examples
    ///
    /// See [`Config`].
    pub fn prefix(mut self, prefix: &str) -> Result<Self> {
        check_prefix(prefix)?;
        self.prefix = Some(prefix.to_owned());
        Ok(self)
    }

    /// Sets whether plain SHA-256 rows are used.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Compat, Config};
    /// let config = Config::default().compat(Compat::VerifyImported);
    /// assert_eq!(config.compat_mode(), Compat::VerifyImported);
    /// ```
    pub fn compat(mut self, compat: Compat) -> Self {
        self.compat = compat;
        self
    }

    /// Sets the limits on numeric codes.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{CodePolicy, Config};
    /// let config = Config::default().codes(CodePolicy::new(8, 3, 1)?);
    /// assert_eq!(config.code_policy().digits(), 8);
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// ```
    pub fn codes(mut self, codes: CodePolicy) -> Self {
        self.codes = codes;
        self
    }

    /// The policy that applies to `purpose`.
    ///
    /// # Examples
    ///
    /// See [`Config`].
    pub fn policy(&self, purpose: &str) -> Policy {
        self.purposes
            .get(purpose)
            .copied()
            .unwrap_or(self.default_policy)
    }

    /// The token prefix, if any.
    ///
    /// # Examples
    ///
    /// See [`Config`].
    pub fn token_prefix(&self) -> Option<&str> {
        self.prefix.as_deref()
    }

    /// The compatibility mode.
    ///
    /// # Examples
    ///
    /// See [`Config::compat`].
    pub fn compat_mode(&self) -> Compat {
        self.compat
    }

    /// The limits on numeric codes.
    ///
    /// # Examples
    ///
    /// See [`Config::codes`].
    pub fn code_policy(&self) -> CodePolicy {
        self.codes
    }
}

/// Raises a lifetime to [`MIN_TTL`]; refuses one above [`MAX_TTL`].
pub(crate) fn clamp_ttl(ttl: Duration) -> Result<Duration> {
    if ttl > MAX_TTL {
        return Err(Error::TtlTooLong {
            max_secs: MAX_TTL.as_secs(),
        });
    }
    Ok(ttl.max(MIN_TTL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_is_clamped_up_and_refused_above_the_maximum() {
        assert_eq!(clamp_ttl(Duration::ZERO).unwrap(), MIN_TTL);
        assert_eq!(clamp_ttl(MAX_TTL).unwrap(), MAX_TTL);
        let err = clamp_ttl(MAX_TTL + Duration::from_secs(1)).unwrap_err();
        assert!(matches!(err, Error::TtlTooLong { max_secs: 604_800 }));
    }

    #[test]
    fn code_policy_ranges_are_enforced() {
        assert!(CodePolicy::new(5, 5, 1).is_err());
        assert!(CodePolicy::new(6, 0, 1).is_err());
        assert!(CodePolicy::new(6, 5, 0).is_err());
    }
}
