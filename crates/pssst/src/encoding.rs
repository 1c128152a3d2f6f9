//! Text encodings of random bytes.
//!
//! Each encoding is checked against an independent reference in the tests: Python's `base64`
//! and `binascii` through `../shared/vectors/encodings.json`, and the RFC 4648 §10 examples.

mod base64;
mod hex;

pub use self::base64::{base64_std, base64url, base64url_decode};
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
}

impl Encoding {
    /// Every encoding, in the order the command lists them.
    pub const ALL: &'static [Encoding] =
        &[Self::Hex, Self::HexUpper, Self::Base64, Self::Base64Url];

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
        }
    }

    /// Bits of entropy each character carries when the bytes are uniformly random: 4 for hex,
    /// 6 for base64. (Padding and partial final characters carry less; use
    /// [`Encoding::encoded_len`] with the byte count for exact figures.)
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Encoding::Hex.bits_per_char(), 4.0);
    /// ```
    pub fn bits_per_char(self) -> f64 {
        match self {
            Self::Hex | Self::HexUpper => 4.0,
            Self::Base64 | Self::Base64Url => 6.0,
        }
    }

    /// The length in characters of `n` bytes in this encoding.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Encoding::Base64Url.encoded_len(32), 43);
    /// assert_eq!(pssst::Encoding::Base64.encoded_len(32), 44);
    /// ```
    pub fn encoded_len(self, n: usize) -> usize {
        match self {
            Self::Hex | Self::HexUpper => n * 2,
            Self::Base64 => n.div_ceil(3) * 4,
            Self::Base64Url => (n * 8).div_ceil(6),
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
