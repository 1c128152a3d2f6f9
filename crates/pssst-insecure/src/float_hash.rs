//! Python's `hash(float)`, which is what `random.seed(x)` uses when `x` is a float.
//!
//! CPython reduces every finite number modulo the Mersenne prime 2^61 - 1 so that equal
//! numbers of different types hash alike (`hash(2.0) == hash(2)`). `random.seed(1.5)` seeds
//! from that hash cast to an unsigned 64-bit integer, so a float seed is worth at most 61 bits
//! and usually two key words. `random.seed(time.time())` is therefore a two-word integer seed.

/// The modulus of Python's numeric hash, 2^61 - 1.
const MODULUS: u64 = (1 << 61) - 1;

/// Python's `hash()` of a float, or `None` for NaN (whose hash depends on object identity
/// since Python 3.10, so a NaN seed cannot be reproduced).
///
/// # Examples
///
/// ```
/// use pssst_insecure::python_float_hash;
///
/// assert_eq!(python_float_hash(1.5), Some(1_152_921_504_606_846_977));
/// assert_eq!(python_float_hash(-1.0), Some(-2)); // -1 is reserved for errors in C
/// assert_eq!(python_float_hash(f64::INFINITY), Some(314_159));
/// assert_eq!(python_float_hash(f64::NAN), None);
/// ```
pub fn python_float_hash(value: f64) -> Option<i64> {
    if value.is_nan() {
        return None;
    }
    if value.is_infinite() {
        return Some(if value > 0.0 { 314_159 } else { -314_159 });
    }

    let (mantissa, exponent) = decompose(value.abs());
    let power = exponent.rem_euclid(61) as u32;
    let reduced = (u128::from(mantissa) << power) % u128::from(MODULUS);
    let magnitude = reduced as i64;
    let hash = if value < 0.0 { -magnitude } else { magnitude };
    Some(if hash == -1 { -2 } else { hash })
}

/// The unsigned integer `random.seed(value)` actually seeds from: the hash cast to `size_t`.
///
/// # Examples
///
/// ```
/// use pssst_insecure::float_seed_integer;
///
/// assert_eq!(float_seed_integer(-1.0), Some(u64::MAX - 1));
/// assert_eq!(float_seed_integer(1_700_000_000.0), Some(1_700_000_000));
/// ```
pub fn float_seed_integer(value: f64) -> Option<u64> {
    python_float_hash(value).map(|hash| hash as u64)
}

/// Finite floats in `[low, high]` (both positive) whose Python hash is `hash`.
///
/// This undoes a float seed: when state recovery finds an integer seed below 2^61, this
/// lists the floats, such as `time.time()` values, that would have seeded the same way.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{float_seed_integer, floats_with_hash};
///
/// let t = 1_715_000_000.123_456_7;
/// let hash = float_seed_integer(t).unwrap_or_default();
/// assert!(floats_with_hash(hash, 1.6e9, 1.8e9).contains(&t));
/// ```
pub fn floats_with_hash(hash: u64, low: f64, high: f64) -> Vec<f64> {
    if hash >= MODULUS || low.partial_cmp(&high).is_none_or(|o| o.is_gt()) {
        return Vec::new();
    }
    let (_, low_exp) = decompose(low.max(f64::MIN_POSITIVE));
    let (_, high_exp) = decompose(high.max(f64::MIN_POSITIVE));
    let mut found = Vec::new();
    for exponent in low_exp..=high_exp {
        let inverse = (61 - exponent.rem_euclid(61) as u32) % 61;
        let mantissa = (u128::from(hash) << inverse) % u128::from(MODULUS);
        if (1 << 52..1 << 53).contains(&mantissa) {
            let value = mantissa as f64 * 2f64.powi(exponent);
            if (low..=high).contains(&value) {
                found.push(value);
            }
        }
    }
    found
}

/// Splits a finite non-negative float into an integer mantissa and a power of two.
fn decompose(value: f64) -> (u64, i32) {
    let bits = value.to_bits();
    let field = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if field == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), field - 1075)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_of_integral_floats_is_the_integer() {
        for value in [0.0, 1.0, 2.0, 1e15, 4_294_967_296.0] {
            assert_eq!(python_float_hash(value), Some(value as i64));
        }
    }

    #[test]
    fn hash_reduces_large_powers_of_two_modulo_the_prime() {
        // 2**70 == 2**9 * 2**61, and 2**61 is 1 modulo 2**61 - 1.
        assert_eq!(python_float_hash(2f64.powi(70)), Some(512));
    }

    #[test]
    fn hash_of_a_half_is_the_inverse_of_two() {
        assert_eq!(python_float_hash(0.5), Some(1 << 60));
    }
}
