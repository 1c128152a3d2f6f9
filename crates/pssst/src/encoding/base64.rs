//! Base64 (RFC 4648 §4) and base64url (§5).
//!
//! Encoding is pssst's own: it is the hot path of every token, and a table walk over 3-byte
//! groups into a presized buffer is several times faster than a general engine for 32 bytes.
//! Decoding, which must reject every non-canonical form, is the `base64` crate's.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use super::push_ascii;
use crate::error::{Error, Result};

pub(crate) const STANDARD_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub(crate) const URL_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding: Python's `secrets.token_urlsafe` and Node's
/// `buf.toString("base64url")` give the same text for the same bytes.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base64url(b"\xfb\xff\xfe"), "-__-");
/// ```
pub fn base64url(bytes: &[u8]) -> String {
    encode(bytes, URL_ALPHABET, false)
}

/// Standard base64 with `=` padding.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base64_std(b"\xfb\xff"), "+/8=");
/// ```
pub fn base64_std(bytes: &[u8]) -> String {
    encode(bytes, STANDARD_ALPHABET, true)
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

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    encode_into(bytes, alphabet, pad, &mut text);
    text
}

/// Appends the encoding of `bytes` to `text`, 48 input bytes (64 symbols) at a time through a
/// buffer on the stack.
pub(crate) fn encode_into(bytes: &[u8], alphabet: &[u8; 64], pad: bool, text: &mut String) {
    const CHUNK: usize = 48;

    let symbol = |index: u32| alphabet[(index & 0x3f) as usize];
    let mut block = [0u8; CHUNK / 3 * 4];
    for chunk in bytes.chunks(CHUNK) {
        let mut len = 0;
        let mut groups = chunk.chunks_exact(3);
        for group in &mut groups {
            let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
            block[len..len + 4].copy_from_slice(&[
                symbol(n >> 18),
                symbol(n >> 12),
                symbol(n >> 6),
                symbol(n),
            ]);
            len += 4;
        }
        let (n, used) = match *groups.remainder() {
            [a] => (u32::from(a) << 16, 2),
            [a, b] => (u32::from(a) << 16 | u32::from(b) << 8, 3),
            _ => (0, 0),
        };
        if used > 0 {
            let third = if used == 3 { symbol(n >> 6) } else { b'=' };
            let symbols = [symbol(n >> 18), symbol(n >> 12), third, b'='];
            let keep = if pad { 4 } else { used };
            block[len..len + keep].copy_from_slice(&symbols[..keep]);
            len += keep;
        }
        push_ascii(text, &block[..len]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_the_base64_crate_for_every_length() {
        let bytes: Vec<u8> = (0..=255u8).rev().collect();
        for len in 0..bytes.len() {
            let input = &bytes[..len];
            assert_eq!(base64url(input), URL_SAFE_NO_PAD.encode(input), "len {len}");
            assert_eq!(base64_std(input), STANDARD.encode(input), "len {len}");
        }
    }
}
