//! Hexadecimal.

use crate::error::{Error, Result};

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Lowercase hex, as Python's `bytes.hex()` and `secrets.token_hex` write it.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::hex_lower(&[0x00, 0xab]), "00ab");
/// ```
pub fn hex_lower(bytes: &[u8]) -> String {
    encode(bytes, false)
}

/// Uppercase hex.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::hex_upper(&[0x00, 0xab]), "00AB");
/// ```
pub fn hex_upper(bytes: &[u8]) -> String {
    encode(bytes, true)
}

/// Decodes hex of either case.
///
/// # Errors
///
/// [`Error::Decode`] on an odd length or a character that is not a hex digit.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::hex_decode("00aB")?, [0x00, 0xab]);
/// assert!(pssst::hex_decode("abc").is_err());
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn hex_decode(text: &str) -> Result<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return Err(Error::Decode("hex"));
    }
    digits
        .chunks_exact(2)
        .map(|pair| Ok(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

fn encode(bytes: &[u8], upper: bool) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    hex_into(bytes, upper, &mut text);
    text
}

/// Appends hex of `bytes` to `text`, 32 bytes at a time through a buffer on the stack.
pub(crate) fn hex_into(bytes: &[u8], upper: bool, text: &mut String) {
    let digits = if upper { UPPER } else { LOWER };
    let mut block = [0u8; 64];
    for chunk in bytes.chunks(32) {
        for (pair, &byte) in block.chunks_exact_mut(2).zip(chunk) {
            pair[0] = digits[usize::from(byte >> 4)];
            pair[1] = digits[usize::from(byte & 0x0f)];
        }
        super::push_ascii(text, &block[..chunk.len() * 2]);
    }
}

fn nibble(digit: u8) -> Result<u8> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        b'A'..=b'F' => Ok(digit - b'A' + 10),
        _ => Err(Error::Decode("hex")),
    }
}
