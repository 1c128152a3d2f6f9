//! The seed ranges of `search`: `FROM..TO` read with messages that say what is wrong, and
//! refused when trying every seed in them could not end in reasonable time.

use std::borrow::Cow;

use pssst_insecure::{SeedSpace, readable};

use crate::error::Failure;
use crate::redaction::shown_as_or_hidden;

/// The most seeds one search tries: 2^36. At 2.5 million seeds a second per core, all 2^32
/// integer seeds take about 15 minutes on two cores and 2^36 nearly four hours; that is a
/// minute of `time.time_ns()` seeds, or four and a half hours of `time.time()` floats.
pub(super) const MAX_SEEDS: u64 = 1 << 36;

/// Seeds tried per second per thread, as measured for the README on a 2.45 GHz server core.
const SEEDS_PER_SECOND: f64 = 2.5e6;

/// `--ints FROM..TO` or `--unix-seconds FROM..TO`: whole numbers from 0 to 2^64 - 1.
pub(super) fn integers(flag: &str, text: &str) -> Result<SeedSpace, Failure> {
    let (from, to) = ends(flag, text)?;
    let parse = |end: &str| {
        end.parse::<i128>()
            .map_err(|_| invalid(flag, text, "whole numbers"))
    };
    let (from, to) = (parse(from)?, parse(to)?);
    if from < 0 || to < 0 {
        return Err(negative_integers(flag, text, from, to));
    }
    let (Ok(start), Ok(end)) = (u64::try_from(from), u64::try_from(to)) else {
        return Err(Failure::error(format_args!(
            "{flag} {}: seeds above 2^64 - 1 ({}) are not searched",
            shown(text),
            u64::MAX
        )));
    };
    ordered(flag, text, from <= to)?;
    Ok(SeedSpace::Integers { start, end })
}

/// `--unix-float FROM..TO`: finite, non-negative times in seconds, both ends included. A TO
/// written as a whole number of seconds stands for that whole second: the range ends at the
/// last float before TO + 1, so `1715000000..1715000000` is the 2^22 floats of one second.
pub(super) fn floats(flag: &str, text: &str) -> Result<SeedSpace, Failure> {
    let (from, to) = ends(flag, text)?;
    let parse = |end: &str| {
        end.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| invalid(flag, text, "finite numbers of seconds"))
    };
    let (start, mut end) = (parse(from)?, parse(to)?);
    if start < 0.0 || end < 0.0 {
        return Err(Failure::error(format_args!(
            "{flag} {}: times before 1970 (negative) are not searched",
            shown(text)
        )));
    }
    if to.bytes().all(|b| b.is_ascii_digit()) {
        end = last_float_of_second(end);
    }
    ordered(flag, text, start <= end)?;
    // `abs` turns -0.0 into 0.0: the float search counts from non-negative bit patterns.
    Ok(SeedSpace::Floats {
        start: start.abs(),
        end: end.abs(),
    })
}

/// The last float before `second + 1`, when both are exact; `second` itself past 2^53, where
/// floats are whole numbers.
fn last_float_of_second(second: f64) -> f64 {
    let next = second + 1.0;
    if next - 1.0 == second && next > second {
        f64::from_bits(next.to_bits() - 1)
    } else {
        second
    }
}

/// Refuses a space of more than [`MAX_SEEDS`], saying how long it would take.
pub(super) fn check_size(
    flag: &str,
    text: &str,
    space: &SeedSpace,
    threads: usize,
) -> Result<(), Failure> {
    let seeds = match *space {
        SeedSpace::Integers { start, end } => u128::from(end.saturating_sub(start)) + 1,
        _ => u128::from(space.len()),
    };
    if seeds <= u128::from(MAX_SEEDS) {
        return Ok(());
    }
    let per_second = SEEDS_PER_SECOND * threads.max(1) as f64;
    let max = u128::from(MAX_SEEDS);
    let (how_many, whole) = if seeds < 2 * max {
        (format!("{} more than", seeds - max), String::new())
    } else {
        (
            format!("{} times", seeds / max),
            format!(
                "; this range would take {}",
                rough(seeds as f64 / per_second)
            ),
        )
    };
    Err(Failure::error(format_args!(
        "{flag} {} holds {seeds} seeds, {how_many} the {MAX_SEEDS} (2^36) a search tries, which \
         take {} at about 2.5 million seeds a second on each of {}{whole}; narrow the range \
         or search it in parts",
        shown(text),
        rough(MAX_SEEDS as f64 / per_second),
        super::counted(threads as u64, "thread")
    )))
}

