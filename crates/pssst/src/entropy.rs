//! Collision odds: how likely it is that two of N random values are the same.
//!
//! Each format reports its own entropy ([`Encoding::entropy_bits`](crate::Encoding),
//! [`Alphabet::entropy_bits`](crate::Alphabet::entropy_bits),
//! [`PasswordPolicy::entropy_bits`](crate::PasswordPolicy::entropy_bits),
//! [`PassphrasePolicy::entropy_bits`](crate::PassphrasePolicy::entropy_bits),
//! [`api_key_entropy_bits`](crate::api_key_entropy_bits),
//! [`numeric_code_entropy_bits`](crate::numeric_code_entropy_bits)); this module turns bits
//! and a count into odds a person can act on.

use std::f64::consts::{LN_2, LN_10};

use crate::error::{Error, Result};

/// The probability that at least two of a number of values collide, with its base-10
/// logarithm, which stays exact where the probability itself is too small for an `f64`.
///
/// # Examples
///
/// ```
/// let odds = pssst::collision_probability(256.0, 1e6)?;
/// assert_eq!(odds.in_words(), "1 in 10^65");
/// # Ok::<(), pssst::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CollisionOdds {
    /// The probability, in `0.0..=1.0` (it rounds to `0.0` below about 10⁻³⁰⁸).
    pub probability: f64,
    /// log10 of the probability (`-inf` when no collision is possible).
    pub log10: f64,
}

/// The birthday bound: the probability that among `count` values, each drawn uniformly and
/// independently from `2^bits` possibilities, at least two are equal.
///
/// The exact probability is `1 − Π_{i<count} (1 − i/2^bits)`. For the sizes that matter
/// (count far below 2^bits) it is computed as `−expm1(−λ(1 + c))`, where `λ = n(n−1)/2 /
/// 2^bits` is the expected number of equal pairs, kept as a logarithm so that 256 bits or more
/// do not underflow, and `c` is the next terms of the series of `ln(1 − i/N)` (relative error
/// below 10⁻¹²). When count is more than a thousandth of 2^bits, the product is summed term by
/// term (or is 1 to double precision); from `count > 2^bits` on, a collision is certain.
/// `count` is rounded down to a whole number.
///
/// # Errors
///
/// [`Error::OutOfRange`] when `bits` or `count` is negative, infinite or not a number.
///
/// # Examples
///
/// ```
/// // The birthday problem: 23 people, 365 days.
/// let odds = pssst::collision_probability(365f64.log2(), 23.0)?;
/// assert!((odds.probability - 0.507297).abs() < 1e-6);
///
/// // A million 128-bit UUID-sized tokens.
/// let odds = pssst::collision_probability(128.0, 1e6)?;
/// assert!((odds.log10 - (-26.83)).abs() < 0.01);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn collision_probability(bits: f64, count: f64) -> Result<CollisionOdds> {
    let expected = "a finite number of at least 0";
    if !(bits.is_finite() && bits >= 0.0) {
        return Err(Error::out_of_range("bits", expected));
    }
    if !(count.is_finite() && count >= 0.0) {
        return Err(Error::out_of_range("count", expected));
    }
    let n = count.floor();
    if n < 2.0 {
        return Ok(CollisionOdds::NONE);
    }

    let log2_ratio = (n - 1.0).log2() - bits;
    if log2_ratio >= 0.0 {
        return Ok(CollisionOdds::CERTAIN);
    }
    if log2_ratio < SERIES_BELOW {
        return Ok(by_series(n, bits, log2_ratio));
    }
    Ok(by_product(n, bits))
}

/// A sentence for people: "1 in 10^42 chance that two of 1,000,000 tokens are the same".
///
/// # Errors
///
/// As [`collision_probability`].
///
/// # Examples
///
/// ```
/// let sentence = pssst::describe_collision(256.0, 1e6, "tokens")?;
/// assert_eq!(sentence, "1 in 10^65 chance that two of 1,000,000 tokens are the same");
///
/// let sentence = pssst::describe_collision(20.0, 1000.0, "codes")?;
/// assert_eq!(sentence, "38% chance that two of 1,000 codes are the same");
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn describe_collision(bits: f64, count: f64, noun: &str) -> Result<String> {
    let odds = collision_probability(bits, count)?;
    let count = format_count(count.floor());
    Ok(format!(
        "{} chance that two of {count} {noun} are the same",
        odds.in_words()
    ))
}

