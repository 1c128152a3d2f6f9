//! The generator state in the shape of Python's `random.getstate()`.
//!
//! `getstate()` returns `(3, (w0, ..., w623, index), gauss_next)`: the version, a tuple of the
//! 624 state words followed by the index, and the value `gauss()` keeps for its next call.
//! Its `repr` is what people paste, so [`PythonState`] prints and parses exactly that text.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::float_repr::python_float_repr;
use crate::mt::{MersenneTwister, STATE_WORDS};

/// The state of a `random.Random`, as `getstate()` returns it and `setstate()` takes it.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{PythonRandom, PythonState};
///
/// let rng = PythonRandom::new(31);
/// let text = rng.state().to_string(); // "(3, (2147483648, ..., 624), None)"
/// let state: PythonState = text.parse()?;
/// assert_eq!(PythonRandom::from_state(&state).state(), rng.state());
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PythonState {
    /// The Mersenne Twister words and index.
    pub twister: MersenneTwister,
    /// `gauss_next`: `None` unless `gauss()` left a value behind.
    pub gauss_next: Option<f64>,
}

impl fmt::Display for PythonState {
    /// Prints the state as Python's `repr(random.getstate())`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(3, (")?;
        for word in self.twister.words() {
            write!(f, "{word}, ")?;
        }
        write!(f, "{}), ", self.twister.index())?;
        match self.gauss_next {
            Some(value) => write!(f, "{})", python_float_repr(value)),
            None => f.write_str("None)"),
        }
    }
}

impl FromStr for PythonState {
    type Err = Error;

    /// Parses the `repr` of `getstate()`, version 3 (unsigned words) or version 2 (words that
    /// may be negative and are taken modulo 2^32, as CPython does).
    fn from_str(text: &str) -> Result<Self, Error> {
        let fields: Vec<&str> = text
            .split(|c: char| matches!(c, '(' | ')' | ',') || c.is_whitespace())
            .filter(|field| !field.is_empty())
            .collect();
        let [version, numbers @ .., gauss] = fields.as_slice() else {
            return Err(Error::InvalidState(
                "expected (version, (words..., index), gauss_next)",
            ));
        };
        let modular = match *version {
            "3" => false,
            "2" => true,
            _ => return Err(Error::InvalidState("only versions 2 and 3 exist")),
        };
        if numbers.len() != STATE_WORDS + 1 {
            return Err(Error::InvalidState("expected 624 words and an index"));
        }

        let mut words = [0u32; STATE_WORDS];
        for (slot, text) in words.iter_mut().zip(numbers.iter()) {
            *slot = parse_word(text, modular)?;
        }
        let index = numbers[STATE_WORDS]
            .parse::<usize>()
            .map_err(|_| Error::InvalidState("the index must be an integer from 0 to 624"))?;
        let twister = MersenneTwister::from_words(words, index)?;
        Ok(Self {
            twister,
            gauss_next: parse_gauss(gauss)?,
        })
    }
}

fn parse_word(text: &str, modular: bool) -> Result<u32, Error> {
    if modular {
        let value = text
            .parse::<i64>()
            .map_err(|_| Error::InvalidState("bad state word"))?;
        return Ok(value.rem_euclid(1 << 32) as u32);
    }
    text.parse::<u32>()
        .map_err(|_| Error::InvalidState("state words must be integers from 0 to 2**32 - 1"))
}

fn parse_gauss(text: &str) -> Result<Option<f64>, Error> {
    if text == "None" {
        return Ok(None);
    }
    let value = text
        .parse::<f64>()
        .map_err(|_| Error::InvalidState("bad gauss_next"))?;
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_text(version: u32, first: &str, index: &str, gauss: &str) -> String {
        let rest = vec!["7"; STATE_WORDS - 1].join(", ");
        format!("({version}, ({first}, {rest}, {index}), {gauss})")
    }

    #[test]
    fn version_two_words_are_taken_modulo_two_to_the_32() {
        let parsed = state_text(2, "-1", "624", "None").parse::<PythonState>();
        assert_eq!(parsed.map(|s| s.twister.words()[0]), Ok(u32::MAX));
    }

    #[test]
    fn gauss_next_round_trips() {
        let text = state_text(3, "1", "5", "0.25");
        let parsed = text.parse::<PythonState>();
        assert_eq!(parsed.as_ref().map(|s| s.gauss_next), Ok(Some(0.25)));
        assert_eq!(parsed.map(|s| s.to_string()), Ok(text));
    }

    #[test]
    fn malformed_states_are_rejected() {
        let bad = [
            String::new(),
            state_text(4, "1", "624", "None"),
            state_text(3, "-1", "624", "None"),
            state_text(3, "1", "625", "None"),
            state_text(3, "1", "624", "maybe"),
            "(3, (1, 2, 3), None)".to_owned(),
        ];
        for text in bad {
            assert!(text.parse::<PythonState>().is_err(), "{text:.40}");
        }
    }
}
