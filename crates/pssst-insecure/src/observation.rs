//! What an attacker saw: outputs of Python's `random`, each tagged with the call that made it.
//!
//! Each kind says which call produced the value and therefore which output bits it reveals:
//!
//! | kind | Python call | outputs used | bits revealed |
//! |---|---|---|---|
//! | [`Observation::U32`] | `getrandbits(32)` | 1 | 32 |
//! | [`Observation::Bits`] | `getrandbits(k)`, `k <= 32` | 1 | the top `k` |
//! | [`Observation::Float`] | `random()` | 2 | top 27 of one, top 26 of the next |
//! | [`Observation::Choices`] | one pick of `choices(population)` | 2 | what the interval fixes |
//! | [`Observation::Below`] | `_randbelow(n)` (`choice`, `randrange`) | 1 or more | search only |
//! | [`Observation::Skip`] | outputs nobody saw | any | 0 |

mod alphabet;
mod interval;
mod kind;
mod lines;
mod place;

pub use kind::{MAX_PRINTED_BITS, ObservationKind};
pub use lines::LineParser;
pub use place::Place;

use crate::draw::{self, WordSource};
use crate::error::Error;

/// One value seen from a `random.Random`, with the call that produced it.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Observation, PythonRandom};
///
/// let mut rng = PythonRandom::new(0);
/// let seen = [Observation::Float(rng.random()), Observation::U32(rng.next_u32())];
/// assert!(Observation::check_all(&seen).is_ok());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Observation {
    /// `getrandbits(32)`: one whole output.
    U32(u32),
    /// `getrandbits(bits)` with `bits` from 0 to 32: the top `bits` of one output.
    // LIMITATION: `getrandbits(k)` for k > 32 must be given as its words (least significant
    // first, as `U32` observations, the last one as `Bits`); there is no single variant for it.
    Bits {
        /// How many bits were asked for (0 uses no output at all).
        bits: u32,
        /// The value returned, below `2**bits`.
        value: u32,
    },
    /// `random()`: a multiple of 2^-53 in `[0, 1)`.
    Float(f64),
    /// One pick of `random.choices` over `n` items: `floor(random() * n)`.
    Choices {
        /// The population size.
        n: u64,
        /// The index picked, below `n`.
        index: u64,
    },
    /// `_randbelow(n)`, as `choice(seq)` (`n = len(seq)`), `randrange(n)` and `randint`
    /// use it; rejected draws use outputs that are never seen.
    Below {
        /// The bound.
        n: u64,
        /// The value returned, below `n`.
        value: u64,
    },
    /// Outputs drawn but not seen (for example calls in between).
    Skip {
        /// How many 32-bit outputs were skipped.
        words: u64,
    },
}

/// A linear equation over output bits: the XOR of the bits `masks[0]` of output `word` and
/// `masks[1]` of output `word + 1` equals `parity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Constraint {
    pub(crate) word: u64,
    pub(crate) masks: [u32; 2],
    pub(crate) parity: bool,
    /// The observation (0-based) it comes from.
    pub(crate) source: usize,
}

impl Observation {
    /// Checks that each observation is a value its kind can produce.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for no observations, [`Error::OutOfRange`] naming the first bad one.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Observation;
    ///
    /// assert!(Observation::check_all(&[Observation::Bits { bits: 4, value: 16 }]).is_err());
    /// assert!(Observation::check_all(&[Observation::Float(0.5)]).is_ok());
    /// ```
    pub fn check_all(observations: &[Observation]) -> Result<(), Error> {
        if observations.is_empty() {
            return Err(Error::Empty);
        }
        for (i, observation) in observations.iter().enumerate() {
            if let Some(expected) = observation.problem() {
                return Err(Error::OutOfRange {
                    observation: i,
                    expected,
                });
            }
        }
        Ok(())
    }

