//! The seeds a search tries.

use crate::error::Error;
use crate::float_hash::float_seed_integer;
use crate::seed::Seed;

/// A set of candidate seeds for [`crate::search()`].
///
/// # Examples
///
/// ```
/// use pssst_insecure::SeedSpace;
///
/// assert_eq!(SeedSpace::Integers { start: 0, end: u32::MAX as u64 }.len(), 1 << 32);
/// // Every float time.time() can return in one second around 2024-05-06 (2^22 of them).
/// let one_second = SeedSpace::Floats { start: 1_715_000_000.0, end: 1_715_000_001.0 };
/// assert_eq!(one_second.len(), (1 << 22) + 1);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum SeedSpace {
    /// The integers from `start` to `end`, both included: `random.seed(n)`,
    /// `random.seed(int(time.time()))` (Unix seconds), `random.seed(time.time_ns())`.
    Integers {
        /// The first seed.
        start: u64,
        /// The last seed.
        end: u64,
    },
    /// Every float from `start` to `end` (both included, both finite and non-negative):
    /// `random.seed(time.time())`, which seeds from `hash(time.time())`.
    Floats {
        /// The first float.
        start: f64,
        /// The last float.
        end: f64,
    },
    /// Any seeds, each seeded in full (slower): for example str or bytes candidates.
    List(Vec<Seed>),
}

impl SeedSpace {
    /// How many seeds the space holds (saturating at `u64::MAX`).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Seed, SeedSpace};
    ///
    /// assert_eq!(SeedSpace::List(vec![Seed::from("a"), Seed::from("b")]).len(), 2);
    /// assert_eq!(SeedSpace::Integers { start: 5, end: 4 }.len(), 0);
    /// ```
    pub fn len(&self) -> u64 {
        match *self {
            Self::Integers { start, end } => {
                end.checked_sub(start).map_or(0, |d| d.saturating_add(1))
            }
            Self::Floats { start, end } if valid_floats(start, end) => {
                end.to_bits() - start.to_bits() + 1
            }
            Self::Floats { .. } => 0,
            Self::List(ref seeds) => seeds.len() as u64,
        }
    }

    /// Whether the space holds no seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::SeedSpace;
    ///
    /// assert!(SeedSpace::Floats { start: 2.0, end: 1.0 }.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks the space can be searched.
    pub(super) fn check(&self) -> Result<(), Error> {
        if let Self::Floats { start, end } = *self
            && !valid_floats(start, end)
        {
            return Err(Error::InvalidArgument(
                "a float range needs finite, non-negative ends with start <= end",
            ));
        }
        if let Self::Integers {
            start: 0,
            end: u64::MAX,
        } = *self
        {
            return Err(Error::InvalidArgument(
                "searching all 2**64 integers is out of reach",
            ));
        }
        if self.is_empty() {
            return Err(Error::InvalidArgument("the seed range is empty"));
        }
        Ok(())
    }

    /// The integer key of candidate `index`, for integer and float spaces.
    pub(super) fn key(&self, index: u64) -> Option<u64> {
        match *self {
            Self::Integers { start, .. } => Some(start + index),
            Self::Floats { start, .. } => float_seed_integer(float_at(start, index)),
            Self::List(_) => None,
        }
    }

    /// Candidate `index` as a seed.
    pub(super) fn seed(&self, index: u64) -> Option<Seed> {
        match self {
            Self::Integers { start, .. } => Some(Seed::from(start + index)),
            Self::Floats { start, .. } => Seed::float(float_at(*start, index)).ok(),
            Self::List(seeds) => seeds.get(index as usize).cloned(),
        }
    }
}

fn valid_floats(start: f64, end: f64) -> bool {
    start.is_finite() && end.is_finite() && start.is_sign_positive() && start <= end
}

/// Non-negative floats are ordered like their bit patterns: the `index`-th float from `start`.
fn float_at(start: f64, index: u64) -> f64 {
    f64::from_bits(start.to_bits() + index)
}
