//! Reading outputs from one lane of freshly seeded states, computing only what is read.

use super::kernel::Lanes;
use crate::draw::WordSource;
use crate::mt::{MersenneTwister, SHIFT, STATE_WORDS, temper, twist_word};

/// The first outputs of a freshly seeded state do not need the whole twist: output `t`
/// (for `t` below 227) is word `t` twisted from seeded words `t`, `t + 1` and `t + 397`.
const CHEAP_OUTPUTS: usize = STATE_WORDS - SHIFT;

/// Outputs of lane `lane` of seeded states, as a `random.Random` would draw them.
pub(super) struct LaneWords<'a> {
    state: &'a [Lanes; STATE_WORDS],
    lane: usize,
    next: usize,
    full: Option<MersenneTwister>,
}

impl<'a> LaneWords<'a> {
    pub(super) fn new(state: &'a [Lanes; STATE_WORDS], lane: usize) -> Self {
        Self {
            state,
            lane,
            next: 0,
            full: None,
        }
    }

    /// The lane's whole generator, for the rare reader that goes past the cheap outputs.
    fn materialise(&self) -> MersenneTwister {
        let words = self.state.map(|word| word[self.lane]);
        let mut twister = MersenneTwister::from_words(words, STATE_WORDS)
            .unwrap_or_else(|_| MersenneTwister::from_key(&[0]));
        twister.skip(self.next as u64);
        twister
    }
}

impl WordSource for LaneWords<'_> {
    fn next_word(&mut self) -> u32 {
        if self.next < CHEAP_OUTPUTS {
            let (t, lane, s) = (self.next, self.lane, self.state);
            self.next += 1;
            return temper(twist_word(s[t][lane], s[t + 1][lane], s[t + SHIFT][lane]));
        }
        if self.full.is_none() {
            self.full = Some(self.materialise());
        }
        self.full.as_mut().map_or(0, MersenneTwister::next_u32)
    }
}

#[cfg(test)]
mod tests {
    use super::super::kernel::{LANES, addends, seed_lanes};
    use super::*;

    #[test]
    fn lane_outputs_match_a_full_generator_past_the_cheap_ones() {
        let mut state = [[0; LANES]; STATE_WORDS];
        let (odd, even) = addends(7);
        seed_lanes(&[odd; LANES], &[even; LANES], &mut state, STATE_WORDS - 1);
        let mut lane = LaneWords::new(&state, 3);
        let mut reference = MersenneTwister::from_key(&[7]);
        for _ in 0..2000 {
            assert_eq!(lane.next_word(), reference.next_u32());
        }
    }
}
