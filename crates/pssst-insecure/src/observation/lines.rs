//! Observations read one line at a time, so that a file of any length can be streamed.

use super::{Observation, ObservationKind, Place};
use crate::error::Error;

/// The byte-order mark some editors put at the start of a UTF-8 file.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// Reads observations of one kind line by line, with the rules of
/// [`ObservationKind::parse_lines`]: a byte-order mark at the start of the first line is
/// dropped, spaces around a value are ignored, blank lines at the end are ignored, and a
/// blank line before a value is an error.
///
/// # Examples
///
/// ```
/// use pssst_insecure::{LineParser, Observation, ObservationKind, Place};
///
/// let kind: ObservationKind = "choices:'ab'".parse()?;
/// let mut parser = LineParser::new(&kind);
/// let mut seen = Vec::new();
/// for line in ["\u{feff}ab", "ba", ""] {
///     parser.line(line, |observation, place| {
///         seen.push((observation, place));
///         Ok::<(), pssst_insecure::Error>(())
///     })?;
/// }
/// assert_eq!(parser.finish()?, 4);
/// let second_line = Place { line: 2, character: Some(1) };
/// assert_eq!(seen[2], (Observation::Choices { n: 2, index: 1 }, second_line));
/// # Ok::<(), pssst_insecure::Error>(())
/// ```
#[derive(Debug)]
pub struct LineParser<'a> {
    kind: &'a ObservationKind,
    /// Lines read so far.
    lines: usize,
    /// The first blank line since the last value.
    blank: Option<usize>,
    /// Observations read so far.
    observations: usize,
}

impl<'a> LineParser<'a> {
    /// A parser for observations of `kind`, before its first line.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{LineParser, ObservationKind};
    ///
    /// assert!(LineParser::new(&ObservationKind::Float).finish().is_err());
    /// ```
    pub fn new(kind: &'a ObservationKind) -> Self {
        Self {
            kind,
            lines: 0,
            blank: None,
            observations: 0,
        }
    }

    /// Reads the next line (without its line break), calling `each` with every observation
    /// in it and where it is; a token line holds one per character.
    ///
    /// # Errors
    ///
    /// [`Error::BlankLine`] when the line holds a value after a blank line;
    /// [`Error::InvalidLine`] or [`Error::NotRandomFloat`] for a value its kind cannot be;
    /// whatever `each` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{Error, LineParser, ObservationKind};
    ///
    /// let mut parser = LineParser::new(&ObservationKind::U32);
    /// let ignore = |_, _| Ok::<(), Error>(());
    /// parser.line("1", ignore)?;
    /// parser.line("", ignore)?;
    /// assert_eq!(parser.line("2", ignore), Err(Error::BlankLine { line: 2 }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn line<E, F>(&mut self, line: &str, mut each: F) -> Result<(), E>
    where
        E: From<Error>,
        F: FnMut(Observation, Place) -> Result<(), E>,
    {
        self.lines += 1;
        let line = if self.lines == 1 {
            line.strip_prefix(BYTE_ORDER_MARK).unwrap_or(line)
        } else {
            line
        };
        let value = self.kind.trim(line);
        if value.is_empty() {
            self.blank = self.blank.or(Some(self.lines));
            return Ok(());
        }
        if let Some(line) = self.blank {
            return Err(Error::BlankLine { line }.into());
        }
        let count = &mut self.observations;
        self.kind
            .parse_value(value, self.lines, |observation, place| {
                *count += 1;
                each(observation, place)
            })
    }

    /// How many observations the lines held.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when they held none.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_insecure::{LineParser, ObservationKind};
    ///
    /// let mut parser = LineParser::new(&ObservationKind::Float);
    /// parser.line("0.5", |_, _| Ok::<(), pssst_insecure::Error>(()))?;
    /// assert_eq!(parser.finish()?, 1);
    /// # Ok::<(), pssst_insecure::Error>(())
    /// ```
    pub fn finish(&self) -> Result<usize, Error> {
        match self.observations {
            0 => Err(Error::Empty),
            count => Ok(count),
        }
    }
}
