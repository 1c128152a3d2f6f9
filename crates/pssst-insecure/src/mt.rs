//! MT19937, the 32-bit Mersenne Twister, exactly as CPython's `_random` module runs it.
//!
//! The generator keeps 624 words and an index. CPython twists all 624 words at once when the
//! index reaches 624, then hands out one tempered word per call. Seeding (`init_by_array`)
//! leaves the index at 624, so the first output of a freshly seeded generator twists first.

use std::fmt;

use crate::error::Error;

/// Number of 32-bit words in the state.
///
/// # Examples
///
/// ```
/// use pssst_insecure::mt::STATE_WORDS;
///
/// assert_eq!(STATE_WORDS * 32, 19_968);
/// ```
pub const STATE_WORDS: usize = 624;

/// Number of state bits that matter for the future: the top bit of one word and 623 full words
/// (the period of the generator is 2^19937 - 1).
///
/// # Examples
///
/// ```
/// use pssst_insecure::mt::{STATE_BITS, STATE_WORDS};
///
/// assert_eq!(STATE_BITS, 1 + 32 * (STATE_WORDS - 1));
/// ```
pub const STATE_BITS: usize = 19937;

/// The twist looks this many words ahead.
pub(crate) const SHIFT: usize = 397;

/// The constant the twist XORs in when the low bit of the mixed word is set.
pub(crate) const MATRIX_A: u32 = 0x9908_b0df;

/// The top bit of a word.
pub(crate) const UPPER_MASK: u32 = 0x8000_0000;

/// The low 31 bits of a word.
pub(crate) const LOWER_MASK: u32 = 0x7fff_ffff;

/// The Mersenne Twister MT19937 with CPython's state layout (624 words and an index).
///
/// # Security
///
/// This generator is **not** for secrets. Anyone who sees 624 of its outputs (or fewer
/// outputs of other shapes, see [`crate::recover`]) can compute every output it will ever
/// produce and every one it produced since seeding. Use the core `pssst` crate for tokens.
///
/// # Examples
///
/// ```
/// use pssst_insecure::MersenneTwister;
///
/// // The reference seeding of Matsumoto and Nishimura, `init_genrand(5489)`.
/// let mut mt = MersenneTwister::from_u32_seed(5489);
/// assert_eq!(mt.next_u32(), 3_499_211_612);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MersenneTwister {
    words: [u32; STATE_WORDS],
    index: usize,
}

impl MersenneTwister {
    /// Seeds from one word the way the reference `init_genrand` does.
    ///
    /// CPython does not seed this way (see [`MersenneTwister::from_key`]); it is here for the
    /// reference vectors and because `init_by_array` starts from `init_genrand(19650218)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MersenneTwister;
    ///
    /// let mt = MersenneTwister::from_u32_seed(19_650_218);
    /// assert_eq!(mt.words()[0], 19_650_218);
    /// ```
    pub fn from_u32_seed(seed: u32) -> Self {
        Self {
            words: init_genrand(seed),
            index: STATE_WORDS,
        }
    }

    /// Seeds from key words with `init_by_array`, as CPython's `random.seed` does.
    ///
    /// The key holds the absolute value of the seed in 32-bit little-endian words (see
    /// [`crate::Seed::key_words`]). CPython never passes an empty key; an empty key is
    /// treated as `[0]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MersenneTwister;
    ///
    /// // `random.seed(2)` and `random.seed(2 + 2**32)` collide: key word j is added as
    /// // `key[j] + j`, and 2 + 0 == 1 + 1.
    /// assert_eq!(MersenneTwister::from_key(&[2]), MersenneTwister::from_key(&[2, 1]));
    /// ```
    pub fn from_key(key: &[u32]) -> Self {
        let key = if key.is_empty() { &[0][..] } else { key };
        Self {
            words: init_by_array(key),
            index: STATE_WORDS,
        }
    }

