//! Reading and writing the Python literals a seed can be written as.

use num_bigint::BigInt;

use super::Seed;
use crate::error::Error;

/// Parses an int, float, str or bytes literal.
pub(super) fn parse(text: &str) -> Result<Seed, Error> {
    if let Some(body) = text.strip_prefix('b').or_else(|| text.strip_prefix('B')) {
        return Ok(Seed::bytes(
            quoted(body)?
                .into_iter()
                .map(byte_of)
                .collect::<Result<_, _>>()?,
        ));
    }
    if text.starts_with(['\'', '"']) {
        return Ok(Seed::from(quoted(text)?.into_iter().collect::<String>()));
    }
    if let Some(value) = integer(text) {
        return Ok(Seed::from(value));
    }
    match text.to_ascii_lowercase().parse::<f64>() {
        Ok(value) => Seed::float(value),
        Err(_) => Err(invalid(text)),
    }
}

/// Python's `repr` of a str: single quotes unless the text holds `'` and no `"`.
pub(super) fn str_repr(text: &str) -> String {
    let quote = quote_for(text.contains('\''), text.contains('"'));
    let mut out = String::from(quote);
    for c in text.chars() {
        push_escaped(&mut out, c, quote, !c.is_control());
    }
    out.push(quote);
    out
}

/// Python's `repr` of bytes: printable ASCII as is, the rest as `\xNN`.
pub(super) fn bytes_repr(bytes: &[u8]) -> String {
    let quote = quote_for(bytes.contains(&b'\''), bytes.contains(&b'"'));
    let mut out = format!("b{quote}");
    for &b in bytes {
        push_escaped(&mut out, char::from(b), quote, (0x20..0x7f).contains(&b));
    }
    out.push(quote);
    out
}

fn quote_for(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double { '"' } else { '\'' }
}

fn push_escaped(out: &mut String, c: char, quote: char, printable: bool) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ if c == quote => out.extend(['\\', c]),
        _ if printable => out.push(c),
        _ if u32::from(c) <= 0xff => out.push_str(&format!("\\x{:02x}", u32::from(c))),
        _ => out.push_str(&format!("\\u{:04x}", u32::from(c))),
    }
}

/// The characters between matching quotes, with backslash escapes resolved.
fn quoted(text: &str) -> Result<Vec<char>, Error> {
    let quote = text.chars().next().filter(|c| matches!(c, '\'' | '"'));
    let Some(quote) = quote else {
        return Err(invalid(text));
    };
    let inner = text[1..].strip_suffix(quote).ok_or_else(|| invalid(text))?;

    let mut out = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(escape(&mut chars).ok_or_else(|| invalid(text))?);
    }
    Ok(out)
}

fn escape(chars: &mut std::str::Chars<'_>) -> Option<char> {
    let hex = |chars: &mut std::str::Chars<'_>, len: usize| {
        let digits: String = chars.take(len).collect();
        u32::from_str_radix(&digits, 16)
            .ok()
            .filter(|_| digits.len() == len)
    };
    match chars.next()? {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '0' => Some('\0'),
        'x' => char::from_u32(hex(chars, 2)?),
        'u' => char::from_u32(hex(chars, 4)?),
        c @ ('\\' | '\'' | '"') => Some(c),
        _ => None,
    }
}

fn byte_of(c: char) -> Result<u8, Error> {
    u8::try_from(u32::from(c))
        .map_err(|_| Error::InvalidSeed("bytes literals hold only characters below 256".into()))
}

/// Decimal, `0x`, `0o` or `0b` integers with an optional sign and `_` separators.
fn integer(text: &str) -> Option<BigInt> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let lower = unsigned.to_ascii_lowercase();
    let (radix, digits) = [("0x", 16), ("0o", 8), ("0b", 2)]
        .iter()
        .find_map(|(prefix, radix)| lower.strip_prefix(prefix).map(|d| (*radix, d)))
        .unwrap_or((10, lower.as_str()));
    let digits = digits.replace('_', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let value = BigInt::parse_bytes(digits.as_bytes(), radix)?;
    Some(if negative { -value } else { value })
}

fn invalid(text: &str) -> Error {
    let shown: String = text.chars().take(40).collect();
    Error::InvalidSeed(format!(
        "`{shown}` is not an int, float, str or bytes literal"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_kind_of_literal() {
        let ok = |text: &str| parse(text).unwrap_or_else(|_| Seed::from("failed"));
        assert_eq!(ok("-0x10"), Seed::from(-16));
        assert_eq!(ok("1_000"), Seed::from(1000));
        assert_eq!(ok("\"a\\tb\""), Seed::from("a\tb"));
        assert_eq!(ok("'\\u00e9'"), Seed::from("é"));
        assert_eq!(parse("1.5").ok(), Seed::float(1.5).ok());
    }

    #[test]
    fn rejects_what_python_would_not_seed_with() {
        for text in ["", "abc", "'open", "b'\\xzz'", "nan"] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