impl CollisionOdds {
    const NONE: Self = Self {
        probability: 0.0,
        log10: f64::NEG_INFINITY,
    };

    const CERTAIN: Self = Self {
        probability: 1.0,
        log10: 0.0,
    };

    /// The odds in words: `no`, `1 in 10^42` (rounded toward the likelier side),
    /// `1 in 32,000`, `1.2%`, `38%`, `99.95%`, or `more than 99.99%`.
    ///
    /// # Examples
    ///
    /// ```
    /// let odds = pssst::collision_probability(64.0, 1e9)?;
    /// assert_eq!(odds.in_words(), "2.7%");
    /// # Ok::<(), pssst::Error>(())
    /// ```
    pub fn in_words(&self) -> String {
        let percent = self.probability * 100.0;
        match self.log10 {
            log10 if log10 == f64::NEG_INFINITY => String::from("no"),
            log10 if log10 < -6.0 => format!("1 in 10^{}", (-log10).floor()),
            log10 if log10 < -2.0 => {
                format!("1 in {}", format_count(round_2(1.0 / self.probability)))
            }
            _ if percent < 10.0 => format!("{percent:.1}%"),
            _ if percent < 99.0 => format!("{percent:.0}%"),
            _ if percent <= 99.99 => format!("{percent:.2}%"),
            _ => String::from("more than 99.99%"),
        }
    }
}

/// Series branch: `ln(1 − p) = −λ (1 + c)` with `r = (n−1)/N < 2^SERIES_BELOW`.
fn by_series(n: f64, bits: f64, log2_ratio: f64) -> CollisionOdds {
    let ln_pairs = n.ln() + (n - 1.0).ln() - LN_2 - bits * LN_2;
    let r = log2_ratio.exp2();
    let u = 1.0 / (n - 1.0);
    let c = (2.0 + u) * r / 6.0
        + (1.0 + u) * r * r / 6.0
        + (2.0 + u) * (3.0 + 3.0 * u - u * u) * r * r * r / 60.0;

    let ln_y = ln_pairs + c.ln_1p();
    let y = ln_y.exp();
    let probability = -(-y).exp_m1();
    let log10 = if y < 1e-8 {
        // ln(1 − e^−y) = ln y − y/2 + O(y²): exact in log space, even where y underflows.
        (ln_y - y / 2.0) / LN_10
    } else {
        probability.log10()
    };
    CollisionOdds { probability, log10 }
}

/// Product branch, for count within a factor of 1000 of 2^bits: summed term by term.
fn by_product(n: f64, bits: f64) -> CollisionOdds {
    let size = bits.exp2();
    if n > PRODUCT_MAX {
        // Here λ > 5000 pairs are expected: 1 − e^−λ is 1 in double precision.
        return CollisionOdds {
            probability: 1.0,
            log10: 0.0,
        };
    }
    let ln_none: f64 = (1..n as u64).map(|i| (-(i as f64) / size).ln_1p()).sum();
    let probability = -ln_none.exp_m1();
    CollisionOdds {
        probability,
        log10: probability.log10(),
    }
}

/// Rounds to two significant figures: 31,623 → 32,000.
fn round_2(value: f64) -> f64 {
    let scale = 10f64.powf(value.log10().floor() - 1.0);
    (value / scale).round() * scale
}

