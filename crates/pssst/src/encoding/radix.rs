//! Big-number conversion between bytes and a base that is not a power of two (58, 62).
//!
//! The bytes after any leading zero bytes are read as one big-endian unsigned number and
//! written in the base, most significant digit first, with no leading zero digits. Each
//! leading zero byte is written as one zero digit (the alphabet's first symbol) in front, so
//! that leading zeros survive the round trip: this is Bitcoin's base58 rule, kept for base62.
//! Every byte string then has exactly one spelling and every string over the alphabet decodes
//! to exactly one byte string.
//!
//! The number is held as 32-bit limbs and divided by BASE^5 (the largest power of 58 or 62
//! below 2^32) per pass, so a 32-byte token needs about forty divisions by a constant, which
//! the compiler turns into multiplications. Time grows with the square of the length: these
//! encodings are for tokens and keys, not for megabytes.

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Digits written per division: BASE^5 fits in 32 bits for both bases used here.
const CHUNK_DIGITS: u32 = 5;

/// Marks a byte that is not a digit in [`values`] tables.
const INVALID: u8 = u8::MAX;

/// Writes `bytes` in base `BASE` with the symbols `digits` (`digits.len() == BASE`).
pub(super) fn encode<const BASE: u64>(bytes: &[u8], digits: &[u8]) -> String {
    debug_assert_eq!(digits.len() as u64, BASE);
    let zeros = bytes.iter().take_while(|&&byte| byte == 0).count();
    let values = number_to_digits::<BASE>(&bytes[zeros..]);

    let mut text = String::with_capacity(zeros + values.len());
    text.extend(std::iter::repeat_n(char::from(digits[0]), zeros));
    text.extend(
        values
            .iter()
            .rev()
            .map(|&value| char::from(digits[usize::from(value)])),
    );
    text
}

/// Reads text written by [`encode`]; `values` maps each byte to its digit value or `INVALID`.
pub(super) fn decode<const BASE: u64>(
    text: &str,
    values: &[u8; 256],
    name: &'static str,
) -> Result<Vec<u8>> {
    let digits: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.bytes()
            .map(|byte| Some(values[usize::from(byte)]).filter(|&v| v != INVALID))
            .collect::<Option<_>>()
            .ok_or(Error::Decode(name))?,
    );
    let zeros = digits.iter().take_while(|&&value| value == 0).count();
    let number = digits_to_number::<BASE>(&digits[zeros..]);

    let mut bytes = Vec::with_capacity(zeros + number.len());
    bytes.resize(zeros, 0);
    bytes.extend_from_slice(&number);
    Ok(bytes)
}

/// The table [`decode`] needs: each symbol's position, `INVALID` for every other byte.
pub(super) const fn values(digits: &[u8]) -> [u8; 256] {
    let mut table = [INVALID; 256];
    let mut index = 0;
    while index < digits.len() {
        table[digits[index] as usize] = index as u8;
        index += 1;
    }
    table
}

/// The most characters `n` bytes can take in base `base`: `ceil(8n / log2(base))`, reached
/// when the first byte is not zero and the number is large.
pub(super) fn max_encoded_len(n: usize, base: f64) -> usize {
    (n as f64 * 8.0 / base.log2()).ceil() as usize
}

/// The digit values of a big-endian number, least significant first, without leading zeros.
fn number_to_digits<const BASE: u64>(number: &[u8]) -> Zeroizing<Vec<u8>> {
    let chunk = const { chunk_divisor(BASE) };
    let mut limbs = to_limbs(number);
    let mut digits = Zeroizing::new(Vec::with_capacity(max_encoded_len(
        number.len(),
        BASE as f64,
    )));
    let mut start = 0;
    while start < limbs.len() {
        let mut remainder = 0u64;
        for limb in &mut limbs[start..] {
            let acc = remainder << 32 | u64::from(*limb);
            *limb = (acc / chunk) as u32;
            remainder = acc % chunk;
        }
        while start < limbs.len() && limbs[start] == 0 {
            start += 1;
        }
        for _ in 0..CHUNK_DIGITS {
            digits.push((remainder % BASE) as u8);
            remainder /= BASE;
        }
    }

    // The last chunk was padded to five digits; a nonzero number's top digit is not zero.
    while digits.last() == Some(&0) {
        digits.pop();
    }
    digits
}

