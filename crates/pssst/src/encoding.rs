//! Text encodings of random bytes.
//!
//! Each encoding is checked against an independent reference in the tests: Python's `base64`
//! and `binascii` through `../shared/vectors/encodings.json`, the RFC 4648 §10 examples,
//! Bitcoin's base58 vectors, and Python integer arithmetic for base62 and Crockford base32.

mod base32;
mod base58;
pub(crate) mod base62;
mod base64;
mod crockford;
mod hex;
mod radix;

pub use self::base32::{base32, base32_decode};
pub use self::base58::{base58, base58_decode};
pub use self::base62::{base62, base62_decode};
pub use self::base64::{base64_std, base64url, base64url_decode};
pub use self::crockford::{base32_crockford, base32_crockford_decode};
pub use self::hex::{hex_decode, hex_lower, hex_upper};

use crate::error::Result;

/// The text encodings pssst writes random bytes in.
///
/// # Examples
///
/// ```
/// use pssst::Encoding;
///
/// assert_eq!(Encoding::Hex.encode(&[0xde, 0xad]), "dead");
/// assert_eq!(Encoding::Base64Url.encode(&[0xfb, 0xff]), "-_8");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// Lowercase hexadecimal, as Python's `token_hex`.
    Hex,
    /// Uppercase hexadecimal.
    HexUpper,
    /// RFC 4648 §4 base64 with `=` padding.
    Base64,
    /// RFC 4648 §5 base64url without padding, as Python's `token_urlsafe` and Node's
    /// `toString("base64url")`.
    Base64Url,
    /// RFC 4648 §6 base32, upper case, without `=` padding.
    Base32,
    /// Crockford's base32: digits and letters without I, L, O, U; decoding forgives case,
    /// look-alikes and hyphens.
    Crockford,
    /// Bitcoin's base58 (big-number conversion; each leading zero byte is a `1`).
    Base58,
    /// Base62, `0-9A-Za-z` (big-number conversion; each leading zero byte is a `0`).
    Base62,
}

