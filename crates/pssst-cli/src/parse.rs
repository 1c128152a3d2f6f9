//! Parsers for command-line numbers, with messages that say what was wrong.

use std::time::Duration;

use pssst::{BigUint, MAX_TOKEN_BYTES};
use pssst_lifecycle::MAX_TTL;

/// A count of values: a whole number of at least 1, also written as `1e9`.
pub(crate) fn count(text: &str) -> Result<u64, String> {
    let text = text.trim();
    match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => scientific(mantissa, exponent),
        None => positive(text),
    }
}

/// `mantissa` × 10^`exponent`, when that is a whole number from 1 to 2^64 - 1.
fn scientific(mantissa: &str, exponent: &str) -> Result<u64, String> {
    let shown = format!("{mantissa}e{exponent}");
    let mantissa = positive(mantissa)?;
    let exponent: u32 = exponent
        .parse()
        .map_err(|_| format!("{shown:?} is not a whole number"))?;
    10u64
        .checked_pow(exponent)
        .and_then(|power| power.checked_mul(mantissa))
        .ok_or_else(|| format!("{shown} is too large"))
}

/// A number of random bytes for a token: 1 to [`MAX_TOKEN_BYTES`].
pub(crate) fn token_bytes(text: &str) -> Result<usize, String> {
    let n = positive(text)?;
    usize::try_from(n)
        .ok()
        .filter(|&n| n <= MAX_TOKEN_BYTES)
        .ok_or_else(|| format!("too large: at most {MAX_TOKEN_BYTES} bytes"))
}

/// A length in characters, words or digits: 1 to 1,000,000.
pub(crate) fn length(text: &str) -> Result<usize, String> {
    const MAX_LENGTH: u64 = 1_000_000;
    let n = positive(text)?;
    if n > MAX_LENGTH {
        return Err(format!("{n} is too large: at most {MAX_LENGTH}"));
    }
    Ok(n as usize)
}

/// A whole number from 1 to 2^32 - 1, in the words of the other counts: how many of a
/// subject's newest live tokens `reset issue --keep` keeps, how many rows `reset list
/// --limit` shows.
pub(crate) fn positive_u32(text: &str) -> Result<u32, String> {
    let n = positive(text)?;
    u32::try_from(n).map_err(|_| format!("{n} is too large: at most {}", u32::MAX))
}

/// The most worker threads a search may start: far more than any machine's cores, few enough
/// that a typo (`--threads 100000`) cannot exhaust the process's memory for stacks.
pub(crate) const MAX_THREADS: u64 = 1024;

/// A number of worker threads: 1 to [`MAX_THREADS`].
pub(crate) fn threads(text: &str) -> Result<usize, String> {
    let n = positive(text)?;
    if n > MAX_THREADS {
        return Err(format!("{n} is too many: at most {MAX_THREADS} threads"));
    }
    Ok(n as usize)
}

/// A byte size for a binary stream: a whole number of at least 1, optionally followed by
/// `K`, `M`, `G` or `T` (powers of 1024, with or without `iB`).
pub(crate) fn byte_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    sign_check(text)?;
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!("{text:?} is not a whole number"));
    }
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(digits_end);
    let shift = match suffix {
        "" | "B" => 0,
        "K" | "KiB" | "k" => 10,
        "M" | "MiB" => 20,
        "G" | "GiB" => 30,
        "T" | "TiB" => 40,
        _ => {
            let why = format!("unknown size suffix {suffix:?}: use K, M, G or T (powers of 1024)");
            return Err(why);
        }
    };
    let n = positive(digits)?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| String::from("too large: at most 2^64 - 1 bytes"))
}

/// A whole number of at least 1, of any size.
pub(crate) fn big_positive(text: &str) -> Result<BigUint, String> {
    let text = text.trim();
    sign_check(text)?;
    let n: BigUint = text
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))?;
    if n == BigUint::ZERO {
        return Err(String::from("must be at least 1"));
    }
    Ok(n)
}

