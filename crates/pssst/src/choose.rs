//! Choosing, shuffling and sampling from slices.

use crate::below::randbelow;
use crate::error::{Error, Result};

/// One element of `items`, each equally likely, like Python's `secrets.choice`.
///
/// # Errors
///
/// [`Error::Empty`] when `items` is empty; [`Error::RandomSource`] when the OS source fails.
///
/// # Examples
///
/// ```
/// let colour = pssst::choice(&["red", "green", "blue"])?;
/// assert!(["red", "green", "blue"].contains(colour));
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn choice<T>(items: &[T]) -> Result<&T> {
    if items.is_empty() {
        return Err(Error::Empty("list to choose from"));
    }
    let index = randbelow(items.len() as u64)?;
    Ok(&items[index as usize])
}

/// Shuffles `items` in place; every order is equally likely (Fisher–Yates).
///
/// # Errors
///
/// [`Error::RandomSource`] when the OS source fails; `items` is then partly shuffled.
///
/// # Examples
///
/// ```
/// let mut cards = [1, 2, 3, 4, 5];
/// pssst::shuffle(&mut cards)?;
/// cards.sort();
/// assert_eq!(cards, [1, 2, 3, 4, 5]);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn shuffle<T>(items: &mut [T]) -> Result<()> {
    for last in (1..items.len()).rev() {
        let pick = randbelow(last as u64 + 1)? as usize;
        items.swap(last, pick);
    }
    Ok(())
}

/// `k` distinct elements of `items` in random order, like Python's `random.sample` drawn from
/// the OS generator. Every ordered selection is equally likely.
///
/// # Errors
///
/// [`Error::OutOfRange`] when `k` exceeds `items.len()`; [`Error::RandomSource`] when the OS
/// source fails.
///
/// # Examples
///
/// ```
/// let winners = pssst::sample(&["ann", "bob", "cy", "di"], 2)?;
/// assert_eq!(winners.len(), 2);
/// assert_ne!(winners[0], winners[1]);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn sample<T: Clone>(items: &[T], k: usize) -> Result<Vec<T>> {
    if k > items.len() {
        let expected = format!("at most {} (the number of items)", items.len());
        return Err(Error::out_of_range("sample size", expected));
    }
    let mut indices: Vec<usize> = (0..items.len()).collect();
    for slot in 0..k {
        let remaining = (items.len() - slot) as u64;
        let pick = slot + randbelow(remaining)? as usize;
        indices.swap(slot, pick);
    }
    Ok(indices[..k].iter().map(|&i| items[i].clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_from_empty_is_an_error() {
        let empty: [u8; 0] = [];
        assert!(matches!(choice(&empty), Err(Error::Empty(_))));
    }

    #[test]
    fn sample_larger_than_population_is_an_error() {
        assert!(matches!(sample(&[1, 2], 3), Err(Error::OutOfRange { .. })));
    }

    #[test]
    fn sample_of_everything_is_a_permutation() {
        let mut all = sample(&[5, 6, 7, 8], 4).unwrap();
        all.sort();
        assert_eq!(all, [5, 6, 7, 8]);
    }

    #[test]
    fn shuffle_reaches_every_order_of_three() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..600 {
            let mut items = [1, 2, 3];
            shuffle(&mut items).unwrap();
            seen.insert(items);
        }
        assert_eq!(seen.len(), 6);
    }
}
