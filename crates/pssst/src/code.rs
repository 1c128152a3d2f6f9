//! Numeric codes: one-time codes, PINs, verification codes, leading zeros kept.

use zeroize::Zeroizing;

use crate::alphabet;
use crate::below::randbelow;
use crate::error::{Error, Result};
use crate::secret::Token;

/// Digits in a code when none is given: 6, as most one-time codes.
///
/// # Examples
///
/// ```
/// let code = pssst::numeric_code(pssst::DEFAULT_CODE_DIGITS)?;
/// assert_eq!(code.expose_secret().len(), 6);
/// # Ok::<(), pssst::Error>(())
/// ```
pub const DEFAULT_CODE_DIGITS: usize = 6;

/// A code of `digits` decimal digits, every code from `000…0` to `999…9` equally likely;
/// leading zeros are kept, so the length is always `digits`.
///
/// Up to 19 digits the code is one unbiased draw below 10^digits (a `u64`); longer codes are
/// drawn digit by digit over the alphabet `0-9`, which is just as uniform.
///
/// # Errors
///
/// [`Error::OutOfRange`] when `digits` is 0 or exceeds
/// [`MAX_TOKEN_BYTES`](crate::MAX_TOKEN_BYTES); [`Error::RandomSource`] when the OS source
/// fails.
///
/// # Security
///
/// A short code is guessable by design (6 digits: one chance in a million per try): limit
/// attempts and lifetime where you check it. Entropy: [`numeric_code_entropy_bits`].
///
/// # Examples
///
/// ```
/// let code = pssst::numeric_code(pssst::DEFAULT_CODE_DIGITS)?;
/// assert_eq!(code.expose_secret().len(), 6);
/// assert!(code.expose_secret().bytes().all(|b| b.is_ascii_digit()));
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn numeric_code(digits: usize) -> Result<Token> {
    match digits {
        0 => Err(Error::out_of_range("digits", "at least 1")),
        1..=MAX_SINGLE_DRAW => single_draw(digits),
        _ => alphabet::digits().random_string(digits),
    }
}

/// The entropy of a code of `digits` digits: `digits × log2(10)` bits.
///
/// # Examples
///
/// ```
/// assert!((pssst::numeric_code_entropy_bits(6) - 19.93).abs() < 0.01);
/// ```
pub fn numeric_code_entropy_bits(digits: usize) -> f64 {
    digits as f64 * 10f64.log2()
}

/// The most digits one `u64` draw below 10^digits can give.
const MAX_SINGLE_DRAW: usize = 19;

fn single_draw(digits: usize) -> Result<Token> {
    let mut value = randbelow(10u64.pow(digits as u32))?;
    let mut text = Zeroizing::new([b'0'; MAX_SINGLE_DRAW]);
    for digit in text[..digits].iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
    let mut code = Token::with_capacity(digits);
    text[..digits]
        .iter()
        .for_each(|&d| code.push(char::from(d)));
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_has_exactly_that_many_digits() {
        for digits in [1, 2, 6, 18, 19, 20, 40] {
            let code = numeric_code(digits).unwrap();
            assert_eq!(code.expose_secret().len(), digits);
            assert!(code.expose_secret().bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn leading_zeros_are_kept() {
        let starts_with_zero =
            (0..2000).any(|_| numeric_code(2).unwrap().expose_secret().starts_with('0'));
        assert!(starts_with_zero);
    }

    #[test]
    fn zero_digits_is_an_error() {
        assert!(matches!(numeric_code(0), Err(Error::OutOfRange { .. })));
    }
}
