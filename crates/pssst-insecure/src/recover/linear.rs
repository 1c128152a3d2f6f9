//! State recovery from partial outputs by solving a linear system over GF(2).
//!
//! The unknowns are chosen to keep the system small. Call the state words `X[0], X[1], …`
//! (output `t` is `temper(X[t])`). The 624 words `X[0..624]` determine everything after them,
//! so they are the unknowns, but not bit by bit:
//!
//! - for `X[1..624]` the unknowns are the output bits nobody saw; the bits that were seen are
//!   substituted as constants, so 623 floats leave only 11 unknowns per pair of words;
//! - `X[0]` contributes only its top bit (column 0): its low 31 bits are a linear function of
//!   `X[396]` and `X[623]`, because the twist that made `X[623]` mixed them in. Tying them to
//!   the block this way lets the bits seen of output 0 count, so 623 floats suffice even when
//!   the first one is the first output after seeding.
//!
//! Every other observed bit, from output 0 and from output 624 on, is one equation; the
//! symbolic twister gives its row. Equations are added in stream order until every column has
//! a pivot.

use crate::error::Error;
use crate::gf2::{Echelon, bit};
use crate::mt::{LOWER_MASK, SHIFT, STATE_WORDS, UPPER_MASK, untemper, untwist_mix};
use crate::observation::Constraint;
use crate::symbolic::{BlockWord, SymbolicStream};

/// Equations per batch: enough to reuse each pivot row while it is in cache, few enough
/// that the batch itself stays in cache.
const BATCH: usize = 128;

/// What the equations make of the state.
pub(super) enum Solved {
    /// Every state bit is determined: the words `X[0..624]` (boxed, as the other variant is
    /// small).
    State(Box<[u32; 624]>),
    /// This many state bits are still free.
    Missing(usize),
}

/// Solves for the state words `X[0..624]` from constraints sorted by word. They are read
/// only as far as it takes (twice: the first block, then the equations), so they may be made
/// on the fly from any number of observations.
///
/// # Errors
///
/// [`Error::Inconsistent`] naming the source of the first equation that contradicts the
/// ones before it.
pub(super) fn solve<I>(constraints: I) -> Result<Solved, Error>
where
    I: Iterator<Item = Constraint> + Clone,
{
    let elimination = eliminate(constraints, Parity::Observed);
    if let Some(source) = elimination.contradiction {
        return Err(Error::Inconsistent {
            observation: Some(source),
        });
    }
    let missing = elimination.columns - elimination.system.pivots();
    if missing > 0 {
        return Ok(Solved::Missing(missing));
    }
    let solution = elimination.system.solve();
    Ok(Solved::State(Box::new(state_words(
        &elimination.block,
        &solution,
    ))))
}

/// The source of the equation that completes the rank, when the constraints have full rank:
/// the observations up to it leave no state bit free, those before it leave one.
///
/// Only the positions of the bits count, not their values, so constraints from made-up
/// values answer for real ones wherever the bits revealed do not depend on the values.
pub(super) fn completed_by<I>(constraints: I) -> Option<usize>
where
    I: Iterator<Item = Constraint> + Clone,
{
    let elimination = eliminate(constraints, Parity::Ignored);
    let complete = elimination.system.pivots() == elimination.columns;
    elimination.last_pivot.filter(|_| complete)
}

/// Whether the elimination keeps the observed values or only the positions of the bits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parity {
    Observed,
    Ignored,
}

/// The system after adding equations in stream order until every column has a pivot (or a
/// contradiction or the last equation).
struct Elimination {
    block: Vec<BlockWord>,
    columns: usize,
    system: Echelon,
    /// The source of the first contradicting equation.
    contradiction: Option<usize>,
    /// The source of the last equation that became a pivot.
    last_pivot: Option<usize>,
}

fn eliminate<I>(constraints: I, parity: Parity) -> Elimination
where
    I: Iterator<Item = Constraint> + Clone,
{
    let (block, columns) = block_words(constraints.clone());
    let mut system = Echelon::new(columns);
    let mut stream = SymbolicStream::new(system.width(), &block);
    let mut batch = system.batch();
    let mut sources = Vec::with_capacity(BATCH);
    let mut equations = constraints.filter(|c| !is_substituted(c)).peekable();
    let (mut contradiction, mut last_pivot) = (None, None);

    while system.pivots() < columns && contradiction.is_none() && equations.peek().is_some() {
        sources.clear();
        for constraint in equations.by_ref().take(BATCH) {
            let (row, rhs) = batch.push();
            *rhs = constraint.parity;
            for (offset, &mask) in constraint.masks.iter().enumerate() {
                if mask != 0 {
                    *rhs ^= stream.output_row(constraint.word + offset as u64, mask, row);
                }
            }
            if parity == Parity::Ignored {
                *rhs = false;
            }
            sources.push(constraint.source);
        }
        let absorbed = system.absorb(&mut batch);
        contradiction = absorbed.contradiction.map(|i| sources[i]);
        last_pivot = absorbed.last_pivot.map(|i| sources[i]).or(last_pivot);
    }
    Elimination {
        block,
        columns,
        system,
        contradiction,
        last_pivot,
    }
}

/// Single-bit constraints on outputs 1 to 623 are constants in the block, not equations.
fn is_substituted(constraint: &Constraint) -> bool {
    let single = constraint.masks[0].count_ones() == 1 && constraint.masks[1] == 0;
    single && (1..STATE_WORDS as u64).contains(&constraint.word)
}

/// The known bits of outputs 1 to 623 and a column for each unknown bit; returns the
/// block and the total number of columns.
fn block_words(constraints: impl Iterator<Item = Constraint>) -> (Vec<BlockWord>, usize) {
    let mut block: Vec<BlockWord> = (1..STATE_WORDS)
        .map(|_| BlockWord {
            known: (0, 0),
            columns: [0; 32],
        })
        .collect();
    let first_block = constraints.take_while(|c| c.word < STATE_WORDS as u64);
    for constraint in first_block.filter(is_substituted) {
        let word = &mut block[constraint.word as usize - 1];
        word.known.0 |= constraint.masks[0];
        if constraint.parity {
            word.known.1 |= constraint.masks[0];
        }
    }

    let mut next = 1u32;
    for word in &mut block {
        for j in (0..32).filter(|j| word.known.0 >> j & 1 == 0) {
            word.columns[j] = next;
            next += 1;
        }
    }
    (block, next as usize)
}

/// Rebuilds `X[0..624]` from a solution of the system.
fn state_words(block: &[BlockWord], x: &[u64]) -> [u32; 624] {
    let mut words = [0u32; STATE_WORDS];
    for (word, spec) in words[1..].iter_mut().zip(block) {
        let (mask, mut output) = spec.known;
        output &= mask;
        for j in (0..32).filter(|j| mask >> j & 1 == 0) {
            if bit(x, spec.columns[j] as usize) {
                output |= 1 << j;
            }
        }
        *word = untemper(output);
    }

    // X[623] = X[396] ^ twist(X[-1], X[0]): undoing the twist gives the low bits of X[0].
    let low = untwist_mix(words[STATE_WORDS - 1] ^ words[SHIFT - 1]) & LOWER_MASK;
    let top = if bit(x, 0) { UPPER_MASK } else { 0 };
    words[0] = top | low;
    words
}
