//! Statistical tests: integers below awkward bounds, custom alphabets, and where each required
//! class lands in a password are uniform; and the same harness rejects biased samplers.
//!
//! # Power
//!
//! Each test is Pearson's chi-square at the fixed significance 10⁻⁶ (a correct sampler fails
//! once in a million runs). A sampler that moves 1% of the probability mass (total variation
//! 0.01) between `k` equally likely buckets is hardest to see when the shift is spread evenly,
//! `±0.02/k` per bucket; the statistic is then noncentral chi-square with `k − 1` degrees of
//! freedom and noncentrality `λ = N · Σ δᵢ²/pᵢ = 0.0004 · N` for `N` draws, whatever `k`.
//! The probability that such a 1% bias passes (scipy's `ncx2.cdf(chi2.isf(1e-6, k-1), k-1,
//! 0.0004 N)`) is:
//!
//! | buckets `k` | draws `N` | λ   | a 1% bias passes with probability |
//! |-------------|-----------|-----|-----------------------------------|
//! | 3           | 600,000   | 240 | 4 × 10⁻²⁵                          |
//! | 12          | 400,000   | 160 | 3 × 10⁻¹⁰                          |
//! | 16          | 600,000   | 240 | 4 × 10⁻¹⁸                          |
//! | 62          | 600,000   | 240 | 7 × 10⁻¹¹                          |
//! | 200         | 800,000   | 320 | 2 × 10⁻⁹                           |
//!
//! (Fewer buckets need fewer draws: the password class-count tests, with 6 to 9 buckets over
//! 400,000 passwords, have more power than the 12-bucket row.) So a 1% bias fails, and the
//! tests below that assert rejection are not flaky.
//!
//! # What naive `% n` does at these bounds
//!
//! `draw % n` over `b`-bit draws gives the `r = 2^b mod n` smallest values one extra
//! preimage; its total variation from uniform is `r (n − r) / (2^b n)`. That is 1.3% for
//! `u64 % 10^18` and 2.7% for `byte % 62`, and the harness rejects both. For
//! `u32 % (2^31 + 1)` and `u128 % (2^127 + 1)`, though, `r = n − 2`: all but two values get
//! two preimages, the bias is 4.7 × 10⁻¹⁰ and 2.9 × 10⁻³⁹, and no test can see it (it would
//! take about 10²⁰ draws for the first). At those two bounds the harness is shown to reject a
//! 1% shift instead, and naive `% n` is shown to fail at the bounds of the same widths where it
//! is worst, `3 · 2^30` and `3 · 2^126` (bias 1/6).

use pssst::{Alphabet, CharClass, PasswordPolicy};

use crate::chi_square::{fits, uniform};

const DRAWS: usize = 600_000;
const WIDE_DRAWS: usize = 800_000;
const PASSWORDS: usize = 400_000;
const PASSWORD_LEN: usize = 12;
const WIDE_BUCKETS: u128 = 16;

/// Counts of `draws` values of `sample`, each below `bound`, in `buckets` equal-width
/// buckets (the last may be narrower), with each bucket's exact probability.
fn bucketed(
    bound: u128,
    buckets: u128,
    draws: usize,
    mut sample: impl FnMut() -> u128,
) -> (Vec<u64>, Vec<f64>) {
    let width = bound.div_ceil(buckets);
    let mut counts = vec![0u64; buckets as usize];
    for _ in 0..draws {
        let value = sample();
        assert!(value < bound);
        counts[(value / width) as usize] += 1;
    }
    let probabilities = (0..buckets)
        .map(|i| {
            let size = ((i + 1) * width).min(bound) - i * width;
            size as f64 / bound as f64
        })
        .collect();
    (counts, probabilities)
}

fn is_uniform(bound: u128, buckets: u128, draws: usize, sample: impl FnMut() -> u128) -> bool {
    let (counts, probabilities) = bucketed(bound, buckets, draws, sample);
    fits(&counts, &probabilities)
}