    /// Builds a generator from raw state words and an index, as CPython's `setstate` does.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidState`] when `index` is greater than 624.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MersenneTwister;
    ///
    /// let seeded = MersenneTwister::from_key(&[31]);
    /// let copy = MersenneTwister::from_words(*seeded.words(), seeded.index())?;
    /// assert_eq!(copy, seeded);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn from_words(words: [u32; STATE_WORDS], index: usize) -> Result<Self, Error> {
        if index > STATE_WORDS {
            return Err(Error::InvalidState("index must be at most 624"));
        }
        Ok(Self { words, index })
    }

    /// The 624 state words, as `random.getstate()[1][:624]` shows them.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MersenneTwister;
    ///
    /// assert_eq!(MersenneTwister::from_key(&[0]).words()[0], 0x8000_0000);
    /// ```
    pub fn words(&self) -> &[u32; STATE_WORDS] {
        &self.words
    }

    /// How many words of the current block were handed out (624 means "twist next").
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MersenneTwister;
    ///
    /// let mut mt = MersenneTwister::from_key(&[1]);
    /// assert_eq!(mt.index(), 624);
    /// mt.next_u32();
    /// assert_eq!(mt.index(), 1);
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// The next tempered 32-bit output, `getrandbits(32)` in Python.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MersenneTwister;
    ///
    /// let mut mt = MersenneTwister::from_key(&[0]);
    /// assert_eq!(mt.next_u32(), 3_626_764_237); // random.Random(0).getrandbits(32)
    /// ```
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= STATE_WORDS {
            twist(&mut self.words);
            self.index = 0;
        }
        let word = self.words[self.index];
        self.index += 1;
        temper(word)
    }

    /// Skips `count` outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::MersenneTwister;
    ///
    /// let mut a = MersenneTwister::from_key(&[7]);
    /// let mut b = a.clone();
    /// a.skip(1000);
    /// for _ in 0..1000 {
    ///     b.next_u32();
    /// }
    /// assert_eq!(a, b);
    /// ```
    pub fn skip(&mut self, count: u64) {
        let mut left = count;
        while left > 0 {
            if self.index >= STATE_WORDS {
                twist(&mut self.words);
                self.index = 0;
            }
            let step = left.min((STATE_WORDS - self.index) as u64);
            self.index += step as usize;
            left -= step;
        }
    }
}

impl fmt::Debug for MersenneTwister {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MersenneTwister")
            .field("index", &self.index)
            .field("words[..3]", &&self.words[..3])
            .finish_non_exhaustive()
    }
}

/// Tempers a state word into an output word (the last step of `genrand_uint32`).
///
/// # Examples
///
/// ```
/// use pssst_insecure::mt::{temper, untemper};
///
/// assert_eq!(untemper(temper(0xdead_beef)), 0xdead_beef);
/// ```
pub fn temper(word: u32) -> u32 {
    let mut y = word;
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^ (y >> 18)
}

/// Undoes [`temper`]: the state word behind an output word.
///
/// Every tempering step is invertible, so one output reveals one full state word.
///
/// # Examples
///
/// ```
/// use pssst_insecure::mt::{temper, untemper};
///
/// assert_eq!(temper(untemper(123_456_789)), 123_456_789);
/// ```
pub fn untemper(output: u32) -> u32 {
    let mut y = undo_right(output, 18);
    y = undo_left(y, 15, 0xefc6_0000);
    y = undo_left(y, 7, 0x9d2c_5680);
    undo_right(y, 11)
}

/// One step of the twist recurrence: the word 624 places after `first`.
///
/// `first` contributes its top bit, `second` its low 31 bits, `ahead` is the word 397 places
/// after `first`.
pub(crate) fn twist_word(first: u32, second: u32, ahead: u32) -> u32 {
    let y = (first & UPPER_MASK) | (second & LOWER_MASK);
    let odd = if y & 1 == 1 { MATRIX_A } else { 0 };
    ahead ^ (y >> 1) ^ odd
}

/// Inverts the mixing part of [`twist_word`]: from `twisted ^ ahead`, the mixed word `y`
/// (top bit of `first`, low 31 bits of `second`).
pub(crate) fn untwist_mix(mixed: u32) -> u32 {
    // MATRIX_A has its top bit set and `y >> 1` never does, so the top bit says whether
    // MATRIX_A was XORed in, that is whether the low bit of `y` was 1.
    let odd = mixed & UPPER_MASK != 0;
    let shifted = if odd { mixed ^ MATRIX_A } else { mixed };
    (shifted << 1) | u32::from(odd)
}

