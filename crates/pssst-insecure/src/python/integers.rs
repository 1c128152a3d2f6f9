//! `_randbelow`, `randrange` and `randint`, with CPython's rejection sampling.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use super::PythonRandom;
use crate::draw;
use crate::error::Error;

const EMPTY_RANGE: &str = "empty range for randrange()";

impl PythonRandom {
    /// `_randbelow(n)`: `getrandbits(n.bit_length())`, drawn again while it is `>= n`.
    ///
    /// This is what `choice`, `randrange`, `randint`, `shuffle` and `sample` use. Each
    /// rejected draw uses up an output, so the number of outputs consumed varies.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `n` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.randbelow(10)?, 6);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn randbelow(&mut self, n: u64) -> Result<u64, Error> {
        if n == 0 {
            return Err(Error::InvalidArgument("randbelow needs n > 0"));
        }
        Ok(draw::below_u64(&mut self.twister, n))
    }

    /// `_randbelow(n)` for integers of any size.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `n` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use num_bigint::BigUint;
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// let n = BigUint::from(10u32).pow(30);
    /// assert_eq!(rng.randbelow_big(&n)?.to_string(), "198441737587687207744109680147");
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn randbelow_big(&mut self, n: &BigUint) -> Result<BigUint, Error> {
        if n.is_zero() {
            return Err(Error::InvalidArgument("randbelow needs n > 0"));
        }
        let bits = u32::try_from(n.bits())
            .map_err(|_| Error::InvalidArgument("randbelow bound has too many bits"))?;
        loop {
            let candidate = self.getrandbits(bits);
            if &candidate < n {
                return Ok(candidate);
            }
        }
    }

    /// `randrange(start, stop, step)`; `randrange(n)` is `randrange(0, n, 1)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a zero step or an empty range, as CPython raises.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.randrange(50, -3, -4)?, -2);
    /// assert!(rng.randrange(5, 5, 1).is_err());
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn randrange(&mut self, start: i64, stop: i64, step: i64) -> Result<i64, Error> {
        let value = self.randrange_big(&start.into(), &stop.into(), &step.into())?;
        // The result lies between start and stop, so it fits.
        i64::try_from(value).map_err(|_| Error::InvalidArgument(EMPTY_RANGE))
    }

    /// `randrange(start, stop, step)` for integers of any size.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for a zero step or an empty range.
    ///
    /// # Examples
    ///
    /// ```
    /// use num_bigint::BigInt;
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// let (start, stop, step) = (BigInt::from(3), BigInt::from(1000), BigInt::from(7));
    /// assert_eq!(rng.randrange_big(&start, &stop, &step)?, BigInt::from(689));
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn randrange_big(
        &mut self,
        start: &BigInt,
        stop: &BigInt,
        step: &BigInt,
    ) -> Result<BigInt, Error> {
        let width = stop - start;
        let count = if step.is_one() {
            width
        } else if step.is_positive() {
            (width + step - BigInt::one()).div_floor(step)
        } else if step.is_negative() {
            (width + step + BigInt::one()).div_floor(step)
        } else {
            return Err(Error::InvalidArgument("zero step for randrange()"));
        };
        let Some(count) = count.to_biguint().filter(|n| !n.is_zero()) else {
            return Err(Error::InvalidArgument(EMPTY_RANGE));
        };
        let offset = BigInt::from_biguint(Sign::Plus, self.randbelow_big(&count)?);
        Ok(start + step * offset)
    }

    /// `randint(a, b)`: `randrange(a, b + 1)`, both ends included.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when `b < a`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::PythonRandom;
    ///
    /// let mut rng = PythonRandom::new(0);
    /// assert_eq!(rng.randint(1, 6)?, 4);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn randint(&mut self, a: i64, b: i64) -> Result<i64, Error> {
        let stop = BigInt::from(b) + 1;
        let value = self.randrange_big(&a.into(), &stop, &BigInt::one())?;
        i64::try_from(value).map_err(|_| Error::InvalidArgument(EMPTY_RANGE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn randbelow_of_zero_is_an_error_not_a_panic() {
        let mut rng = PythonRandom::new(1);
        assert!(rng.randbelow(0).is_err());
        assert!(rng.randbelow_big(&BigUint::zero()).is_err());
    }

    #[test]
    fn small_and_big_randbelow_agree() {
        let mut small = PythonRandom::new(9);
        let mut big = PythonRandom::new(9);
        for n in [1u64, 2, 3, 62, 64, 1000, u64::from(u32::MAX) + 7, u64::MAX] {
            let expected = big.randbelow_big(&BigUint::from(n)).ok();
            assert_eq!(small.randbelow(n).ok().map(BigUint::from), expected);
        }
    }

    #[test]
    fn randrange_covers_the_full_i64_span() {
        let mut rng = PythonRandom::new(2);
        assert!(rng.randrange(i64::MIN, i64::MAX, 1).is_ok());
        assert!(rng.randint(i64::MIN, i64::MAX).is_ok());
        assert!(rng.randrange(0, 10, 0).is_err());
        assert!(rng.randint(3, 2).is_err());
    }
}
