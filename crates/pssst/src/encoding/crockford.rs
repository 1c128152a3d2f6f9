//! Crockford's base32: digits and upper-case letters without I, L, O and U, so a code read
//! aloud or copied by hand survives (<https://www.crockford.com/base32.html>).
//!
//! Bytes are packed five bits to a character exactly as RFC 4648 base32 packs them (the same
//! bit string, last character filled with zero bits), only spelled with Crockford's alphabet;
//! this is how ULIDs and most libraries apply his alphabet to bytes. Decoding follows his
//! rules for people: any case, `I` and `L` read as `1`, `O` as `0`, hyphens ignored.

use super::base32::{decode_values, encode_with};
use crate::error::Result;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Crockford base32, upper case, no padding and no check symbol.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base32_crockford(b"foobar"), "CSQPYRK1E8");
/// ```
pub fn base32_crockford(bytes: &[u8]) -> String {
    encode_with(bytes, ALPHABET)
}

/// Decodes Crockford base32 as a person may have typed it: lower or upper case, `I`, `i`, `L`
/// and `l` taken as `1`, `O` and `o` as `0`, hyphens anywhere ignored.
///
/// # Errors
///
/// [`Error::Decode`](crate::Error::Decode) for `U`, any other character outside the alphabet,
/// a length that leaves a character carrying no whole byte, or set bits in the unused end of
/// the last character. The text is not included in the error.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base32_crockford_decode("csqp-yrk1-e8")?, b"foobar");
/// assert_eq!(pssst::base32_crockford_decode("CSQPYRKIE8")?, b"foobar");
/// assert!(pssst::base32_crockford_decode("CSQPYRKUE8").is_err());
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn base32_crockford_decode(text: &str) -> Result<Vec<u8>> {
    // LIMITATION: Crockford's optional trailing check symbol (`*~$=U`, a value mod 37) is
    // neither written nor read; text that carries one is rejected as invalid.
    let values = text.bytes().filter(|&b| b != b'-').map(value);
    decode_values(values, "crockford base32")
}

fn value(digit: u8) -> Option<u8> {
    match digit.to_ascii_uppercase() {
        digit @ b'0'..=b'9' => Some(digit - b'0'),
        b'O' => Some(0),
        b'I' | b'L' => Some(1),
        b'U' => None,
        letter @ b'A'..=b'Z' => {
            let index = ALPHABET.iter().position(|&symbol| symbol == letter)?;
            Some(index as u8)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_decodes_to_its_position() {
        for (index, &symbol) in ALPHABET.iter().enumerate() {
            assert_eq!(value(symbol), Some(index as u8));
            assert_eq!(value(symbol.to_ascii_lowercase()), Some(index as u8));
        }
    }

    #[test]
    fn look_alikes_read_as_digits() {
        assert_eq!(
            [value(b'o'), value(b'i'), value(b'L')],
            [Some(0), Some(1), Some(1)]
        );
    }

    #[test]
    fn hyphens_are_ignored_anywhere() {
        let plain = base32_crockford_decode("CSQPYRK1E8").unwrap();
        assert_eq!(base32_crockford_decode("-CS-QPY--RK1E8-").unwrap(), plain);
    }

    #[test]
    fn u_and_punctuation_are_rejected() {
        for text in ["CU", "C*", "C ", "C="] {
            assert!(base32_crockford_decode(text).is_err(), "{text}");
        }
    }
}
