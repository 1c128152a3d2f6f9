//! `choice`, `choices`, `shuffle` and `sample`, consuming outputs exactly as CPython 3.11.

use std::collections::HashSet;

use super::PythonRandom;
use crate::draw;
use crate::error::Error;

impl PythonRandom {
    /// `choice(seq)`: `seq[_randbelow(len(seq))]`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty sequence (no output is used).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let alphabet: Vec<char> = "abc".chars().collect();
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.choice(&alphabet)?, &'b');
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn choice<'a, T>(&mut self, seq: &'a [T]) -> Result<&'a T, Error> {
        if seq.is_empty() {
            return Err(Error::InvalidArgument(
                "cannot choose from an empty sequence",
            ));
        }
        let index = draw::below_u64(&mut self.twister, seq.len() as u64);
        Ok(&seq[index as usize])
    }

    /// `choices(population, k=k)`: `population[floor(random() * n)]`, `k` times.
    ///
    /// Unlike `choice`, this uses exactly two outputs per pick and never rejects.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty population with `k > 0`; like CPython, one
    /// `random()` is drawn before the failure.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.choices(&[10, 20, 30], 4)?, [30, 30, 20, 10]);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn choices<T: Clone>(&mut self, population: &[T], k: usize) -> Result<Vec<T>, Error> {
        let n = population.len() as u64;
        (0..k)
            .map(|_| {
                let index = draw::choices_index(&mut self.twister, n) as usize;
                population
                    .get(index)
                    .cloned()
                    .ok_or(Error::InvalidArgument(EMPTY))
            })
            .collect()
    }

    /// `choices(population, weights, k=k)`: weights are summed into cumulative weights.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the lengths differ or the total is not a positive
    /// finite number.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.choices_weighted(&["a", "b"], &[1.0, 3.0], 3)?, ["b", "b", "b"]);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn choices_weighted<T: Clone>(
        &mut self,
        population: &[T],
        weights: &[f64],
        k: usize,
    ) -> Result<Vec<T>, Error> {
        let cumulative: Vec<f64> = weights
            .iter()
            .scan(0.0, |total, weight| {
                *total += weight;
                Some(*total)
            })
            .collect();
        self.choices_cumulative(population, &cumulative, k)
    }

    /// `choices(population, cum_weights=cumulative, k=k)`: bisects `random() * total`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the lengths differ or the total is not a positive
    /// finite number.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.choices_cumulative(&[1, 2], &[1.0, 4.0], 2)?, [2, 2]);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn choices_cumulative<T: Clone>(
        &mut self,
        population: &[T],
        cumulative: &[f64],
        k: usize,
    ) -> Result<Vec<T>, Error> {
        if cumulative.len() != population.len() {
            return Err(Error::InvalidArgument(
                "the number of weights does not match",
            ));
        }
        let Some(&total) = cumulative.last() else {
            return Err(Error::InvalidArgument(EMPTY));
        };
        if total.is_nan() || total <= 0.0 {
            return Err(Error::InvalidArgument(
                "total of weights must be greater than zero",
            ));
        }
        if !total.is_finite() {
            return Err(Error::InvalidArgument("total of weights must be finite"));
        }

        let last = population.len() - 1;
        let picks = (0..k).map(|_| {
            let x = self.random() * total;
            // bisect_right over cum_weights[0:hi] with hi = n - 1.
            let index = cumulative[..last].partition_point(|&c| c <= x);
            population[index].clone()
        });
        Ok(picks.collect())
    }

    /// `shuffle(x)`: Fisher–Yates from the end, `j = _randbelow(i + 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut items: Vec<u32> = (0..10).collect();
    /// PythonRandom::new(0).shuffle(&mut items);
    /// assert_eq!(items, [7, 8, 1, 5, 3, 4, 2, 0, 9, 6]);
    /// ```
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = draw::below_u64(&mut self.twister, i as u64 + 1);
            items.swap(i, j as usize);
        }
    }

    /// `sample(population, k)`, with the pool or the set method as CPython 3.11 picks it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `k` exceeds the population.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let population: Vec<u32> = (0..10_000).collect();
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.sample(&population, 5)?, [6311, 6890, 663, 4242, 8376]);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn sample<T: Clone>(&mut self, population: &[T], k: usize) -> Result<Vec<T>, Error> {
        let picks = self.sample_indices(population.len() as u64, k)?;
        Ok(picks
            .into_iter()
            .map(|i| population[i as usize].clone())
            .collect())
    }

    /// `sample(range(n), k)`: `k` distinct integers below `n`, without building the range.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `k > n`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.sample_indices(10_000, 2)?, [6311, 6890]);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn sample_indices(&mut self, n: u64, k: usize) -> Result<Vec<u64>, Error> {
        if k as u64 > n {
            return Err(Error::InvalidArgument(
                "sample larger than population or is negative",
            ));
        }
        if n <= set_threshold(k) {
            return Ok(self.sample_from_pool(n, k));
        }
        let mut selected = HashSet::with_capacity(k);
        let mut picks = Vec::with_capacity(k);
        for _ in 0..k {
            let mut j = draw::below_u64(&mut self.twister, n);
            while selected.contains(&j) {
                j = draw::below_u64(&mut self.twister, n);
            }
            selected.insert(j);
            picks.push(j);
        }
        Ok(picks)
    }

    /// `sample(population, k, counts=counts)`: a sample of `range(sum(counts))` mapped back
    /// through the cumulative counts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the lengths differ, the counts sum to zero, or `k`
    /// exceeds the total.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// let picks = rng.sample_counts(&["red", "blue"], &[4, 2], 5)?;
    /// assert_eq!(picks.len(), 5);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn sample_counts<T: Clone>(
        &mut self,
        population: &[T],
        counts: &[u64],
        k: usize,
    ) -> Result<Vec<T>, Error> {
        if counts.len() != population.len() {
            return Err(Error::InvalidArgument(
                "the number of counts does not match",
            ));
        }
        let cumulative: Vec<u64> = counts
            .iter()
            .scan(0u64, |total, &count| {
                *total = total.saturating_add(count);
                Some(*total)
            })
            .collect();
        let total = cumulative.last().copied().unwrap_or(0);
        if total == 0 {
            return Err(Error::InvalidArgument(
                "total of counts must be greater than zero",
            ));
        }
        let bounds = &cumulative[..cumulative.len() - 1];
        let picks = self.sample_indices(total, k)?;
        let pick = |s: u64| population[bounds.partition_point(|&c| c <= s)].clone();
        Ok(picks.into_iter().map(pick).collect())
    }

    /// The pool method: a list of the remaining candidates, the last one filling each gap.
    fn sample_from_pool(&mut self, n: u64, k: usize) -> Vec<u64> {
        let mut pool: Vec<u64> = (0..n).collect();
        let mut picks = Vec::with_capacity(k);
        for i in 0..k as u64 {
            let j = draw::below_u64(&mut self.twister, n - i) as usize;
            picks.push(pool[j]);
            pool[j] = pool[(n - i - 1) as usize];
        }
        picks
    }
}

