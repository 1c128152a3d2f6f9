//! Hashes of token text for storage.
//!
//! A stored token is never the token: it is SHA-256 of its text (what Python's
//! `hashlib.sha256(token.encode()).hexdigest()` gives), or better, HMAC-SHA256 under a
//! server-side key (a "pepper"), so a stolen table cannot even be checked against guesses
//! without the key.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::encoding::hex_lower;

/// SHA-256 of the UTF-8 text, as lowercase hex.
///
/// # Examples
///
/// ```
/// // The pair a Python application following the `secrets` docs stores.
/// let stored = pssst::sha256_hex("8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA");
/// assert_eq!(stored, "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e");
/// ```
pub fn sha256_hex(text: &str) -> String {
    hex_lower(&Sha256::digest(text.as_bytes()))
}

/// HMAC-SHA256 of the UTF-8 text under `key`, as lowercase hex.
///
/// # Security
///
/// Any key length works (HMAC hashes keys longer than 64 bytes); use 32 random bytes.
///
/// # Examples
///
/// ```
/// let mac = pssst::hmac_sha256_hex(b"pepper", "");
/// assert_eq!(mac, "83be6d3a18e430703da8ce9e3f44ed8b20f835c7535e1343b191332cbaef9192");
/// ```
pub fn hmac_sha256_hex(key: &[u8], text: &str) -> String {
    hex_lower(&hmac_sha256(key, text.as_bytes()))
}

/// HMAC-SHA256 of `message` under `key`, as 32 raw bytes.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::hmac_sha256(b"key", b"message").len(), 32);
/// ```
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(message);
    mac.finalize().into_bytes().into()
}