    /// How many 32-bit outputs the call used, or `None` when rejections make it vary.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Observation;
    ///
    /// assert_eq!(Observation::Float(0.25).words(), Some(2));
    /// assert_eq!(Observation::Below { n: 62, value: 3 }.words(), None);
    /// ```
    pub fn words(&self) -> Option<u64> {
        match self {
            Self::U32(_) => Some(1),
            Self::Bits { bits, .. } => Some(u64::from(*bits > 0)),
            Self::Float(_) | Self::Choices { .. } => Some(2),
            Self::Below { .. } => None,
            Self::Skip { words } => Some(*words),
        }
    }

    /// How many bits of evidence it holds about the seed: a wrong seed matches it with odds
    /// of about `2^-bits` (32 for a word, K for `getrandbits(K)`, 53 for a float, log2(n)
    /// for a pick among n, none for a skip).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::Observation;
    ///
    /// assert_eq!(Observation::Bits { bits: 8, value: 1 }.evidence_bits(), 8.0);
    /// assert_eq!(Observation::Choices { n: 64, index: 3 }.evidence_bits(), 6.0);
    /// assert_eq!(Observation::Float(0.5).evidence_bits(), 53.0);
    /// ```
    pub fn evidence_bits(&self) -> f64 {
        match *self {
            Self::U32(_) => 32.0,
            Self::Bits { bits, .. } => f64::from(bits),
            Self::Float(_) => 53.0,
            Self::Choices { n, .. } | Self::Below { n, .. } => (n as f64).log2(),
            Self::Skip { .. } => 0.0,
        }
    }

    /// Whether the output bits it reveals are the same whatever its value: true for all
    /// but `choices` over a population whose size is not a power of two (where the interval
    /// of a pick depends on the pick) and `_randbelow` (whose rejected draws are unseen).
    pub(crate) fn reveals_fixed_bits(&self) -> bool {
        match *self {
            Self::Choices { n, .. } => n.is_power_of_two(),
            Self::Below { .. } => false,
            Self::U32(_) | Self::Bits { .. } | Self::Float(_) | Self::Skip { .. } => true,
        }
    }

    /// An observation of the same call with the value drawn from `source`; `None` for
    /// [`Observation::Skip`], which shows nothing, and [`Observation::Below`], which state
    /// recovery cannot use.
    pub(crate) fn draw_like<W: WordSource>(&self, source: &mut W) -> Option<Observation> {
        Some(match *self {
            Self::U32(_) => Self::U32(source.next_word()),
            Self::Bits { bits, .. } => Self::Bits {
                bits,
                value: draw::bits_u64(source, bits) as u32,
            },
            Self::Float(_) => Self::Float(draw::random(source)),
            Self::Choices { n, .. } => Self::Choices {
                n,
                index: draw::choices_index(source, n),
            },
            Self::Below { .. } | Self::Skip { .. } => return None,
        })
    }

