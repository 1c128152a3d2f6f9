//! Random strings over any alphabet, without modulo bias.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::rng;
use crate::secret::Token;
use crate::token::MAX_TOKEN_BYTES;

/// A set of 2 to 256 distinct characters to build random strings from.
///
/// Characters are Unicode scalar values (`char`), so `é` or `ß` count as one; a character
/// made of several scalars (an emoji with a skin tone, a letter with a combining accent) is
/// several symbols. Control characters (newline, tab, ...) are refused: they would break the
/// one-value-per-line output everything else relies on.
///
/// # Examples
///
/// ```
/// use pssst::Alphabet;
///
/// let dna = Alphabet::new("ACGT")?;
/// let strand = dna.random_string(12)?;
/// assert!(strand.expose_secret().chars().all(|c| "ACGT".contains(c)));
/// assert_eq!(dna.entropy_bits(12), 24.0);
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Alphabet {
    symbols: Vec<char>,
    /// `by_byte[b]` is the symbol a random byte `b` stands for; bytes at or past its length
    /// (the largest multiple of the size that is at most 256) are rejected.
    by_byte: Vec<char>,
    max_utf8_len: usize,
    name: Option<&'static str>,
}

impl Alphabet {
    /// The most symbols an alphabet may have: one random byte picks one symbol.
    ///
    /// # Examples
    ///
    /// ```
    /// let latin: String = (0x100..0x201).filter_map(char::from_u32).collect();
    /// assert!(pssst::Alphabet::new(&latin).is_err());
    /// ```
    pub const MAX_SIZE: usize = 256;

