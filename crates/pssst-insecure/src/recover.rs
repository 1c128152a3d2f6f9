//! Recovering the generator from what it output, then predicting and rewinding.
//!
//! Two routes lead to the 19937-bit state:
//!
//! - **624 whole outputs in a row** (`getrandbits(32)`): untempering each output gives a state
//!   word directly, and 624 consecutive words are the whole state. No algebra needed.
//! - **anything less direct** (floats, `getrandbits(k)` for `k < 32`, `choices` tokens, gaps):
//!   each observation fixes some output bits, every output bit is a GF(2)-linear function
//!   of the state, and Gaussian elimination finds the state (see `recover/linear.rs`).
//!
//! Either way the result is checked by replaying every observation; a mismatch means the
//! observations are not from one generator.

mod backwards;
mod linear;
mod recoverer;
mod shortfall;

pub use backwards::MAX_OUTPUTS_BACK;
pub use recoverer::Recoverer;
pub use shortfall::MoreObservations;

use self::linear::Solved;
use crate::error::Error;
use crate::mt::{MersenneTwister, STATE_BITS, STATE_WORDS, untemper};
use crate::observation::{Constraint, Observation};
use crate::python::PythonRandom;

/// Why `_randbelow` observations cannot be used for linear recovery.
// LIMITATION: tokens made with `random.choice` (and `randrange`, `randint`) are refused by
// state recovery, because each rejected draw shifts the later outputs by an unseen amount and
// the equations would need guesses. Such tokens can only be broken through seed search.
const BELOW_REASON: &str = "randbelow (choice, randrange, randint) skips rejected outputs \
                            unseen, so their positions are unknown; use seed search instead";

/// A recovered generator, positioned where the first observation was drawn (the first one
/// that is not an [`Observation::Skip`]).
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Observation, PythonRandom, recover};
///
/// let mut victim = PythonRandom::new(2024);
/// victim.randbytes(100); // unseen
/// let seen: Vec<Observation> = (0..624).map(|_| Observation::U32(victim.next_u32())).collect();
///
/// let recovery = recover(&seen)?;
/// assert_eq!(recovery.after_observations().random(), victim.random());
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Recovery {
    /// The generator at the first observation.
    start: MersenneTwister,
    /// The generator after the last observation.
    end: MersenneTwister,
    /// Observations replayed so far (the index of the next one).
    observed: usize,
    /// Whether some observed bit was not needed to find the state, so that replaying it
    /// checked the state.
    checked: bool,
}

/// Finds the generator state behind `observations`, which must be consecutive calls on one
/// `random.Random` (use [`Observation::Skip`] for outputs in between that were not seen).
///
/// # Errors
///
/// - [`Error::Empty`] / [`Error::OutOfRange`] for no or impossible values;
/// - [`Error::NotLinear`] for `_randbelow` observations (`choice` tokens): rejected draws make
///   their positions unknown; use [`crate::search`] for those;
/// - [`Error::TooFewObservations`] when the state is not pinned down yet, saying how many
///   state bits are missing and how many more observations like the last one would pin it
///   down (exactly, where what they reveal does not depend on their values);
/// - [`Error::Inconsistent`] when no single generator produces all the observations.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Error, Observation, PythonRandom, recover};
///
/// let mut victim = PythonRandom::new(7);
/// let floats: Vec<Observation> = (0..623).map(|_| Observation::Float(victim.random())).collect();
/// let recovery = recover(&floats)?;
/// assert_eq!(recovery.after_observations().random(), victim.random());
///
/// let Err(Error::TooFewObservations { more_observations, .. }) = recover(&floats[..300]) else {
///     panic!("300 floats are too few");
/// };
/// assert_eq!(more_observations.to_string(), "323 more observations");
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
pub fn recover(observations: &[Observation]) -> Result<Recovery, Error> {
    Observation::check_all(observations)?;
    // Leading skips only move the window: start it at the first output actually seen.
    let first = observations
        .iter()
        .position(|o| !matches!(o, Observation::Skip { .. }));
    let first = first.ok_or(Error::Empty)?;
    let (state, checked) = state_at(observations, first)?;

    let start = MersenneTwister::from_words(state, 0)?;
    let mut recovery = Recovery {
        end: start.clone(),
        start,
        observed: first,
        checked,
    };
    for observation in &observations[first..] {
        recovery.push(observation)?;
    }
    recovery.checked = checked;
    Ok(recovery)
}