/// A signed 64-bit integer.
pub(crate) fn integer(text: &str) -> Result<i64, String> {
    let text = text.trim();
    text.parse().map_err(|_| {
        if is_integer_text(text) {
            format!("{text} is out of range: from {} to {}", i64::MIN, i64::MAX)
        } else {
            format!("{text:?} is not a whole number")
        }
    })
}

fn positive(text: &str) -> Result<u64, String> {
    let text = text.trim();
    sign_check(text)?;
    match text.parse::<u64>() {
        Ok(0) => Err(String::from("must be at least 1")),
        Ok(n) => Ok(n),
        Err(_) if is_integer_text(text) => Err(format!("{text} is too large")),
        Err(_) => Err(format!("{text:?} is not a whole number")),
    }
}

fn sign_check(text: &str) -> Result<(), String> {
    if text.starts_with('-') && is_integer_text(text) {
        return Err(format!("{text} is negative: must be at least 1"));
    }
    Ok(())
}

fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A lifetime: a whole number followed by `s`, `m`, `h` or `d`. A bare number is refused:
/// `15` could mean minutes as well as seconds.
pub(crate) fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    seconds(text)?
        .map(Duration::from_secs)
        .ok_or_else(|| format!("{text} is too long"))
}

/// A token's lifetime, a [`duration`] of at most [`MAX_TTL`] (7d): longer ones are refused
/// here, however many digits they have, with the message the lifecycle gives.
pub(crate) fn lifetime(text: &str) -> Result<Duration, String> {
    let too_long = || {
        let max_secs = MAX_TTL.as_secs();
        pssst_lifecycle::Error::TtlTooLong { max_secs }.to_string()
    };
    match seconds(text.trim())? {
        Some(secs) if secs <= MAX_TTL.as_secs() => Ok(Duration::from_secs(secs)),
        _ => Err(too_long()),
    }
}

/// The seconds `text` stands for as a [`duration`]; `None` when more than 2^64 - 1.
fn seconds(text: &str) -> Result<Option<u64>, String> {
    if let Some(unsigned) = text.strip_prefix('-')
        && unsigned.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(format!("{text} is negative: durations cannot be negative"));
    }
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    if digits.is_empty() {
        return Err(format!(
            "{text:?} is not a duration: use 30s, 15m, 12h or 7d"
        ));
    }
    let scale = match unit {
        "" => {
            return Err(format!(
                "{text:?} has no unit: add s, m, h or d (15m is 15 minutes)"
            ));
        }
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ if is_compound(unit) => {
            return Err(format!(
                "{text:?}: compound durations are not supported: write one unit, e.g. 90m"
            ));
        }
        _ => return Err(format!("unknown unit {unit:?}: use s, m, h or d")),
    };
    // Only digits are left, so a number that does not parse is one past 2^64 - 1.
    let n: Option<u64> = digits.parse().ok();
    Ok(n.and_then(|n| n.checked_mul(scale)))
}

