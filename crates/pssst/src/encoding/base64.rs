//! Base64 (RFC 4648 §4) and base64url (§5), through the `base64` crate.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use crate::error::{Error, Result};

/// Base64url without padding: Python's `secrets.token_urlsafe` and Node's
/// `buf.toString("base64url")` give the same text for the same bytes.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base64url(b"\xfb\xff\xfe"), "-__-");
/// ```
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Standard base64 with `=` padding.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base64_std(b"\xfb\xff"), "+/8=");
/// ```
pub fn base64_std(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes base64url without padding; trailing bits must be zero (canonical form only).
///
/// # Errors
///
/// [`Error::Decode`] for characters outside the alphabet, padding, or a non-canonical end.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base64url_decode("-__-")?, b"\xfb\xff\xfe");
/// assert!(pssst::base64url_decode("-__-=").is_err());
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn base64url_decode(text: &str) -> Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| Error::Decode("base64url"))
}

pub(crate) fn base64_std_decode(text: &str) -> Result<Vec<u8>> {
    STANDARD.decode(text).map_err(|_| Error::Decode("base64"))
}
