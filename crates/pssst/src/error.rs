//! The one error type of the core library.

use std::fmt;

/// Everything that can go wrong in the core library.
///
/// Messages are short, lowercase and never contain secret input: a rejected token or key is
/// described, not echoed.
///
/// # Examples
///
/// ```
/// let err = pssst::randbelow(0).unwrap_err();
/// assert_eq!(err.to_string(), "bound out of range: expected at least 1");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The operating system's random source failed. pssst never falls back to a weaker source.
    RandomSource(getrandom::Error),
    /// A numeric argument was outside what the function accepts.
    OutOfRange {
        /// The argument, as the caller knows it (`bound`, `length`, `count`).
        what: &'static str,
        /// What would have been accepted, such as `at least 1`.
        expected: String,
    },
    /// There was nothing to choose from, such as `choice` over an empty slice.
    Empty(&'static str),
    /// An alphabet that cannot be used: too few or too many symbols, or a repeated one.
    Alphabet(String),
    /// A password policy that no password can meet, such as more required classes than length.
    Policy(String),
    /// A wordlist that cannot be used for passphrases.
    Wordlist(String),
    /// Text that is not valid in the named encoding. The text itself is never included.
    Decode(&'static str),
    /// An API key prefix that breaks the rules of [`api_key`](crate::api_key).
    InvalidPrefix(&'static str),
    /// A string that is not a well-formed API key: wrong shape, length, characters or
    /// checksum. The key itself is never included.
    InvalidApiKey(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RandomSource(err) => write!(f, "operating system random source failed: {err}"),
            Self::OutOfRange { what, expected } => {
                write!(f, "{what} out of range: expected {expected}")
            }
            Self::Empty(what) => write!(f, "{what} is empty"),
            Self::Alphabet(why) => write!(f, "unusable alphabet: {why}"),
            Self::Policy(why) => write!(f, "impossible password policy: {why}"),
            Self::Wordlist(why) => write!(f, "unusable wordlist: {why}"),
            Self::Decode(encoding) => write!(f, "invalid {encoding} encoding"),
            Self::InvalidPrefix(why) => write!(f, "invalid api key prefix: {why}"),
            Self::InvalidApiKey(why) => write!(f, "invalid api key: {why}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::RandomSource(err) => Some(err),
            _ => None,
        }
    }
}

impl From<getrandom::Error> for Error {
    fn from(err: getrandom::Error) -> Self {
        Self::RandomSource(err)
    }
}

impl Error {
    /// Shorthand for [`Error::OutOfRange`].
    pub(crate) fn out_of_range(what: &'static str, expected: impl Into<String>) -> Self {
        Self::OutOfRange {
            what,
            expected: expected.into(),
        }
    }
}

/// The result type of the core library.
pub type Result<T> = std::result::Result<T, Error>;