    /// What is wrong with the value, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        match *self {
            Self::Bits { bits, .. } if bits > 32 => {
                Some("getrandbits(k) with k from 0 to 32 (split larger k into words)".into())
            }
            Self::Bits { bits, value } if u64::from(value) >= 1u64 << bits => {
                Some(format!("a value below 2**{bits} for getrandbits({bits})"))
            }
            Self::Float(x) if float_numerator(x).is_none() => {
                Some("a random() float: a multiple of 2**-53 in [0, 1)".into())
            }
            Self::Choices { n: 0, .. } => {
                Some("choices from a population of at least one item".into())
            }
            Self::Choices { n, index } if interval::numerators(n, index).is_none() => {
                Some(format!("an index that floor(random() * {n}) can produce"))
            }
            Self::Below { n, value } if value >= n => {
                Some(format!("a value below {n} for randbelow({n})"))
            }
            _ => None,
        }
    }

    /// Replays the call on `source` and says whether it gives the observed value.
    pub(crate) fn matches<W: WordSource>(&self, source: &mut W) -> bool {
        match *self {
            Self::U32(value) => source.next_word() == value,
            Self::Bits { bits, value } => draw::bits_u64(source, bits) == u64::from(value),
            Self::Float(x) => draw::random(source).to_bits() == x.to_bits(),
            Self::Choices { n, index } => draw::choices_index(source, n) == index,
            Self::Below { n, value } => draw::below_u64(source, n) == value,
            Self::Skip { words } => {
                (0..words).for_each(|_| {
                    source.next_word();
                });
                true
            }
        }
    }

    /// The linear equations the value puts on the outputs starting at `word`.
    pub(crate) fn constraints(&self, word: u64, source: usize, out: &mut Vec<Constraint>) {
        let start = out.len();
        self.equations(word, out);
        out[start..].iter_mut().for_each(|c| c.source = source);
    }

    fn equations(&self, word: u64, out: &mut Vec<Constraint>) {
        match *self {
            Self::U32(value) => push_top_bits(out, word, 32, value),
            Self::Bits { bits, value } => push_top_bits(out, word, bits, value),
            Self::Float(x) => {
                let m = float_numerator(x).unwrap_or(0);
                for bit in 0..53 {
                    out.push(numerator_constraint(word, 1 << bit, (m >> bit) & 1 == 1));
                }
            }
            Self::Choices { n, index } => {
                if let Some((low, high)) = interval::numerators(n, index) {
                    for (mask, parity) in interval::affine_constraints(low, high) {
                        out.push(numerator_constraint(word, mask, parity));
                    }
                }
            }
            Self::Below { .. } | Self::Skip { .. } => {}
        }
    }
}

/// The 53-bit integer `m` with `x == m / 2**53`, if `x` is a possible `random()` value.
fn float_numerator(x: f64) -> Option<u64> {
    let scaled = x * 9_007_199_254_740_992.0;
    let valid = (0.0..1.0).contains(&x) && scaled.fract() == 0.0;
    valid.then_some(scaled as u64)
}

/// One equation per bit: the top `bits` of output `word` equal `value`.
fn push_top_bits(out: &mut Vec<Constraint>, word: u64, bits: u32, value: u32) {
    for i in 0..bits {
        let position = 32 - bits + i;
        let parity = (value >> i) & 1 == 1;
        out.push(Constraint {
            word,
            masks: [1 << position, 0],
            parity,
            source: 0,
        });
    }
}

/// Maps a mask over the 53 bits of `m = (a << 26) | b` to the two outputs `random()` used:
/// `a` is the top 27 bits of the first, `b` the top 26 bits of the second.
fn numerator_constraint(word: u64, mask: u64, parity: bool) -> Constraint {
    let first = ((mask >> 26) as u32) << 5;
    let second = ((mask & ((1 << 26) - 1)) as u32) << 6;
    Constraint {
        word,
        masks: [first, second],
        parity,
        source: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_values_are_named() {
        let bad = [
            Observation::Bits { bits: 33, value: 0 },
            Observation::Float(1.0),
            Observation::Float(0.1 + 1e-17),
            Observation::Float(f64::NAN),
            Observation::Choices { n: 10, index: 10 },
            Observation::Choices { n: 0, index: 0 },
            Observation::Below { n: 0, value: 0 },
        ];
        for observation in bad {
            let result = Observation::check_all(&[Observation::U32(1), observation]);
            assert!(matches!(
                result,
                Err(Error::OutOfRange { observation: 1, .. })
            ));
        }
        assert_eq!(Observation::check_all(&[]), Err(Error::Empty));
    }

    #[test]
    fn a_float_reveals_27_and_26_bits() {
        let mut out = Vec::new();
        Observation::Float(0.5).constraints(7, 3, &mut out);
        let first: u32 = out.iter().map(|c| c.masks[0]).fold(0, |a, m| a | m);
        let second: u32 = out.iter().map(|c| c.masks[1]).fold(0, |a, m| a | m);
        assert_eq!((first, second), (0xffff_ffe0, 0xffff_ffc0));
        assert!(out.iter().all(|c| c.word == 7 && c.source == 3));
    }
}