/// A count for people: `1,000,000` up to 10^15, then `10^20` or `2.5 × 10^20`.
fn format_count(count: f64) -> String {
    if count < 1e15 {
        let digits = format!("{count:.0}");
        let mut grouped = String::with_capacity(digits.len() * 4 / 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        return grouped;
    }
    let exponent = count.log10().floor();
    let mantissa = count / 10f64.powf(exponent);
    if (mantissa - 1.0).abs() < 1e-9 {
        format!("10^{exponent}")
    } else {
        format!("{mantissa:.1} × 10^{exponent}")
    }
}

/// The series is used while `(n−1)/N < 2^-10`: its first omitted term is then below 10⁻¹²
/// of the result.
const SERIES_BELOW: f64 = -10.0;

/// The largest count summed term by term (see [`by_product`]).
const PRODUCT_MAX: f64 = 1e7;

#[cfg(test)]
mod tests {
    use super::*;

    /// `1 − Π (1 − i/N)` summed in log space, the slow exact way.
    fn exact(bits: f64, n: u64) -> f64 {
        let size = bits.exp2();
        let ln_none: f64 = (1..n).map(|i| (-(i as f64) / size).ln_1p()).sum();
        -ln_none.exp_m1()
    }

    fn close(a: f64, b: f64, relative: f64) -> bool {
        (a - b).abs() <= relative * b.abs()
    }

    #[test]
    fn matches_the_exact_product_across_regimes() {
        let cases = [
            (8.0, 2),
            (8.0, 20),
            (16.0, 300),
            (32.0, 2),
            (32.0, 77_164),
            (40.0, 1_000_000),
            (365f64.log2(), 23),
            (365f64.log2(), 60),
        ];
        for (bits, n) in cases {
            let odds = collision_probability(bits, n as f64).unwrap();
            let expected = exact(bits, n);
            assert!(
                close(odds.probability, expected, 1e-11),
                "{bits} {n}: {odds:?} {expected}"
            );
            assert!(close(odds.log10, expected.log10(), 1e-11), "{bits} {n}");
        }
    }

    #[test]
    fn two_values_collide_with_probability_one_over_n() {
        for bits in [1.0, 10.0, 53.0, 128.0, 256.0, 1000.0] {
            let odds = collision_probability(bits, 2.0).unwrap();
            let expected = -bits * 2f64.log10();
            assert!(close(odds.log10, expected, 1e-14), "{bits}: {odds:?}");
        }
    }

    #[test]
    fn huge_bit_counts_do_not_underflow_in_log_space() {
        let odds = collision_probability(4096.0, 1e6).unwrap();
        assert_eq!(odds.probability, 0.0);
        let expected = (1e6f64 * 999_999.0 / 2.0).log10() - 4096.0 * 2f64.log10();
        assert!(close(odds.log10, expected, 1e-14), "{odds:?}");
    }

    #[test]
    fn more_values_than_possibilities_is_certain() {
        assert_eq!(collision_probability(8.0, 257.0).unwrap().probability, 1.0);
        assert_eq!(collision_probability(20.0, 1e9).unwrap().probability, 1.0);
    }

    #[test]
    fn fewer_than_two_values_never_collide() {
        assert_eq!(collision_probability(8.0, 1.0).unwrap().in_words(), "no");
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(collision_probability(-1.0, 10.0).is_err());
        assert!(collision_probability(f64::NAN, 10.0).is_err());
        assert!(collision_probability(64.0, f64::INFINITY).is_err());
    }

    #[test]
    fn words_cover_every_range() {
        let words = |p: f64| {
            CollisionOdds {
                probability: p,
                log10: p.log10(),
            }
            .in_words()
        };
        assert_eq!(words(3e-43), "1 in 10^42");
        assert_eq!(words(1.0 / 31_623.0), "1 in 32,000");
        assert_eq!(words(0.012), "1.2%");
        assert_eq!(words(0.994), "99.40%");
        assert_eq!(words(0.999_99), "more than 99.99%");
    }

    #[test]
    fn counts_read_with_separators_or_powers() {
        assert_eq!(format_count(1_000_000.0), "1,000,000");
        assert_eq!(format_count(999.0), "999");
        assert_eq!(format_count(1e20), "10^20");
        assert_eq!(format_count(2.5e20), "2.5 × 10^20");
    }
}
