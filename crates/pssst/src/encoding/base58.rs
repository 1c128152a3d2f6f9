//! Base58 with Bitcoin's alphabet: no `0`, `O`, `I` or `l`, nothing that needs quoting.

use super::radix;
use crate::error::Result;

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const VALUES: [u8; 256] = radix::values(ALPHABET);

/// Base58 exactly as Bitcoin writes it (without the Base58Check checksum): the bytes as one
/// big-endian number in base 58, each leading zero byte written as a `1`.
///
/// The length depends on the value: 32 random bytes take 43 or 44 characters, fewer when
/// the number happens to be small. For a fixed-length random string, use
/// [`Alphabet::random_string`](crate::Alphabet::random_string) with
/// [`Alphabet::named("base58")`](crate::Alphabet::named).
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base58(b"hello world"), "StV1DL6CwTryKyV");
/// assert_eq!(pssst::base58(&[0, 0, 0x61]), "112g");
/// ```
pub fn base58(bytes: &[u8]) -> String {
    radix::encode::<58>(bytes, ALPHABET)
}

/// Decodes Bitcoin base58: each leading `1` is a zero byte, the rest one big-endian number.
///
/// # Errors
///
/// [`Error::Decode`](crate::Error::Decode) for any character outside the alphabet (including
/// `0`, `O`, `I`, `l`, spaces). The text is not included in the error.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base58_decode("112g")?, [0, 0, 0x61]);
/// assert!(pssst::base58_decode("0OIl").is_err());
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn base58_decode(text: &str) -> Result<Vec<u8>> {
    radix::decode::<58>(text, &VALUES, "base58")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_zero_bytes_are_all_ones() {
        assert_eq!(base58(&[0; 5]), "11111");
        assert_eq!(base58_decode("11111").unwrap(), [0; 5]);
    }

    #[test]
    fn empty_is_empty_both_ways() {
        assert_eq!(base58(b""), "");
        assert!(base58_decode("").unwrap().is_empty());
    }
}
