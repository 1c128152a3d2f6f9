//! `below`, `int`, `choice` and `shuffle`: numbers and picks without modulo bias.

use clap::Args;
use std::collections::HashMap;
use std::fmt::Write;

use pssst::BigUint;

use crate::describe::Format;
use crate::error::Failure;
use crate::generate::{Generator, Repeat};
use crate::parse;

/// `pssst below N`: a whole number from 0 to N - 1.
#[derive(Args, Debug)]
pub(crate) struct Below {
    /// The exclusive upper bound: any whole number of at least 1, of any size
    #[arg(value_parser = parse::big_positive, allow_negative_numbers = true)]
    pub(crate) n: BigUint,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst int MIN MAX`: a whole number from MIN to MAX - 1, as Node's `crypto.randomInt`.
#[derive(Args, Debug)]
pub(crate) struct Int {
    /// The smallest possible value
    #[arg(value_parser = parse::integer, allow_negative_numbers = true)]
    pub(crate) min: i64,

    /// One more than the largest possible value (exclusive, as Node's `randomInt`)
    #[arg(value_parser = parse::integer, allow_negative_numbers = true)]
    pub(crate) max: i64,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst choice ITEM...`: one of the items, each equally likely.
#[derive(Args, Debug)]
pub(crate) struct Choice {
    /// The items to choose from
    #[arg(required = true)]
    pub(crate) items: Vec<String>,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

/// `pssst shuffle ITEM...`: the items in random order, on one line.
#[derive(Args, Debug)]
pub(crate) struct Shuffle {
    /// The items to shuffle
    #[arg(required = true)]
    pub(crate) items: Vec<String>,

    /// Text between items on the output line
    #[arg(long, default_value = " ")]
    pub(crate) separator: String,

    #[command(flatten)]
    pub(crate) repeat: Repeat,
}

impl Generator for Below {
    fn format(&self) -> Result<Format, Failure> {
        Ok(Format::new("integer", log2_big(&self.n)))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        let _ = write!(value, "{}", pssst::randbelow_big(&self.n)?);
        Ok(())
    }
}

impl Generator for Int {
    fn format(&self) -> Result<Format, Failure> {
        if self.min >= self.max {
            let why = format!("MAX ({}) must be greater than MIN ({})", self.max, self.min);
            return Err(Failure::error(why));
        }
        let span = self.max.abs_diff(self.min) as f64;
        Ok(Format::new("integer", span.log2()))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        let _ = write!(value, "{}", pssst::random_int(self.min, self.max)?);
        Ok(())
    }
}

impl Generator for Choice {
    fn format(&self) -> Result<Format, Failure> {
        Ok(Format::new("choice", shannon_bits(&self.items)))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        value.push_str(pssst::choice(&self.items)?);
        Ok(())
    }
}

impl Generator for Shuffle {
    fn format(&self) -> Result<Format, Failure> {
        Ok(Format::new("permutation", permutation_bits(&self.items)))
    }

    fn next(&mut self, value: &mut String) -> Result<(), Failure> {
        pssst::shuffle(&mut self.items)?;
        value.push_str(&self.items.join(&self.separator));
        Ok(())
    }
}

/// log2 of a whole number of any size, to about 15 significant digits.
fn log2_big(n: &BigUint) -> f64 {
    let bits = n.bits();
    let shift = bits.saturating_sub(64);
    let top: u64 = (n >> shift).iter_u64_digits().next().unwrap_or(0);
    (top as f64).log2() + shift as f64
}

/// Entropy of one pick from `items`, counting repeated items as more likely.
fn shannon_bits(items: &[String]) -> f64 {
    let total = items.len() as f64;
    counts(items)
        .into_values()
        .map(|count| {
            let p = count as f64 / total;
            -p * p.log2()
        })
        .sum()
}

/// log2 of the number of distinct orders: n! / (m1! m2! ...) for repeated items.
fn permutation_bits(items: &[String]) -> f64 {
    let log2_factorial = |n: usize| (2..=n).map(|k| (k as f64).log2()).sum::<f64>();
    let repeats: f64 = counts(items).into_values().map(log2_factorial).sum();
    log2_factorial(items.len()) - repeats
}

fn counts(items: &[String]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for item in items {
        *counts.entry(item.as_str()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn log2_of_huge_numbers_is_accurate() {
        let n = BigUint::from(1u8) << 300u32;
        assert!((log2_big(&n) - 300.0).abs() < 1e-9);
        assert!((log2_big(&BigUint::from(1000u32)) - 1000f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn repeated_items_lower_the_entropy_of_a_choice() {
        assert!((shannon_bits(&strings(&["a", "b", "c", "d"])) - 2.0).abs() < 1e-12);
        assert!(shannon_bits(&strings(&["a", "a", "a", "b"])) < 1.0);
    }

    #[test]
    fn permutations_of_repeats_are_counted_once() {
        assert!((permutation_bits(&strings(&["a", "b", "c"])) - 6f64.log2()).abs() < 1e-12);
        assert!((permutation_bits(&strings(&["a", "a", "b"])) - 3f64.log2()).abs() < 1e-12);
    }
}