const EMPTY: &str = "cannot choose from an empty population";

/// The population size up to which CPython 3.11 samples from a pool rather than a set:
/// `21 + 4 ** ceil(log(3 * k, 4))` for `k > 5`, else 21.
fn set_threshold(k: usize) -> u64 {
    if k <= 5 {
        return 21;
    }
    // The same floating-point formula as CPython (`math.log(k * 3, 4)` on the same libm),
    // so the branch flips at exactly the same `k`.
    let exponent = ((k as f64 * 3.0).ln() / 4f64.ln()).ceil() as u32;
    21u64.saturating_add(4u64.saturating_pow(exponent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_threshold_follows_cpython() {
        assert_eq!(set_threshold(5), 21);
        assert_eq!(set_threshold(6), 21 + 64);
        assert_eq!(set_threshold(10), 21 + 64);
        assert_eq!(set_threshold(22), 21 + 256);
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        let mut rng = PythonRandom::new(0);
        let empty: [u8; 0] = [];
        assert!(rng.choice(&empty).is_err());
        assert!(rng.choices(&empty, 1).is_err());
        assert!(rng.choices_weighted(&[1], &[0.0], 1).is_err());
        assert!(rng.choices_weighted(&[1], &[1.0, 2.0], 1).is_err());
        assert!(rng.choices_cumulative(&[1], &[f64::INFINITY], 1).is_err());
        assert!(rng.sample(&[1, 2], 3).is_err());
        assert!(rng.sample_counts(&[1], &[0], 1).is_err());
    }
}
