//! Seeding many small keys at once, lane by lane, so the compiler can use SIMD.
//!
//! `init_by_array` is two passes of 623 dependent steps (each a shift, a XOR, a multiply and
//! an add). One key is a long chain of dependent multiplies; several keys side by side are
//! independent chains, which the CPU overlaps and the compiler vectorises. Keys of one or
//! two words cover every integer seed below 2^64, including `time.time()` hashes.

use crate::mt::{INIT_FILL, STATE_WORDS, UPPER_MASK, mix_final, mix_key};

// LIMITATION: the kernel is built for the x86-64 baseline (SSE2), which has no 32-bit lane
// multiply: each one costs six instructions. AVX2 has it, but choosing AVX2 at run time needs
// `unsafe`, which this crate forbids; build with `-C target-cpu=native` to use it.
/// How many keys are seeded side by side: 32 measured fastest with SSE2 (8 registers of
/// independent chains; more spills to memory).
pub(crate) const LANES: usize = 32;

/// One word of state for every lane.
pub(crate) type Lanes = [u32; LANES];

/// The words `key[j] + j` that odd and even steps of the first pass add, for keys of one
/// word (both are the key) or two words (`key[0]`, then `key[1] + 1`).
pub(crate) fn addends(key: u64) -> (u32, u32) {
    let (low, high) = (key as u32, (key >> 32) as u32);
    if high == 0 {
        (low, low)
    } else {
        (low, high.wrapping_add(1))
    }
}

/// Seeds every lane: `state[i][lane]` becomes word `i` of `init_by_array(key)`, where the
/// key adds `odd[lane]` at odd steps and `even[lane]` at even ones.
///
/// The second pass stops after word `upto`: words above it keep their first-pass values
/// (and word 1 is final only when `upto` is 623) until [`complete_lane`] finishes a lane.
/// The first outputs after seeding need only words 2 to about 400, so a search can reject
/// most seeds before the last 220 steps.
pub(crate) fn seed_lanes(odd: &Lanes, even: &Lanes, state: &mut [Lanes; STATE_WORDS], upto: usize) {
    // The previous word is carried in registers: reading it back from `state` would put a
    // store-to-load round trip into the dependency chain of every step.
    let mut prev = [INIT_FILL[0]; LANES];
    let (first, rest) = state.split_at_mut(1);
    for (pair, fill) in rest.chunks_exact_mut(2).zip(INIT_FILL[1..].chunks_exact(2)) {
        prev = first_pass(&[fill[0]; LANES], &prev, odd);
        pair[0] = prev;
        prev = first_pass(&[fill[1]; LANES], &prev, even);
        pair[1] = prev;
    }
    // 623 words: the loop above stopped before the last (odd) one.
    prev = first_pass(&[INIT_FILL[STATE_WORDS - 1]; LANES], &prev, odd);
    rest[STATE_WORDS - 2] = prev;
    // Step 624 wraps: mt[0] = mt[623], then mt[1] again (an even step).
    prev = first_pass(&rest[0], &prev, even);
    rest[0] = prev;

    // rest[r] is word r + 1.
    for (r, word) in rest.iter_mut().enumerate().take(upto).skip(1) {
        prev = second_pass(word, &prev, r as u32 + 1);
        *word = prev;
    }
    if upto == STATE_WORDS - 1 {
        rest[0] = second_pass(&rest[0], &prev, 1);
        first[0] = [UPPER_MASK; LANES];
    }
}

/// Finishes the second pass for one lane of a state seeded with `seed_lanes(.., upto)`.
pub(crate) fn complete_lane(state: &mut [Lanes; STATE_WORDS], lane: usize, upto: usize) {
    if upto == STATE_WORDS - 1 {
        return;
    }
    let mut prev = state[upto][lane];
    for (i, word) in state.iter_mut().enumerate().skip(upto + 1) {
        prev = (word[lane] ^ mix_final(prev)).wrapping_sub(i as u32);
        word[lane] = prev;
    }
    state[1][lane] = (state[1][lane] ^ mix_final(prev)).wrapping_sub(1);
    state[0][lane] = UPPER_MASK;
}

fn first_pass(current: &Lanes, prev: &Lanes, add: &Lanes) -> Lanes {
    let mut out = [0; LANES];
    for lane in 0..LANES {
        out[lane] = (current[lane] ^ mix_key(prev[lane])).wrapping_add(add[lane]);
    }
    out
}

fn second_pass(current: &Lanes, prev: &Lanes, i: u32) -> Lanes {
    let mut out = [0; LANES];
    for lane in 0..LANES {
        out[lane] = (current[lane] ^ mix_final(prev[lane])).wrapping_sub(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::MersenneTwister;

    #[test]
    fn every_lane_matches_init_by_array_also_when_completed_later() {
        let keys: [u64; 8] = [
            0,
            1,
            31,
            u32::MAX as u64,
            1 << 32,
            (1 << 32) + 2,
            u64::MAX,
            1_715_000_000,
        ];
        let (mut odd, mut even) = ([0; LANES], [0; LANES]);
        for (lane, &key) in keys.iter().cycle().take(LANES).enumerate() {
            (odd[lane], even[lane]) = addends(key);
        }
        for upto in [STATE_WORDS - 1, 400] {
            let mut state = [[0; LANES]; STATE_WORDS];
            seed_lanes(&odd, &even, &mut state, upto);
            for (lane, &key) in keys.iter().cycle().take(LANES).enumerate() {
                complete_lane(&mut state, lane, upto);
                let words: Vec<u32> = state.iter().map(|w| w[lane]).collect();
                let key_words: Vec<u32> = [key as u32, (key >> 32) as u32]
                    .into_iter()
                    .take(1 + usize::from(key >> 32 != 0))
                    .collect();
                assert_eq!(
                    words,
                    MersenneTwister::from_key(&key_words).words(),
                    "key {key}"
                );
            }
        }
    }
}
