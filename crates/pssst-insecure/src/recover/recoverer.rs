//! Recovery from a stream of observations of any length, keeping only what it can use.
//!
//! Recovery needs the first few thousand observations (623 floats, 624 words, about 4,500
//! characters of a `choices` token over 62 characters); every later one can only confirm the
//! result. So observations are kept until they hold twice as many equations as the state has
//! bits, recovery is tried on them, and from then on each new one is checked against the
//! recovered generator and dropped. Memory stays a few megabytes for millions of lines.

use super::{Recovery, recover};
use crate::error::Error;
use crate::mt::STATE_BITS;
use crate::observation::{Constraint, Observation};

/// Equations kept before the first attempt: twice the state's bits, so that one attempt
/// usually does (623 floats hold 1.66 times as many, 624 words 1.002 times).
const FIRST_ATTEMPT: usize = 2 * STATE_BITS;

/// Observations fed one at a time into a recovery, as they are read.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Observation, PythonRandom, Recoverer};
///
/// let mut victim = PythonRandom::new(11);
/// let mut recoverer = Recoverer::new();
/// for _ in 0..100_000 {
///     recoverer.push(Observation::Float(victim.random()))?;
/// }
/// assert!(recoverer.is_recovered());
/// let recovery = recoverer.finish()?;
/// assert_eq!(recovery.after_observations().random(), victim.random());
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Recoverer {
    /// The observations kept until recovery succeeds.
    window: Vec<Observation>,
    /// The equations they hold.
    equations: usize,
    /// The equations at which the next attempt is made.
    next_attempt: usize,
    /// Reused to count equations.
    scratch: Vec<Constraint>,
    /// Once recovered, the generator that checks the rest.
    recovery: Option<Recovery>,
    /// Observations pushed.
    pushed: usize,
}

impl Recoverer {
    /// A recoverer before any observation.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Recoverer;
    ///
    /// assert!(Recoverer::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self {
            next_attempt: FIRST_ATTEMPT,
            ..Self::default()
        }
    }

    /// Takes the next observation: keeps it until recovery succeeds, then checks it and
    /// drops it.
    ///
    /// # Errors
    ///
    /// What [`recover`] and [`Recovery::push`] return, except
    /// [`Error::TooFewObservations`], which waits for more (see [`Recoverer::finish`]).
    /// Observations are named by their index among all those pushed.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Error, Observation, Recoverer};
    ///
    /// let mut recoverer = Recoverer::new();
    /// let choice = Observation::Below { n: 62, value: 3 };
    /// assert!(matches!(recoverer.push(choice), Err(Error::NotLinear { observation: 0, .. })));
    /// ```
    pub fn push(&mut self, observation: Observation) -> Result<(), Error> {
        self.pushed += 1;
        if let Some(recovery) = &mut self.recovery {
            return recovery.push(&observation);
        }
        let varies = observation.words().is_none();
        self.scratch.clear();
        observation.constraints(0, 0, &mut self.scratch);
        self.equations += self.scratch.len();
        self.window.push(observation);
        if varies || self.equations >= self.next_attempt {
            self.attempt()?;
        }
        Ok(())
    }

    /// Whether the generator is recovered (later observations are only checked).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, Recoverer};
    ///
    /// let mut recoverer = Recoverer::new();
    /// recoverer.push(Observation::U32(1))?;
    /// assert!(!recoverer.is_recovered());
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn is_recovered(&self) -> bool {
        self.recovery.is_some()
    }

    /// How many observations were pushed.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, Recoverer};
    ///
    /// let mut recoverer = Recoverer::new();
    /// recoverer.push(Observation::U32(1))?;
    /// assert_eq!(recoverer.len(), 1);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.pushed
    }

    /// Whether no observation was pushed.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Recoverer;
    ///
    /// assert!(Recoverer::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pushed == 0
    }

    /// The recovery, after the last observation.
    ///
    /// # Errors
    ///
    /// What [`recover`] returns for all the observations when they were not enough before:
    /// [`Error::TooFewObservations`] saying how many more, [`Error::Empty`] for none.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Error, Observation, Recoverer};
    ///
    /// let mut recoverer = Recoverer::new();
    /// recoverer.push(Observation::U32(1))?;
    /// assert!(matches!(recoverer.finish(), Err(Error::TooFewObservations { .. })));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn finish(self) -> Result<Recovery, Error> {
        match self.recovery {
            Some(recovery) => Ok(recovery),
            None => recover(&self.window),
        }
    }

    /// Tries recovery on the observations kept; with too few, waits for twice the equations.
    fn attempt(&mut self) -> Result<(), Error> {
        match recover(&self.window) {
            Ok(recovery) => {
                self.recovery = Some(recovery);
                self.window = Vec::new();
                Ok(())
            }
            Err(Error::TooFewObservations { .. }) => {
                self.next_attempt = self.equations.saturating_mul(2);
                Ok(())
            }
            Err(err) => Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::PythonRandom;

    #[test]
    fn a_long_stream_keeps_only_the_observations_recovery_uses() {
        let mut victim = PythonRandom::new(5);
        let mut recoverer = Recoverer::new();
        for _ in 0..5000 {
            assert!(recoverer.push(Observation::Float(victim.random())).is_ok());
        }
        assert!(recoverer.is_recovered() && recoverer.window.capacity() == 0);

        let wrong = Observation::Float(0.5);
        assert_eq!(
            recoverer.push(wrong),
            Err(Error::Inconsistent {
                observation: Some(5000)
            })
        );
    }

    #[test]
    fn too_few_is_said_for_all_the_observations_at_the_end() {
        let mut victim = PythonRandom::new(5);
        let mut recoverer = Recoverer::new();
        for _ in 0..300 {
            assert!(recoverer.push(Observation::Float(victim.random())).is_ok());
        }
        let Err(Error::TooFewObservations {
            more_observations, ..
        }) = recoverer.finish()
        else {
            panic!("300 floats are too few");
        };
        assert_eq!(more_observations.count(), 323);
    }
}