/// The big-endian bytes of a number given by digit values, most significant first, without
/// leading zero bytes.
fn digits_to_number<const BASE: u64>(digits: &[u8]) -> Zeroizing<Vec<u8>> {
    let head = match digits.len() % CHUNK_DIGITS as usize {
        0 => CHUNK_DIGITS as usize,
        partial => partial,
    };
    let mut limbs: Zeroizing<Vec<u32>> = Zeroizing::new(Vec::new());
    let mut rest = digits;
    let mut take = head.min(rest.len());
    while !rest.is_empty() {
        let (group, tail) = rest.split_at(take);
        let value = group.iter().fold(0, |acc, &d| acc * BASE + u64::from(d));
        multiply_add(&mut limbs, BASE.pow(take as u32), value);
        rest = tail;
        take = CHUNK_DIGITS as usize;
    }

    let mut bytes = Zeroizing::new(Vec::with_capacity(limbs.len() * 4));
    bytes.extend(limbs.iter().rev().flat_map(|limb| limb.to_be_bytes()));
    let zeros = bytes.iter().take_while(|&&byte| byte == 0).count();
    bytes.drain(..zeros);
    bytes
}

/// `limbs = limbs * factor + addend`, limbs least significant first; `factor < 2^32`.
fn multiply_add(limbs: &mut Vec<u32>, factor: u64, addend: u64) {
    let mut carry = addend;
    for limb in limbs.iter_mut() {
        let acc = u64::from(*limb) * factor + carry;
        *limb = acc as u32;
        carry = acc >> 32;
    }
    if carry > 0 {
        limbs.push(carry as u32);
    }
}

/// Big-endian 32-bit limbs, most significant first; the first takes the odd bytes.
fn to_limbs(number: &[u8]) -> Zeroizing<Vec<u32>> {
    let head = number.len() % 4;
    let mut limbs = Zeroizing::new(Vec::with_capacity(number.len().div_ceil(4)));
    if head > 0 {
        limbs.push(
            number[..head]
                .iter()
                .fold(0, |acc, &b| acc << 8 | u32::from(b)),
        );
    }
    let words = number[head..].chunks_exact(4);
    limbs.extend(words.map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]])));
    limbs
}

const fn chunk_divisor(base: u64) -> u64 {
    let chunk = base.pow(CHUNK_DIGITS);
    assert!(chunk <= u32::MAX as u64, "BASE^5 must fit in 32 bits");
    chunk
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    #[test]
    fn digits_match_bigint_conversion() {
        let mut bytes = Vec::new();
        for length in 1..80u8 {
            bytes.push(length.wrapping_mul(97) | 1);
            let expected = BigUint::from_bytes_be(&bytes).to_radix_le(62);
            assert_eq!(*number_to_digits::<62>(&bytes), expected, "length {length}");
        }
    }

    #[test]
    fn number_round_trips_through_digits() {
        let bytes: Vec<u8> = (1..=70).map(|i: u8| i.wrapping_mul(151)).collect();
        for length in 0..bytes.len() {
            let number = &bytes[..length];
            let mut digits = number_to_digits::<58>(number).to_vec();
            digits.reverse();
            assert_eq!(*digits_to_number::<58>(&digits), number);
        }
    }

    #[test]
    fn max_encoded_len_matches_exact_powers() {
        for n in 0..300usize {
            let most = BigUint::from(256u32).pow(n as u32) - 1u32;
            let digits = if n == 0 {
                0
            } else {
                most.to_radix_le(62).len()
            };
            assert_eq!(max_encoded_len(n, 62.0), digits, "{n} bytes");
        }
    }

    #[test]
    fn leading_zero_bytes_become_zero_digits() {
        assert_eq!(encode::<62>(&[0, 0, 1], DIGITS), "001");
        let table = values(DIGITS);
        assert_eq!(decode::<62>("001", &table, "base62").unwrap(), [0, 0, 1]);
    }
}