/// `count` raw draws of `width` bytes each, taken from the generator in one piece.
fn raw_draws(width: usize, count: usize) -> impl FnMut() -> u128 {
    let mut bytes = vec![0u8; width * count];
    pssst::fill_bytes(&mut bytes).unwrap();
    let mut next = 0;
    move || {
        let mut word = [0u8; 16];
        word[..width].copy_from_slice(&bytes[next..next + width]);
        next += width;
        u128::from_le_bytes(word)
    }
}

/// The sampler with 1% of its mass moved to the lower half of `0..bound`: 2% of draws are
/// replaced by a uniform draw below `bound / 2`.
fn shifted(bound: u128, mut sample: impl FnMut() -> u128) -> impl FnMut() -> u128 {
    move || {
        let value = sample();
        if pssst::randbelow(50).unwrap() == 0 {
            pssst::randbelow_u128(bound / 2).unwrap()
        } else {
            value
        }
    }
}

#[test]
fn randbelow_is_uniform_at_awkward_bounds() {
    let cases: [(u64, u128); 4] = [(3, 3), (62, 62), ((1 << 31) + 1, 16), (10u64.pow(18), 16)];
    for (bound, buckets) in cases {
        let sample = || u128::from(pssst::randbelow(bound).unwrap());
        assert!(
            is_uniform(u128::from(bound), buckets, DRAWS, sample),
            "bound {bound}"
        );
    }
}

#[test]
fn randbelow_u128_is_uniform_by_buckets_at_2_pow_127_plus_1() {
    let bound = (1u128 << 127) + 1;
    let sample = || pssst::randbelow_u128(bound).unwrap();
    assert!(is_uniform(bound, WIDE_BUCKETS, DRAWS, sample));
}

#[test]
fn naive_modulo_is_rejected_where_it_is_biased() {
    let biased: [(usize, u128, u128); 4] = [
        (8, 10u128.pow(18), WIDE_BUCKETS),
        (1, 62, 62),
        (4, 3 << 30, WIDE_BUCKETS),
        (16, 3 << 126, WIDE_BUCKETS),
    ];
    for (width, bound, buckets) in biased {
        let mut draw = raw_draws(width, DRAWS);
        let naive = || draw() % bound;
        assert!(
            !is_uniform(bound, buckets, DRAWS, naive),
            "{width}-byte % {bound}"
        );
    }
}

#[test]
fn naive_modulo_at_2_pow_31_plus_1_and_2_pow_127_plus_1_is_invisibly_small() {
    // Total variation of `draw % n` from uniform: r (n − r) / (2^b n), r = 2^b mod n.
    let bias = |bits: u32, n: u128| {
        let r = match bits {
            128 => (u128::MAX % n + 1) % n,
            _ => (1u128 << bits) % n,
        };
        r as f64 * (n - r) as f64 / (2f64.powi(bits as i32) * n as f64)
    };
    assert!(bias(32, (1 << 31) + 1) < 5e-10);
    assert!(bias(128, (1 << 127) + 1) < 1e-38);
    assert!((bias(64, 10u128.pow(18)) - 0.0134).abs() < 1e-3);
    assert!((bias(8, 62) - 0.0272).abs() < 1e-3);
}

#[test]
fn a_one_percent_shift_is_rejected_at_every_wide_bound() {
    let bounds = [(1u128 << 31) + 1, 10u128.pow(18), (1u128 << 127) + 1];
    for bound in bounds {
        let fair = || pssst::randbelow_u128(bound).unwrap();
        let biased = shifted(bound, fair);
        assert!(
            !is_uniform(bound, WIDE_BUCKETS, DRAWS, biased),
            "bound {bound}"
        );
    }
}

/// Counts of each symbol in one long random string over `alphabet`.
fn symbol_counts(alphabet: &Alphabet, draws: usize) -> Vec<u64> {
    let text = alphabet.random_string(draws).unwrap();
    let index: std::collections::HashMap<char, usize> = alphabet
        .symbols()
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i))
        .collect();
    let mut counts = vec![0u64; alphabet.size()];
    for symbol in text.expose_secret().chars() {
        counts[index[&symbol]] += 1;
    }
    counts
}