impl Encoding {
    /// Every encoding, in the order the command lists them.
    pub const ALL: &'static [Encoding] = &[
        Self::Hex,
        Self::HexUpper,
        Self::Base64,
        Self::Base64Url,
        Self::Base32,
        Self::Crockford,
        Self::Base58,
        Self::Base62,
    ];

    /// Encodes `bytes` as text.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Encoding::HexUpper.encode(b"\x0f"), "0F");
    /// ```
    pub fn encode(self, bytes: &[u8]) -> String {
        let mut text = String::with_capacity(self.encoded_len(bytes.len()));
        self.encode_into(bytes, &mut text);
        text
    }

    /// Appends the encoding of `bytes` to `text`, reusing its allocation: the fast path for
    /// making many tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut text = String::from("id=");
    /// pssst::Encoding::Base64Url.encode_into(&[0xfb, 0xff], &mut text);
    /// assert_eq!(text, "id=-_8");
    /// ```
    pub fn encode_into(self, bytes: &[u8], text: &mut String) {
        match self {
            Self::Hex => hex::hex_into(bytes, false, text),
            Self::HexUpper => hex::hex_into(bytes, true, text),
            Self::Base64 => base64::encode_into(bytes, base64::STANDARD_ALPHABET, true, text),
            Self::Base64Url => base64::encode_into(bytes, base64::URL_ALPHABET, false, text),
            Self::Base32 => text.push_str(&base32(bytes)),
            Self::Crockford => text.push_str(&base32_crockford(bytes)),
            Self::Base58 => text.push_str(&base58(bytes)),
            Self::Base62 => text.push_str(&base62(bytes)),
        }
    }

    /// Decodes text written in this encoding.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`](crate::Error::Decode) when `text` is not valid in this encoding. The
    /// text is not included in the error.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Encoding::Base64Url.decode("-_8")?, [0xfb, 0xff]);
    /// assert!(pssst::Encoding::Hex.decode("zz").is_err());
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn decode(self, text: &str) -> Result<Vec<u8>> {
        match self {
            Self::Hex | Self::HexUpper => hex_decode(text),
            Self::Base64 => base64::base64_std_decode(text),
            Self::Base64Url => base64url_decode(text),
            Self::Base32 => base32_decode(text),
            Self::Crockford => base32_crockford_decode(text),
            Self::Base58 => base58_decode(text),
            Self::Base62 => base62_decode(text),
        }
    }

    /// The name the command and JSON output use for this encoding.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Encoding::Base64Url.name(), "base64url");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Hex => "hex",
            Self::HexUpper => "HEX",
            Self::Base64 => "base64",
            Self::Base64Url => "base64url",
            Self::Base32 => "base32",
            Self::Crockford => "crockford",
            Self::Base58 => "base58",
            Self::Base62 => "base62",
        }
    }

    /// Bits of entropy each character carries when the bytes are uniformly random: 4 for hex,
    /// 5 for base32, log2(58) ≈ 5.86 for base58, log2(62) ≈ 5.95 for base62, 6 for base64.
    /// (Padding and partial final characters carry less; the entropy of a token is exactly
    /// [`Encoding::entropy_bits`] of its byte count.)
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Encoding::Hex.bits_per_char(), 4.0);
    /// assert!((pssst::Encoding::Base62.bits_per_char() - 5.954).abs() < 1e-3);
    /// ```
    pub fn bits_per_char(self) -> f64 {
        match self {
            Self::Hex | Self::HexUpper => 4.0,
            Self::Base64 | Self::Base64Url => 6.0,
            Self::Base32 | Self::Crockford => 5.0,
            Self::Base58 => 58f64.log2(),
            Self::Base62 => 62f64.log2(),
        }
    }

    /// The entropy of `n` uniformly random bytes in this encoding: `8n` bits, whatever the
    /// encoding, since every encoding here is one-to-one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Encoding::Base58.entropy_bits(32), 256.0);
    /// ```
    pub fn entropy_bits(self, n: usize) -> f64 {
        n as f64 * 8.0
    }

    /// The length in characters of `n` bytes in this encoding. For base58 and base62 the
    /// length depends on the value (a small number takes fewer digits), and this is the most
    /// it can be.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst::Encoding;
    ///
    /// assert_eq!(Encoding::Base64Url.encoded_len(32), 43);
    /// assert_eq!(Encoding::Base64.encoded_len(32), 44);
    /// assert_eq!(Encoding::Base32.encoded_len(32), 52);
    /// assert_eq!(Encoding::Base58.encoded_len(32), 44);
    /// assert_eq!(Encoding::Base62.encoded_len(32), 43);
    /// ```
    pub fn encoded_len(self, n: usize) -> usize {
        match self {
            Self::Hex | Self::HexUpper => n * 2,
            Self::Base64 => n.div_ceil(3) * 4,
            Self::Base64Url => (n * 8).div_ceil(6),
            Self::Base32 | Self::Crockford => base32::encoded_len(n),
            Self::Base58 => radix::max_encoded_len(n, 58.0),
            Self::Base62 => radix::max_encoded_len(n, 62.0),
        }
    }
}

/// Appends ASCII bytes, as encoders write them, to a string.
pub(crate) fn push_ascii(text: &mut String, ascii: &[u8]) {
    match std::str::from_utf8(ascii) {
        Ok(valid) => text.push_str(valid),
        Err(_) => unreachable!("encoders write ASCII only"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_round_trips_every_short_length() {
        let bytes: Vec<u8> = (0..=70u8).map(|i| i.wrapping_mul(73) ^ 0x5a).collect();
        for &encoding in Encoding::ALL {
            for length in 0..bytes.len() {
                let text = encoding.encode(&bytes[..length]);
                assert_eq!(
                    encoding.decode(&text).unwrap(),
                    &bytes[..length],
                    "{encoding:?}"
                );
            }
        }
    }

    #[test]
    fn encoded_len_is_the_length_or_the_most_it_can_be() {
        for &encoding in Encoding::ALL {
            for length in 0..70 {
                let text = encoding.encode(&vec![0xff; length]);
                assert_eq!(
                    text.len(),
                    encoding.encoded_len(length),
                    "{encoding:?} {length}"
                );
            }
        }
    }

    #[test]
    fn names_are_distinct() {
        let mut names: Vec<&str> = Encoding::ALL.iter().map(|e| e.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Encoding::ALL.len());
    }
}
