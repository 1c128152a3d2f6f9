//! UUIDs from the OS generator: version 4 (random) and version 7 (time-ordered).

use std::time::{SystemTime, UNIX_EPOCH};

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

/// A time-ordered (version 7, RFC 9562) UUID: 48 bits of Unix milliseconds, then 74 random
/// bits.
///
/// # Security
///
/// The creation time is readable from the UUID, and only 74 bits are random: use it as a
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
/// assert!(earlier.as_bytes()[..6] <= id.as_bytes()[..6]);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn uuid_v7() -> Result<Uuid> {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as u64);
    let mut bytes = [0u8; 10];
    rng::fill_bytes(&mut bytes)?;
    Ok(Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid())
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
