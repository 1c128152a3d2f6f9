//! `random.Random` from CPython 3.11, call for call and bit for bit.
//!
//! The integer methods live in `python/integers.rs`, the sequence methods in
//! `python/sequence.rs`; this file holds seeding, state and the float and byte draws.

mod integers;
mod sequence;

use num_bigint::BigUint;

use crate::draw;
use crate::mt::MersenneTwister;
use crate::observation::Observation;
use crate::seed::Seed;
use crate::state::PythonState;

/// A CPython-exact `random.Random`: same seed, same calls, same results.
// LIMITATION: the distributions built on `random()` (`gauss`, `normalvariate`, `expovariate`,
// `triangular`, ...) are not reproduced; `gauss_next` is only carried through the state.
///
/// # Security
///
/// **Not for secrets.** This is the generator behind Python's `random` module, rebuilt to
/// show how little it hides: [`crate::recover`] computes its state from its outputs and
/// [`crate::search`] finds small seeds in seconds. Make tokens with `pssst` (or Python's
/// `secrets`), never with this.
///
/// # Examples
///
/// ```
/// use pssst_insecure::PythonRandom;
///
/// let mut rng = PythonRandom::new(31);
/// assert_eq!(rng.random(), 0.01227824739797545);
/// assert_eq!(rng.random(), 0.11239886108023578);
/// assert_eq!(rng.random(), 0.39283736155074256);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PythonRandom {
    twister: MersenneTwister,
    gauss_next: Option<f64>,
}

impl PythonRandom {
    /// `random.Random(seed)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{PythonRandom, Seed};
    ///
    /// let from_text = PythonRandom::new("hello");
    /// let from_bytes = PythonRandom::new(Seed::bytes(b"hello".to_vec()));
    /// assert_eq!(from_text, from_bytes);
    /// ```
    pub fn new(seed: impl Into<Seed>) -> Self {
        let mut rng = Self::from_twister(MersenneTwister::from_key(&[0]));
        rng.seed(seed);
        rng
    }

    /// `random.seed(seed)`: reseeds and forgets `gauss_next`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(1);
    /// rng.seed(-5); // negative ints seed like their absolute value
    /// assert_eq!(rng, PythonRandom::new(5));
    /// ```
    pub fn seed(&mut self, seed: impl Into<Seed>) {
        self.twister = MersenneTwister::from_key(&seed.into().key_words());
        self.gauss_next = None;
    }

    /// Wraps a Mersenne Twister, for example one recovered from outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{MersenneTwister, PythonRandom};
    ///
    /// let rng = PythonRandom::from_twister(MersenneTwister::from_key(&[31]));
    /// assert_eq!(rng, PythonRandom::new(31));
    /// ```
    pub fn from_twister(twister: MersenneTwister) -> Self {
        Self {
            twister,
            gauss_next: None,
        }
    }

    /// Makes the call `observation` came from and says whether it returned the same value
    /// (a [`Observation::Skip`] just draws its words). The generator moves on either way.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Observation, PythonRandom};
    ///
    /// let mut victim = PythonRandom::new(9);
    /// let seen = Observation::Float(victim.random());
    /// let mut copy = PythonRandom::new(9);
    /// assert!(copy.replay(&seen));
    /// assert!(!copy.replay(&seen));
    /// ```
    pub fn replay(&mut self, observation: &Observation) -> bool {
        observation.matches(&mut self.twister)
    }

    /// The underlying Mersenne Twister.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// assert_eq!(PythonRandom::new(0).twister().index(), 624);
    /// ```
    pub fn twister(&self) -> &MersenneTwister {
        &self.twister
    }

    /// `random.Random().setstate(state)` as a constructor.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(42);
    /// let saved = rng.state();
    /// let first = rng.random();
    /// assert_eq!(PythonRandom::from_state(&saved).random(), first);
    /// ```
    pub fn from_state(state: &PythonState) -> Self {
        Self {
            twister: state.twister.clone(),
            gauss_next: state.gauss_next,
        }
    }

    /// `getstate()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let state = PythonRandom::new(0).state();
    /// assert_eq!(state.twister.words()[0], 0x8000_0000);
    /// assert_eq!(state.gauss_next, None);
    /// ```
    pub fn state(&self) -> PythonState {
        PythonState {
            twister: self.twister.clone(),
            gauss_next: self.gauss_next,
        }
    }

    /// `setstate(state)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(1);
    /// rng.set_state(&PythonRandom::new(2).state());
    /// assert_eq!(rng, PythonRandom::new(2));
    /// ```
    pub fn set_state(&mut self, state: &PythonState) {
        *self = Self::from_state(state);
    }

    /// `getrandbits(32)` as a `u32`: one raw output of the twister.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// assert_eq!(PythonRandom::new(0).next_u32(), 3_626_764_237);
    /// ```
    pub fn next_u32(&mut self) -> u32 {
        self.twister.next_u32()
    }

    /// `random()`: a float in `[0, 1)` with 53 random bits, from two outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// assert_eq!(PythonRandom::new(0).random(), 0.8444218515250481);
    /// ```
    pub fn random(&mut self) -> f64 {
        draw::random(&mut self.twister)
    }

    /// `getrandbits(k)` for any `k`, including 0 (no output used) and `k > 32` (least
    /// significant word first, the last word keeping its top bits).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.getrandbits(64).to_string(), "7106521602475165645");
    /// assert_eq!(rng.getrandbits(0).to_string(), "0");
    /// ```
    pub fn getrandbits(&mut self, bits: u32) -> BigUint {
        if bits <= 64 {
            return BigUint::from(draw::bits_u64(&mut self.twister, bits));
        }
        let mut words = Vec::with_capacity(bits.div_ceil(32) as usize);
        let mut left = bits;
        while left > 0 {
            let word = self.twister.next_u32();
            words.push(if left < 32 { word >> (32 - left) } else { word });
            left = left.saturating_sub(32);
        }
        BigUint::new(words)
    }

    /// `uniform(a, b)`: `a + (b - a) * random()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// assert_eq!(PythonRandom::new(0).uniform(1.5, 7.25), 6.355425646269027);
    /// ```
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `randbytes(n)`: `getrandbits(8 * n).to_bytes(n, "little")`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let bytes = PythonRandom::new(0).randbytes(10);
    /// assert_eq!(bytes, [0xcd, 0x07, 0x2c, 0xd8, 0xbe, 0x6f, 0x9f, 0x62, 0x09, 0xc2]);
    /// ```
    pub fn randbytes(&mut self, count: usize) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(count);
        while bytes.len() < count {
            let word = self.twister.next_u32().to_le_bytes();
            let take = (count - bytes.len()).min(4);
            // A partial last word keeps its most significant bytes, like getrandbits does.
            bytes.extend_from_slice(&word[4 - take..]);
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getrandbits_above_64_uses_words_low_first() {
        let mut big = PythonRandom::new(0);
        let mut words = PythonRandom::new(0);
        let low = BigUint::from(words.next_u32());
        let middle = BigUint::from(words.next_u32());
        let high = BigUint::from(words.next_u32() >> 28);
        assert_eq!(
            big.getrandbits(68),
            (high << 64u32) | (middle << 32u32) | low
        );
    }

    #[test]
    fn randbytes_of_zero_uses_no_output() {
        let mut rng = PythonRandom::new(3);
        assert!(rng.randbytes(0).is_empty());
        assert_eq!(rng, PythonRandom::new(3));
    }
}
