//! Base62: digits, then upper-case, then lower-case letters (`0-9A-Za-z`), nothing that
//! needs quoting in a URL, a shell or a file name, and a double click selects all of it.

use super::radix;
use crate::error::Result;

pub(crate) const ALPHABET: &[u8; 62] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const VALUES: [u8; 256] = radix::values(ALPHABET);

/// Base62 by big-number conversion, with leading zero bytes kept as `0`s.
///
/// Precisely: let `z` be the number of leading zero bytes. The text is `z` times `0`, then
/// the remaining bytes read as one big-endian unsigned number, written in base 62 with the
/// digits `0-9A-Za-z` (values 0–61), most significant first, with no leading `0` (nothing at
/// all when the remaining bytes are empty). This is Bitcoin's base58 rule with `0` in the
/// place of `1`, so every byte string has one spelling and every base62 string decodes.
/// Other base62 libraries differ on leading zeros (many drop them): compare before mixing.
///
/// The length depends on the value: 32 random bytes take at most 43 characters. For a
/// fixed-length random string, use [`Alphabet::random_string`](crate::Alphabet::random_string)
/// with [`Alphabet::named("base62")`](crate::Alphabet::named).
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base62(&[0x01, 0x00]), "48");
/// assert_eq!(pssst::base62(&[0x00, 0x00, 0x3d]), "00z");
/// ```
pub fn base62(bytes: &[u8]) -> String {
    radix::encode::<62>(bytes, ALPHABET)
}

/// Decodes base62 written by [`base62`]: each leading `0` is a zero byte, the rest one
/// big-endian number.
///
/// # Errors
///
/// [`Error::Decode`](crate::Error::Decode) for any character outside `0-9A-Za-z`. The text is
/// not included in the error.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst::base62_decode("00z")?, [0x00, 0x00, 0x3d]);
/// assert!(pssst::base62_decode("a-b").is_err());
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn base62_decode(text: &str) -> Result<Vec<u8>> {
    radix::decode::<62>(text, &VALUES, "base62")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_one_is_lower_z_and_sixty_two_is_ten() {
        assert_eq!(base62(&[61]), "z");
        assert_eq!(base62(&[62]), "10");
    }

    #[test]
    fn a_zero_digit_after_the_first_nonzero_one_is_a_digit() {
        assert_eq!(base62_decode("010").unwrap(), [0, 62]);
    }
}
