//! The primitive draws of CPython's `random`, over any source of 32-bit outputs.
//!
//! Everything `random.Random` does is built from three things: `random()` (two words),
//! `getrandbits(k)` (the top `k` bits of one word, or several words for `k > 32`) and
//! `_randbelow(n)` (`getrandbits(n.bit_length())`, redrawn while it is `>= n`). They are
//! generic here so that the seed search can run them on a partly computed state.

use crate::mt::MersenneTwister;

/// Something that hands out tempered 32-bit Mersenne Twister outputs.
pub(crate) trait WordSource {
    /// The next output word.
    fn next_word(&mut self) -> u32;
}

impl WordSource for MersenneTwister {
    fn next_word(&mut self) -> u32 {
        self.next_u32()
    }
}

/// 2^-53, the weight of the lowest bit of a `random()` float.
const FLOAT_UNIT: f64 = 1.0 / 9_007_199_254_740_992.0;

/// `random()`: 27 bits of one word and 26 of the next, as a multiple of 2^-53.
pub(crate) fn random<W: WordSource>(source: &mut W) -> f64 {
    let high = source.next_word() >> 5;
    let low = source.next_word() >> 6;
    (f64::from(high) * 67_108_864.0 + f64::from(low)) * FLOAT_UNIT
}

/// `getrandbits(bits)` for `bits <= 64`: low word first, the last word keeps its top bits.
pub(crate) fn bits_u64<W: WordSource>(source: &mut W, bits: u32) -> u64 {
    match bits {
        0 => 0,
        1..=32 => u64::from(source.next_word() >> (32 - bits)),
        _ => {
            let low = u64::from(source.next_word());
            let high = u64::from(source.next_word() >> (64 - bits.min(64)));
            (high << 32) | low
        }
    }
}

/// `_randbelow(n)` for `0 < n`: rejection sampling on `getrandbits(n.bit_length())`.
pub(crate) fn below_u64<W: WordSource>(source: &mut W, n: u64) -> u64 {
    let bits = u64::BITS - n.leading_zeros();
    loop {
        let candidate = bits_u64(source, bits);
        if candidate < n {
            return candidate;
        }
    }
}

/// `floor(random() * n)`, the index `random.choices` picks without weights.
pub(crate) fn choices_index<W: WordSource>(source: &mut W, n: u64) -> u64 {
    (random(source) * n as f64).floor() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(Vec<u32>);

    impl WordSource for Fixed {
        fn next_word(&mut self) -> u32 {
            self.0.remove(0)
        }
    }

    #[test]
    fn below_redraws_until_the_value_fits() {
        // n = 5 has bit length 3: 7 and 5 are rejected, 3 is kept.
        let mut source = Fixed(vec![7 << 29, 5 << 29, 3 << 29]);
        assert_eq!(below_u64(&mut source, 5), 3);
        assert!(source.0.is_empty());
    }

    #[test]
    fn sixty_four_bits_put_the_first_word_low() {
        let mut source = Fixed(vec![1, 2]);
        assert_eq!(bits_u64(&mut source, 64), (2 << 32) | 1);
    }
}
