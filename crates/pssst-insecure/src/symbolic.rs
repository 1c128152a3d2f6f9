//! The Mersenne Twister run on unknowns: each state bit as an affine function over GF(2).
//!
//! Tempering and the twist only shift, mask and XOR, so every output bit is the XOR of some
//! unknown bits plus a constant. [`SymbolicStream`] starts from 624 words whose bits are
//! either known constants or unknowns (columns) and twists them forward, producing for any
//! later output bit the row of columns it depends on.

use crate::gf2::xor_into;
use crate::mt::{
    LOWER_MASK, MATRIX_A, SHIFT, STATE_WORDS, temper, twist_word, untemper, untwist_mix,
};

/// One state word: bit `i` is `rows[i] · x ^ (constant >> i & 1)`.
#[derive(Clone)]
struct SymbolicWord {
    rows: Vec<u64>,
    constant: u32,
}

impl SymbolicWord {
    /// The row of state bit `i`.
    fn row(&self, i: usize, width: usize) -> &[u64] {
        &self.rows[i * width..(i + 1) * width]
    }
}

/// State words 0, 1, 2, … of a stream, as affine functions of the unknown columns.
pub(crate) struct SymbolicStream {
    width: usize,
    ring: Vec<SymbolicWord>,
    scratch: SymbolicWord,
    next: u64,
    /// `temper_inputs[j]`: the state bits whose XOR is output bit `j`.
    temper_inputs: [u32; 32],
}

/// How the first 624 outputs start: bits already known and the column of each unknown bit.
pub(crate) struct BlockWord {
    /// Output bits known, and their values.
    pub(crate) known: (u32, u32),
    /// For output bit `j` not known, `columns[j]` is its unknown.
    pub(crate) columns: [u32; 32],
}

impl SymbolicStream {
    /// A stream whose words 1 to 623 are given by their outputs in `block`, and whose word 0
    /// has its top bit as column 0 (see [`fill_first_word`] for its low bits).
    pub(crate) fn new(width: usize, block: &[BlockWord]) -> Self {
        let blank = SymbolicWord {
            rows: vec![0; 32 * width],
            constant: 0,
        };
        let mut ring = vec![blank.clone(); STATE_WORDS];
        for (word, spec) in ring[1..].iter_mut().zip(block) {
            fill_from_output(word, spec, width);
        }
        fill_first_word(&mut ring, width);
        Self {
            width,
            ring,
            scratch: blank,
            next: STATE_WORDS as u64,
            temper_inputs: temper_inputs(),
        }
    }

    /// The row and constant of the XOR of output bits `mask` of output `word`.
    ///
    /// `word` must be at least `next - 624`; words up to `word` are generated on demand.
    pub(crate) fn output_row(&mut self, word: u64, mask: u32, row: &mut [u64]) -> bool {
        while self.next <= word {
            self.advance();
        }
        let state_mask = (0..32)
            .filter(|j| mask >> j & 1 == 1)
            .fold(0u32, |acc, j| acc ^ self.temper_inputs[j]);
        let symbolic = &self.ring[(word % STATE_WORDS as u64) as usize];
        for i in (0..32).filter(|i| state_mask >> i & 1 == 1) {
            xor_into(row, symbolic.row(i, self.width));
        }
        (temper(symbolic.constant) & mask).count_ones() % 2 == 1
    }

    /// Twists the next word into the ring, over the word 624 places back.
    fn advance(&mut self) {
        let slot = |offset: u64| ((self.next + offset) % STATE_WORDS as u64) as usize;
        let (old, second, ahead) = (slot(0), slot(1), slot(SHIFT as u64));
        let w = self.width;

        let out = &mut self.scratch;
        out.constant = twist_word(
            self.ring[old].constant,
            self.ring[second].constant,
            self.ring[ahead].constant,
        );
        for i in 0..32 {
            let target = &mut out.rows[i * w..(i + 1) * w];
            target.copy_from_slice(self.ring[ahead].row(i, w));
            // y = top bit of the old word, low 31 bits of the next; shifted right by one.
            match i {
                30 => xor_into(target, self.ring[old].row(31, w)),
                31 => {}
                _ => xor_into(target, self.ring[second].row(i + 1, w)),
            }
            if MATRIX_A >> i & 1 == 1 {
                xor_into(target, self.ring[second].row(0, w));
            }
        }
        std::mem::swap(&mut self.ring[old], &mut self.scratch);
        self.next += 1;
    }
}

