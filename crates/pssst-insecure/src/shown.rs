//! Text from the user as messages show it: readable on any terminal, one line, short.
//!
//! A message about bad input has to show the input, but as the user would recognise it, not
//! as Rust's `Debug` spells it: `'é'`, not `'\u{e9}'`; a byte-order mark or an escape sequence
//! as `U+FEFF` or `U+001B`, so that it can be seen, looked up and cannot redraw the screen.

/// Characters shown of a longer text; the rest is cut off with `…`.
const MAX_SHOWN: usize = 40;

/// `text` in single quotes (double ones when it holds single ones), cut at 40 characters
/// (`…` and the full length after), with every invisible character (controls, format
/// characters such as the byte-order mark, spaces other than U+0020) shown as `<U+XXXX>`.
///
/// # Examples
///
/// ```
/// use pssst_insecure::readable;
///
/// assert_eq!(readable("0.1234"), "'0.1234'");
/// assert_eq!(readable("\u{feff}0.5"), "'<U+FEFF>0.5'");
/// assert_eq!(readable("'a' 'b'"), "\"'a' 'b'\"");
/// assert_eq!(readable(&"x".repeat(50)), format!("'{}…' (50 characters)", "x".repeat(40)));
/// ```
pub fn readable(text: &str) -> String {
    // As Python's repr: double quotes around text that holds single ones and no double ones.
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut shown = String::from(quote);
    for c in text.chars().take(MAX_SHOWN) {
        if is_invisible(c) {
            shown.push_str(&format!("<{}>", code_point(c)));
        } else {
            shown.push(c);
        }
    }
    shown.push(quote);
    let length = text.chars().count();
    if length > MAX_SHOWN {
        shown.insert(shown.len() - 1, '…');
        shown.push_str(&format!(" ({length} characters)"));
    }
    shown
}

/// One character: `'a'`, `"'"` for the single quote, or `U+XXXX` when it is invisible.
pub(crate) fn character(c: char) -> String {
    match c {
        _ if is_invisible(c) => code_point(c),
        '\'' => "\"'\"".to_owned(),
        _ => format!("'{c}'"),
    }
}

/// `U+00E9`: the notation of the Unicode standard.
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Whether a terminal would show `c` as nothing, as blank space other than a plain space,
/// or act on it.
fn is_invisible(c: char) -> bool {
    let format = matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    );
    c.is_control() || format || (c.is_whitespace() && c != ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_by_code_point() {
        assert_eq!(readable("a\u{1b}[31m\tb"), "'a<U+001B>[31m<U+0009>b'");
        assert_eq!(readable("ñandú"), "'ñandú'");
        assert_eq!(character('\u{200b}'), "U+200B");
        assert_eq!(character('é'), "'é'");
        assert_eq!(character('\''), "\"'\"");
        assert_eq!(character(' '), "' '");
    }
}
