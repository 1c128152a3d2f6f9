//! API keys in the shape GitHub made common: `<prefix>_<random base62><checksum>`.
//!
//! The prefix says what the key is for, so a secret scanner can find leaked keys with a
//! regular expression (`\b[a-z][a-z0-9]{0,31}_[0-9A-Za-z]{36}\b`) and tell whose they are;
//! `_` joins the parts because a double click selects a whole word made of letters, digits
//! and `_`, and `-` would split it. The checksum lets a scanner or a server reject a mistyped
//! or made-up key without looking it up.

use crate::alphabet;
use crate::compare::compare_digest;
use crate::encoding::base62::ALPHABET as BASE62;
use crate::error::{Error, Result};
use crate::secret::Token;

/// Random base62 characters in a key: 30, ≈ 178.6 bits.
///
/// # Examples
///
/// ```
/// let key = pssst::api_key("a")?;
/// assert_eq!(key.expose_secret().len(), 2 + pssst::API_KEY_BODY_LEN + 6);
/// # Ok::<(), pssst::Error>(())
/// ```
pub const API_KEY_BODY_LEN: usize = 30;

/// Base62 characters of the CRC32 checksum at the end of a key (62⁶ > 2³²).
///
/// # Examples
///
/// ```
/// assert!(62u64.pow(pssst::API_KEY_CHECKSUM_LEN as u32) > u64::from(u32::MAX));
/// ```
pub const API_KEY_CHECKSUM_LEN: usize = 6;

/// The longest prefix.
///
/// # Examples
///
/// ```
/// let longest = "k".repeat(pssst::MAX_PREFIX_LEN);
/// assert!(pssst::api_key(&longest).is_ok());
/// assert!(pssst::api_key(&format!("{longest}k")).is_err());
/// ```
pub const MAX_PREFIX_LEN: usize = 32;

/// A new API key: `prefix`, `_`, [`API_KEY_BODY_LEN`] random base62 characters, then the
/// CRC32 of everything before it in [`API_KEY_CHECKSUM_LEN`] base62 characters.
///
/// A prefix is 1 to 32 characters: a lower-case ASCII letter, then lower-case letters or
/// digits (`ghp`, `acme2`, `shop`). Upper case is left out so keys that differ only in the
/// prefix's case cannot both exist; `-` and `_` are left out so the key stays one word.
///
/// # Errors
///
/// [`Error::InvalidPrefix`] for a prefix that breaks these rules; [`Error::RandomSource`]
/// when the OS source fails.
///
/// # Security
///
/// The entropy is in the body alone ([`api_key_entropy_bits`]); the prefix is public and the
/// checksum is computed from the rest. Store only a hash of the key (see
/// [`sha256_hex`](crate::sha256_hex)).
///
/// # Examples
///
/// ```
/// let key = pssst::api_key("acme")?;
/// assert!(key.expose_secret().starts_with("acme_"));
/// assert_eq!(key.expose_secret().len(), 5 + 30 + 6);
/// assert_eq!(pssst::check_api_key(key.expose_secret())?.prefix(), "acme");
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn api_key(prefix: &str) -> Result<Token> {
    check_prefix(prefix)?;
    let body = alphabet::base62().random_string(API_KEY_BODY_LEN)?;
    let length = prefix.len() + 1 + API_KEY_BODY_LEN + API_KEY_CHECKSUM_LEN;
    let mut key = Token::with_capacity(length);
    key.push_str(prefix);
    key.push('_');
    key.push_str(body.expose_secret());
    let checksum = checksum(key.expose_secret());
    key.push_str(&checksum);
    Ok(key)
}

/// Checks the shape and checksum of an API key made by [`api_key`], without a database.
///
/// # Errors
///
/// [`Error::InvalidApiKey`] when there is no `_`, the prefix breaks the rules of
/// [`api_key`], the part after the last `_` is not 36 base62 characters, or the checksum does
/// not match. The key is never part of the error.
///
/// # Security
///
/// The checksum is not a signature: anyone can compute a CRC32, so a key that passes may
/// still be forged or revoked, and the server must still look up its hash. The check catches
/// typos, truncation, and keys made up without knowing the format (a random 36-character
/// tail passes with probability 2⁻³²). It takes time that depends on the key; that leaks
/// nothing the caller did not supply.
///
/// # Examples
///
/// ```
/// let key = pssst::api_key("acme")?;
/// assert!(pssst::check_api_key(key.expose_secret()).is_ok());
///
/// let err = pssst::check_api_key("acme_000000000000000000000000000000000000").unwrap_err();
/// assert_eq!(err.to_string(), "invalid api key: checksum does not match");
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn check_api_key(key: &str) -> Result<ApiKeyParts<'_>> {
    let (prefix, tail) = key
        .rsplit_once('_')
        .ok_or(Error::InvalidApiKey("no '_' after a prefix"))?;
    check_prefix(prefix).map_err(|_| Error::InvalidApiKey("malformed prefix"))?;
    if tail.len() != API_KEY_BODY_LEN + API_KEY_CHECKSUM_LEN {
        return Err(Error::InvalidApiKey("wrong length"));
    }
    if !tail.bytes().all(|b| BASE62.contains(&b)) {
        return Err(Error::InvalidApiKey("character outside base62"));
    }

    let (signed, given) = key.split_at(key.len() - API_KEY_CHECKSUM_LEN);
    if !compare_digest(checksum(signed).as_bytes(), given.as_bytes()) {
        return Err(Error::InvalidApiKey("checksum does not match"));
    }
    Ok(ApiKeyParts { prefix })
}

