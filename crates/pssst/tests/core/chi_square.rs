//! Pearson's chi-square goodness-of-fit test with a fixed significance.

/// A correct sampler fails a test at this level once in a million runs.
pub(crate) const SIGNIFICANCE: f64 = 1e-6;

/// The p-value of `observed` counts against the probabilities `expected` (which sum to 1).
pub(crate) fn p_value(observed: &[u64], expected: &[f64]) -> f64 {
    assert_eq!(observed.len(), expected.len());
    let total: u64 = observed.iter().sum();
    let statistic: f64 = observed
        .iter()
        .zip(expected)
        .map(|(&seen, &p)| {
            let mean = p * total as f64;
            (seen as f64 - mean).powi(2) / mean
        })
        .sum();
    let degrees = (observed.len() - 1) as f64;
    upper_gamma(degrees / 2.0, statistic / 2.0)
}

/// Whether the counts pass: the p-value is at least [`SIGNIFICANCE`].
pub(crate) fn fits(observed: &[u64], expected: &[f64]) -> bool {
    p_value(observed, expected) >= SIGNIFICANCE
}

/// Equal probabilities for `buckets` buckets.
pub(crate) fn uniform(buckets: usize) -> Vec<f64> {
    vec![1.0 / buckets as f64; buckets]
}

/// The regularised upper incomplete gamma function Q(a, x), for `a` a multiple of 1/2: a
/// power series below `x = a + 1`, a continued fraction (modified Lentz) above.
fn upper_gamma(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let prefix = (a * x.ln() - x - ln_gamma_half(a)).exp();
    if x < a + 1.0 {
        let mut term = 1.0 / a;
        let mut sum = term;
        for n in 1..10_000 {
            term *= x / (a + f64::from(n));
            sum += term;
            if term < sum * 1e-16 {
                break;
            }
        }
        return (1.0 - prefix * sum).max(0.0);
    }
    let tiny = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / tiny;
    let mut d = 1.0 / b;
    let mut fraction = d;
    for i in 1..10_000 {
        let an = -f64::from(i) * (f64::from(i) - a);
        b += 2.0;
        d = an * d + b;
        d = if d.abs() < tiny { tiny } else { d };
        c = b + an / c;
        c = if c.abs() < tiny { tiny } else { c };
        d = 1.0 / d;
        fraction *= d * c;
        if (d * c - 1.0).abs() < 1e-16 {
            break;
        }
    }
    prefix * fraction
}

/// ln Γ(a) for `a` a positive multiple of 1/2, exactly: Γ(1) = 1, Γ(1/2) = √π, Γ(z+1) = zΓ(z).
fn ln_gamma_half(a: f64) -> f64 {
    let whole = a.fract() == 0.0;
    let mut value = if whole {
        0.0
    } else {
        0.5 * std::f64::consts::PI.ln()
    };
    let mut z = if whole { 1.0 } else { 0.5 };
    while z < a {
        value += f64::ln(z);
        z += 1.0;
    }
    value
}

#[test]
fn two_degrees_of_freedom_have_an_exponential_tail() {
    for x in [0.5f64, 3.0, 27.631] {
        assert!((upper_gamma(1.0, x / 2.0) - (-x / 2.0).exp()).abs() < 1e-12);
    }
}

#[test]
fn textbook_critical_values_give_their_levels() {
    // Chi-square table: (degrees of freedom, critical value, upper tail).
    let table = [
        (1.0, 3.841_459, 0.05),
        (10.0, 23.209_25, 0.01),
        (61.0, 89.591_3, 0.01),
    ];
    for (degrees, critical, level) in table {
        let p = upper_gamma(degrees / 2.0, critical / 2.0);
        assert!((p - level).abs() < level * 1e-4, "df {degrees}: {p}");
    }
}

#[test]
fn ln_gamma_half_matches_factorials() {
    assert!((ln_gamma_half(5.0) - 24f64.ln()).abs() < 1e-12);
    let gamma_3_5 = 15.0 / 8.0 * std::f64::consts::PI.sqrt();
    assert!((ln_gamma_half(3.5) - gamma_3_5.ln()).abs() < 1e-12);
}