    /// The names [`Alphabet::named`] knows, in the order the command lists them.
    ///
    /// # Examples
    ///
    /// ```
    /// for name in pssst::Alphabet::NAMES {
    ///     assert!(pssst::Alphabet::named(name).is_ok());
    /// }
    /// ```
    pub const NAMES: &'static [&'static str] = &[
        "base58",
        "base62",
        "alnum",
        "base32",
        "crockford",
        "base64",
        "urlsafe",
        "base64url",
        "hex",
        "HEX",
        "digits",
        "lower",
        "upper",
        "letters",
    ];

    /// An alphabet of the characters of `symbols`, in that order.
    ///
    /// # Errors
    ///
    /// [`Error::Alphabet`] when `symbols` has fewer than 2 or more than 256 characters, repeats
    /// one (the error names it), or holds a control character.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Alphabet::new("αβγδ")?.size(), 4);
    ///
    /// let err = pssst::Alphabet::new("abca").unwrap_err();
    /// assert_eq!(err.to_string(), "unusable alphabet: 'a' appears more than once");
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn new(symbols: &str) -> Result<Self> {
        let symbols: Vec<char> = symbols.chars().collect();
        check_symbols(&symbols)?;
        Ok(Self::from_checked(symbols, None))
    }

    /// A built-in alphabet by name (case matters: `hex` is lower case, `HEX` upper):
    ///
    /// | name | characters |
    /// |---|---|
    /// | `base58` | Bitcoin's: `1-9A-Za-z` without `0`, `O`, `I`, `l` |
    /// | `base62`, `alnum` | `0-9A-Za-z` |
    /// | `base32` | RFC 4648: `A-Z2-7` |
    /// | `crockford` | `0-9A-Z` without `I`, `L`, `O`, `U` |
    /// | `base64` | `A-Za-z0-9+/` |
    /// | `urlsafe`, `base64url` | `A-Za-z0-9-_` |
    /// | `hex`, `HEX` | `0-9a-f`, `0-9A-F` |
    /// | `digits`, `lower`, `upper`, `letters` | `0-9`, `a-z`, `A-Z`, `A-Za-z` |
    ///
    /// # Errors
    ///
    /// [`Error::Alphabet`] for a name not in [`Alphabet::NAMES`].
    ///
    /// # Examples
    ///
    /// ```
    /// let base58 = pssst::Alphabet::named("base58")?;
    /// assert_eq!(base58.size(), 58);
    /// assert_eq!(base58.name(), Some("base58"));
    /// assert!(pssst::Alphabet::named("klingon").is_err());
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn named(name: &str) -> Result<Self> {
        let (name, symbols) = NAMED
            .iter()
            .find(|(known, _)| *known == name)
            .ok_or_else(|| Error::Alphabet(format!("no alphabet is named {name:?}")))?;
        Ok(Self::from_checked(symbols.chars().collect(), Some(name)))
    }

    /// A string of `len` symbols, each drawn uniformly and independently.
    ///
    /// Random bytes are drawn in bulk; a byte `b` below the largest multiple of the size that
    /// is at most 256 stands for symbol `b % size`, and larger bytes are thrown away (for a
    /// size that divides 256, none are). Every symbol is therefore exactly equally likely: no
    /// modulo bias. At least half of all bytes are kept, whatever the size.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] when `len` exceeds [`MAX_TOKEN_BYTES`];
    /// [`Error::RandomSource`] when the OS source fails.
    ///
    /// # Security
    ///
    /// The string is built inside a [`Token`] with its final capacity reserved, and the
    /// random bytes are wiped, so no stray copy is left in freed memory. Its entropy is
    /// [`Alphabet::entropy_bits`] of `len`.
    ///
    /// # Examples
    ///
    /// ```
    /// let pin = pssst::Alphabet::named("digits")?.random_string(8)?;
    /// assert_eq!(pin.expose_secret().len(), 8);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn random_string(&self, len: usize) -> Result<Token> {
        if len > MAX_TOKEN_BYTES {
            let expected = format!("at most {MAX_TOKEN_BYTES} characters");
            return Err(Error::out_of_range("length", expected));
        }
        let mut token = Token::with_capacity(len * self.max_utf8_len);
        // Sized to the first draw, so short strings wipe only the bytes they used.
        let mut pool = Zeroizing::new(vec![0u8; self.bytes_for(len)]);
        let mut missing = len;
        while missing > 0 {
            let draw = &mut pool[..self.bytes_for(missing)];
            rng::fill_bytes(draw)?;
            for &byte in draw.iter() {
                if let Some(&symbol) = self.by_byte.get(usize::from(byte)) {
                    token.push(symbol);
                    missing -= 1;
                    if missing == 0 {
                        break;
                    }
                }
            }
        }
        Ok(token)
    }

    /// The entropy of a random string of `len` symbols: `len × log2(size)` bits.
    ///
    /// # Examples
    ///
    /// ```
    /// let base62 = pssst::Alphabet::named("base62")?;
    /// assert!((base62.entropy_bits(22) - 130.99).abs() < 0.01);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn entropy_bits(&self, len: usize) -> f64 {
        len as f64 * (self.size() as f64).log2()
    }

    /// The number of symbols.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Alphabet::named("crockford")?.size(), 32);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn size(&self) -> usize {
        self.symbols.len()
    }

    /// The symbols, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Alphabet::new("xyz")?.symbols(), ['x', 'y', 'z']);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn symbols(&self) -> &[char] {
        &self.symbols
    }

    /// Whether `c` is one of the symbols.
    ///
    /// # Examples
    ///
    /// ```
    /// let hex = pssst::Alphabet::named("hex")?;
    /// assert!(hex.contains('f') && !hex.contains('F'));
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn contains(&self, c: char) -> bool {
        self.symbols.contains(&c)
    }

    /// The name this alphabet was made with by [`Alphabet::named`], if any.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst::Alphabet::named("HEX")?.name(), Some("HEX"));
    /// assert_eq!(pssst::Alphabet::new("01")?.name(), None);
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn name(&self) -> Option<&'static str> {
        self.name
    }

    /// Builds the byte table for symbols already known to be valid.
    pub(crate) fn from_checked(symbols: Vec<char>, name: Option<&'static str>) -> Self {
        let size = symbols.len();
        let accepted = Self::MAX_SIZE - Self::MAX_SIZE % size;
        let by_byte = (0..accepted).map(|byte| symbols[byte % size]).collect();
        let max_utf8_len = symbols.iter().map(|c| c.len_utf8()).max().unwrap_or(1);
        Self {
            symbols,
            by_byte,
            max_utf8_len,
            name,
        }
    }

    /// How many random bytes to draw for `missing` symbols: the expected number plus a
    /// margin, so one draw is almost always enough.
    fn bytes_for(&self, missing: usize) -> usize {
        let expected = missing * Self::MAX_SIZE / self.by_byte.len();
        (expected + expected / 16 + 8).min(POOL_LEN)
    }
}

impl fmt::Debug for Alphabet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbols: String = self.symbols.iter().collect();
        f.debug_tuple("Alphabet").field(&symbols).finish()
    }
}