/// The entropy of a key from [`api_key`]: 30 × log2(62) ≈ 178.6 bits.
///
/// # Examples
///
/// ```
/// assert!((pssst::api_key_entropy_bits() - 178.62).abs() < 0.01);
/// ```
pub fn api_key_entropy_bits() -> f64 {
    API_KEY_BODY_LEN as f64 * 62f64.log2()
}

/// What [`check_api_key`] learnt from a well-formed key: only its public prefix.
///
/// # Examples
///
/// ```
/// let key = pssst::api_key("shop")?;
/// let parts = pssst::check_api_key(key.expose_secret())?;
/// assert_eq!(parts.prefix(), "shop");
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyParts<'a> {
    prefix: &'a str,
}

impl<'a> ApiKeyParts<'a> {
    /// The prefix, which says what the key is for.
    ///
    /// # Examples
    ///
    /// ```
    /// let key = pssst::api_key("ci")?;
    /// assert_eq!(pssst::check_api_key(key.expose_secret())?.prefix(), "ci");
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn prefix(&self) -> &'a str {
        self.prefix
    }
}

fn check_prefix(prefix: &str) -> Result<()> {
    if !(1..=MAX_PREFIX_LEN).contains(&prefix.len()) {
        return Err(Error::InvalidPrefix("must be 1 to 32 characters"));
    }
    if !prefix.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(Error::InvalidPrefix("must start with a lower-case letter"));
    }
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Err(Error::InvalidPrefix(
            "may hold only lower-case letters and digits",
        ));
    }
    Ok(())
}

/// CRC32 (IEEE, as zlib) of the text, as 6 base62 digits, most significant first, padded
/// with `0`.
fn checksum(text: &str) -> String {
    let mut value = crc32fast::hash(text.as_bytes());
    let mut digits = [b'0'; API_KEY_CHECKSUM_LEN];
    for digit in digits.iter_mut().rev() {
        *digit = BASE62[(value % 62) as usize];
        value /= 62;
    }
    digits.iter().map(|&d| char::from(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_crc32_in_six_base62_digits() {
        // The CRC-32 check value: Python's zlib.crc32(b"123456789") is 0xCBF43926, which
        // Python's integer divmod by 62 writes as "3jZRME".
        assert_eq!(checksum("123456789"), "3jZRME");
        assert_eq!(checksum(""), "000000");
    }

    #[test]
    fn prefix_rules() {
        for good in ["a", "ghp", "acme2", &"x".repeat(32)] {
            assert!(check_prefix(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "2fa",
            "Acme",
            "my-app",
            "my_app",
            "café",
            &"x".repeat(33),
        ] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_single_changed_character_is_caught() {
        let key = api_key("test").unwrap();
        let text = key.expose_secret();
        for position in 5..text.len() {
            let mut bytes = text.as_bytes().to_vec();
            bytes[position] = if bytes[position] == b'a' { b'b' } else { b'a' };
            let typo = String::from_utf8(bytes).unwrap();
            assert!(check_api_key(&typo).is_err(), "position {position}");
        }
    }

    #[test]
    fn errors_never_contain_the_key() {
        let key = api_key("leak").unwrap();
        let truncated = &key.expose_secret()[..key.expose_secret().len() - 1];
        let message = check_api_key(truncated).unwrap_err().to_string();
        assert!(!message.contains(&truncated[5..]), "{message}");
        assert_eq!(message, "invalid api key: wrong length");
    }

    #[test]
    fn non_ascii_tail_is_rejected_without_panicking() {
        let tail = "é".repeat(18);
        assert!(check_api_key(&format!("abc_{tail}")).is_err());
    }
}
