//! Uniform integers below a bound, without modulo bias.
//!
//! Bounds up to 2^32 use Lemire's multiply-and-reject method on 32-bit draws, bounds up to
//! 2^64 the same on 64-bit draws ("Fast Random Integer Generation in an Interval", ACM TOMS
//! 2019). Wider bounds draw exactly as many bits as the bound needs and reject values at or
//! above it, as Python's `secrets.randbelow` does; fewer than two draws are needed on average.

use num_bigint::BigUint;

use crate::error::{Error, Result};
use crate::rng;

/// A uniformly random integer in `0..n`, like Python's `secrets.randbelow`.
///
/// # Errors
///
/// [`Error::OutOfRange`] when `n` is 0; [`Error::RandomSource`] when the OS source fails.
///
/// # Examples
///
/// ```
/// let die = pssst::randbelow(6)? + 1;
/// assert!((1..=6).contains(&die));
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn randbelow(n: u64) -> Result<u64> {
    match u32::try_from(n) {
        Ok(0) => Err(bound_error()),
        Ok(small) => below_u32(small).map(u64::from),
        Err(_) => below_u64(n),
    }
}

/// A uniformly random integer in `0..n` for bounds up to 2^128.
///
/// # Errors
///
/// [`Error::OutOfRange`] when `n` is 0; [`Error::RandomSource`] when the OS source fails.
///
/// # Examples
///
/// ```
/// let n = pssst::randbelow_u128(1 << 100)?;
/// assert!(n < 1 << 100);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn randbelow_u128(n: u128) -> Result<u128> {
    if let Ok(narrow) = u64::try_from(n) {
        return randbelow(narrow).map(u128::from);
    }
    let mask = u128::MAX >> n.leading_zeros();
    loop {
        let candidate = rng::next_u128()? & mask;
        if candidate < n {
            return Ok(candidate);
        }
    }
}

/// A uniformly random integer in `0..n` for a bound of any size.
///
/// # Errors
///
/// [`Error::OutOfRange`] when `n` is 0; [`Error::RandomSource`] when the OS source fails.
///
/// # Examples
///
/// ```
/// use pssst::BigUint;
///
/// let bound = BigUint::from(10u8).pow(60);
/// assert!(pssst::randbelow_big(&bound)? < bound);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn randbelow_big(n: &BigUint) -> Result<BigUint> {
    if let Ok(narrow) = u128::try_from(n) {
        return randbelow_u128(narrow).map(BigUint::from);
    }
    let bits = n.bits();
    loop {
        let candidate = randbits_big(bits)?;
        if &candidate < n {
            return Ok(candidate);
        }
    }
}

/// A uniformly random integer of `k` bits (in `0..2^k`), like Python's `secrets.randbits`.
///
/// # Errors
///
/// [`Error::RandomSource`] when the OS source fails.
///
/// # Examples
///
/// ```
/// let n = pssst::randbits(200)?;
/// assert!(n.bits() <= 200);
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn randbits(k: u64) -> Result<BigUint> {
    randbits_big(k)
}

/// A uniformly random integer in `min..max`, like Node's `crypto.randomInt(min, max)`.
///
/// # Errors
///
/// [`Error::OutOfRange`] unless `min < max`; [`Error::RandomSource`] when the OS source fails.
///
/// # Examples
///
/// ```
/// let t = pssst::random_int(-20, 45)?;
/// assert!((-20..45).contains(&t));
/// # Ok::<(), pssst::Error>(())
/// ```
pub fn random_int(min: i64, max: i64) -> Result<i64> {
    if min >= max {
        return Err(Error::out_of_range("max", "greater than min"));
    }
    let span = max.abs_diff(min);
    let offset = randbelow(span)?;
    Ok(min.wrapping_add_unsigned(offset))
}

fn randbits_big(k: u64) -> Result<BigUint> {
    let bytes = usize::try_from(k.div_ceil(8))
        .map_err(|_| Error::out_of_range("bits", "at most what memory can hold"))?;
    let mut buffer = vec![0u8; bytes];
    rng::fill_bytes(&mut buffer)?;
    let spare = (bytes as u64) * 8 - k;
    if let Some(top) = buffer.last_mut() {
        *top &= 0xff >> spare;
    }
    Ok(BigUint::from_bytes_le(&buffer))
}

/// Lemire's method on 32-bit draws: `(x * n) >> 32`, rejecting the low products that would
/// make some results more likely than others.
fn below_u32(n: u32) -> Result<u32> {
    let mut product = u64::from(rng::next_u32()?) * u64::from(n);
    if (product as u32) < n {
        let threshold = n.wrapping_neg() % n;
        while (product as u32) < threshold {
            product = u64::from(rng::next_u32()?) * u64::from(n);
        }
    }
    Ok((product >> 32) as u32)
}

/// Lemire's method on 64-bit draws.
fn below_u64(n: u64) -> Result<u64> {
    let mut product = u128::from(rng::next_u64()?) * u128::from(n);
    if (product as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (product as u64) < threshold {
            product = u128::from(rng::next_u64()?) * u128::from(n);
        }
    }
    Ok((product >> 64) as u64)
}

fn bound_error() -> Error {
    Error::out_of_range("bound", "at least 1")
}
