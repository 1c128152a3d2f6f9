//! UUIDs from the OS generator: version 4 (random) and version 7 (time-ordered).

use std::time::{SystemTime, UNIX_EPOCH};

use std::sync::atomic::{AtomicU64, Ordering};

use uuid::{Builder, Uuid};

use crate::error::Result;
use crate::rng;

/// A random (version 4) UUID, like Node's `crypto.randomUUID()`: 122 random bits.
///
/// # Errors
///
/// [`Error::RandomSource`](crate::Error::RandomSource) when the OS source fails.
///
/// # Examples
///
/// ```
/// let id = pssst::random_uuid()?;
/// assert_eq!(id.get_version_num(), 4);
/// assert_eq!(id.to_string().len(), 36);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn random_uuid() -> Result<Uuid> {
    let mut bytes = [0u8; 16];
    rng::fill_bytes(&mut bytes)?;
    Ok(Builder::from_random_bytes(bytes).into_uuid())
}

/// A time-ordered (version 7, RFC 9562) UUID: 48 bits of Unix milliseconds, 12 bits of
/// sub-millisecond time, then 62 random bits.
///
/// UUIDs made in one process sort in the order they were made: the 12 bits after the
/// milliseconds hold the fraction of the millisecond (RFC 9562 §6.2, method 3), and a UUID
/// made within the same 1/4096 ms as the last one (or after the clock stepped back) takes
/// the next tick instead. Processes are not ordered among themselves below the clock's
/// resolution.
///
/// # Security
///
/// The creation time is readable from the UUID, and only 62 bits are random: use it as a
/// database key, not as a secret.
///
/// # Errors
///
/// [`Error::RandomSource`](crate::Error::RandomSource) when the OS source fails.
///
/// # Examples
///
/// ```
/// let earlier = pssst::uuid_v7()?;
/// let id = pssst::uuid_v7()?;
/// assert_eq!(id.get_version_num(), 7);
/// assert!(earlier < id);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn uuid_v7() -> Result<Uuid> {
    let tick = next_tick(&LAST_TICK, now_tick());
    let mut bytes = [0u8; 16];
    rng::fill_bytes(&mut bytes[8..])?;
    bytes[..6].copy_from_slice(&(tick >> 12).to_be_bytes()[2..]);
    bytes[6] = 0x70 | ((tick >> 8) & 0x0f) as u8;
    bytes[7] = tick as u8;
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    Ok(Uuid::from_bytes(bytes))
}

/// The last tick (1/4096 ms since the Unix epoch) handed out by this process.
static LAST_TICK: AtomicU64 = AtomicU64::new(0);

/// `now`, or one past the `last` tick when `now` is not later: strictly increasing.
fn next_tick(last: &AtomicU64, now: u64) -> u64 {
    let previous = last
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |last| {
            Some(now.max(last + 1))
        })
        .unwrap_or_else(|last| last);
    now.max(previous + 1)
}

/// The current time in 1/4096 ms since the Unix epoch.
fn now_tick() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let millis = (nanos / 1_000_000) as u64;
    let fraction = ((nanos % 1_000_000) * 4096 / 1_000_000) as u64;
    millis << 12 | fraction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v4_has_rfc_variant_and_version() {
        let id = random_uuid().unwrap();
        assert_eq!(id.get_version_num(), 4);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
    }

    #[test]
    fn v7_sorts_in_the_order_made() {
        let ids: Vec<Uuid> = (0..10_000).map(|_| uuid_v7().unwrap()).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(
            ids.iter()
                .all(|id| id.get_variant() == uuid::Variant::RFC4122)
        );
    }

    #[test]
    fn a_clock_that_steps_back_still_gives_later_ticks() {
        let last = AtomicU64::new(0);
        let first = next_tick(&last, 1 << 50);
        assert_eq!(first, 1 << 50);
        assert_eq!(next_tick(&last, 5), first + 1);
        assert_eq!(next_tick(&last, 1 << 51), 1 << 51);
    }

    #[test]
    fn v7_carries_the_current_time() {
        let id = uuid_v7().unwrap();
        let (seconds, _) = id.get_timestamp().unwrap().to_unix();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(now.abs_diff(seconds) <= 2);
    }
}