/// Regenerates all 624 words in place, in CPython's order.
pub(crate) fn twist(words: &mut [u32; STATE_WORDS]) {
    for i in 0..STATE_WORDS {
        let second = words[(i + 1) % STATE_WORDS];
        let ahead = words[(i + SHIFT) % STATE_WORDS];
        words[i] = twist_word(words[i], second, ahead);
    }
}

/// The reference `init_genrand`: a linear congruential fill of the 624 words.
pub(crate) const fn init_genrand(seed: u32) -> [u32; STATE_WORDS] {
    let mut words = [0u32; STATE_WORDS];
    words[0] = seed;
    let mut i = 1;
    while i < STATE_WORDS {
        let prev = words[i - 1];
        words[i] = 1_812_433_253u32
            .wrapping_mul(prev ^ (prev >> 30))
            .wrapping_add(i as u32);
        i += 1;
    }
    words
}

/// The starting fill of `init_by_array`, which is the same for every key.
pub(crate) const INIT_FILL: [u32; STATE_WORDS] = init_genrand(19_650_218);

/// The first mixing function of `init_by_array`.
pub(crate) fn mix_key(prev: u32) -> u32 {
    (prev ^ (prev >> 30)).wrapping_mul(1_664_525)
}

/// The second mixing function of `init_by_array`.
pub(crate) fn mix_final(prev: u32) -> u32 {
    (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)
}

/// The reference `init_by_array`, as CPython seeds with it.
fn init_by_array(key: &[u32]) -> [u32; STATE_WORDS] {
    let mut mt = INIT_FILL;
    let mut i = 1;
    let mut j = 0;
    for _ in 0..STATE_WORDS.max(key.len()) {
        let addend = key[j].wrapping_add(j as u32);
        mt[i] = (mt[i] ^ mix_key(mt[i - 1])).wrapping_add(addend);
        i += 1;
        j = (j + 1) % key.len();
        if i >= STATE_WORDS {
            mt[0] = mt[STATE_WORDS - 1];
            i = 1;
        }
    }
    for _ in 0..STATE_WORDS - 1 {
        mt[i] = (mt[i] ^ mix_final(mt[i - 1])).wrapping_sub(i as u32);
        i += 1;
        if i >= STATE_WORDS {
            mt[0] = mt[STATE_WORDS - 1];
            i = 1;
        }
    }
    mt[0] = UPPER_MASK;
    mt
}

/// Inverts `y ^= y >> shift`.
fn undo_right(value: u32, shift: u32) -> u32 {
    let mut y = value;
    for _ in 0..32 / shift {
        y = value ^ (y >> shift);
    }
    y
}

/// Inverts `y ^= (y << shift) & mask`.
fn undo_left(value: u32, shift: u32, mask: u32) -> u32 {
    let mut y = value;
    for _ in 0..32 / shift {
        y = value ^ ((y << shift) & mask);
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untemper_inverts_temper_for_edge_words() {
        for word in [0, 1, u32::MAX, 0x8000_0000, 0x5555_5555, 0x1234_5678] {
            assert_eq!(untemper(temper(word)), word);
            assert_eq!(temper(untemper(word)), word);
        }
    }

    #[test]
    fn untwist_mix_inverts_the_mixing_step() {
        for y in [0, 1, 2, 3, u32::MAX, 0x8000_0001, 0x7fff_fffe] {
            let mixed = twist_word(y, y, 0);
            assert_eq!(untwist_mix(mixed), y);
        }
    }

    #[test]
    fn reference_init_genrand_5489_gives_the_published_first_outputs() {
        let mut mt = MersenneTwister::from_u32_seed(5489);
        let first: Vec<u32> = (0..3).map(|_| mt.next_u32()).collect();
        assert_eq!(first, [3_499_211_612, 581_869_302, 3_890_346_734]);
    }

    #[test]
    fn from_words_rejects_an_index_past_the_block() {
        assert!(MersenneTwister::from_words([0; STATE_WORDS], 625).is_err());
    }
}
