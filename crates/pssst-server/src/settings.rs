//! What the service is told besides its lifecycle and clients: the link base, the limits, and
//! the upkeep schedule.

use std::time::Duration;

use crate::limit::Rate;
use crate::link::LinkBase;

/// How links are built, and the limits every request is held to.
///
/// # Examples
///
/// ```
/// use pssst_server::{LinkBase, Settings};
/// let mut settings = Settings::default();
/// settings.link_base = Some(LinkBase::parse("https://app.example/reset")?);
/// settings.limits.issue_rate = "3/h".parse()?;
/// # Ok::<(), pssst_server::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Settings {
    /// The base of the link in `POST /v1/tokens` answers; without one, `link` is `null`.
    pub link_base: Option<LinkBase>,
    /// Put the token in the link's fragment (`#token=`) rather than its query.
    pub link_in_fragment: bool,
    /// Request limits.
    pub limits: Limits,
}

/// Request limits. Rate limits answer 429 with `Retry-After`.
///
/// # Examples
///
/// ```
/// let limits = pssst_server::Limits::default();
/// assert_eq!(limits.max_body, 16 * 1024);
/// assert_eq!(limits.issue_rate.to_string(), "5/900s");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Limits {
    /// Issues per subject (keyed by a hash of the subject, across all clients). Default 5 per
    /// 15 minutes: a user who asks for reset mails more often than that is not helped by more.
    pub issue_rate: Rate,
    /// Verifies per client. Default 100 per second.
    pub verify_rate: Rate,
    /// Verifies by all clients together, to protect the database. Default 500 per second.
    pub global_verify_rate: Rate,
    /// The longest request body, in bytes; longer ones get 413. Default 16 KiB, far above any
    /// request the API takes.
    pub max_body: usize,
    /// The longest a request may take, reading its body included; then 503 `timeout`.
    /// Default 10 seconds.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            issue_rate: Rate::per(5, 900),
            verify_rate: Rate::per(100, 1),
            global_verify_rate: Rate::per(500, 1),
            max_body: 16 * 1024,
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// Upkeep while serving: how often dead rows are purged and how long they are kept.
///
/// # Examples
///
/// ```
/// let upkeep = pssst_server::Upkeep::default();
/// assert_eq!(upkeep.purge_every.as_secs(), 600);
/// assert_eq!(upkeep.retention.as_secs(), 7 * 86_400);
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Upkeep {
    /// Time between purges; the first runs at start.
    pub purge_every: Duration,
    /// How long rows stay after they die (used, revoked, expired), for audits.
    pub retention: Duration,
}

impl Default for Upkeep {
    fn default() -> Self {
        Self {
            purge_every: Duration::from_secs(600),
            retention: Duration::from_secs(7 * 86_400),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rates_are_the_documented_ones() {
        let limits = Limits::default();
        assert_eq!(limits.issue_rate, "5/15m".parse().unwrap());
        assert_eq!(limits.verify_rate, "100/s".parse().unwrap());
        assert_eq!(limits.global_verify_rate, "500/s".parse().unwrap());
    }
}
