//! Where "now" comes from: the system clock, or a clock the tests move by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

use crate::time::Timestamp;

/// A source of the current instant, in UTC.
///
/// Every decision about expiry reads the clock once per operation and passes that instant to
/// the store, so one operation never sees two different "nows".
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Clock, SystemClock};
/// assert!(SystemClock.now().as_unix_micros() > 0);
/// ```
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The operating system's wall clock, read as UTC.
///
/// # Security
///
/// Expiry is only as good as this clock: a host whose clock is set back keeps tokens alive
/// longer. Run NTP.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::{Clock, SystemClock};
/// let before = SystemClock.now();
/// assert!(SystemClock.now() >= before);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_system_time(SystemTime::now())
    }
}

/// A clock that stands still until moved: for tests of expiry.
///
/// Clones share the same instant, so a test keeps one clone and hands the other to a
/// [`Lifecycle`](crate::Lifecycle).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use pssst_lifecycle::{Clock, ManualClock, Timestamp};
///
/// let clock = ManualClock::new(Timestamp::from_unix_seconds(100));
/// clock.advance(Duration::from_secs(5));
/// assert_eq!(clock.now(), Timestamp::from_unix_seconds(105));
/// ```
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock that reads `start` until moved.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Clock, ManualClock, Timestamp};
    /// let clock = ManualClock::new(Timestamp::from_unix_micros(1));
    /// assert_eq!(clock.now().as_unix_micros(), 1);
    /// ```
    pub fn new(start: Timestamp) -> Self {
        Self(Arc::new(AtomicI64::new(start.as_unix_micros())))
    }

    /// Sets the instant every clone reads.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Clock, ManualClock, Timestamp};
    /// let clock = ManualClock::new(Timestamp::from_unix_micros(1));
    /// clock.set(Timestamp::from_unix_micros(9));
    /// assert_eq!(clock.now().as_unix_micros(), 9);
    /// ```
    pub fn set(&self, to: Timestamp) {
        self.0.store(to.as_unix_micros(), Ordering::SeqCst);
    }

    /// Moves the clock `by` later.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use pssst_lifecycle::{Clock, ManualClock, Timestamp};
    /// let clock = ManualClock::new(Timestamp::from_unix_micros(0));
    /// clock.advance(Duration::from_micros(2));
    /// assert_eq!(clock.now().as_unix_micros(), 2);
    /// ```
    pub fn advance(&self, by: Duration) {
        self.set(self.now().saturating_add(by));
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_unix_micros(self.0.load(Ordering::SeqCst))
    }
}