/// The base62 alphabet, built once: API keys use it on every call.
pub(crate) fn base62() -> &'static Alphabet {
    static BASE62: OnceLock<Alphabet> = OnceLock::new();
    BASE62.get_or_init(|| Alphabet::from_checked(BASE62_SYMBOLS.chars().collect(), Some("base62")))
}

/// The decimal digits, built once: numeric codes use it.
pub(crate) fn digits() -> &'static Alphabet {
    static DIGITS: OnceLock<Alphabet> = OnceLock::new();
    DIGITS.get_or_init(|| Alphabet::from_checked(DIGIT_SYMBOLS.chars().collect(), Some("digits")))
}

fn check_symbols(symbols: &[char]) -> Result<()> {
    if !(2..=Alphabet::MAX_SIZE).contains(&symbols.len()) {
        let why = format!("needs 2 to 256 distinct characters, got {}", symbols.len());
        return Err(Error::Alphabet(why));
    }
    let mut seen = HashSet::with_capacity(symbols.len());
    for &symbol in symbols {
        if symbol.is_control() {
            let why = format!("control character {symbol:?} is not allowed");
            return Err(Error::Alphabet(why));
        }
        if !seen.insert(symbol) {
            return Err(Error::Alphabet(format!(
                "{symbol:?} appears more than once"
            )));
        }
    }
    Ok(())
}

/// The largest single draw of random bytes; longer strings take several.
const POOL_LEN: usize = 512;

const DIGIT_SYMBOLS: &str = "0123456789";
const BASE62_SYMBOLS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const NAMED: &[(&str, &str)] = &[
    (
        "base58",
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
    ),
    ("base62", BASE62_SYMBOLS),
    ("alnum", BASE62_SYMBOLS),
    ("base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    ("crockford", "0123456789ABCDEFGHJKMNPQRSTVWXYZ"),
    (
        "base64",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    ),
    ("urlsafe", URLSAFE),
    ("base64url", URLSAFE),
    ("hex", "0123456789abcdef"),
    ("HEX", "0123456789ABCDEF"),
    ("digits", DIGIT_SYMBOLS),
    ("lower", "abcdefghijklmnopqrstuvwxyz"),
    ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    (
        "letters",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    ),
];

const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_listed_and_valid() {
        let listed: Vec<&str> = NAMED.iter().map(|(name, _)| *name).collect();
        assert_eq!(listed, Alphabet::NAMES);
        for (name, symbols) in NAMED {
            let checked = Alphabet::new(symbols).unwrap();
            assert_eq!(Alphabet::named(name).unwrap().symbols(), checked.symbols());
        }
    }

    #[test]
    fn size_limits_are_two_and_256() {
        let many: String = (0..257u32)
            .filter_map(|i| char::from_u32(0x100 + i))
            .collect();
        let too_many = Alphabet::new(&many).unwrap_err().to_string();
        assert!(too_many.contains("got 257"), "{too_many}");
        assert!(Alphabet::new(&many[..many.char_indices().nth(256).unwrap().0]).is_ok());
        assert!(
            Alphabet::new("x")
                .unwrap_err()
                .to_string()
                .contains("got 1")
        );
        assert!(Alphabet::new("").is_err());
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(Alphabet::new("ab\n").is_err());
    }

    #[test]
    fn byte_table_keeps_a_multiple_of_the_size() {
        for size in 2..=256usize {
            let symbols: String = (0..size as u32)
                .filter_map(|i| char::from_u32(0x100 + i))
                .collect();
            let alphabet = Alphabet::new(&symbols).unwrap();
            assert_eq!(alphabet.by_byte.len() % size, 0);
            assert!(alphabet.by_byte.len() > 128 && alphabet.by_byte.len() <= 256);
        }
    }

    #[test]
    fn unicode_symbols_fit_the_reserved_capacity() {
        let alphabet = Alphabet::new("aé€😀").unwrap();
        let text = alphabet.random_string(1000).unwrap();
        assert_eq!(text.char_count(), 1000);
    }

    #[test]
    fn zero_length_is_empty() {
        let alphabet = Alphabet::named("hex").unwrap();
        assert!(
            alphabet
                .random_string(0)
                .unwrap()
                .expose_secret()
                .is_empty()
        );
    }

    #[test]
    fn cached_alphabets_match_their_names() {
        assert_eq!(*base62(), Alphabet::named("base62").unwrap());
        assert_eq!(*digits(), Alphabet::named("digits").unwrap());
    }
}
