//! `entropy`: how strong a format is, and how likely two values of it are to collide.

use std::io::Write;

use serde::Serialize;

use crate::describe::Format;
use crate::error::{Failure, Outcome};
use crate::generate::Generator;

/// Counts of values shown when the user gives none.
const DEFAULT_COUNTS: [f64; 4] = [1e3, 1e6, 1e9, 1e12];
/// An attacker's guessing rate for the brute-force estimate: a large offline effort.
const GUESSES_PER_SECOND: f64 = 1e12;
const SECONDS_PER_YEAR: f64 = 365.25 * 24.0 * 3600.0;

#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    format: &'a Format,
    collisions: Vec<Collision>,
    years_to_guess_at_1e12_per_second: f64,
}

#[derive(Serialize)]
struct Collision {
    count: u64,
    probability: f64,
    log10_probability: f64,
    in_words: String,
}

/// Describes the format of `generator` for `count` values (or a few typical counts), as
/// sentences or, with `json`, as one JSON object.
pub(crate) fn report(generator: &dyn Generator, count: u64, json: bool) -> Outcome {
    let format = generator.format()?;
    let counts = if count > 1 {
        vec![count as f64]
    } else {
        DEFAULT_COUNTS.to_vec()
    };
    let collisions = counts
        .iter()
        .map(|&count| collision(format.entropy_bits, count))
        .collect::<Result<Vec<_>, Failure>>()?;
    let years = years_to_guess(format.entropy_bits);
    let mut out = std::io::stdout().lock();
    if json {
        let report = Report {
            format: &format,
            collisions,
            years_to_guess_at_1e12_per_second: years,
        };
        serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}: {:.1} bits of entropy per value",
        describe(&format),
        format.entropy_bits
    )?;
    for &count in &counts {
        let sentence = pssst::describe_collision(format.entropy_bits, count, "values")?;
        writeln!(out, "  {sentence}")?;
    }
    writeln!(
        out,
        "  guessing one given value at 10^12 guesses a second takes {} on average",
        duration_in_words(years)
    )?;
    Ok(())
}

fn collision(bits: f64, count: f64) -> Result<Collision, Failure> {
    let odds = pssst::collision_probability(bits, count)?;
    Ok(Collision {
        count: count as u64,
        probability: odds.probability,
        log10_probability: odds.log10,
        in_words: odds.in_words(),
    })
}

fn describe(format: &Format) -> String {
    match format.random_bytes {
        Some(1) => format!("{} of 1 random byte", format.format),
        Some(n) => format!("{} of {n} random bytes", format.format),
        None => format.format.clone(),
    }
}

/// Mean years to find one given value: half the space, at [`GUESSES_PER_SECOND`].
fn years_to_guess(bits: f64) -> f64 {
    2f64.powf(bits - 1.0) / GUESSES_PER_SECOND / SECONDS_PER_YEAR
}

fn duration_in_words(years: f64) -> String {
    let seconds = years * SECONDS_PER_YEAR;
    match seconds {
        s if s < 1.0 => String::from("under a second"),
        s if s < 3600.0 => format!("about {:.0} seconds", s),
        s if s < 86_400.0 * 2.0 => format!("about {:.0} hours", s / 3600.0),
        _ if years < 2.0 => format!("about {:.0} days", seconds / 86_400.0),
        _ if years < 1e6 => format!("about {years:.0} years"),
        _ if years.is_finite() => format!("about 10^{:.0} years", years.log10().floor()),
        _ => String::from("longer than 10^300 years"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_secrets_fall_in_seconds_long_ones_in_powers_of_ten() {
        assert_eq!(duration_in_words(years_to_guess(20.0)), "under a second");
        assert_eq!(
            duration_in_words(years_to_guess(128.0)),
            "about 10^18 years"
        );
    }
}
