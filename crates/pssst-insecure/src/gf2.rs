//! Linear algebra over GF(2): equations as bit-packed rows of `u64`, kept in echelon form.
//!
//! Rows arrive one at a time and are reduced against the pivots found so far (the pivot of a
//! row is its lowest set column), so the system can stop growing as soon as every column
//! that matters has a pivot. Adding a row costs one pass over the row per pivot it meets,
//! and those passes are plain XORs of `u64` slices that the compiler vectorises.

/// What happened to an equation added to an [`Echelon`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Insert {
    /// It pinned down a new column.
    Independent,
    /// It followed from the equations before it.
    Redundant,
    /// It contradicted them (`0 = 1` after reduction).
    Contradiction,
}

/// A system of linear equations over GF(2) in row echelon form.
pub(crate) struct Echelon {
    width: usize,
    rows: Vec<u64>,
    rhs: Vec<bool>,
    /// For each column, 1 + the index of the row whose pivot it is (0 when it has none).
    pivot_row: Vec<u32>,
}

impl Echelon {
    /// An empty system over `columns` unknowns.
    pub(crate) fn new(columns: usize) -> Self {
        Self {
            width: columns.div_ceil(64).max(1),
            rows: Vec::new(),
            rhs: Vec::new(),
            pivot_row: vec![0; columns],
        }
    }

    /// How many `u64` words a row of this system has.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// How many columns have a pivot (the rank so far).
    pub(crate) fn pivots(&self) -> usize {
        self.rhs.len()
    }

    /// Adds the equation `row · x = rhs`, reducing `row` in place.
    pub(crate) fn insert(&mut self, row: &mut [u64], mut rhs: bool) -> Insert {
        let row = &mut row[..self.width];
        let mut word = 0;
        loop {
            while word < self.width && row[word] == 0 {
                word += 1;
            }
            if word == self.width {
                return if rhs {
                    Insert::Contradiction
                } else {
                    Insert::Redundant
                };
            }
            let column = word * 64 + row[word].trailing_zeros() as usize;
            let Some(index) = self.pivot_row[column].checked_sub(1) else {
                self.add_pivot(column, row, rhs);
                return Insert::Independent;
            };

            let index = index as usize;
            let pivot = &self.rows[index * self.width..(index + 1) * self.width];
            xor_into(&mut row[word..], &pivot[word..]);
            rhs ^= self.rhs[index];
        }
    }

    /// One solution, with every column that has no pivot set to 0, as a bit set.
    pub(crate) fn solve(&self) -> Vec<u64> {
        let mut x = vec![0u64; self.width];
        for column in (0..self.pivot_row.len()).rev() {
            let Some(index) = self.pivot_row[column].checked_sub(1) else {
                continue;
            };
            let index = index as usize;
            let row = &self.rows[index * self.width..(index + 1) * self.width];
            let start = column / 64;
            let ones: u32 = row[start..]
                .iter()
                .zip(&x[start..])
                .map(|(r, v)| (r & v).count_ones())
                .sum();
            if (ones % 2 == 1) != self.rhs[index] {
                x[start] |= 1 << (column % 64);
            }
        }
        x
    }

    fn add_pivot(&mut self, column: usize, row: &[u64], rhs: bool) {
        self.pivot_row[column] = (self.rhs.len() + 1) as u32;
        self.rows.extend_from_slice(row);
        self.rhs.push(rhs);
    }
}

/// `target ^= source`, word by word.
pub(crate) fn xor_into(target: &mut [u64], source: &[u64]) {
    for (t, s) in target.iter_mut().zip(source) {
        *t ^= s;
    }
}

/// Whether bit `index` of a bit set is 1.
pub(crate) fn bit(set: &[u64], index: usize) -> bool {
    (set[index / 64] >> (index % 64)) & 1 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(width: usize, bits: &[usize]) -> Vec<u64> {
        let mut out = vec![0u64; width];
        for &b in bits {
            out[b / 64] ^= 1 << (b % 64);
        }
        out
    }

    #[test]
    fn solves_a_small_system_across_word_boundaries() {
        // x0 ^ x70 = 1, x70 = 1, x3 ^ x0 = 0
        let mut system = Echelon::new(71);
        assert_eq!(
            system.insert(&mut row(system.width(), &[0, 70]), true),
            Insert::Independent
        );
        assert_eq!(
            system.insert(&mut row(system.width(), &[70]), true),
            Insert::Independent
        );
        assert_eq!(
            system.insert(&mut row(system.width(), &[3, 0]), false),
            Insert::Independent
        );
        let x = system.solve();
        assert!(!bit(&x, 0) && bit(&x, 70) && !bit(&x, 3));
    }

    #[test]
    fn detects_redundant_and_contradicting_rows() {
        let mut system = Echelon::new(10);
        system.insert(&mut row(system.width(), &[1, 6]), true);
        system.insert(&mut row(system.width(), &[6]), false);
        assert_eq!(
            system.insert(&mut row(system.width(), &[1]), true),
            Insert::Redundant
        );
        assert_eq!(
            system.insert(&mut row(system.width(), &[1]), false),
            Insert::Contradiction
        );
        assert_eq!(system.pivots(), 2);
    }
}
