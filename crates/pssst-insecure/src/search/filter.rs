//! A quick necessary test on the first outputs, run before a seed's state is finished.
//!
//! Output `t` of a freshly seeded generator (for `t >= 2`) needs only seeded words `t`,
//! `t + 1` and `t + 397`. So if the observations constrain outputs 2, 3, … the seeding can
//! stop after about word 400 and skip the last 220 steps for every seed the test rejects.
//! Outputs 0 and 1 are left out: they need word 1, which seeding finishes last.

use super::kernel::Lanes;
use crate::mt::{SHIFT, STATE_WORDS, temper, twist_word};
use crate::observation::{Constraint, Observation};

/// Stop adding tests once a wrong seed passes with less than this probability (log2).
const ENOUGH: f64 = -32.0;

/// Not worth it when a wrong seed passes more often than this (log2): the survivors are
/// finished one by one.
const WORTH_IT: f64 = -12.0;

/// A test on one output word.
#[derive(Clone, Debug)]
enum WordTest {
    /// The bits in `mask` equal `value`.
    Bits { mask: u32, value: u32 },
    /// `_randbelow` draws: for some `(bits, value, n)`, the top `bits` equal `value` (the draw
    /// was kept) or are `>= n` (it was rejected).
    Below(Vec<(u32, u64, u64)>),
}

/// Tests on outputs 2 and up, and how far the seeding must run for them.
pub(super) struct Filter {
    tests: Vec<(usize, WordTest)>,
    /// The last seeded word the tests read.
    pub(super) upto: usize,
}

impl Filter {
    /// The filter for `observations`, if one would reject enough seeds early.
    pub(super) fn new(observations: &[Observation]) -> Option<Self> {
        let mut tests = word_tests(observations);
        tests.retain(|(word, _)| (2..STATE_WORDS - SHIFT).contains(word));
        tests.sort_by_key(|(word, _)| *word);

        let mut log_pass = 0.0;
        let mut kept = 0;
        while kept < tests.len() && log_pass > ENOUGH {
            log_pass += tests[kept].1.log_pass();
            kept += 1;
        }
        tests.truncate(kept);
        let upto = tests.last().map(|(word, _)| word + SHIFT)?;
        (log_pass <= WORTH_IT && upto < STATE_WORDS - 1).then_some(Self { tests, upto })
    }

    /// Whether lane `lane` of a state seeded up to `upto` can produce the observations.
    pub(super) fn passes(&self, state: &[Lanes; STATE_WORDS], lane: usize) -> bool {
        self.tests.iter().all(|(t, test)| {
            let output = temper(twist_word(
                state[*t][lane],
                state[t + 1][lane],
                state[t + SHIFT][lane],
            ));
            test.passes(output)
        })
    }
}

impl WordTest {
    fn passes(&self, output: u32) -> bool {
        match self {
            Self::Bits { mask, value } => output & mask == *value,
            Self::Below(options) => options.iter().any(|&(bits, value, n)| {
                let top = u64::from(output >> (32 - bits));
                top == value || top >= n
            }),
        }
    }

    /// log2 of the chance that a random output passes.
    fn log_pass(&self) -> f64 {
        match self {
            Self::Bits { mask, .. } => -f64::from(mask.count_ones()),
            Self::Below(options) => {
                let pass: f64 = options
                    .iter()
                    .map(|&(bits, _, n)| {
                        (1.0 + (2f64.powi(bits as i32) - n as f64)) / 2f64.powi(bits as i32)
                    })
                    .sum();
                pass.min(1.0).log2()
            }
        }
    }
}

/// Tests for the outputs whose position is certain, and for the run of `_randbelow` draws
/// that may follow (a rejected draw shifts everything after it, so after a run of them
/// nothing is certain).
fn word_tests(observations: &[Observation]) -> Vec<(usize, WordTest)> {
    let mut tests = Vec::new();
    let mut word = 0usize;
    let mut draws: Vec<(u32, u64, u64)> = Vec::new();
    for observation in observations {
        if let Observation::Below { n, value } = *observation {
            if !(2..=1 << 32).contains(&n) {
                break;
            }
            draws.push((u64::BITS - n.leading_zeros(), value, n));
            tests.push((word + draws.len() - 1, WordTest::Below(draws.clone())));
            continue;
        }
        let Some(used) = observation.words().filter(|_| draws.is_empty()) else {
            break;
        };
        let mut constraints = Vec::new();
        observation.constraints(word as u64, 0, &mut constraints);
        tests.extend(constraints.iter().filter_map(single_word_test));
        word += used as usize;
    }
    merge_bits(tests)
}

/// A constraint on the bits of one output, as a test.
fn single_word_test(constraint: &Constraint) -> Option<(usize, WordTest)> {
    let (offset, mask) = match constraint.masks {
        [mask, 0] => (0, mask),
        [0, mask] => (1, mask),
        _ => return None,
    };
    (mask.count_ones() == 1).then(|| {
        let value = if constraint.parity { mask } else { 0 };
        (
            constraint.word as usize + offset,
            WordTest::Bits { mask, value },
        )
    })
}

/// Merges the single-bit tests of each word into one.
fn merge_bits(tests: Vec<(usize, WordTest)>) -> Vec<(usize, WordTest)> {
    let mut merged: Vec<(usize, WordTest)> = Vec::new();
    for (word, test) in tests {
        let last = merged.last_mut().filter(|(last, _)| *last == word);
        match (last, &test) {
            (Some((_, WordTest::Bits { mask, value })), WordTest::Bits { mask: m, value: v }) => {
                *mask |= m;
                *value |= v;
            }
            _ => merged.push((word, test)),
        }
    }
    merged
}
