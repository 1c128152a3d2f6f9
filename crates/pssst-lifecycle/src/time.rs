//! Instants in UTC, as the stores keep them: whole microseconds since the Unix epoch.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An instant in UTC, as microseconds since 1970-01-01T00:00:00Z.
///
/// Time zones never enter: the system clock is read as a `SystemTime` (UTC by definition) and
/// stores keep the integer. SQLite holds it as an `INTEGER`; PostgreSQL as `timestamptz`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use pssst_lifecycle::Timestamp;
///
/// let t = Timestamp::from_unix_micros(1_000_000);
/// assert_eq!(t.saturating_add(Duration::from_secs(1)).as_unix_micros(), 2_000_000);
/// assert_eq!(t.to_string(), "1970-01-01T00:00:01Z");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `micros` microseconds after the Unix epoch (before it when negative).
    ///
    /// # Examples
    ///
    /// ```
    /// let t = pssst_lifecycle::Timestamp::from_unix_micros(5);
    /// assert_eq!(t.as_unix_micros(), 5);
    /// ```
    pub const fn from_unix_micros(micros: i64) -> Self {
        Self(micros)
    }

    /// Microseconds since the Unix epoch.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = pssst_lifecycle::Timestamp::from_unix_seconds(2);
    /// assert_eq!(t.as_unix_micros(), 2_000_000);
    /// ```
    pub const fn as_unix_micros(self) -> i64 {
        self.0
    }

    /// The instant `secs` whole seconds after the Unix epoch.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = pssst_lifecycle::Timestamp::from_unix_seconds(1);
    /// assert_eq!(t.as_unix_micros(), 1_000_000);
    /// ```
    pub const fn from_unix_seconds(secs: i64) -> Self {
        Self(secs.saturating_mul(1_000_000))
    }

    /// Converts a `SystemTime`, saturating outside the range of `i64` microseconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let t = pssst_lifecycle::Timestamp::from_system_time(UNIX_EPOCH + Duration::from_secs(3));
    /// assert_eq!(t.as_unix_micros(), 3_000_000);
    /// ```
    pub fn from_system_time(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self(to_micros(after)),
            Err(before) => Self(to_micros(before.duration()).saturating_neg()),
        }
    }

    /// This instant moved `by` later, saturating at the end of time.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let t = pssst_lifecycle::Timestamp::from_unix_micros(0);
    /// assert_eq!(t.saturating_add(Duration::from_micros(7)).as_unix_micros(), 7);
    /// ```
    pub fn saturating_add(self, by: Duration) -> Self {
        Self(self.0.saturating_add(to_micros(by)))
    }

    /// This instant moved `by` earlier, saturating at the start of time.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let t = pssst_lifecycle::Timestamp::from_unix_micros(10);
    /// assert_eq!(t.saturating_sub(Duration::from_micros(3)).as_unix_micros(), 7);
    /// ```
    pub fn saturating_sub(self, by: Duration) -> Self {
        Self(self.0.saturating_sub(to_micros(by)))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC: `2026-01-01T00:00:00Z`, with six fraction digits when the instant is
    /// not a whole second.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
        let time = secs.rem_euclid(86_400);
        let (hour, minute, second) = (time / 3600, time % 3600 / 60, time % 60);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
        )?;
        if micros != 0 {
            write!(f, ".{micros:06}")?;
        }
        f.write_str("Z")
    }
}

/// Year, month and day of a day count since 1970-01-01 in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`, http://howardhinnant.github.io/date_algorithms.html).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn to_micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_time_before_epoch_is_negative() {
        let t = Timestamp::from_system_time(UNIX_EPOCH - Duration::from_micros(4));
        assert_eq!(t.as_unix_micros(), -4);
    }

    #[test]
    fn display_is_rfc3339_utc() {
        let show = |micros| Timestamp::from_unix_micros(micros).to_string();
        assert_eq!(show(0), "1970-01-01T00:00:00Z");
        assert_eq!(show(1_767_225_600_000_000), "2026-01-01T00:00:00Z");
        assert_eq!(show(1_709_164_800_000_001), "2024-02-29T00:00:00.000001Z");
        assert_eq!(show(-1), "1969-12-31T23:59:59.999999Z");
        assert_eq!(show(951_782_400_000_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn adding_saturates_instead_of_wrapping() {
        let t = Timestamp::from_unix_micros(i64::MAX - 1);
        assert_eq!(t.saturating_add(Duration::MAX).as_unix_micros(), i64::MAX);
    }
}