#[test]
fn custom_alphabets_are_uniform() {
    let sun = Alphabet::new("☀☁☂").unwrap();
    let base62 = Alphabet::named("base62").unwrap();
    let latin: String = (0x100..0x100 + 200).filter_map(char::from_u32).collect();
    let latin = Alphabet::new(&latin).unwrap();
    for (alphabet, draws) in [(sun, DRAWS), (base62, DRAWS), (latin, WIDE_DRAWS)] {
        let counts = symbol_counts(&alphabet, draws);
        assert!(fits(&counts, &uniform(alphabet.size())), "{alphabet:?}");
    }
}

#[test]
fn byte_modulo_alphabet_size_is_rejected() {
    for (size, draws) in [(62u128, DRAWS), (200, WIDE_DRAWS)] {
        let mut draw = raw_draws(1, draws);
        let naive = || draw() % size;
        assert!(!is_uniform(size, size, draws, naive), "byte % {size}");
    }
}

/// What a run of passwords shows, per class: how often a uniformly chosen character of the
/// class sits at each position, and how many characters of the class each password holds.
struct Survey {
    positions: Vec<Vec<u64>>,
    class_counts: Vec<Vec<u64>>,
}

/// Surveys [`PASSWORDS`] passwords of [`PASSWORD_LEN`] characters over all four classes.
///
/// Over passwords uniform among the valid ones, positions are exchangeable, so a uniformly
/// chosen member of a class sits at a uniformly random position whatever the class sizes.
fn survey(mut password: impl FnMut() -> Vec<char>) -> Survey {
    let mut class_of = [usize::MAX; 128];
    for (index, class) in CharClass::ALL.iter().enumerate() {
        class
            .members(false)
            .iter()
            .for_each(|&c| class_of[c as usize] = index);
    }
    let classes = CharClass::ALL.len();
    let mut survey = Survey {
        positions: vec![vec![0u64; PASSWORD_LEN]; classes],
        class_counts: vec![vec![0u64; PASSWORD_LEN + 1]; classes],
    };
    let mut seen = vec![Vec::with_capacity(PASSWORD_LEN); classes];
    for _ in 0..PASSWORDS {
        seen.iter_mut().for_each(Vec::clear);
        for (position, c) in password().into_iter().enumerate() {
            seen[class_of[c as usize]].push(position);
        }
        for (class, positions) in seen.iter().enumerate() {
            survey.class_counts[class][positions.len()] += 1;
            if !positions.is_empty() {
                let pick = pssst::randbelow(positions.len() as u64).unwrap() as usize;
                survey.positions[class][positions[pick]] += 1;
            }
        }
    }
    survey
}

/// The number of strings of `len` over disjoint classes of `sizes` holding every class, by
/// inclusion–exclusion.
fn all_present(sizes: &[f64], len: usize) -> f64 {
    (0..1usize << sizes.len())
        .map(|subset| {
            let left: f64 = (0..sizes.len())
                .filter(|bit| subset >> bit & 1 == 0)
                .map(|bit| sizes[bit])
                .sum();
            let term = left.powi(len as i32);
            if subset.count_ones() % 2 == 0 {
                term
            } else {
                -term
            }
        })
        .sum()
}

