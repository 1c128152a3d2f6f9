//! Which bits of `random()` a pick of `random.choices` pins down.
//!
//! `choices` picks `floor(random() * n)`, and `random()` is `m / 2**53` for a 53-bit `m`. A
//! pick `c` therefore says `m` lies in an interval `[low, high)`. Only linear facts help state
//! recovery, so this computes the affine hull of that interval: every equation over the bits
//! of `m` that holds for all its members. For a power-of-two `n` those are the top bits; for
//! other `n` they are the common top bits plus a few XOR relations where the interval
//! straddles a carry (about 5.0 equations per pick for `n = 62`, against 4.2 from the common
//! prefix alone).

/// 2^53, one past the largest numerator of `random()`.
const SPAN: u64 = 1 << 53;

/// The numerators `m` for which `floor(m / 2**53 * n) == index`, as `[low, high)`, computed
/// with the same floating-point operations as CPython; `None` if there are none.
pub(super) fn numerators(n: u64, index: u64) -> Option<(u64, u64)> {
    let next = index.checked_add(1)?;
    let low = first_reaching(n, index);
    let high = first_reaching(n, next);
    (low < high).then_some((low, high))
}

/// Equations `(mask, parity)`: the XOR of the bits of `m` in `mask` is `parity` for every
/// `m` in `[low, high)`.
pub(super) fn affine_constraints(low: u64, high: u64) -> Vec<(u64, bool)> {
    let free = carry_lengths(low, high);
    let bit = |i: u32| (low >> i) & 1 == 1;
    let mut out = Vec::new();

    // Bits move only in blocks ending at a carry length in `free`: within a block they flip
    // together, so neighbours keep their XOR; above the longest carry they are fixed.
    let mut block_start = 0;
    for &end in &free {
        for i in block_start..end {
            out.push(((0b11u64) << i, bit(i) ^ bit(i + 1)));
        }
        block_start = end + 1;
    }
    for i in block_start..53 {
        out.push((1u64 << i, bit(i)));
    }
    out
}

/// The `t` for which stepping from some `v` to `v + 1` inside the interval flips bits `0..=t`
/// (that is, `v` ends in exactly `t` one bits), ascending.
fn carry_lengths(low: u64, high: u64) -> Vec<u32> {
    (0..53)
        .filter(|&t| {
            let period = 1u64 << (t + 1);
            let target = (1u64 << t) - 1;
            let first = low + (target + period - low % period) % period;
            first + 2 <= high
        })
        .collect()
}

/// The smallest numerator whose pick is at least `index` (2^53 when there is none).
fn first_reaching(n: u64, index: u64) -> u64 {
    let pick = |m: u64| (m as f64 * (1.0 / SPAN as f64) * n as f64).floor() as u64;
    let (mut low, mut high) = (0, SPAN);
    while low < high {
        let middle = low + (high - low) / 2;
        if pick(middle) >= index {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(constraints: &[(u64, bool)], m: u64) -> bool {
        constraints
            .iter()
            .all(|&(mask, parity)| ((m & mask).count_ones() % 2 == 1) == parity)
    }

    #[test]
    fn power_of_two_picks_fix_exactly_the_top_bits() {
        let (low, high) = numerators(64, 37).unwrap_or_default();
        let constraints = affine_constraints(low, high);
        assert_eq!(constraints.len(), 6);
        assert!(
            constraints
                .iter()
                .all(|(mask, _)| mask.count_ones() == 1 && *mask >= 1 << 47)
        );
    }

    #[test]
    fn constraints_hold_for_every_member_and_its_edges() {
        for n in [3u64, 10, 62, 85] {
            for index in 0..n {
                let (low, high) = numerators(n, index).unwrap_or_default();
                let constraints = affine_constraints(low, high);
                for m in [low, low + 1, (low + high) / 2, high - 2, high - 1] {
                    assert!(holds(&constraints, m), "n={n} index={index} m={m}");
                }
            }
        }
    }

    #[test]
    fn a_straddling_interval_keeps_its_xor_relations() {
        // [0b0111, 0b1001) holds 7 and 8, which differ in all four low bits.
        let constraints = affine_constraints(7, 9);
        assert_eq!(constraints.len(), 52);
        assert!(holds(&constraints, 7) && holds(&constraints, 8) && !holds(&constraints, 9));
    }

    #[test]
    fn impossible_picks_have_no_interval() {
        assert_eq!(numerators(10, 10), None);
        assert_eq!(numerators(10, u64::MAX), None);
    }
}
