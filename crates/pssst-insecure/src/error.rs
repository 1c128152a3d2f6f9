//! The one error type of this crate.

use std::fmt;

/// Everything that can go wrong when reproducing or breaking the Mersenne Twister.
///
/// Messages are lowercase and say what was expected. Nothing in this crate panics on bad
/// input; it returns one of these instead.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Error, Observation, recover};
///
/// let few = vec![Observation::U32(1); 10];
/// match recover(&few) {
///     Err(Error::TooFewObservations { missing_bits, .. }) => assert!(missing_bits > 0),
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// There were no observations at all.
    Empty,
    /// The observations pin down only part of the 19937-bit state.
    ///
    /// `missing_bits` is how many independent state bits are still free;
    /// `more_observations` estimates how many more observations of the same kind would
    /// close the gap (each carries a limited number of bits, and some overlap).
    TooFewObservations {
        /// State bits still undetermined.
        missing_bits: usize,
        /// At least this many more observations of the kind given are needed.
        more_observations: usize,
    },
    /// No Mersenne Twister state produces all the observations: they contradict each other
    /// (not from one generator, not consecutive, or of another kind than stated).
    Inconsistent {
        /// The first observation (0-based) that disagrees, when known.
        observation: Option<usize>,
    },
    /// An observation holds a value its kind cannot produce.
    OutOfRange {
        /// The observation (0-based).
        observation: usize,
        /// What was expected.
        expected: String,
    },
    /// A line of text does not hold a value of the stated kind.
    InvalidLine {
        /// The line, counting from 1.
        line: usize,
        /// What was expected.
        expected: String,
    },
    /// An observation of this kind cannot be used for linear recovery.
    NotLinear {
        /// The observation (0-based).
        observation: usize,
        /// Why, and what to do instead.
        reason: &'static str,
    },
    /// An argument is invalid for the Python call it mimics (CPython raises here).
    InvalidArgument(&'static str),
    /// A seed value cannot be used (for example a NaN float or unparsable text).
    InvalidSeed(String),
    /// A `getstate()` value is malformed.
    InvalidState(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("no observations given"),
            Self::TooFewObservations {
                missing_bits,
                more_observations,
            } => write!(
                f,
                "too few observations: {missing_bits} state bits are still undetermined; \
                 give at least {more_observations} more"
            ),
            Self::Inconsistent { observation } => inconsistent(f, *observation),
            Self::OutOfRange {
                observation,
                expected,
            } => {
                write!(
                    f,
                    "observation {observation} is out of range: expected {expected}"
                )
            }
            Self::NotLinear {
                observation,
                reason,
            } => {
                write!(
                    f,
                    "observation {observation} cannot be used for state recovery: {reason}"
                )
            }
            Self::InvalidLine { line, expected } => write!(f, "line {line}: expected {expected}"),
            Self::InvalidArgument(what) => f.write_str(what),
            Self::InvalidSeed(what) => write!(f, "invalid seed: {what}"),
            Self::InvalidState(what) => write!(f, "invalid generator state: {what}"),
        }
    }
}

impl std::error::Error for Error {}

fn inconsistent(f: &mut fmt::Formatter<'_>, observation: Option<usize>) -> fmt::Result {
    match observation {
        Some(i) => write!(
            f,
            "observations are inconsistent: observation {i} contradicts the ones before it \
             (not one generator, not consecutive, or not of the stated kind)"
        ),
        None => f.write_str(
            "observations are inconsistent: no Mersenne Twister state produces all of them",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_lowercase_without_trailing_period() {
        let errors = [
            Error::Empty,
            Error::TooFewObservations {
                missing_bits: 3,
                more_observations: 1,
            },
            Error::Inconsistent {
                observation: Some(4),
            },
            Error::Inconsistent { observation: None },
            Error::InvalidArgument("empty range for randrange()"),
            Error::InvalidState("index must be at most 624"),
        ];
        for error in errors {
            let text = error.to_string();
            assert!(
                text.chars().next().is_some_and(char::is_lowercase),
                "{text}"
            );
            assert!(!text.ends_with('.'), "{text}");
        }
    }
}
