//! Running the Mersenne Twister backwards.
//!
//! The twist computes `X[t + 624] = X[t + 397] ^ mix(top bit of X[t], low 31 bits of X[t + 1])`
//! and the mixing is invertible (see `mt::untwist_mix`). So from `X[t + 1 .. t + 625]` one
//! twist undone gives the top bit of `X[t]`, and the one before it gives the low 31 bits:
//! every earlier word follows, back to the seeding point and (meaninglessly) beyond.

use crate::mt::{LOWER_MASK, SHIFT, STATE_WORDS, UPPER_MASK, temper, untwist_mix};

/// State words `X[-count .. 624]`, given `X[0 .. 624]`.
pub(crate) fn extend_back(words: &[u32; STATE_WORDS], count: usize) -> Vec<u32> {
    let mut sequence = vec![0u32; count + STATE_WORDS];
    sequence[count..].copy_from_slice(words);
    for t in (0..count).rev() {
        let top = untwist_mix(sequence[t + STATE_WORDS] ^ sequence[t + SHIFT]) & UPPER_MASK;
        let low = untwist_mix(sequence[t + STATE_WORDS - 1] ^ sequence[t + SHIFT - 1]);
        sequence[t] = top | (low & LOWER_MASK);
    }
    sequence
}

/// The `count` outputs before state word `X[0]`, oldest first.
pub(crate) fn outputs_before(words: &[u32; STATE_WORDS], count: usize) -> Vec<u32> {
    extend_back(words, count)[..count]
        .iter()
        .map(|&w| temper(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::{MersenneTwister, untemper};

    #[test]
    fn rewinding_three_blocks_gives_back_the_earlier_outputs() {
        let mut mt = MersenneTwister::from_key(&[42]);
        let outputs: Vec<u32> = (0..4 * STATE_WORDS).map(|_| mt.next_u32()).collect();
        let mut last = [0u32; STATE_WORDS];
        for (slot, &o) in last.iter_mut().zip(&outputs[3 * STATE_WORDS..]) {
            *slot = untemper(o);
        }
        assert_eq!(
            outputs_before(&last, 3 * STATE_WORDS),
            outputs[..3 * STATE_WORDS]
        );
    }
}
