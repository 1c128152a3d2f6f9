//! How many more observations a recovery needs, found on the equations themselves.
//!
//! Whether observations pin the state down depends only on which output bits they reveal,
//! never on the values of those bits: the positions fix the rank of the linear system. So the
//! count comes from continuing the observations with made-up ones like the last, eliminating
//! with the values ignored, and seeing which observation completes the rank. Where the bits an
//! observation reveals do not depend on its value (`getrandbits`, `random()`, `choices` over a
//! power-of-two population) the count is exact: one fewer leaves a state bit free. For
//! `choices` over other populations a pick reveals more or fewer bits depending on the pick,
//! and the made-up picks give an estimate.
//!
//! Dividing 19937 by the bits per observation does not give the count: 623 floats reveal
//! 33019 bits, but fewer leave a state word that no later output depends on.

use std::fmt;

use super::{equations, linear};
use crate::mt::{MersenneTwister, STATE_BITS, STATE_WORDS};
use crate::observation::Observation;

/// How many more observations would pin the state down, and how sure that count is.
///
/// The count is of observations like the last one given (for `choices` tokens, picks: one
/// per character).
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Error, MoreObservations, Observation, PythonRandom, recover};
///
/// let mut victim = PythonRandom::new(1);
/// let floats: Vec<Observation> = (0..100).map(|_| Observation::Float(victim.random())).collect();
/// let Err(Error::TooFewObservations { more_observations, .. }) = recover(&floats) else {
///     panic!("100 floats are not enough");
/// };
/// assert_eq!(more_observations, MoreObservations::Exactly(523));
/// assert_eq!(more_observations.to_string(), "523 more observations");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MoreObservations {
    /// Exactly this many: with one fewer, the state is still not pinned down.
    Exactly(usize),
    /// About this many: what each one reveals depends on its value (`choices` over a
    /// population whose size is not a power of two).
    About(usize),
    /// More than this many: that many more observations of the kind would still not do.
    MoreThan(usize),
}

impl MoreObservations {
    /// The number of observations, whether exact, estimated or a lower bound.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MoreObservations;
    ///
    /// assert_eq!(MoreObservations::About(12).count(), 12);
    /// ```
    pub fn count(&self) -> usize {
        match *self {
            Self::Exactly(n) | Self::About(n) | Self::MoreThan(n) => n,
        }
    }
}

impl fmt::Display for MoreObservations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.count();
        let unit = if n == 1 {
            "observation"
        } else {
            "observations"
        };
        match self {
            Self::Exactly(_) => write!(f, "{n} more {unit}"),
            Self::About(_) => write!(f, "about {n} more {unit}"),
            Self::MoreThan(_) => write!(f, "more than {n} more {unit}"),
        }
    }
}

/// How many more observations like the last one the observations from `first` on need,
/// given that they leave some state bits free.
pub(super) fn more_needed(observations: &[Observation], first: usize) -> MoreObservations {
    let given = &observations[first..];
    let last = given
        .iter()
        .rev()
        .find(|o| !matches!(o, Observation::Skip { .. }));
    let Some(last) = last else {
        return MoreObservations::MoreThan(0);
    };
    let made_up = continuation(last);
    let cap = made_up.len();
    let extended = given.iter().chain(&made_up);

    let completed_by = linear::completed_by(equations(extended.clone(), 0));
    let Some(source) = completed_by else {
        return MoreObservations::MoreThan(cap);
    };
    // The equations of outputs 1 to 623 are free in the system above (they are substituted,
    // wherever they come from), so the count reaches at least the observation holding 623.
    let needed = (source + 1).max(block_end(extended));
    let more = needed.saturating_sub(given.len()).max(1);
    if last.reveals_fixed_bits() {
        MoreObservations::Exactly(more)
    } else {
        MoreObservations::About(more)
    }
}

/// Made-up observations like `last`, with values from a fixed generator: enough equations
/// to cover the state three times over, or, for a kind that reveals nothing, a fixed number.
fn continuation(last: &Observation) -> Vec<Observation> {
    const MAX_EQUATIONS: usize = 3 * STATE_BITS;
    const MAX_OBSERVATIONS: usize = 4 * STATE_BITS;
    let mut source = MersenneTwister::from_u32_seed(5489);
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    while scratch.len() < MAX_EQUATIONS && out.len() < MAX_OBSERVATIONS {
        let Some(next) = last.draw_like(&mut source) else {
            break;
        };
        next.constraints(0, 0, &mut scratch);
        out.push(next);
    }
    out
}

/// One past the index of the observation that uses output 623, the last of the first block.
fn block_end<'a>(observations: impl Iterator<Item = &'a Observation>) -> usize {
    let mut words = 0u64;
    let mut count = 0;
    for observation in observations {
        count += 1;
        words = words.saturating_add(observation.words().unwrap_or(0));
        if words >= STATE_WORDS as u64 {
            break;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(
            MoreObservations::Exactly(1).to_string(),
            "1 more observation"
        );
        assert_eq!(
            MoreObservations::About(20).to_string(),
            "about 20 more observations"
        );
        assert_eq!(
            MoreObservations::MoreThan(9).to_string(),
            "more than 9 more observations"
        );
    }

    #[test]
    fn a_kind_that_reveals_nothing_is_never_enough() {
        let nothing = [Observation::Choices { n: 1, index: 0 }];
        assert!(matches!(
            more_needed(&nothing, 0),
            MoreObservations::MoreThan(n) if n > STATE_BITS
        ));
    }
}
