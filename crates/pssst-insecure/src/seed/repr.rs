//! Seeds written back as Python literals, as `repr` writes them.

/// Python's `repr` of a str: single quotes unless the text holds `'` and no `"`.
pub(crate) fn str_repr(text: &str) -> String {
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
