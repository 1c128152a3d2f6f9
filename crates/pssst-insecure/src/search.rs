//! Finding a small seed by trying them all, on every core.
//!
//! A seed below 2^64 is a key of one or two words, and `time.time()` seeds are such keys too
//! (Python seeds a float from its 61-bit hash). 32 keys are seeded side by side (see
//! `search/kernel.rs`); each is then checked against the observations by replaying the calls
//! on the fresh state, computing only the outputs that are read. Most seeds fail on the first
//! output, so the cost is the seeding itself.

mod filter;
mod kernel;
mod lanes;
mod space;
mod workers;

use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::{Duration, Instant};

pub use space::SeedSpace;

use self::workers::Shared;
use crate::error::Error;
use crate::mt::MersenneTwister;
use crate::observation::Observation;
use crate::python::PythonRandom;
use crate::seed::Seed;

/// How a search runs.
///
/// # Examples
///
/// ```
/// use pssst_insecure::SearchOptions;
///
/// let options = SearchOptions { threads: 1, ..SearchOptions::default() };
/// assert!(options.stop_at_first);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Worker threads (default: every core).
    pub threads: usize,
    /// Stop at the first seed that matches (default), or try them all.
    pub stop_at_first: bool,
    /// How often the progress callback runs.
    pub report_every: Duration,
}

impl Default for SearchOptions {
    fn default() -> Self {
        let threads = thread::available_parallelism().map_or(1, usize::from);
        Self {
            threads,
            stop_at_first: true,
            report_every: Duration::from_millis(200),
        }
    }
}

/// Where a search stands, for a progress bar.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use pssst_insecure::Progress;
///
/// let p = Progress { tried: 1000, total: 4000, elapsed: Duration::from_secs(1) };
/// assert_eq!(p.seeds_per_second(), 1000.0);
/// assert_eq!(p.remaining(), Some(Duration::from_secs(3)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Seeds tried so far.
    pub tried: u64,
    /// Seeds in the space.
    pub total: u64,
    /// Time since the search started.
    pub elapsed: Duration,
}

impl Progress {
    /// Seeds tried per second so far (all threads together).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use pssst_insecure::Progress;
    ///
    /// let p = Progress { tried: 0, total: 10, elapsed: Duration::ZERO };
    /// assert_eq!(p.seeds_per_second(), 0.0);
    /// ```
    pub fn seeds_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.tried as f64 / seconds
        } else {
            0.0
        }
    }

    /// The estimated time left at the rate so far, once there is a rate.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use pssst_insecure::Progress;
    ///
    /// let p = Progress { tried: 0, total: 10, elapsed: Duration::from_secs(1) };
    /// assert_eq!(p.remaining(), None);
    /// ```
    pub fn remaining(&self) -> Option<Duration> {
        let rate = self.seeds_per_second();
        let left = self.total.saturating_sub(self.tried) as f64;
        (rate > 0.0).then(|| Duration::from_secs_f64(left / rate))
    }
}

/// A seed that reproduces the observations.
///
/// # Examples
///
/// ```
/// use std::ops::ControlFlow;
/// use pssst_insecure::{Observation, PythonRandom, SearchOptions, Seed, SeedSpace, search};
///
/// let mut victim = PythonRandom::new(42);
/// let seen = [Observation::U32(victim.next_u32())];
/// let space = SeedSpace::Integers { start: 0, end: 100 };
/// let outcome = search(&space, &seen, &SearchOptions::default(), |_| ControlFlow::Continue(()))?;
/// let found = &outcome.found[0];
/// assert_eq!(found.seed, Seed::from(42));
/// assert_eq!(found.after_observations.clone().next_u32(), victim.next_u32());
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct FoundSeed {
    /// The seed, as Python would be given it.
    pub seed: Seed,
    /// The generator just after the observations: its next outputs are the victim's.
    pub after_observations: PythonRandom,
}

/// What a search found.
///
/// # Examples
///
/// ```
/// use std::ops::ControlFlow;
/// use pssst_insecure::{Observation, SearchOptions, SeedSpace, search};
///
/// let space = SeedSpace::Integers { start: 0, end: 999 };
/// let options = SearchOptions { stop_at_first: false, ..SearchOptions::default() };
/// let outcome = search(&space, &[Observation::U32(7)], &options, |_| ControlFlow::Continue(()))?;
/// assert!(outcome.exhausted && outcome.tried == 1000);
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SearchOutcome {
    /// Matching seeds, in the order of the space.
    pub found: Vec<FoundSeed>,
    /// Seeds tried.
    pub tried: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
    /// Whether every seed was tried (false when stopped at a match or by the callback).
    pub exhausted: bool,
}

impl SearchOutcome {
    /// Seeds per second per thread, the figure to compare between machines.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use pssst_insecure::{Observation, SearchOptions, SeedSpace, search};
    ///
    /// let space = SeedSpace::Integers { start: 0, end: 999 };
    /// let seen = [Observation::U32(0)];
    /// let options = SearchOptions::default();
    /// let outcome = search(&space, &seen, &options, |_| ControlFlow::Continue(()))?;
    /// assert!(outcome.seeds_per_second_per_thread() > 0.0);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn seeds_per_second_per_thread(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64().max(1e-9);
        self.tried as f64 / seconds / self.threads.max(1) as f64
    }
}

