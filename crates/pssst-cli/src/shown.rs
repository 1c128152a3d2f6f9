//! Text from the user, made safe to print on a terminal: control characters (newlines,
//! escape sequences) are shown escaped, so one error stays one line and cannot recolour or
//! rewrite the screen.

use std::path::Path;

/// `text` with every control character escaped (`\n`, `\u{1b}`).
pub(crate) fn text(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// `text` escaped as Rust's `str::escape_debug` escapes it, quotes apart: control characters
/// (`\n`, `\u{1b}`), invisible ones (`\u{202e}`, `\u{200b}`) and the backslash itself (`\\`),
/// so the escaped text reads back unambiguously and cannot fake a line or a column.
pub(crate) fn escaped(text: &str) -> String {
    let escaped = text.escape_debug().to_string();
    // Each `\'` or `\"` here escapes a quote: a backslash from the text is doubled, so no `\'`
    // can start at the second `\` of a pair.
    escaped.replace("\\'", "'").replace("\\\"", "\"")
}

/// A path as [`text`] shows it.
pub(crate) fn path(path: &Path) -> String {
    text(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_escapes_are_shown_escaped() {
        assert_eq!(text("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
        assert_eq!(text("ñandú"), "ñandú");
    }

    #[test]
    fn escaped_text_keeps_quotes_and_escapes_backslashes_and_invisible_characters() {
        assert_eq!(escaped("O'Brien \"x\""), "O'Brien \"x\"");
        assert_eq!(escaped("a\\n\nb"), "a\\\\n\\nb");
        assert_eq!(escaped("\\'"), "\\\\'");
        assert_eq!(escaped("x\u{202e}y\u{200b}"), "x\\u{202e}y\\u{200b}");
        assert_eq!(escaped("ñandú user 42"), "ñandú user 42");
    }
}
