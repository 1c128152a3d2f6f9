//! Reading a seed written as a Python literal, exactly as Python's parser would read it.
//!
//! The forms are an int (decimal without leading zeros, or `0x`, `0o`, `0b`; one `_` between
//! digits), a float (`1.5`, `.5`, `2.`, `1e-3`), a str in single or double quotes with
//! backslash escapes, and bytes (`b'...'`) of ASCII characters and escapes; a number may have
//! a sign. Anything else is refused, not guessed: a near miss such as `007` (a `SyntaxError`
//! in Python) or `'a' 'b'` (two literals) would otherwise seed a generator Python never makes.

use num_bigint::BigInt;

use super::Seed;
use super::quoted::{bytes_literal, str_literal};
use crate::error::Error;
use crate::shown;

/// The accepted forms, for every refusal.
const FORMS: &str = "a seed is an int (31, -5, 0x1f, 1_000), a float (1.5, 1e-3), a str \
                     ('text' or \"text\", with backslash escapes) or bytes (b'\\x00\\xff', \
                     ASCII only)";

/// Parses an int, float, str or bytes literal.
pub(super) fn parse(text: &str) -> Result<Seed, Error> {
    let bytes = text
        .strip_prefix(['b', 'B'])
        .filter(|body| body.starts_with(['\'', '"']));
    let parsed = if let Some(body) = bytes {
        bytes_literal(body).map(Seed::bytes)
    } else if text.starts_with(['\'', '"']) {
        str_literal(text).map(Seed::from)
    } else {
        number(text)
    };
    parsed.map_err(|why| Error::InvalidSeed(format!("{} {why}; {FORMS}", shown::readable(text))))
}

/// A signed int or float literal.
fn number(text: &str) -> Result<Seed, String> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if let Some(value) = integer(unsigned)? {
        return Ok(Seed::from(if negative { -value } else { value }));
    }
    if !is_float(unsigned) {
        return Err("is not a Python literal".to_owned());
    }
    let value: f64 = unsigned
        .replace('_', "")
        .parse()
        .map_err(|_| "is not a Python literal".to_owned())?;
    Seed::float(if negative { -value } else { value }).map_err(|err| err.to_string())
}

/// An int literal; `Ok(None)` when the text is no int (it may be a float).
fn integer(text: &str) -> Result<Option<BigInt>, String> {
    let prefixed = [("0x", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| {
            let rest = text
                .get(..2)?
                .eq_ignore_ascii_case(prefix)
                .then(|| &text[2..])?;
            Some((prefix, radix, rest))
        });
    if let Some((prefix, radix, digits)) = prefixed {
        // `0x_1f` is valid Python: one `_` may follow the prefix.
        let body = digits.strip_prefix('_').unwrap_or(digits);
        if !is_digit_part(body, radix) {
            return Err(format!("is not a valid {prefix} int"));
        }
        return Ok(BigInt::parse_bytes(body.replace('_', "").as_bytes(), radix));
    }
    if !is_digit_part(text, 10) {
        return Ok(None);
    }
    let digits = text.replace('_', "");
    if digits.starts_with('0') && digits.bytes().any(|b| b != b'0') {
        return Err(
            "has leading zeros, which Python refuses in an int (write it without \
                    them, or with 0o for octal)"
                .to_owned(),
        );
    }
    Ok(BigInt::parse_bytes(digits.as_bytes(), 10))
}

/// A float literal without its sign: `1.5`, `.5`, `2.`, `1e-3`, `1_0.5e1_0`.
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    let exponent_ok = exponent.is_none_or(|exponent| {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        is_digit_part(digits, 10)
    });
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => is_digit_part(fraction, 10),
        Some((whole, "")) => is_digit_part(whole, 10),
        Some((whole, fraction)) => is_digit_part(whole, 10) && is_digit_part(fraction, 10),
        None => exponent.is_some() && is_digit_part(mantissa, 10),
    };
    mantissa_ok && exponent_ok
}

/// Digits of `radix` with single `_` between them: `1_000`, not `_1`, `1_` or `1__0`.
fn is_digit_part(text: &str, radix: u32) -> bool {
    !text.is_empty()
        && text
            .split('_')
            .all(|group| !group.is_empty() && group.chars().all(|c| c.is_digit(radix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Seed {
        parse(text).unwrap_or_else(|_| Seed::from("failed"))
    }

    #[test]
    fn parses_each_kind_of_literal_as_python_does() {
        assert_eq!(ok("-0x10"), Seed::from(-16));
        assert_eq!(ok("0x_1F"), Seed::from(31));
        assert_eq!(ok("1_000"), Seed::from(1000));
        assert_eq!(ok("00"), Seed::from(0));
        assert_eq!(ok("+0b101"), Seed::from(5));
        assert_eq!(ok("\"a\\tb\""), Seed::from("a\tb"));
        assert_eq!(ok("'\\u00e9'"), Seed::from("é"));
        assert_eq!(ok("B'\\x00'"), Seed::bytes(vec![0]));
        assert_eq!(parse("1.5").ok(), Seed::float(1.5).ok());
        assert_eq!(parse("07.5").ok(), Seed::float(7.5).ok());
        assert_eq!(parse("1_0.5e-1").ok(), Seed::float(1.05).ok());
        assert_eq!(parse(".5").ok(), Seed::float(0.5).ok());
        assert_eq!(parse("-2.").ok(), Seed::float(-2.0).ok());
    }

    #[test]
    fn rejects_what_python_would_not_parse() {
        let refused = [
            "", "abc", "'open", "b'\\xzz'", "nan", "inf", "007", "0_7", "1__0", "1_", "0x", "0b2",
            "'''x'''", "'a' 'b'", "b'é'", "u'x'", "r'x'", "--5", "1e", "1._5", ". 5",
        ];
        for text in refused {
            let message = parse(text).map_or_else(|e| e.to_string(), |_| String::new());
            assert!(message.contains("a seed is an int"), "{text}: {message}");
        }
        let message = parse("007").map_or_else(|e| e.to_string(), |_| String::new());
        assert!(
            message.starts_with("invalid seed: '007' has leading zeros"),
            "{message}"
        );
    }
}