impl Recovery {
    /// The generator as it was just before the first observation: replaying the observed
    /// calls on it gives the observed values.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, PythonRandom, recover};
    ///
    /// let mut victim = PythonRandom::new(1);
    /// let seen: Vec<Observation> =
    ///     (0..624).map(|_| Observation::U32(victim.next_u32())).collect();
    /// let mut replay = recover(&seen)?.at_first_observation();
    /// assert_eq!(Observation::U32(replay.next_u32()), seen[0]);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn at_first_observation(&self) -> PythonRandom {
        PythonRandom::from_twister(self.start.clone())
    }

    /// The generator just after the last observation: its next outputs are the victim's.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, PythonRandom, recover};
    ///
    /// let mut victim = PythonRandom::new(3);
    /// let seen: Vec<Observation> =
    ///     (0..700).map(|_| Observation::U32(victim.next_u32())).collect();
    /// let mut attacker = recover(&seen)?.after_observations();
    /// assert_eq!(attacker.randrange(0, 1_000_000, 1)?, victim.randrange(0, 1_000_000, 1)?);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn after_observations(&self) -> PythonRandom {
        PythonRandom::from_twister(self.end.clone())
    }

    /// Whether some observation held more than the state needed and so checked it. Without
    /// one, any values fit: observations with a gap, or from two generators, give a state
    /// that is wrong and predictions that are made up.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, PythonRandom, recover};
    ///
    /// let mut victim = PythonRandom::new(5);
    /// let seen: Vec<Observation> =
    ///     (0..625).map(|_| Observation::U32(victim.next_u32())).collect();
    /// assert!(!recover(&seen[..624])?.is_checked());
    /// assert!(recover(&seen)?.is_checked());
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn is_checked(&self) -> bool {
        self.checked
    }

    /// Checks one more observation, the one after the last, and moves past it: a stream of
    /// any length is checked without being kept (see [`crate::Recoverer`]).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] or [`Error::NotLinear`] for a value of the wrong kind,
    /// [`Error::Inconsistent`] when the generator does not produce it; both name it by its
    /// index among all the observations. After an inconsistent one, the generator has moved
    /// past the outputs its call drew.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Error, Observation, PythonRandom, recover};
    ///
    /// let mut victim = PythonRandom::new(3);
    /// let seen: Vec<Observation> =
    ///     (0..624).map(|_| Observation::U32(victim.next_u32())).collect();
    /// let mut recovery = recover(&seen)?;
    /// recovery.push(&Observation::Float(victim.random()))?;
    /// let wrong = Observation::U32(victim.next_u32() ^ 1);
    /// assert_eq!(recovery.push(&wrong), Err(Error::Inconsistent { observation: Some(625) }));
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn push(&mut self, observation: &Observation) -> Result<(), Error> {
        let index = self.observed;
        if let Some(expected) = observation.problem() {
            return Err(Error::OutOfRange {
                observation: index,
                expected,
            });
        }
        if observation.words().is_none() {
            return Err(not_linear(index));
        }
        self.observed += 1;
        if !observation.matches(&mut self.end) {
            return Err(Error::Inconsistent {
                observation: Some(index),
            });
        }
        self.checked = true;
        Ok(())
    }
}

/// The state words at the first observation (`first`, the first that is not a skip), and
/// whether the observations hold bits beyond those that found it (see
/// [`Recovery::is_checked`]).
fn state_at(observations: &[Observation], first: usize) -> Result<([u32; 624], bool), Error> {
    if let Some(state) = whole_words(&observations[first..]) {
        return Ok((state, past_the_block(observations, first)));
    }
    if let Some(i) = observations.iter().position(|o| o.words().is_none()) {
        return Err(not_linear(i));
    }
    let equations = || equations(observations[first..].iter(), first);
    if let Some(state) = whole_block(equations()) {
        return Ok((state, past_the_block(observations, first)));
    }
    match linear::solve(equations())? {
        // Every equation past the state's bits is one that the others decide.
        Solved::State(state) => Ok((*state, equations().count() > STATE_BITS)),
        Solved::Missing(missing_bits) => Err(Error::TooFewObservations {
            missing_bits,
            more_observations: shortfall::more_needed(observations, first),
        }),
    }
}

