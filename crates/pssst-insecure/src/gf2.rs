//! Linear algebra over GF(2): equations as bit-packed rows of `u64`, kept in echelon form.
//!
//! The pivot of a row is its lowest set column: a new row is reduced by the pivot rows of its
//! lowest set columns until it reaches a column without one, and becomes that column's pivot.
//! The pivot rows form an echelon, and back substitution solves the system. Rows arrive in
//! batches, processed word by word so that the pivot rows in use stay in cache; the system
//! can stop growing as soon as every column has a pivot.

/// A system of linear equations over GF(2) in row echelon form.
pub(crate) struct Echelon {
    width: usize,
    rows: Vec<u64>,
    rhs: Vec<bool>,
    /// For each column, 1 + the index of the row whose pivot it is (0 when it has none).
    pivot_row: Vec<u32>,
}

/// What [`Echelon::absorb`] found in a batch, by index in the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Absorbed {
    /// The first row that contradicts the others (it reduced to `0 = 1`).
    pub(crate) contradiction: Option<usize>,
    /// The last row that became a pivot: with the rows before it, the rank was one less.
    pub(crate) last_pivot: Option<usize>,
}

/// Rows waiting to be added to an [`Echelon`].
pub(crate) struct Batch {
    width: usize,
    rows: Vec<u64>,
    rhs: Vec<bool>,
}

impl Echelon {
    /// An empty system over `columns` unknowns.
    pub(crate) fn new(columns: usize) -> Self {
        let width = columns.div_ceil(64).max(1);
        Self {
            width,
            rows: Vec::new(),
            rhs: Vec::new(),
            pivot_row: vec![0; columns],
        }
    }

    /// An empty batch of rows for this system.
    pub(crate) fn batch(&self) -> Batch {
        Batch {
            width: self.width,
            rows: Vec::new(),
            rhs: Vec::new(),
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

    /// Adds the batch's equations and empties it, saying which of them (by index in the
    /// batch) contradicted the others and which was the last to become a pivot.
    ///
    /// Each row is reduced until its lowest set column has no pivot, and then becomes the
    /// pivot of that column, exactly as if the rows were added one by one. The work is done
    /// word by word across the whole batch, so the pivot rows of one word (at most 64) stay
    /// in cache while every batch row meets them.
    pub(crate) fn absorb(&mut self, batch: &mut Batch) -> Absorbed {
        let w = self.width;
        let mut active = vec![true; batch.rhs.len()];
        for word in 0..w {
            let rows = batch.rows.chunks_exact_mut(w).zip(&mut batch.rhs);
            for ((row, rhs), active) in rows.zip(&mut active) {
                if *active && self.reduce_word(row, rhs, word) {
                    *active = false;
                }
            }
        }

        let contradiction = active
            .iter()
            .zip(&batch.rhs)
            .position(|(&left, &rhs)| left && rhs);
        let last_pivot = active.iter().rposition(|&left| !left);
        batch.rows.clear();
        batch.rhs.clear();
        Absorbed {
            contradiction,
            last_pivot,
        }
    }

    /// One solution, with every column that has no pivot set to 0, as a bit set.
    pub(crate) fn solve(&self) -> Vec<u64> {
        let mut x = vec![0u64; self.width];
        for column in (0..self.pivot_row.len()).rev() {
            let Some(index) = self.pivot_row[column].checked_sub(1) else {
                continue;
            };
            let row = self.row(index as usize);
            let start = column / 64;
            let ones: u32 = row[start..]
                .iter()
                .zip(&x[start..])
                .map(|(r, v)| (r & v).count_ones())
                .sum();
            if (ones % 2 == 1) != self.rhs[index as usize] {
                x[start] |= 1 << (column % 64);
            }
        }
        x
    }

    /// Clears the pivot columns of `word` from `row`, lowest first, until the lowest set
    /// column has no pivot: then the row becomes its pivot and this returns `true`.
    fn reduce_word(&mut self, row: &mut [u64], rhs: &mut bool, word: usize) -> bool {
        while row[word] != 0 {
            let column = word * 64 + row[word].trailing_zeros() as usize;
            let Some(index) = self.pivot_row[column].checked_sub(1) else {
                self.pivot_row[column] = (self.rhs.len() + 1) as u32;
                self.rows.extend_from_slice(row);
                self.rhs.push(*rhs);
                return true;
            };
            let start = index as usize * self.width;
            xor_into(
                &mut row[word..],
                &self.rows[start + word..start + self.width],
            );
            *rhs ^= self.rhs[index as usize];
        }
        false
    }

    fn row(&self, index: usize) -> &[u64] {
        &self.rows[index * self.width..(index + 1) * self.width]
    }
}

impl Batch {
    /// Adds an all-zero row and returns it with its right-hand side, to be filled in.
    pub(crate) fn push(&mut self) -> (&mut [u64], &mut bool) {
        let start = self.rows.len();
        self.rows.resize(start + self.width, 0);
        self.rhs.push(false);
        let last = self.rhs.len() - 1;
        (&mut self.rows[start..], &mut self.rhs[last])
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

    fn add(batch: &mut Batch, bits: &[usize], value: bool) {
        let (row, rhs) = batch.push();
        for &b in bits {
            row[b / 64] ^= 1 << (b % 64);
        }
        *rhs = value;
    }

    #[test]
    fn solves_a_small_system_across_word_boundaries() {
        // x0 ^ x70 = 1, then (next batch) x70 = 1, x3 ^ x0 = 0
        let mut system = Echelon::new(71);
        let mut batch = system.batch();
        add(&mut batch, &[0, 70], true);
        assert_eq!(system.absorb(&mut batch).contradiction, None);
        add(&mut batch, &[70], true);
        add(&mut batch, &[3, 0], false);
        assert_eq!(system.absorb(&mut batch).contradiction, None);
        assert_eq!(system.pivots(), 3);
        let x = system.solve();
        assert!(!bit(&x, 0) && bit(&x, 70) && !bit(&x, 3));
    }

    #[test]
    fn detects_redundant_and_contradicting_rows() {
        let mut system = Echelon::new(10);
        let mut batch = system.batch();
        add(&mut batch, &[1, 6], true);
        add(&mut batch, &[6], false);
        add(&mut batch, &[1], true);
        assert_eq!(
            system.absorb(&mut batch),
            Absorbed {
                contradiction: None,
                last_pivot: Some(1)
            }
        );
        assert!(batch.rhs.is_empty());
        add(&mut batch, &[1], false);
        assert_eq!(system.absorb(&mut batch).contradiction, Some(0));
        assert_eq!(system.pivots(), 2);
    }
}
