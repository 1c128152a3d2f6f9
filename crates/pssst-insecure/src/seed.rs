//! Seeds as Python's `random.seed(a)` takes them, and the key words CPython derives from them.
//!
//! - an `int` seeds from its absolute value, split into 32-bit little-endian words;
//! - a `float` seeds from `hash(a)` cast to an unsigned 64-bit integer;
//! - a `str` or `bytes` (version 2, the default) seeds from the integer whose big-endian
//!   bytes are the UTF-8 text followed by its SHA-512 digest.

mod literal;
pub(crate) mod quoted;
pub(crate) mod repr;

use std::fmt;

use num_bigint::{BigInt, BigUint, Sign};
use sha2::{Digest, Sha512};

use crate::error::Error;
use crate::float_hash::float_seed_integer;
use crate::float_repr::python_float_repr;

/// A value passed to Python's `random.seed`.
///
/// # Examples
///
/// ```
/// use pssst_insecure::Seed;
///
/// assert_eq!(Seed::from(-5).key_words(), [5]);
/// assert_eq!(Seed::from(4_294_967_296u64).key_words(), [0, 1]);
/// // "hello" and its 64-byte SHA-512: 69 bytes, 18 words.
/// assert_eq!(Seed::from("hello").key_words().len(), 18);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Seed(Kind);

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Int(BigInt),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
}

impl Seed {
    /// A float seed, as `random.seed(1.5)` or `random.seed(time.time())`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeed`] for NaN, whose hash in Python depends on object identity.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Seed;
    ///
    /// // An integral float seeds like the integer: hash(31.0) == 31.
    /// assert_eq!(Seed::float(31.0)?.key_words(), [31]);
    /// assert!(Seed::float(f64::NAN).is_err());
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn float(value: f64) -> Result<Self, Error> {
        if value.is_nan() {
            return Err(Error::InvalidSeed(
                "a nan seed is not reproducible".to_owned(),
            ));
        }
        Ok(Self(Kind::Float(value)))
    }

    /// A bytes seed, as `random.seed(b"...")`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Seed;
    ///
    /// // Bytes seed like the str with the same UTF-8 encoding.
    /// assert_eq!(Seed::bytes(b"hello".to_vec()).key_words(), Seed::from("hello").key_words());
    /// ```
    pub fn bytes(value: Vec<u8>) -> Self {
        Self(Kind::Bytes(value))
    }

    /// Parses a Python literal: `31`, `-5`, `0x1f`, `1_000`, `1.5`, `'text'`, `"text"` or
    /// `b'\x00\xff'`, exactly as Python's parser reads it (single- or double-quoted str with
    /// backslash escapes, bytes of ASCII characters and escapes).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeed`] when the text is none of these, naming the accepted forms: a
    /// near miss (`007`, `'a' 'b'`, `'''x'''`, `b'é'`) is refused rather than guessed.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Seed;
    ///
    /// assert_eq!(Seed::parse_python("31")?, Seed::from(31));
    /// assert_eq!(Seed::parse_python("'hello'")?, Seed::from("hello"));
    /// assert_eq!(Seed::parse_python(r"b'\x00\xff'")?, Seed::bytes(vec![0, 255]));
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn parse_python(text: &str) -> Result<Self, Error> {
        literal::parse(text.trim())
    }

    /// The non-negative integer CPython seeds from (before it is split into words).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Seed;
    /// use num_bigint::BigUint;
    ///
    /// assert_eq!(Seed::from(-5).to_integer(), BigUint::from(5u32));
    /// ```
    pub fn to_integer(&self) -> BigUint {
        match &self.0 {
            Kind::Int(value) => value.magnitude().clone(),
            Kind::Float(value) => BigUint::from(float_seed_integer(*value).unwrap_or(0)),
            Kind::Str(text) => text_integer(text.as_bytes()),
            Kind::Bytes(bytes) => text_integer(bytes),
        }
    }

    /// The `init_by_array` key: the integer in 32-bit little-endian words, at least one.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Seed;
    ///
    /// assert_eq!(Seed::from(0).key_words(), [0]);
    /// let words = Seed::from(12_345_678_901_234_567_890u64).key_words();
    /// assert_eq!(words, [3_944_680_146, 2_874_452_364]);
    /// ```
    pub fn key_words(&self) -> Vec<u32> {
        let words = self.to_integer().to_u32_digits();
        if words.is_empty() { vec![0] } else { words }
    }
}

impl fmt::Display for Seed {
    /// Prints the seed as a Python literal, ready for `random.seed(...)`; an int of more
    /// than 4300 decimal digits in hex, as Python refuses such decimal literals by default
    /// (`sys.int_info.default_max_str_digits`, since 3.11) but not hex ones.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Int(value) => {
                let decimal = value.magnitude().to_string();
                let sign = if value.sign() == Sign::Minus { "-" } else { "" };
                if decimal.len() > PYTHON_MAX_STR_DIGITS {
                    write!(f, "{sign}{:#x}", value.magnitude())
                } else {
                    write!(f, "{sign}{decimal}")
                }
            }
            Kind::Float(value) => f.write_str(&python_float_repr(*value)),
            Kind::Str(text) => f.write_str(&repr::str_repr(text)),
            Kind::Bytes(bytes) => f.write_str(&repr::bytes_repr(bytes)),
        }
    }
}

/// The most decimal digits Python 3.11 and later convert by default.
const PYTHON_MAX_STR_DIGITS: usize = 4300;

macro_rules! int_seed {
    ($($t:ty),*) => {$(
        impl From<$t> for Seed {
            fn from(value: $t) -> Self {
                Self(Kind::Int(BigInt::from(value)))
            }
        }
    )*};
}

int_seed!(i32, u32, i64, u64, i128, u128, usize, BigInt, BigUint);

impl From<&str> for Seed {
    /// A str seed (Python semantics: `"31"` is text, not the number 31).
    fn from(value: &str) -> Self {
        Self(Kind::Str(value.to_owned()))
    }
}

impl From<String> for Seed {
    fn from(value: String) -> Self {
        Self(Kind::Str(value))
    }
}

impl From<&[u8]> for Seed {
    fn from(value: &[u8]) -> Self {
        Self::bytes(value.to_vec())
    }
}

/// `int.from_bytes(a + sha512(a).digest(), "big")`, version 2 seeding of str and bytes.
fn text_integer(bytes: &[u8]) -> BigUint {
    let mut joined = bytes.to_vec();
    joined.extend_from_slice(&Sha512::digest(bytes));
    BigUint::from_bytes_be(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_float_seeds_wrap_like_size_t() {
        let seed = Seed::float(-1.5).unwrap_or_else(|_| Seed::from(0));
        let expected = (-1_152_921_504_606_846_977i64) as u64;
        assert_eq!(seed.to_integer(), BigUint::from(expected));
    }

    #[test]
    fn display_prints_python_literals() {
        assert_eq!(Seed::from(-5).to_string(), "-5");
        assert_eq!(Seed::from("it's").to_string(), "\"it's\"");
        assert_eq!(Seed::bytes(vec![0, b'a']).to_string(), "b'\\x00a'");
    }

    #[test]
    fn ints_past_4300_digits_print_in_hex() {
        let ten = BigInt::from(10u8);
        let largest: BigInt = num_traits::pow(ten, 4300) - 1;
        assert_eq!(Seed::from(largest.clone()).to_string().len(), 4300);
        let hex = Seed::from(-(largest + BigInt::from(1u8))).to_string();
        assert!(hex.starts_with("-0x") && hex.len() < 3600, "{hex}");
    }
}
