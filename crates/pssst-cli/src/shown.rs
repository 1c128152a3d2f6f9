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
}