/// The two ends of `FROM..TO` (or `FROM..=TO`), trimmed.
fn ends<'a>(flag: &str, text: &'a str) -> Result<(&'a str, &'a str), Failure> {
    let (from, to) = text.split_once("..").ok_or_else(|| {
        Failure::error(format_args!(
            "{flag} expects FROM..TO (both included), got {}",
            shown(text)
        ))
    })?;
    let to = to.strip_prefix('=').unwrap_or(to);
    Ok((from.trim(), to.trim()))
}

fn invalid(flag: &str, text: &str, what: &str) -> Failure {
    Failure::error(format_args!(
        "{flag} expects FROM..TO with {what}, got {}",
        shown(text)
    ))
}

fn ordered(flag: &str, text: &str, is_ordered: bool) -> Result<(), Failure> {
    if is_ordered {
        return Ok(());
    }
    Err(Failure::error(format_args!(
        "{flag} {} is empty: FROM must not be greater than TO",
        shown(text)
    )))
}

/// A negative integer seed seeds like its absolute value; a negative Unix time is before
/// 1970.
fn negative_integers(flag: &str, text: &str, from: i128, to: i128) -> Failure {
    let shown = shown(text);
    if flag != "--ints" {
        return Failure::error(format_args!(
            "{flag} {shown}: times before 1970 (negative) are not searched"
        ));
    }
    let (low, high) = if to < 0 {
        (to.unsigned_abs(), from.unsigned_abs())
    } else {
        (0, from.unsigned_abs().max(to.unsigned_abs()))
    };
    Failure::error(format_args!(
        "{flag} {shown}: negative seeds are not searched, as random.seed(-n) is the same \
         generator as random.seed(n): search --ints {low}..{high}"
    ))
}

/// A value from the command line as Python's `repr` shows it (`'0..x'`), or [`NOT_SHOWN`]
/// when it could be a secret, such as a token given to `--ints` instead of the file.
pub(super) fn shown(text: &str) -> Cow<'static, str> {
    shown_as_or_hidden(text, readable)
}

/// `about 40 seconds`, `about 3.8 hours`, `about 231 days`, `about 117246 years`.
fn rough(seconds: f64) -> String {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86_400.0;
    const YEAR: f64 = 365.25 * DAY;
    match seconds {
        s if s < 90.0 => format!("about {s:.0} seconds"),
        s if s < 90.0 * MINUTE => format!("about {:.0} minutes", s / MINUTE),
        s if s < 48.0 * HOUR => format!("about {:.1} hours", s / HOUR),
        s if s < 2.0 * YEAR => format!("about {:.0} days", s / DAY),
        s => format!("about {:.0} years", s / YEAR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_second_end_takes_in_all_of_its_second() {
        let Ok(SeedSpace::Floats { start, end }) = floats("--unix-float", "1715000000..1715000000")
        else {
            panic!("a one-second range");
        };
        assert_eq!(start, 1_715_000_000.0);
        assert!(end < 1_715_000_001.0 && f64::from_bits(end.to_bits() + 1) == 1_715_000_001.0);
        let Ok(SeedSpace::Floats { end, .. }) = floats("--unix-float", "1715000000..1715000000.5")
        else {
            panic!("a half-second range");
        };
        assert_eq!(end, 1_715_000_000.5);
    }

    #[test]
    fn a_range_just_past_the_limit_reads_sensibly() {
        let space = SeedSpace::Integers {
            start: 0,
            end: MAX_SEEDS,
        };
        let message = check_size("--ints", "0..68719476736", &space, 2)
            .err()
            .map(|failure| format!("{failure:?}"))
            .unwrap_or_default();
        assert!(
            message.contains(
                "holds 68719476737 seeds, 1 more than the 68719476736 (2^36) a \
                              search tries, which take about 3.8 hours"
            ),
            "{message}"
        );
        assert!(!message.contains("would take"), "{message}");
    }

    #[test]
    fn a_range_that_could_be_a_secret_is_not_shown() {
        let token = "UUwj7Q95szRRFkfar-YhXnMpgtsjCEg9r4TH6K7CAbc";
        let message = integers("--ints", token)
            .err()
            .map(|failure| format!("{failure:?}"))
            .unwrap_or_default();
        assert!(message.contains(crate::redaction::NOT_SHOWN), "{message}");
        assert!(!message.contains("UUwj7Q"), "{message}");
        assert_eq!(shown("0..x"), "'0..x'");
    }

    #[test]
    fn durations_read_in_a_sensible_unit() {
        assert_eq!(rough(40.0), "about 40 seconds");
        assert_eq!(rough(13_744.0), "about 3.8 hours");
        assert_eq!(rough(20e6), "about 231 days");
        assert_eq!(rough(3.7e12), "about 117246 years");
    }
}
