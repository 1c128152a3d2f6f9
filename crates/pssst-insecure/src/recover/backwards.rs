//! Looking back from a recovered generator: the outputs before the first observation, the
//! generator then, and the seeding point with the seed behind it.

use std::ops::ControlFlow;

use super::Recovery;
use crate::error::Error;
use crate::mt::{MersenneTwister, STATE_WORDS};
use crate::python::PythonRandom;
use crate::rewind;
use crate::search::Progress;
use crate::seed_recovery::{self, RecoveredSeed};

/// How far back a [`Recovery`] rewinds or looks for the seeding point: ten million 32-bit
/// outputs. Rewinding holds every word on the way (40 MB here), and looking for the seeding
/// point checks each one (about a minute for all ten million on one core).
pub const MAX_OUTPUTS_BACK: u64 = 10_000_000;

impl Recovery {
    /// The `count` 32-bit outputs drawn before the first observation, oldest first.
    ///
    /// Outputs before the seeding point are not real: the generator did not exist yet, and
    /// these are only what the recurrence would have produced. [`Recovery::find_seed`] says
    /// where the seeding point is.
    ///
    /// # Errors
    ///
    /// [`Error::TooFarBack`] for more than [`MAX_OUTPUTS_BACK`] outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, PythonRandom, recover};
    ///
    /// let mut victim = PythonRandom::new(99);
    /// let earlier: Vec<u32> = (0..10).map(|_| victim.next_u32()).collect();
    /// let seen: Vec<Observation> =
    ///     (0..624).map(|_| Observation::U32(victim.next_u32())).collect();
    /// assert_eq!(recover(&seen)?.outputs_before(10)?, earlier);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn outputs_before(&self, count: u64) -> Result<Vec<u32>, Error> {
        Ok(rewind::outputs_before(
            self.start.words(),
            within_reach(count)?,
        ))
    }

    /// The generator `count` outputs before the first observation: replaying the calls
    /// that came before gives what they returned (before the seeding point, nothing real).
    ///
    /// # Errors
    ///
    /// [`Error::TooFarBack`] for more than [`MAX_OUTPUTS_BACK`] outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, PythonRandom, recover};
    ///
    /// let mut victim = PythonRandom::new(5);
    /// let earlier = victim.random();
    /// let seen: Vec<Observation> =
    ///     (0..623).map(|_| Observation::Float(victim.random())).collect();
    /// assert_eq!(recover(&seen)?.before_observations(2)?.random(), earlier);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn before_observations(&self, count: u64) -> Result<PythonRandom, Error> {
        let sequence = rewind::extend_back(self.start.words(), within_reach(count)?);
        let mut words = [0u32; STATE_WORDS];
        words.copy_from_slice(&sequence[..STATE_WORDS]);
        let twister = MersenneTwister::from_words(words, 0).unwrap_or_else(|_| self.start.clone());
        Ok(PythonRandom::from_twister(twister))
    }

    /// Looks for the seeding point up to `max_outputs_back` outputs before the first
    /// observation, the nearest first, and the seed behind it.
    ///
    /// Integer seeds of up to 621 words come back exactly (among equivalent keys, the one
    /// with the fewest words: `random.seed(2)` and `random.seed(2 + 2**32)` are the same
    /// generator). A str or bytes seed comes back as the original text, because version 2
    /// seeding keeps the text in the integer and only appends its SHA-512. Each output back
    /// costs a few microseconds: [`Recovery::find_seed_with_progress`] reports progress.
    ///
    /// # Errors
    ///
    /// [`Error::TooFarBack`] for more than [`MAX_OUTPUTS_BACK`] outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, PythonRandom, Seed, recover};
    ///
    /// let mut victim = PythonRandom::new("correct horse");
    /// victim.randbytes(40); // ten unseen outputs
    /// let seen: Vec<Observation> =
    ///     (0..624).map(|_| Observation::U32(victim.next_u32())).collect();
    /// let found = recover(&seen)?.find_seed(1000)?.ok_or(pssst_insecure::Error::Empty)?;
    /// assert_eq!(found.outputs_before, 10);
    /// assert_eq!(found.seed, Seed::from("correct horse"));
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn find_seed(&self, max_outputs_back: u64) -> Result<Option<RecoveredSeed>, Error> {
        self.find_seed_with_progress(max_outputs_back, |_| ControlFlow::Continue(()))
    }

    /// [`Recovery::find_seed`], calling `progress` every few hundredths of a second with the
    /// outputs checked so far (`tried`) out of `max_outputs_back + 1`, and once at the end;
    /// returning `ControlFlow::Break(())` stops the search with `Ok(None)`.
    ///
    /// # Errors
    ///
    /// [`Error::TooFarBack`] for more than [`MAX_OUTPUTS_BACK`] outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use pssst_insecure::{Observation, PythonRandom, recover};
    ///
    /// let mut victim = PythonRandom::new(7);
    /// victim.randbytes(400_000); // 100,000 unseen outputs
    /// let seen: Vec<Observation> =
    ///     (0..624).map(|_| Observation::U32(victim.next_u32())).collect();
    /// let mut reports = 0;
    /// let found = recover(&seen)?.find_seed_with_progress(200_000, |_| {
    ///     reports += 1;
    ///     ControlFlow::Continue(())
    /// })?;
    /// assert_eq!(found.map(|f| f.outputs_before), Some(100_000));
    /// assert!(reports > 0);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn find_seed_with_progress<F>(
        &self,
        max_outputs_back: u64,
        progress: F,
    ) -> Result<Option<RecoveredSeed>, Error>
    where
        F: FnMut(&Progress) -> ControlFlow<()>,
    {
        let back = within_reach(max_outputs_back)?;
        Ok(seed_recovery::find_seeding_point(
            self.start.words(),
            back,
            progress,
        ))
    }
}

/// `outputs` as a length, when rewinding reaches that far.
fn within_reach(outputs: u64) -> Result<usize, Error> {
    usize::try_from(outputs)
        .ok()
        .filter(|_| outputs <= MAX_OUTPUTS_BACK)
        .ok_or(Error::TooFarBack {
            outputs,
            max: MAX_OUTPUTS_BACK,
        })
}
