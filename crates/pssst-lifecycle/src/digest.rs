//! What is stored instead of a token: its MAC under a pepper, or (for compatibility) its
//! plain SHA-256.
//!
//! MAC inputs, all HMAC-SHA256 under the key's pepper, hex-encoded for storage:
//!
//! - token: `purpose || 0x00 || token text` (the prefix, if any, is part of the text);
//! - code: `"code:" || purpose || 0x00 || subject || 0x00 || digits`.
//!
//! A purpose never contains NUL or `:`, so no token input can equal a code input, and a token
//! issued for one purpose hashes to something else under any other purpose.

use crate::keyring::{Key, KeyRing};

/// Scheme name of rows hashed with HMAC-SHA256 under a pepper.
pub(crate) const HMAC: &str = "hmac-sha256";

/// Scheme name of rows holding `hashlib.sha256(token.encode()).hexdigest()`.
pub(crate) const SHA256: &str = "sha256";

/// A stored hash and how it was made.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::Digest;
/// let digest = Digest::sha256_of_token("8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA");
/// assert_eq!(digest.hex(), "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e");
/// assert_eq!(digest.key_id(), None);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Digest {
    key_id: Option<String>,
    hex: String,
}

impl Digest {
    /// The plain SHA-256 hex of the token text, as Python's documentation stores it.
    ///
    /// # Security
    ///
    /// Anyone with the database can confirm a guessed token offline, and anyone who can write
    /// to it can plant a token of their choosing. Use it to import and verify old rows.
    ///
    /// # Examples
    ///
    /// See [`Digest`].
    pub fn sha256_of_token(token: &str) -> Self {
        Self {
            key_id: None,
            hex: pssst::sha256_hex(token),
        }
    }

    /// A stored hash read back from a store. `key_id` is `None` for plain SHA-256 rows.
    ///
    /// # Examples
    ///
    /// ```
    /// let digest = pssst_lifecycle::Digest::from_parts(Some("k1".into()), "00".repeat(32));
    /// assert_eq!(digest.scheme(), "hmac-sha256");
    /// ```
    pub fn from_parts(key_id: Option<String>, hex: String) -> Self {
        Self { key_id, hex }
    }

    /// The MAC of a token for a purpose under one key.
    pub(crate) fn token_mac(key: &Key, purpose: &str, token: &str) -> Self {
        let mut input = Vec::with_capacity(purpose.len() + 1 + token.len());
        input.extend_from_slice(purpose.as_bytes());
        input.push(0);
        input.extend_from_slice(token.as_bytes());
        Self::mac(key, pssst::SecretBytes::new(input))
    }

    /// The MAC of a numeric code for a subject and purpose under one key.
    pub(crate) fn code_mac(key: &Key, purpose: &str, subject: &str, code: &str) -> Self {
        let mut input = Vec::with_capacity(8 + purpose.len() + subject.len() + code.len());
        input.extend_from_slice(b"code:");
        input.extend_from_slice(purpose.as_bytes());
        input.push(0);
        input.extend_from_slice(subject.as_bytes());
        input.push(0);
        input.extend_from_slice(code.as_bytes());
        Self::mac(key, pssst::SecretBytes::new(input))
    }

    fn mac(key: &Key, input: pssst::SecretBytes) -> Self {
        let mac = pssst::hmac_sha256(key.expose_pepper(), input.expose_secret());
        Self {
            key_id: Some(key.id().to_owned()),
            hex: pssst::hex_lower(&mac),
        }
    }

    /// The key id, or `None` for plain SHA-256.
    ///
    /// # Examples
    ///
    /// See [`Digest`].
    pub fn key_id(&self) -> Option<&str> {
        self.key_id.as_deref()
    }

    /// `hmac-sha256` or `sha256`, as stored in the `scheme` column.
    ///
    /// # Examples
    ///
    /// See [`Digest::from_parts`].
    pub fn scheme(&self) -> &'static str {
        if self.key_id.is_some() { HMAC } else { SHA256 }
    }

    /// The 64 lowercase hex digits stored.
    ///
    /// # Security
    ///
    /// Not the token, but never to be logged either: with the pepper (or without one, for
    /// plain SHA-256) it confirms guesses.
    ///
    /// # Examples
    ///
    /// See [`Digest`].
    pub fn hex(&self) -> &str {
        &self.hex
    }
}

impl std::fmt::Debug for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Digest")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// Every hash a presented token could be stored under: one per key, plus plain SHA-256 when
/// imported rows are accepted.
pub(crate) fn token_candidates(
    keys: &KeyRing,
    purpose: &str,
    token: &str,
    accept_sha256: bool,
) -> Vec<Digest> {
    let mut all: Vec<Digest> = keys
        .keys()
        .map(|key| Digest::token_mac(key, purpose, token))
        .collect();
    if accept_sha256 {
        all.push(Digest::sha256_of_token(token));
    }
    all
}

/// Every hash a presented code could be stored under: one per key.
pub(crate) fn code_candidates(
    keys: &KeyRing,
    purpose: &str,
    subject: &str,
    code: &str,
) -> Vec<Digest> {
    keys.keys()
        .map(|key| Digest::code_mac(key, purpose, subject, code))
        .collect()
}

#[cfg(test)]
mod tests {
    use pssst::SecretBytes;

    use super::*;
    use crate::time::Timestamp;

    fn pepper_key() -> Key {
        // HMAC keys shorter than 32 bytes are refused by `Key::new`, so the vectors' key
        // b"pepper" is checked through `pssst::hmac_sha256_hex` below instead.
        Key::new(
            "k1",
            Timestamp::from_unix_micros(0),
            SecretBytes::new(vec![0x0b; 32]),
        )
        .unwrap()
    }

    #[test]
    fn token_mac_binds_the_purpose() {
        let key = pepper_key();
        let a = Digest::token_mac(&key, "reset", "abc");
        let b = Digest::token_mac(&key, "invite", "abc");
        assert_ne!(a.hex(), b.hex());
    }

    #[test]
    fn token_mac_is_hmac_of_purpose_nul_token() {
        let key = pepper_key();
        let expected = pssst::hmac_sha256_hex(&[0x0b; 32], "reset\0abc");
        assert_eq!(Digest::token_mac(&key, "reset", "abc").hex(), expected);
    }

    #[test]
    fn code_mac_binds_subject_and_purpose() {
        let key = pepper_key();
        let a = Digest::code_mac(&key, "login", "alice", "123456");
        let b = Digest::code_mac(&key, "login", "bob", "123456");
        assert_ne!(a.hex(), b.hex());
        let expected = pssst::hmac_sha256_hex(&[0x0b; 32], "code:login\x00alice\x00123456");
        assert_eq!(a.hex(), expected);
    }

    #[test]
    fn debug_never_prints_the_hash() {
        let digest = Digest::sha256_of_token("abc");
        assert!(!format!("{digest:?}").contains(digest.hex()));
    }
}
