//! Rate limits: token buckets, one per key (a subject's hash, a client's name) or one for all.
//!
//! A bucket holds at most `count` tokens and refills at `count` per `period`; a request takes
//! one token or is refused with the time until the next one. Written here rather than taken
//! from a crate because the whole need is forty lines and a mutex.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::Error;

/// How many requests a key may make per period: `5/h`, `100/s`, `10/15m`. The bucket holds
/// `count` tokens, so a quiet key may spend all of them at once.
///
/// # Examples
///
/// ```
/// let rate: pssst_server::Rate = "10/15m".parse()?;
/// assert_eq!(rate.to_string(), "10/900s");
/// # Ok::<(), pssst_server::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    count: u32,
    period: Duration,
}

impl Rate {
    /// `count` per `secs` seconds, unchecked: for the crate's own constants, which a test of
    /// the defaults checks.
    pub(crate) const fn per(count: u32, secs: u64) -> Self {
        Self {
            count,
            period: Duration::from_secs(secs),
        }
    }

    /// `count` requests per `period`.
    ///
    /// # Errors
    ///
    /// [`Error::Rate`] when `count` is 0 or `period` is zero or longer than a day.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let rate = pssst_server::Rate::new(5, Duration::from_secs(3600))?;
    /// assert_eq!(rate.to_string(), "5/3600s");
    /// # Ok::<(), pssst_server::Error>(())
    /// ```
    pub fn new(count: u32, period: Duration) -> Result<Self, Error> {
        if count == 0 {
            return Err(Error::Rate("the count must be at least 1"));
        }
        if period.is_zero() || period > MAX_PERIOD {
            return Err(Error::Rate("the period must be 1s to 24h"));
        }
        Ok(Self { count, period })
    }

    /// The time one token takes to refill, `period / count`: after it, a bucket that was
    /// refused has a token again, however empty it was.
    pub(crate) fn interval(self) -> Duration {
        self.period / self.count
    }

    fn per_second(self) -> f64 {
        f64::from(self.count) / self.period.as_secs_f64()
    }
}

impl FromStr for Rate {
    type Err = Error;

    /// `COUNT/PERIOD`, the period a unit (`s`, `m`, `h`) with an optional whole number before it.
    fn from_str(text: &str) -> Result<Self, Error> {
        let malformed = || Error::Rate("expected COUNT/PERIOD, as 5/h, 100/s or 10/15m");
        let (count, period) = text.trim().split_once('/').ok_or_else(malformed)?;
        let count: u32 = count.parse().map_err(|_| malformed())?;
        let split = period
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(period.len());
        let (digits, unit) = period.split_at(split);
        let times: u64 = if digits.is_empty() {
            1
        } else {
            digits.parse().map_err(|_| malformed())?
        };
        let unit = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => return Err(malformed()),
        };
        let seconds = times.checked_mul(unit).ok_or_else(malformed)?;
        Self::new(count, Duration::from_secs(seconds))
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.count, self.period.as_secs())
    }
}

/// Token buckets by key, with a bound on how many keys are remembered.
#[derive(Debug)]
pub(crate) struct Limiter<K> {
    rate: Rate,
    buckets: Mutex<Buckets<K>>,
}

