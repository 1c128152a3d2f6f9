//! Base32 (RFC 4648 §6): upper case, written without `=` padding.
//!
//! The 5-bit packing here is shared with Crockford's alphabet in `crockford.rs`: both read the
//! bytes as one big-endian bit string, five bits to a character, and fill the last character
//! with zero bits.

use crate::error::{Error, Result};

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 as RFC 4648 §6 defines it, upper case, without `=` padding: what Python's
/// `base64.b32encode(b).rstrip(b"=")` gives.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base32(b"foobar"), "MZXW6YTBOI");
/// ```
pub fn base32(bytes: &[u8]) -> String {
    encode_with(bytes, ALPHABET)
}

/// Decodes RFC 4648 base32, with or without its `=` padding.
///
/// Only the canonical form is accepted: upper case, no spaces, no misplaced or partial
/// padding, and zero bits in the unused end of the last character, so each byte string has
/// exactly one unpadded spelling.
///
/// # Errors
///
/// [`Error::Decode`] for any other text. The text is not included in the error.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base32_decode("MZXW6===")?, b"foo");
/// assert_eq!(pssst::base32_decode("MZXW6")?, b"foo");
/// assert!(pssst::base32_decode("mzxw6").is_err());
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn base32_decode(text: &str) -> Result<Vec<u8>> {
    let data = strip_padding(text).ok_or(Error::Decode("base32"))?;
    decode_values(data.bytes().map(value), "base32")
}

/// Writes `bytes` five bits to a character with `digits`.
pub(super) fn encode_with(bytes: &[u8], digits: &[u8; 32]) -> String {
    let mut text = String::with_capacity(encoded_len(bytes.len()));
    for chunk in bytes.chunks(5) {
        let mut block = [0u8; 8];
        block[3..3 + chunk.len()].copy_from_slice(chunk);
        let bits = u64::from_be_bytes(block);
        for index in 0..(chunk.len() * 8).div_ceil(5) {
            let digit = (bits >> (35 - 5 * index)) & 31;
            text.push(char::from(digits[digit as usize]));
        }
    }
    text
}

/// Packs 5-bit values (`None` for a character outside the alphabet) back into bytes.
pub(super) fn decode_values(
    values: impl Iterator<Item = Option<u8>>,
    name: &'static str,
) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(values.size_hint().0 * 5 / 8);
    let mut pending: u32 = 0;
    let mut pending_bits = 0;
    for value in values {
        pending = pending << 5 | u32::from(value.ok_or(Error::Decode(name))?);
        pending_bits += 5;
        if pending_bits >= 8 {
            pending_bits -= 8;
            bytes.push((pending >> pending_bits) as u8);
            pending &= (1 << pending_bits) - 1;
        }
    }

    // Five or more bits left over means a character that carries no byte (a length of 1, 3 or
    // 6 mod 8); set bits left over mean a second spelling of the same bytes.
    if pending_bits >= 5 || pending != 0 {
        return Err(Error::Decode(name));
    }
    Ok(bytes)
}

/// The number of characters `n` bytes take, without padding.
pub(super) fn encoded_len(n: usize) -> usize {
    (n / 5) * 8 + (n % 5 * 8).div_ceil(5)
}

/// The text without its `=` padding, if the padding is absent or exactly right.
fn strip_padding(text: &str) -> Option<&str> {
    let data = text.trim_end_matches('=');
    let padding = text.len() - data.len();
    if padding == 0 {
        return Some(data);
    }
    let expected = (8 - data.len() % 8) % 8;
    (text.len().is_multiple_of(8) && padding == expected).then_some(data)
}

fn value(digit: u8) -> Option<u8> {
    match digit {
        b'A'..=b'Z' => Some(digit - b'A'),
        b'2'..=b'7' => Some(digit - b'2' + 26),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_len_counts_partial_characters() {
        let lengths: Vec<usize> = (0..=10).map(encoded_len).collect();
        assert_eq!(lengths, [0, 2, 4, 5, 7, 8, 10, 12, 13, 15, 16]);
    }

    #[test]
    fn lengths_that_carry_no_whole_byte_are_rejected() {
        for text in ["M", "MZX", "MZXW6Y"] {
            assert!(base32_decode(text).is_err(), "{text}");
        }
    }

    #[test]
    fn set_bits_past_the_last_byte_are_rejected() {
        assert_eq!(base32_decode("MY").unwrap(), b"f");
        assert!(base32_decode("MZ").is_err());
    }

    #[test]
    fn padding_must_be_complete_and_match() {
        assert!(base32_decode("MY======").is_ok());
        assert!(base32_decode("MY=====").is_err());
        assert!(base32_decode("MZXW6Y==").is_err());
        assert!(base32_decode("MY==A===").is_err());
        assert!(base32_decode("========").is_err());
    }
}