/// Tries every seed of `space` against `observations`, which must start with the first call
/// after seeding (put an [`Observation::Skip`] first for outputs drawn before them).
///
/// `progress` runs on the calling thread every `options.report_every` and once at the end;
/// returning `ControlFlow::Break(())` stops the search.
///
/// # Errors
///
/// [`Error::Empty`] or [`Error::OutOfRange`] for bad observations,
/// [`Error::InvalidArgument`] for an empty or unsearchable space.
///
/// # Examples
///
/// ```
/// use std::ops::ControlFlow;
/// use pssst_insecure::{Observation, PythonRandom, SearchOptions, Seed, SeedSpace, search};
///
/// // A "random" token made the way many tutorials show.
/// let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
/// let mut victim = PythonRandom::new(1_715_000_123u64); // random.seed(int(time.time()))
/// let token: Vec<u64> = (0..12).map(|_| victim.randbelow(36)).collect::<Result<_, _>>()?;
/// let seen: Vec<Observation> =
///     token.iter().map(|&value| Observation::Below { n: 36, value }).collect();
///
/// let window = SeedSpace::Integers { start: 1_715_000_000, end: 1_715_003_600 };
/// let outcome = search(&window, &seen, &SearchOptions::default(), |_| ControlFlow::Continue(()))?;
/// assert_eq!(outcome.found[0].seed, Seed::from(1_715_000_123u64));
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
pub fn search<F>(
    space: &SeedSpace,
    observations: &[Observation],
    options: &SearchOptions,
    mut progress: F,
) -> Result<SearchOutcome, Error>
where
    F: FnMut(&Progress) -> ControlFlow<()>,
{
    Observation::check_all(observations)?;
    space.check()?;
    let threads = options.threads.max(1);
    let shared = Shared::new(space.len(), threads);
    let started = Instant::now();

    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| shared.work(space, observations, options.stop_at_first));
        }
        shared.report(started, options.report_every, &mut progress);
    });

    let mut indices = shared.found.into_inner().unwrap_or_else(|e| e.into_inner());
    indices.sort_unstable();
    let tried = shared.tried.load(Ordering::Relaxed);
    let found = indices
        .into_iter()
        .filter_map(|i| found_seed(space, i, observations))
        .collect();
    let exhausted = tried == shared.total;
    Ok(SearchOutcome {
        found,
        tried,
        elapsed: started.elapsed(),
        threads,
        exhausted,
    })
}

/// The seed at `index`, with a generator replayed past the observations.
fn found_seed(space: &SeedSpace, index: u64, observations: &[Observation]) -> Option<FoundSeed> {
    let seed = space.seed(index)?;
    let mut twister = MersenneTwister::from_key(&seed.key_words());
    observations
        .iter()
        .all(|o| o.matches(&mut twister))
        .then(|| FoundSeed {
            seed,
            after_observations: PythonRandom::from_twister(twister),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_float_time_seed_from_one_float() {
        let t = 1_715_000_000.25;
        let Ok(seed) = Seed::float(t) else {
            panic!("finite")
        };
        let seen = [Observation::Float(PythonRandom::new(seed.clone()).random())];
        let window = SeedSpace::Floats {
            start: t - 1e-6,
            end: t + 1e-6,
        };
        let options = SearchOptions {
            threads: 2,
            ..SearchOptions::default()
        };
        let outcome = search(&window, &seen, &options, |_| ControlFlow::Continue(()));
        let found: Vec<Seed> = outcome
            .map(|o| o.found.into_iter().map(|f| f.seed).collect())
            .unwrap_or_default();
        assert_eq!(found, [seed]);
    }

    #[test]
    fn the_callback_can_stop_a_search() {
        let space = SeedSpace::Integers {
            start: 0,
            end: 1 << 40,
        };
        let options = SearchOptions {
            report_every: Duration::from_millis(1),
            ..SearchOptions::default()
        };
        let outcome = search(&space, &[Observation::U32(0)], &options, |_| {
            ControlFlow::Break(())
        });
        assert!(outcome.is_ok_and(|o| !o.exhausted && o.tried < 1 << 40));
    }

    #[test]
    fn unsearchable_spaces_are_errors() {
        let seen = [Observation::U32(0)];
        let options = SearchOptions::default();
        for space in [
            SeedSpace::Integers { start: 3, end: 2 },
            SeedSpace::Integers {
                start: 0,
                end: u64::MAX,
            },
            SeedSpace::Floats {
                start: -1.0,
                end: 1.0,
            },
            SeedSpace::Floats {
                start: f64::NAN,
                end: 1.0,
            },
        ] {
            assert!(search(&space, &seen, &options, |_| ControlFlow::Continue(())).is_err());
        }
    }
}
