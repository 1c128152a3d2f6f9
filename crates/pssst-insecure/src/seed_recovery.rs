//! Undoing `init_by_array`: from the state right after seeding back to the seed.
//!
//! Seeding runs two passes over the 624 words. The second pass, `mt[i] = (mt[i] ^
//! f(mt[i-1])) - i`, can be undone word by word from the end state. The first pass, `mt[i]
//! = (init[i] ^ g(mt[i-1])) + key[j] + j`, then gives the added term `key[j] + j` at each
//! step, because `init` (the fill from `init_genrand(19650218)`) is the same for every seed.
//! Those terms repeat with the key length, which reveals the length and then the key.

use std::ops::ControlFlow;
use std::time::Instant;

use num_bigint::BigUint;
use sha2::{Digest, Sha512};

use crate::mt::{INIT_FILL, MersenneTwister, STATE_WORDS, UPPER_MASK, mix_final, mix_key};
use crate::rewind::extend_back;
use crate::search::Progress;
use crate::seed::Seed;

/// The longest key whose words all show in the first pass: each word must appear at a step
/// from 3 to 623 (steps 1, 2 and 624 touch words that are overwritten later).
// LIMITATION: seeds longer than 621 words (integers above 2^19872, str or bytes seeds longer
// than 2420 bytes) are not recovered: their first words only show through overwritten steps.
const MAX_KEY_WORDS: usize = STATE_WORDS - 3;

/// Where a generator was seeded, and with what.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{MersenneTwister, Seed, key_for_seeded_state, seed_for_key};
///
/// let key = key_for_seeded_state(MersenneTwister::from_key(&[31]).words());
/// assert_eq!(key.as_deref(), Some(&[31][..]));
/// assert_eq!(seed_for_key(&[31]), Seed::from(31));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RecoveredSeed {
    /// How many outputs were drawn between seeding and the first observation.
    pub outputs_before: u64,
    /// The `init_by_array` key (the shortest one that gives this state).
    pub key: Vec<u32>,
    /// The seed as Python would be given it: the text for str/bytes seeds, else the integer.
    pub seed: Seed,
}

/// The shortest `init_by_array` key that turns into `state`, a state right after seeding
/// (its first word is always `0x80000000`); `None` if no key of up to 621 words does.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{MersenneTwister, key_for_seeded_state};
///
/// let seeded = MersenneTwister::from_key(&[0xdead_beef, 7, 1]);
/// assert_eq!(key_for_seeded_state(seeded.words()), Some(vec![0xdead_beef, 7, 1]));
/// ```
pub fn key_for_seeded_state(state: &[u32; STATE_WORDS]) -> Option<Vec<u32>> {
    if state[0] != UPPER_MASK {
        return None;
    }
    let added = added_terms(state);
    (1..=MAX_KEY_WORDS).find_map(|length| key_of_length(state, &added, length))
}

/// The seed whose key is `key`: the original str or bytes when the key is text followed by
/// its SHA-512 (version 2 seeding), else the integer.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{Seed, seed_for_key};
///
/// let key = Seed::from("hello").key_words();
/// assert_eq!(seed_for_key(&key), Seed::from("hello"));
/// ```
pub fn seed_for_key(key: &[u32]) -> Seed {
    let integer = BigUint::new(key.to_vec());
    match text_behind(&integer.to_bytes_be()) {
        Some(bytes) => {
            String::from_utf8(bytes).map_or_else(|e| Seed::bytes(e.into_bytes()), Seed::from)
        }
        None => Seed::from(integer),
    }
}

/// Candidates checked between two calls of the progress callback (a few hundredths of a
/// second).
const PROGRESS_STEP: usize = 1 << 14;

/// Searches up to `max_back` outputs before `X[0]` for a state that seeding produced, the
/// nearest first, calling `progress` now and then; `progress` may stop the search.
pub(crate) fn find_seeding_point<F>(
    words: &[u32; STATE_WORDS],
    max_back: usize,
    mut progress: F,
) -> Option<RecoveredSeed>
where
    F: FnMut(&Progress) -> ControlFlow<()>,
{
    let started = Instant::now();
    let total = max_back as u64 + 1;
    let sequence = extend_back(words, max_back + STATE_WORDS);
    let report = |checked: usize| Progress {
        tried: checked as u64,
        total,
        elapsed: started.elapsed(),
    };
    for before in 0..=max_back {
        if before % PROGRESS_STEP == 0 && before > 0 && progress(&report(before)).is_break() {
            return None;
        }
        if let Some(found) = seeded_at(&sequence, before) {
            return Some(found);
        }
    }
    let _ = progress(&report(max_back + 1));
    None
}