/// The observations as equations on outputs, made as they are read (output 0 is the first
/// one they use; the first has index `first`). Observations whose outputs vary in number
/// (`_randbelow`) must have been refused before.
fn equations<'a>(
    observations: impl Iterator<Item = &'a Observation> + Clone,
    first: usize,
) -> impl Iterator<Item = Constraint> + Clone {
    observations
        .enumerate()
        .scan(0u64, move |word, (i, observation)| {
            let start = *word;
            *word = word.saturating_add(observation.words().unwrap_or(0));
            let mut out = Vec::new();
            observation.constraints(start, first + i, &mut out);
            Some(out)
        })
        .flatten()
}

/// Whether some observed bit lies past the first 624 outputs: a state read off those outputs
/// whole is checked by nothing else, as any 624 values untemper to some state.
fn past_the_block(observations: &[Observation], first: usize) -> bool {
    equations(observations[first..].iter(), first).any(|c| c.word >= STATE_WORDS as u64)
}

fn not_linear(observation: usize) -> Error {
    Error::NotLinear {
        observation,
        reason: BELOW_REASON,
    }
}

/// The state, when the observations start with 624 `getrandbits(32)`: untemper them.
fn whole_words(observations: &[Observation]) -> Option<[u32; 624]> {
    let mut state = [0u32; STATE_WORDS];
    for (word, observation) in state.iter_mut().zip(observations) {
        let Observation::U32(output) = observation else {
            return None;
        };
        *word = untemper(*output);
    }
    (observations.len() >= STATE_WORDS).then_some(state)
}

/// The state, when the first 624 outputs are known whole: untemper them.
fn whole_block(constraints: impl Iterator<Item = Constraint>) -> Option<[u32; 624]> {
    let mut known = [(0u32, 0u32); STATE_WORDS];
    for c in constraints.take_while(|c| c.word < STATE_WORDS as u64) {
        if c.masks[1] == 0 && c.masks[0].count_ones() == 1 {
            let (mask, value) = &mut known[c.word as usize];
            *mask |= c.masks[0];
            *value |= if c.parity { c.masks[0] } else { 0 };
        }
    }
    if known.iter().any(|&(mask, _)| mask != u32::MAX) {
        return None;
    }
    Some(known.map(|(_, value)| untemper(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_tokens_are_refused_with_a_reason() {
        let seen = vec![Observation::Below { n: 62, value: 3 }; 10];
        assert!(matches!(
            recover(&seen),
            Err(Error::NotLinear { observation: 0, .. })
        ));
    }

    #[test]
    fn rewinding_past_its_reach_is_an_error_not_an_allocation() {
        let mut victim = PythonRandom::new(1);
        let seen: Vec<Observation> = (0..624)
            .map(|_| Observation::U32(victim.next_u32()))
            .collect();
        let Ok(recovery) = recover(&seen) else {
            panic!("624 words recover");
        };
        let too_far = Err(Error::TooFarBack {
            outputs: u64::MAX,
            max: MAX_OUTPUTS_BACK,
        });
        assert_eq!(recovery.find_seed(u64::MAX), too_far);
        assert!(recovery.outputs_before(u64::MAX).is_err());
        assert!(recovery.before_observations(MAX_OUTPUTS_BACK + 1).is_err());
    }

    #[test]
    fn a_recovery_is_checked_only_with_bits_to_spare() {
        let mut victim = PythonRandom::new(9);
        let mut words: Vec<Observation> = (0..626)
            .map(|_| Observation::U32(victim.next_u32()))
            .collect();
        let floats: Vec<Observation> = (0..623)
            .map(|_| Observation::Float(victim.random()))
            .collect();
        assert!(recover(&floats).is_ok_and(|r| r.is_checked()));
        assert!(recover(&words).is_ok_and(|r| r.is_checked()));

        words.remove(300);
        words.pop();
        assert!(recover(&words).is_ok_and(|r| !r.is_checked()));
    }

    #[test]
    fn words_from_two_generators_are_inconsistent() {
        let mut a = PythonRandom::new(1);
        let mut b = PythonRandom::new(2);
        let mut seen: Vec<Observation> = (0..624).map(|_| Observation::U32(a.next_u32())).collect();
        seen.extend((0..10).map(|_| Observation::U32(b.next_u32())));
        assert_eq!(
            recover(&seen).err(),
            Some(Error::Inconsistent {
                observation: Some(624)
            })
        );
    }
}
