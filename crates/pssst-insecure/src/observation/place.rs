//! Where an observation sits in a text of observations: the line, and in a token the
//! character, both counted from 1 as an editor shows them.

use std::fmt;

use super::ObservationKind;

/// A line of a text of observations and, inside a token, a character (both from 1).
///
/// # Examples
///
/// ```
/// use pssst_insecure::{ObservationKind, Place};
///
/// let kind: ObservationKind = "choices:'abc'".parse()?;
/// let at = kind.place("abca\ncab\n", 5);
/// assert_eq!(at, Some(Place { line: 2, character: Some(2) }));
/// assert_eq!(at.map(|p| p.to_string()).as_deref(), Some("line 2, character 2"));
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The line, counting from 1.
    pub line: usize,
    /// The character of the token on that line, counting from 1; `None` for kinds with one
    /// value per line.
    pub character: Option<usize>,
}

impl Place {
    /// A whole line, counting from 1.
    pub(crate) fn line(line: usize) -> Self {
        Self {
            line,
            character: None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.character {
            Some(character) => write!(f, "line {}, character {character}", self.line),
            None => write!(f, "line {}", self.line),
        }
    }
}

impl ObservationKind {
    /// Where the observation at `index` (counting from 0, as
    /// [`ObservationKind::parse_lines`] returns them) is in `text`, or `None` past the end.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{ObservationKind, Place};
    ///
    /// let at = ObservationKind::Float.place("0.5\n0.25\n", 1);
    /// assert_eq!(at, Some(Place { line: 2, character: None }));
    /// ```
    pub fn place(&self, text: &str, index: usize) -> Option<Place> {
        let mut left = index;
        for (i, line) in text.lines().enumerate() {
            let line = if i == 0 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            let value = self.trim(line);
            let values = if self.is_token() {
                value.chars().count()
            } else {
                usize::from(!value.is_empty())
            };
            if left < values {
                let character = self.is_token().then_some(left + 1);
                return Some(Place {
                    line: i + 1,
                    character,
                });
            }
            left -= values;
        }
        None
    }

    /// Whether each line is a token (`choices:` and `choice:`), one observation per
    /// character, rather than one value.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::ObservationKind;
    ///
    /// assert!("choice:digits".parse::<ObservationKind>()?.is_token());
    /// assert!(!ObservationKind::Float.is_token());
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn is_token(&self) -> bool {
        matches!(self, Self::Choices(_) | Self::Choice(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_hold_no_observation() {
        let text = "12\n\n  \n34\n";
        assert_eq!(ObservationKind::U32.place(text, 1), Some(Place::line(4)));
        assert_eq!(ObservationKind::U32.place(text, 2), None);
    }

    #[test]
    fn characters_count_within_the_trimmed_token() {
        let kind = ObservationKind::Choices(vec!['a', 'b']);
        let at = kind.place("  ab\nba\n", 1);
        assert_eq!(
            at,
            Some(Place {
                line: 1,
                character: Some(2)
            })
        );
    }
}