/// Sets word 0: its top bit is the unknown in column 0; its low 31 bits are not free, as the
/// twist that made `X[623]` mixed them in: `X[623] = X[396] ^ mix(X[-1], X[0])`, so they are
/// the low bits of `untwist_mix(X[623] ^ X[396])`, a linear function of the block.
fn fill_first_word(ring: &mut [SymbolicWord], width: usize) {
    let mixed_constant = ring[STATE_WORDS - 1].constant ^ ring[SHIFT - 1].constant;
    let mut mixed = vec![0u64; 32 * width];
    mixed.copy_from_slice(&ring[STATE_WORDS - 1].rows);
    xor_into(&mut mixed, &ring[SHIFT - 1].rows);
    let mixed_row = |i: usize| &mixed[i * width..(i + 1) * width];

    let first = &mut ring[0];
    first.constant = untwist_mix(mixed_constant) & LOWER_MASK;
    first.rows.fill(0);
    // untwist_mix: bit 0 is the top bit of `mixed`; bit k is bit k - 1 of `mixed`, flipped
    // by that top bit where MATRIX_A has a one.
    first.rows[..width].copy_from_slice(mixed_row(31));
    for k in 1..31 {
        let target = &mut first.rows[k * width..(k + 1) * width];
        target.copy_from_slice(mixed_row(k - 1));
        if MATRIX_A >> (k - 1) & 1 == 1 {
            xor_into(target, mixed_row(31));
        }
    }
    first.rows[31 * width] = 1;
}

/// Sets a state word from its output: known output bits are constants, the others columns.
fn fill_from_output(word: &mut SymbolicWord, spec: &BlockWord, width: usize) {
    let (mask, value) = spec.known;
    word.constant = untemper(value & mask);
    for j in (0..32).filter(|j| mask >> j & 1 == 0) {
        let column = spec.columns[j] as usize;
        let spread = untemper(1 << j);
        for i in (0..32).filter(|i| spread >> i & 1 == 1) {
            word.rows[i * width + column / 64] ^= 1 << (column % 64);
        }
    }
}

/// For each output bit, the state bits tempering XORs into it.
fn temper_inputs() -> [u32; 32] {
    let mut inputs = [0u32; 32];
    for i in 0..32 {
        let spread = temper(1 << i);
        for (j, input) in inputs.iter_mut().enumerate() {
            if spread >> j & 1 == 1 {
                *input |= 1 << i;
            }
        }
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::MersenneTwister;

    #[test]
    fn with_everything_known_only_the_first_top_bit_stays_unknown() {
        let mut mt = MersenneTwister::from_key(&[5]);
        mt.skip(1000);
        let outputs: Vec<u32> = (0..700).map(|_| mt.next_u32()).collect();
        let block: Vec<BlockWord> = outputs[1..STATE_WORDS]
            .iter()
            .map(|&o| BlockWord {
                known: (u32::MAX, o),
                columns: [0; 32],
            })
            .collect();
        let mut stream = SymbolicStream::new(1, &block);
        let top = u64::from(untemper(outputs[0]) >> 31);
        for (t, &expected) in outputs.iter().enumerate() {
            for j in 0..32 {
                let mut row = [0u64];
                let constant = stream.output_row(t as u64, 1 << j, &mut row);
                assert_eq!(row[0] & !1, 0);
                assert_eq!(
                    constant ^ (row[0] & top == 1),
                    expected >> j & 1 == 1,
                    "word {t} bit {j}"
                );
            }
        }
    }
}
