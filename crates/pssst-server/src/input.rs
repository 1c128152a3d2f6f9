//! Checks on request fields beyond the lifecycle's own, done before any limiter or database
//! work.

use std::time::Duration;

use pssst_lifecycle::{MAX_TTL, MIN_TTL, check_purpose, check_subject};

use crate::api_error::ApiError;
use crate::wire::DEFAULT_PURPOSE;

/// The lifecycle's subject rules, no more and no fewer, so that a subject the command line
/// takes is taken here too: among them, no invisible characters.
pub(crate) fn subject(subject: &str) -> Result<(), ApiError> {
    Ok(check_subject(subject)?)
}

/// The purpose given, or the default; checked.
pub(crate) fn purpose(purpose: Option<&str>) -> Result<&str, ApiError> {
    let purpose = purpose.unwrap_or(DEFAULT_PURPOSE);
    check_purpose(purpose)?;
    Ok(purpose)
}

/// A lifetime in seconds within the lifecycle's range. The API refuses rather than raises a
/// short one, since nobody reads a warning in a JSON answer.
pub(crate) fn ttl(seconds: Option<u64>) -> Result<Option<Duration>, ApiError> {
    let Some(seconds) = seconds else {
        return Ok(None);
    };
    let ttl = Duration::from_secs(seconds);
    if ttl < MIN_TTL || ttl > MAX_TTL {
        return Err(ApiError::InvalidRequest(format!(
            "ttl_seconds: expected {}",
            ttl_range()
        )));
    }
    Ok(Some(ttl))
}

/// The lifetimes the lifecycle takes, in seconds, as the messages name them: `60 to 604800`.
pub(crate) fn ttl_range() -> String {
    format!("{} to {}", MIN_TTL.as_secs(), MAX_TTL.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_refused_in_subjects() {
        assert!(subject("user-42").is_ok());
        assert!(
            subject("пользователь-42").is_ok(),
            "visible non-Latin text is fine"
        );
        for hidden in [
            "user\u{200B}-42",
            "\u{FEFF}user-42",
            "user-\u{202E}24",
            "u\u{AD}ser",
            "\u{3164}",
            "\u{34F}",
            "\u{115F}",
            "\u{FFA0}",
            "a\u{180B}",
            "a\u{FE0F}",
            "\u{2800}",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{1D173}b",
            "a\u{E0100}b",
        ] {
            let err = subject(hidden).unwrap_err();
            assert_eq!(err.status(), 422, "{hidden:?}");
        }
    }

    #[test]
    fn subjects_are_refused_exactly_as_the_lifecycle_refuses_them() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("a{c}b"),
                format!("{c}b"),
                format!("a{c}"),
            ] {
                let lifecycle = check_subject(&text).is_ok();
                assert_eq!(subject(&text).is_ok(), lifecycle, "{text:?}");
            }
        }
    }

    #[test]
    fn lifetimes_outside_the_range_are_refused() {
        assert_eq!(ttl(None).unwrap(), None);
        assert_eq!(ttl(Some(60)).unwrap(), Some(Duration::from_secs(60)));
        assert!(ttl(Some(59)).is_err());
        assert!(ttl(Some(604_801)).is_err());
        assert!(ttl(Some(u64::MAX)).is_err());
    }

    #[test]
    fn purpose_defaults_to_reset() {
        assert_eq!(purpose(None).unwrap(), "reset");
        assert!(purpose(Some("r\u{435}set")).is_err(), "Cyrillic e");
    }
}