/// For passwords uniform among those holding every class, the probability that class
/// `index` appears exactly `d` times, for `d` in `0..=len`.
fn class_count_probabilities(sizes: &[f64], index: usize, len: usize) -> Vec<f64> {
    let others: Vec<f64> = (0..sizes.len())
        .filter(|&i| i != index)
        .map(|i| sizes[i])
        .collect();
    let mut choose = 1.0;
    let weights: Vec<f64> = (0..=len)
        .map(|d| {
            if d > 0 {
                choose *= (len + 1 - d) as f64 / d as f64;
            }
            let weight = choose * sizes[index].powi(d as i32) * all_present(&others, len - d);
            if d == 0 { 0.0 } else { weight }
        })
        .collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

/// Whether the class counts fit the uniform-over-valid-passwords distribution, with the rare
/// high counts merged into one bucket expected at least 50 times.
fn class_counts_fit(counts: &[u64], probabilities: &[f64]) -> bool {
    assert_eq!(counts[0], 0, "a password lacked a required class");
    let draws = PASSWORDS as f64;
    let mut cut = probabilities.len();
    while probabilities[cut - 1..].iter().sum::<f64>() * draws < 50.0 {
        cut -= 1;
    }
    let mut observed = counts[1..cut - 1].to_vec();
    let mut expected = probabilities[1..cut - 1].to_vec();
    observed.push(counts[cut - 1..].iter().sum());
    expected.push(probabilities[cut - 1..].iter().sum());
    fits(&observed, &expected)
}

fn class_sizes() -> Vec<f64> {
    CharClass::ALL
        .iter()
        .map(|c| c.members(false).len() as f64)
        .collect()
}

#[test]
fn required_classes_land_uniformly_and_in_the_right_numbers() {
    let policy = PasswordPolicy::new().length(PASSWORD_LEN);
    let survey = survey(|| policy.generate().unwrap().expose_secret().chars().collect());
    let sizes = class_sizes();
    for (index, class) in CharClass::ALL.iter().enumerate() {
        let positions = &survey.positions[index];
        assert!(
            fits(positions, &uniform(PASSWORD_LEN)),
            "{class:?}: {positions:?}"
        );
        let expected = class_count_probabilities(&sizes, index, PASSWORD_LEN);
        let counts = &survey.class_counts[index];
        assert!(class_counts_fit(counts, &expected), "{class:?}: {counts:?}");
    }
}

/// One character of each class, in class order, then the rest uniform over the alphabet.
fn one_of_each_then_uniform() -> Vec<char> {
    let alphabet = PasswordPolicy::new().alphabet().unwrap();
    let mut chars: Vec<char> = CharClass::ALL
        .iter()
        .map(|class| *pssst::choice(&class.members(false)).unwrap())
        .collect();
    let rest = alphabet.random_string(PASSWORD_LEN - chars.len()).unwrap();
    chars.extend(rest.expose_secret().chars());
    chars
}

#[test]
fn forcing_one_of_each_class_up_front_is_rejected() {
    let survey = survey(one_of_each_then_uniform);
    for (class, positions) in CharClass::ALL.iter().zip(&survey.positions) {
        assert!(
            !fits(positions, &uniform(PASSWORD_LEN)),
            "{class:?}: {positions:?}"
        );
    }
}

#[test]
fn one_of_each_then_shuffled_is_rejected_by_class_counts() {
    // Shuffling hides the positions, but too many passwords hold exactly one digit.
    let survey = survey(|| {
        let mut chars = one_of_each_then_uniform();
        pssst::shuffle(&mut chars).unwrap();
        chars
    });
    let sizes = class_sizes();
    let digits = 2;
    assert_eq!(CharClass::ALL[digits], CharClass::Digits);
    let expected = class_count_probabilities(&sizes, digits, PASSWORD_LEN);
    assert!(!class_counts_fit(&survey.class_counts[digits], &expected));
}

#[test]
fn class_count_probabilities_match_brute_force() {
    // Classes of sizes 1, 2 and 1, length 4: enumerate all 4^4 strings.
    let sizes = [1.0, 2.0, 1.0];
    let class_of = [0usize, 1, 1, 2];
    let mut counts = [0f64; 5];
    for code in 0..256usize {
        let chars: Vec<usize> = (0..4).map(|i| class_of[code >> (2 * i) & 3]).collect();
        if (0..3).all(|class| chars.contains(&class)) {
            counts[chars.iter().filter(|&&c| c == 1).count()] += 1.0;
        }
    }
    let total: f64 = counts.iter().sum();
    let computed = class_count_probabilities(&sizes, 1, 4);
    for (d, count) in counts.iter().enumerate() {
        assert!((computed[d] - count / total).abs() < 1e-12, "d = {d}");
    }
}