/// Whether a unit is really a second number and unit, as in `1h30m` (unit `h30m`).
fn is_compound(unit: &str) -> bool {
    let mut chars = unit.chars();
    matches!(chars.next(), Some('s' | 'm' | 'h' | 'd'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// A [`duration`] longer than zero, for periods and time limits (`0s` would panic a timer or
/// time out every request).
pub(crate) fn nonzero_duration(text: &str) -> Result<Duration, String> {
    match duration(text)? {
        Duration::ZERO => Err("must be at least 1s".to_owned()),
        period => Ok(period),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_durations_are_refused_with_a_hint() {
        let err = duration("1h30m").unwrap_err();
        assert!(
            err.contains("compound durations are not supported"),
            "{err}"
        );
        assert!(err.contains("90m"), "{err}");
        assert!(duration("15x").unwrap_err().contains("unknown unit"));
    }

    #[test]
    fn counts_reject_zero_negative_and_words() {
        assert_eq!(count("0").unwrap_err(), "must be at least 1");
        assert!(count("-3").unwrap_err().contains("negative"));
        assert!(count("ten").unwrap_err().contains("not a whole number"));
        assert!(
            count("99999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
        assert_eq!(count("12").unwrap(), 12);
        assert_eq!(count("1e9").unwrap(), 1_000_000_000);
        assert_eq!(count("3E2").unwrap(), 300);
        assert!(count("1e30").unwrap_err().contains("too large"));
        assert!(count("1e-3").is_err());
    }

    #[test]
    fn threads_run_from_1_to_1024() {
        assert_eq!(threads("0").unwrap_err(), "must be at least 1");
        assert_eq!(threads("1024").unwrap(), 1024);
        assert!(
            threads("100000")
                .unwrap_err()
                .contains("at most 1024 threads")
        );
    }

    #[test]
    fn byte_sizes_take_binary_suffixes() {
        assert_eq!(byte_size("1G").unwrap(), 1 << 30);
        assert_eq!(byte_size("64KiB").unwrap(), 64 << 10);
        assert!(byte_size("1X").is_err());
        assert!(byte_size("-1").unwrap_err().contains("negative"));
        assert!(byte_size("abc").unwrap_err().contains("not a whole number"));
        assert!(byte_size("99999999999999999999").is_err());
        assert!(byte_size("17179869184G").unwrap_err().contains("too large"));
    }

    #[test]
    fn token_sizes_stop_at_the_library_limit() {
        assert!(token_bytes(&(MAX_TOKEN_BYTES + 1).to_string()).is_err());
        assert_eq!(token_bytes("32").unwrap(), 32);
    }

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(duration("15m"), Ok(Duration::from_secs(900)));
        assert!(duration("90").unwrap_err().contains("no unit"));
        assert_eq!(duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("7d"), Ok(Duration::from_secs(604_800)));
        assert!(duration("15 minutes").is_err());
        assert!(duration("m").is_err());
        assert!(
            duration("99999999999999999999d")
                .unwrap_err()
                .contains("too long")
        );
        assert!(duration("-5m").unwrap_err().contains("cannot be negative"));
        assert!(duration("-m").unwrap_err().contains("not a duration"));
    }

    #[test]
    fn lifetimes_stop_at_7_days_however_long_the_number() {
        assert_eq!(lifetime("7d"), Ok(Duration::from_secs(604_800)));
        for long in ["8d", "18446744073709551615s", "99999999999999999999d"] {
            assert_eq!(
                lifetime(long).unwrap_err(),
                "lifetime too long: at most 7d (604800 s)"
            );
        }
        assert!(lifetime("-5m").unwrap_err().contains("cannot be negative"));
        assert!(
            lifetime("99999999999999999999x")
                .unwrap_err()
                .contains("unknown unit")
        );
    }

    #[test]
    fn keeps_and_limits_are_whole_numbers_that_fit_32_bits() {
        assert_eq!(positive_u32("1"), Ok(1));
        assert_eq!(positive_u32("100"), Ok(100));
        assert_eq!(positive_u32("4294967295"), Ok(u32::MAX));
        assert!(
            positive_u32("abc")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(
            positive_u32("1.5")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(positive_u32("0").unwrap_err().contains("at least 1"));
        assert!(positive_u32("-1").unwrap_err().contains("at least 1"));
        assert!(
            positive_u32("4294967296")
                .unwrap_err()
                .contains("at most 4294967295")
        );
    }

    #[test]
    fn nonzero_durations_refuse_zero_in_any_unit() {
        assert_eq!(duration("0s"), Ok(Duration::ZERO));
        for zero in ["0s", "0m", "00h", "0d"] {
            assert!(nonzero_duration(zero).unwrap_err().contains("at least 1s"));
        }
        assert_eq!(nonzero_duration("1s"), Ok(Duration::from_secs(1)));
        assert!(nonzero_duration("1").unwrap_err().contains("no unit"));
    }
}
