//! Floats printed the way Python's `repr` prints them, so outputs can be compared as text.

/// Formats a float as Python's `repr(float)` does: the shortest digits that read back to the
/// same value, in positional notation for exponents from -4 to 15 and scientific otherwise.
///
/// # Examples
///
/// ```
/// use pssst_insecure::python_float_repr;
///
/// assert_eq!(python_float_repr(0.01227824739797545), "0.01227824739797545");
/// assert_eq!(python_float_repr(1e-05), "1e-05");
/// assert_eq!(python_float_repr(2.0), "2.0");
/// assert_eq!(python_float_repr(1e16), "1e+16");
/// ```
pub fn python_float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }

    let sign = if value.is_sign_negative() { "-" } else { "" };
    let (digits, exponent) = shortest_digits(value.abs());
    let body = if !(-4..16).contains(&exponent) {
        scientific(&digits, exponent)
    } else {
        positional(&digits, exponent)
    };
    format!("{sign}{body}")
}

/// The shortest round-trip decimal digits of a finite non-negative float, and the power of
/// ten of the first digit.
fn shortest_digits(value: f64) -> (String, i32) {
    // Rust's `{:e}` prints the shortest digits that round-trip, like Python's repr.
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent.parse().unwrap_or(0))
}

fn scientific(digits: &str, exponent: i32) -> String {
    let (first, rest) = digits.split_at(1);
    let fraction = if rest.is_empty() {
        String::new()
    } else {
        format!(".{rest}")
    };
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{first}{fraction}e{sign}{:02}", exponent.unsigned_abs())
}

fn positional(digits: &str, exponent: i32) -> String {
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("0.{zeros}{digits}");
    }
    let whole_len = exponent as usize + 1;
    if digits.len() <= whole_len {
        let zeros = "0".repeat(whole_len - digits.len());
        return format!("{digits}{zeros}.0");
    }
    let (whole, fraction) = digits.split_at(whole_len);
    format!("{whole}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python_for_assorted_values() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (0.5, "0.5"),
            (0.0001, "0.0001"),
            (0.00012345, "0.00012345"),
            (1.5e-7, "1.5e-07"),
            (123.456, "123.456"),
            (1234567890123456.0, "1234567890123456.0"),
            (1.2345678901234567e16, "1.2345678901234568e+16"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (f64::INFINITY, "inf"),
            (-2.5, "-2.5"),
        ];
        for (value, expected) in cases {
            assert_eq!(python_float_repr(value), expected);
        }
    }
}
