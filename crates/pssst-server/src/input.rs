//! Checks on request fields beyond the lifecycle's own, done before any limiter or database
//! work.

use std::time::Duration;

use pssst_lifecycle::{MAX_TTL, MIN_TTL, check_purpose, check_subject};

use crate::api_error::ApiError;
use crate::wire::DEFAULT_PURPOSE;

/// The lifecycle's subject rules, and no invisible formatting characters: a zero-width space
/// or a right-to-left override would make two subjects look the same in every log and
/// admin screen. Visible look-alikes (a Cyrillic `а` for a Latin `a`) are distinct subjects,
/// as they are distinct user ids in the caller's database.
pub(crate) fn subject(subject: &str) -> Result<(), ApiError> {
    check_subject(subject)?;
    if subject.chars().any(is_invisible) {
        return Err(ApiError::InvalidRequest(
            "invalid subject: has invisible formatting characters".into(),
        ));
    }
    Ok(())
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
            "ttl_seconds: expected {} to {}",
            MIN_TTL.as_secs(),
            MAX_TTL.as_secs()
        )));
    }
    Ok(Some(ttl))
}

/// Unicode format characters (general category Cf) that render as nothing: soft hyphen,
/// Arabic and Syriac marks, the Mongolian vowel separator, zero-width and direction marks,
/// bidirectional embeddings, overrides and isolates, word joiners and invisible operators,
/// the byte-order mark, interlinear annotation marks, and tag characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
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
        ] {
            let err = subject(hidden).unwrap_err();
            assert_eq!(err.status(), 422, "{hidden:?}");
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
