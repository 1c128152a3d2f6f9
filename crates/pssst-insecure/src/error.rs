//! The one error type of this crate.

use std::fmt;

use crate::observation::Place;
use crate::recover::MoreObservations;
use crate::shown;

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
///     Err(Error::TooFewObservations { missing_bits, more_observations }) => {
///         assert!(missing_bits > 0);
///         assert_eq!(more_observations.count(), 614);
///     }
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// There were no observations at all.
    Empty,
    /// The observations pin down only part of the 19937-bit state.
    TooFewObservations {
        /// State bits still undetermined.
        missing_bits: usize,
        /// How many more observations, of the kind of the last one, would pin it down.
        more_observations: MoreObservations,
    },
    /// No Mersenne Twister state produces all the observations: they contradict each other
    /// (not from one generator, not consecutive, or of another kind than stated).
    Inconsistent {
        /// The index of the first observation that disagrees, when known.
        observation: Option<usize>,
    },
    /// An observation holds a value its kind cannot produce.
    OutOfRange {
        /// Its index among the observations.
        observation: usize,
        /// What was expected.
        expected: String,
    },
    /// A line of text does not hold a value of the stated kind.
    InvalidLine {
        /// Where: the line and, in a token, the character (both counting from 1).
        at: Place,
        /// What was expected.
        expected: String,
    },
    /// A line holds a float in `[0, 1)` that `random()` cannot return: not a multiple of
    /// 2^-53, as a value rounded for printing is.
    NotRandomFloat {
        /// The line, counting from 1.
        at: Place,
        /// The value as written in the line.
        value: String,
    },
    /// A blank line comes before a value: it would shift every later observation by one.
    /// Blank lines at the end are ignored.
    BlankLine {
        /// The line, counting from 1.
        line: usize,
    },
    /// An observation of this kind cannot be used for linear recovery.
    NotLinear {
        /// Its index among the observations.
        observation: usize,
        /// Why, and what to do instead.
        reason: &'static str,
    },
    /// The alphabet of a `choices:` or `choice:` kind is unusable: too short, a repeated
    /// character, or an unknown name.
    InvalidAlphabet(String),
    /// Rewinding, or looking for the seeding point, was asked to go further back than it
    /// reaches.
    TooFarBack {
        /// How many outputs back were asked for.
        outputs: u64,
        /// The most it reaches ([`crate::MAX_OUTPUTS_BACK`]).
        max: u64,
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
                "too few observations: {}; give {more_observations}",
                undetermined(*missing_bits)
            ),
            Self::Inconsistent { observation } => inconsistent(f, *observation),
            Self::OutOfRange {
                observation,
                expected,
            } => write!(
                f,
                "the observation at index {observation} is out of range: expected {expected}"
            ),
            Self::NotLinear {
                observation,
                reason,
            } => write!(
                f,
                "the observation at index {observation} cannot be used for state recovery: \
                 {reason}"
            ),
            Self::InvalidLine { at, expected } => write!(f, "{at}: expected {expected}"),
            Self::NotRandomFloat { at, value } => write!(
                f,
                "{at}: {} is not a value random() can return: random() gives multiples of \
                 2^-53; give the full repr as Python prints it (such as 0.8444218515250481), \
                 not a rounded value",
                shown::readable(value)
            ),
            Self::BlankLine { line } => write!(f, "line {line} is blank: {BLANK_LINE}"),
            Self::TooFarBack { outputs, max } => write!(
                f,
                "{outputs} outputs back is further than rewinding reaches (at most {max})"
            ),
            Self::InvalidAlphabet(what) => f.write_str(what),
            Self::InvalidArgument(what) => f.write_str(what),
            Self::InvalidSeed(what) => write!(f, "invalid seed: {what}"),
            Self::InvalidState(what) => write!(f, "invalid generator state: {what}"),
        }
    }
}

impl std::error::Error for Error {}

/// Why a blank line before a value is refused.
const BLANK_LINE: &str = "only blank lines at the end are ignored, because one before a value \
                          would shift every later observation (remove it, or put the missing \
                          value back)";

/// `1 state bit is still undetermined`, `12 state bits are still undetermined`.
fn undetermined(bits: usize) -> String {
    if bits == 1 {
        "1 state bit is still undetermined".to_owned()
    } else {
        format!("{bits} state bits are still undetermined")
    }
}

fn inconsistent(f: &mut fmt::Formatter<'_>, observation: Option<usize>) -> fmt::Result {
    match observation {
        Some(i) => write!(
            f,
            "observations are inconsistent: the observation at index {i} contradicts the ones \
             before it (not one generator, not consecutive, or not of the stated kind)"
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
                more_observations: MoreObservations::Exactly(1),
            },
            Error::BlankLine { line: 2 },
            Error::InvalidAlphabet("the alphabet repeats 'a'".to_owned()),
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

    #[test]
    fn one_bit_and_one_observation_are_singular() {
        let error = Error::TooFewObservations {
            missing_bits: 1,
            more_observations: MoreObservations::Exactly(1),
        };
        assert_eq!(
            error.to_string(),
            "too few observations: 1 state bit is still undetermined; give 1 more observation"
        );
    }
}