/// The seed, if the state `before` outputs before `X[0]` is one that seeding produced.
fn seeded_at(sequence: &[u32], before: usize) -> Option<RecoveredSeed> {
    // The seeded state is X[-before-624 .. -before]; only the top bit of its first word
    // is determined by the recurrence, and seeding sets that word to 0x80000000.
    let end = sequence.len() - STATE_WORDS - before;
    let mut state = [0u32; STATE_WORDS];
    state.copy_from_slice(&sequence[end - STATE_WORDS..end]);
    if state[0] & UPPER_MASK == 0 {
        return None;
    }
    state[0] = UPPER_MASK;
    let key = key_for_seeded_state(&state)?;
    Some(RecoveredSeed {
        outputs_before: before as u64,
        seed: seed_for_key(&key),
        key,
    })
}

/// `key[j] + j` as added at steps 3 to 623 of the first pass (index = step).
fn added_terms(state: &[u32; STATE_WORDS]) -> [u32; STATE_WORDS] {
    // Undo the second pass: it ran i = 2..=623, then i = 1 (after mt[0] = mt[623]).
    let mut first = [0u32; STATE_WORDS];
    first[1] = state[1].wrapping_add(1) ^ mix_final(state[STATE_WORDS - 1]);
    first[2] = state[2].wrapping_add(2) ^ mix_final(first[1]);
    for i in 3..STATE_WORDS {
        first[i] = state[i].wrapping_add(i as u32) ^ mix_final(state[i - 1]);
    }

    let mut added = [0u32; STATE_WORDS];
    for step in 3..STATE_WORDS {
        added[step] = first[step].wrapping_sub(INIT_FILL[step] ^ mix_key(first[step - 1]));
    }
    added
}

/// The key of `length` words, if the added terms repeat with that period and it reseeds to
/// `state` (the top word of a Python integer key is never 0, except for the key `[0]`).
fn key_of_length(
    state: &[u32; STATE_WORDS],
    added: &[u32; STATE_WORDS],
    length: usize,
) -> Option<Vec<u32>> {
    let periodic = (3..STATE_WORDS - length).all(|step| added[step] == added[step + length]);
    if !periodic {
        return None;
    }
    let key: Vec<u32> = (0..length)
        .map(|j| {
            // Step t adds key[(t - 1) % length]; take the first such step from 3 on.
            let step = (j + 1..).step_by(length).find(|&t| t >= 3).unwrap_or(3);
            added[step].wrapping_sub(j as u32)
        })
        .collect();
    let canonical = length == 1 || key[length - 1] != 0;
    (canonical && MersenneTwister::from_key(&key).words() == state).then_some(key)
}

/// The text `a` if `bytes` (with its lost leading zeros) is `a + sha512(a)`.
fn text_behind(bytes: &[u8]) -> Option<Vec<u8>> {
    const DIGEST: usize = 64;
    // int.from_bytes drops leading zero bytes of the text (or of the digest, for an empty
    // text); put back as many as make the digest match.
    let fewest = DIGEST.saturating_sub(bytes.len());
    (fewest..=fewest + DIGEST).find_map(|zeros| {
        let mut padded = vec![0u8; zeros];
        padded.extend_from_slice(bytes);
        let (text, digest) = padded.split_at(padded.len() - DIGEST);
        (Sha512::digest(text).as_slice() == digest).then(|| text.to_vec())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_keys_come_back_as_the_shortest() {
        let state = MersenneTwister::from_key(&[2, 1]);
        assert_eq!(key_for_seeded_state(state.words()), Some(vec![2]));
    }

    #[test]
    fn text_seeds_keep_leading_zero_bytes_and_empty_text() {
        for text in [&b"\x00\x00abc"[..], b"", b"\x00", b"\xff\xfe not utf-8"] {
            let key = Seed::bytes(text.to_vec()).key_words();
            let state = MersenneTwister::from_key(&key);
            let found = key_for_seeded_state(state.words()).map(|k| seed_for_key(&k));
            let expected = String::from_utf8(text.to_vec())
                .map_or_else(|_| Seed::bytes(text.to_vec()), Seed::from);
            assert_eq!(found, Some(expected));
        }
    }

    #[test]
    fn an_unseeded_state_has_no_key() {
        let mut mt = MersenneTwister::from_key(&[5]);
        mt.skip(624);
        let mut state = *mt.words();
        state[0] = UPPER_MASK;
        assert_eq!(key_for_seeded_state(&state), None);
    }
}
