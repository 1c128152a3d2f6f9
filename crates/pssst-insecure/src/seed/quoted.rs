//! The quoted seed literals: `'text'`, `"text"` and `b'bytes'`, read as Python's tokenizer
//! reads a one-line string literal.

/// The code points of a str literal (`'...'` or `"..."`), escapes resolved; `Err` says why
/// the text is not one.
pub(crate) fn str_literal(literal: &str) -> Result<String, String> {
    decode(inner(literal)?, Mode::Str)?
        .into_iter()
        .map(|point| {
            char::from_u32(point).ok_or_else(|| {
                format!(
                    "holds the surrogate U+{point:04X}, which Python cannot encode to seed \
                     with"
                )
            })
        })
        .collect()
}

/// The bytes of a bytes literal without its `b` (`'...'` or `"..."`): ASCII characters and
/// escapes.
pub(super) fn bytes_literal(literal: &str) -> Result<Vec<u8>, String> {
    let points = decode(inner(literal)?, Mode::Bytes)?;
    // Python keeps the low 8 bits of an octal escape above \377 (with a warning).
    Ok(points
        .into_iter()
        .map(|point| (point & 0xff) as u8)
        .collect())
}

/// Which escapes a literal knows: `\u`, `\U` and `\N{...}` only in a str.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Str,
    Bytes,
}

/// The text between the quotes, with escapes still in it, when `literal` is exactly one
/// single-line literal.
fn inner(literal: &str) -> Result<&str, String> {
    let Some(quote) = literal.chars().next().filter(|c| matches!(c, '\'' | '"')) else {
        return Err("does not start with a quote".to_owned());
    };
    if literal.starts_with(&quote.to_string().repeat(3)) {
        return Err("is triple-quoted; give a single- or double-quoted literal".to_owned());
    }
    let mut chars = literal.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\n' | '\r' => return Err("has a line break inside the quotes".to_owned()),
            _ if c == quote => {
                let rest = &literal[i + 1..];
                if rest.is_empty() {
                    return Ok(&literal[1..i]);
                }
                return Err(format!(
                    "has more after its closing {quote}: give one literal, with any {quote} \
                     inside written \\{quote}"
                ));
            }
            _ => {}
        }
    }
    Err(format!("has no closing {quote}"))
}

/// The code points of `inner`, escapes resolved as Python resolves them (an unknown escape
/// such as `\q` stays as it is, backslash included).
fn decode(inner: &str, mode: Mode) -> Result<Vec<u32>, String> {
    let mut out = Vec::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if mode == Mode::Bytes && !c.is_ascii() {
            return Err(format!(
                "is a bytes literal with the non-ASCII character '{c}': bytes literals hold \
                 only ASCII; write a byte above 127 as \\xNN"
            ));
        }
        if c != '\\' {
            out.push(u32::from(c));
            continue;
        }
        let Some(next) = chars.next() else {
            return Err("ends with a lone backslash".to_owned());
        };
        escape(next, &mut chars, mode, &mut out)?;
    }
    Ok(out)
}

/// Resolves the escape that starts with `\` and `first`, pushing what it stands for.
fn escape(
    first: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    mode: Mode,
    out: &mut Vec<u32>,
) -> Result<(), String> {
    let simple = match first {
        '\n' => return Ok(()),
        '\\' | '\'' | '"' => Some(u32::from(first)),
        'a' => Some(0x07),
        'b' => Some(0x08),
        'f' => Some(0x0c),
        'n' => Some(0x0a),
        'r' => Some(0x0d),
        't' => Some(0x09),
        'v' => Some(0x0b),
        _ => None,
    };
    if let Some(point) = simple {
        out.push(point);
        return Ok(());
    }
    let point = match (first, mode) {
        ('0'..='7', _) => octal(first, chars),
        ('x', _) => hex(chars, 2, "\\xNN")?,
        ('u', Mode::Str) => hex(chars, 4, "\\uNNNN")?,
        ('U', Mode::Str) => hex(chars, 8, "\\UNNNNNNNN")?,
        ('N', Mode::Str) => {
            return Err("uses a \\N{...} escape, which is not supported: write \\uNNNN".into());
        }
        _ => {
            out.extend([u32::from('\\'), u32::from(first)]);
            return Ok(());
        }
    };
    if point > u32::from(char::MAX) {
        return Err(format!(
            "escapes {point:#x}, beyond the last code point U+10FFFF"
        ));
    }
    out.push(point);
    Ok(())
}

/// An octal escape: `first` and up to two more octal digits.
fn octal(first: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> u32 {
    let mut value = first.to_digit(8).unwrap_or(0);
    for _ in 0..2 {
        let Some(digit) = chars.peek().and_then(|c| c.to_digit(8)) else {
            break;
        };
        value = value * 8 + digit;
        chars.next();
    }
    value
}

/// Exactly `len` hexadecimal digits, as `form` requires.
fn hex(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    len: usize,
    form: &str,
) -> Result<u32, String> {
    let digits: String = chars.take(len).collect();
    let valid = digits.len() == len && digits.chars().all(|c| c.is_ascii_hexdigit());
    u32::from_str_radix(&digits, 16)
        .ok()
        .filter(|_| valid)
        .ok_or_else(|| format!("has a truncated escape: {form} takes {len} hex digits"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_resolve_as_in_python() {
        assert_eq!(
            str_literal(
                r"'a\tb\x41\101\u00e9\q\
c'"
            ),
            Ok("a\tbAAé\\qc".to_owned())
        );
        assert_eq!(str_literal(r#""it's""#), Ok("it's".to_owned()));
        assert_eq!(
            bytes_literal(r"'\x00\xff\u00e9\400'"),
            Ok(b"\x00\xff\\u00e9\x00".to_vec())
        );
    }

    #[test]
    fn what_python_refuses_is_refused() {
        for literal in [
            "'''x'''",
            "'a' 'b'",
            "'open",
            "'a\nb'",
            r"'\x4'",
            r"'\N{BULLET}'",
        ] {
            assert!(str_literal(literal).is_err(), "{literal}");
        }
        assert!(str_literal(r"'\ud800'").is_err());
        assert!(bytes_literal("'é'").is_err());
    }
}