#[derive(Debug)]
struct Buckets<K> {
    by_key: HashMap<K, Bucket>,
    /// Shared by every key that arrives while `by_key` is full of busy keys.
    overflow: Bucket,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl<K: Eq + Hash> Limiter<K> {
    pub(crate) fn new(rate: Rate) -> Self {
        let full = Bucket::full(rate, Instant::now());
        Self {
            rate,
            buckets: Mutex::new(Buckets {
                by_key: HashMap::new(),
                overflow: full,
            }),
        }
    }

    /// Takes one token from `key`'s bucket, or says how long until one is there.
    pub(crate) fn check(&self, key: K, now: Instant) -> Result<(), Duration> {
        let rate = self.rate;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.by_key.contains_key(&key) && buckets.by_key.len() >= MAX_KEYS {
            buckets.forget_full(rate, now);
        }
        // LIMITATION: with MAX_KEYS keys all busy at once (a flood of distinct subjects),
        // further keys share one bucket until some refill, so they limit one another.
        let bucket = if buckets.by_key.len() < MAX_KEYS || buckets.by_key.contains_key(&key) {
            buckets
                .by_key
                .entry(key)
                .or_insert_with(|| Bucket::full(rate, now))
        } else {
            &mut buckets.overflow
        };
        bucket.take(rate, now)
    }
}

impl<K> Buckets<K> {
    /// Drops the buckets that have refilled: a new bucket would be the same.
    fn forget_full(&mut self, rate: Rate, now: Instant) {
        self.by_key
            .retain(|_, bucket| bucket.level(rate, now) < f64::from(rate.count));
    }
}

impl Bucket {
    fn full(rate: Rate, now: Instant) -> Self {
        Self {
            tokens: f64::from(rate.count),
            updated: now,
        }
    }

    fn level(&self, rate: Rate, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        (self.tokens + elapsed * rate.per_second()).min(f64::from(rate.count))
    }

    fn take(&mut self, rate: Rate, now: Instant) -> Result<(), Duration> {
        self.tokens = self.level(rate, now);
        self.updated = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - self.tokens) / rate.per_second();
        Err(Duration::from_secs_f64(wait))
    }
}

/// Keys remembered per limiter: a few MiB at most.
const MAX_KEYS: usize = 65_536;

const MAX_PERIOD: Duration = Duration::from_secs(86_400);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_with_or_without_a_multiple() {
        let parse = |t: &str| t.parse::<Rate>();
        assert_eq!(
            parse("5/h").unwrap(),
            Rate::new(5, Duration::from_secs(3600)).unwrap()
        );
        assert_eq!(parse("10/15m").unwrap().period, Duration::from_secs(900));
        assert_eq!(parse("100/s").unwrap().count, 100);
        for bad in ["", "5", "0/s", "5/", "5/d", "x/s", "5/0s", "5/25h", "-1/s"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_interval_is_the_period_over_the_count() {
        let interval = |t: &str| t.parse::<Rate>().unwrap().interval();
        assert_eq!(interval("5/15m"), Duration::from_secs(180));
        assert_eq!(interval("100/s"), Duration::from_millis(10));
        let odd = interval("7/h");
        assert!(odd > Duration::from_secs(514) && odd < Duration::from_secs(515));
    }

    #[test]
    fn a_key_gets_its_burst_then_waits_for_a_refill() {
        let limiter = Limiter::new("2/s".parse().unwrap());
        let t0 = Instant::now();
        assert!(limiter.check("a", t0).is_ok());
        assert!(limiter.check("a", t0).is_ok());
        let wait = limiter.check("a", t0).unwrap_err();
        assert!(wait > Duration::from_millis(400) && wait <= Duration::from_millis(500));
        assert!(limiter.check("b", t0).is_ok(), "keys are independent");
        assert!(limiter.check("a", t0 + Duration::from_millis(500)).is_ok());
    }

    #[test]
    fn refilled_keys_are_forgotten_when_the_map_is_full() {
        let limiter = Limiter::new("1/s".parse().unwrap());
        let t0 = Instant::now();
        for key in 0..MAX_KEYS {
            limiter.check(key, t0).unwrap();
        }
        // All busy: a new key lands in the shared overflow bucket.
        assert!(limiter.check(MAX_KEYS, t0).is_ok());
        assert!(limiter.check(MAX_KEYS + 1, t0).is_err());
        // A second later every bucket is full again and can be dropped.
        let later = t0 + Duration::from_secs(1);
        assert!(limiter.check(MAX_KEYS + 2, later).is_ok());
        let buckets = limiter.buckets.lock().unwrap();
        assert_eq!(buckets.by_key.len(), 1);
    }
}
