//! Observation files read line by line, within limits: memory stays flat however long the
//! file, and a file or line too large to be meant is refused with what the limit is.
//!
//! A line refused here is quoted in full in the error, unlike a command-line value that could
//! be a secret (see `redaction`): the lines are outputs of Python's `random`, which is never a
//! source of secrets, and seeing the line is what makes the error useful.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use pssst_insecure::{Error, LineParser, Observation, ObservationKind, Place, readable};

use crate::error::Failure;

/// The most an observation file (or stdin) may hold: 256 MiB, some 14 million floats, far
/// more than recovery (a few thousand) or a search (one token) needs.
pub(super) const MAX_INPUT: u64 = 256 << 20;
/// The most a line may hold: 4 MiB, a token of a million characters of up to four bytes
/// each (as `--length` allows at most a million).
pub(super) const MAX_LINE: u64 = 4 << 20;

/// Observations of one kind read from a file or stdin, a line at a time.
pub(super) struct Reader<'k> {
    input: Box<dyn BufRead>,
    /// The file's name as messages show it.
    name: String,
    parser: LineParser<'k>,
    /// The kind of the observations, for the message of an input without any.
    kind: &'k ObservationKind,
    /// The bytes of the current line.
    line: Vec<u8>,
    /// Lines read so far.
    lines: usize,
    /// Bytes read so far.
    read: u64,
    /// Observations in the last line that held any: a token's length.
    last_length: usize,
    /// The limits: [`MAX_INPUT`] and [`MAX_LINE`] but in tests.
    max_input: u64,
    max_line: u64,
}

impl<'k> Reader<'k> {
    /// Opens `path`, or stdin when it is absent or `-`, for observations of `kind`.
    pub(super) fn open(path: Option<&Path>, kind: &'k ObservationKind) -> Result<Self, Failure> {
        let (input, name) = open(path)?;
        Ok(Self::new(input, name, kind))
    }

    fn new(input: Box<dyn BufRead>, name: String, kind: &'k ObservationKind) -> Self {
        Self {
            input,
            name,
            parser: LineParser::new(kind),
            kind,
            line: Vec::new(),
            lines: 0,
            read: 0,
            last_length: 0,
            max_input: MAX_INPUT,
            max_line: MAX_LINE,
        }
    }

    /// Reads the next line, calling `each` with its observations and where they are;
    /// `false` at the end of the input.
    pub(super) fn next_line<F>(&mut self, mut each: F) -> Result<bool, Failure>
    where
        F: FnMut(Observation, Place) -> Result<(), Failure>,
    {
        if !self.read_line()? {
            return Ok(false);
        }
        let text = std::str::from_utf8(&self.line).map_err(|_| {
            Failure::error(format_args!(
                "{}: line {} is not UTF-8 text",
                self.name, self.lines
            ))
        })?;
        let mut count = 0;
        self.parser.line(text, |observation, place| {
            count += 1;
            each(observation, place)
        })?;
        if count > 0 {
            self.last_length = count;
        }
        Ok(true)
    }

    /// How many characters the last token had (for kinds of one value a line, 1).
    pub(super) fn last_length(&self) -> usize {
        self.last_length
    }

    /// Checks, at the end of the input, that it held an observation.
    pub(super) fn finish(&self) -> Result<(), Failure> {
        match self.parser.finish() {
            Err(Error::Empty) => Err(Failure::error(format_args!(
                "{} holds no observation: give one per line, of the kind --kind names ({})",
                self.name, self.kind
            ))),
            other => other.map(|_| ()).map_err(Failure::from),
        }
    }

    /// Reads the next line into `self.line`, without its line break, within the limits;
    /// `false` at the end of the input.
    fn read_line(&mut self) -> Result<bool, Failure> {
        self.line.clear();
        let read = (&mut self.input)
            .take(self.max_line + 1)
            .read_until(b'\n', &mut self.line)
            .map_err(|err| Failure::error(format_args!("cannot read {}: {err}", self.name)))?;
        if read == 0 {
            return Ok(false);
        }
        self.lines += 1;
        self.read += read as u64;
        if self.read > self.max_input {
            return Err(Failure::error(format_args!(
                "{} is larger than 256 MiB, the most pssst reads: recovery needs a few thousand \
                 observations and a search one token, so give the first lines only",
                self.name
            )));
        }
        if self.line.last() == Some(&b'\n') {
            self.line.pop();
        } else if read as u64 > self.max_line {
            return Err(Failure::error(format_args!(
                "{}: line {} is longer than 4 MiB, the most a line may hold (a token of a \
                 million characters)",
                self.name, self.lines
            )));
        }
        if self.line.last() == Some(&b'\r') {
            self.line.pop();
        }
        Ok(true)
    }
}

/// The whole of a small text file (or stdin), such as a list of candidate seeds, without a
/// byte-order mark at its start; at most [`MAX_INPUT`].
pub(super) fn read_text(path: Option<&Path>) -> Result<String, Failure> {
    let (input, name) = open(path)?;
    let mut raw = Vec::new();
    input
        .take(MAX_INPUT + 1)
        .read_to_end(&mut raw)
        .map_err(|err| Failure::error(format_args!("cannot read {name}: {err}")))?;
    if raw.len() as u64 > MAX_INPUT {
        return Err(Failure::error(format_args!(
            "{name} is larger than 256 MiB, the most pssst reads"
        )));
    }
    let text = String::from_utf8(raw)
        .map_err(|_| Failure::error(format_args!("{name} is not UTF-8 text")))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// `path` opened for reading, or stdin when it is absent or `-`, and its name for messages.
fn open(path: Option<&Path>) -> Result<(Box<dyn BufRead>, String), Failure> {
    let Some(path) = path.filter(|p| *p != Path::new("-")) else {
        return Ok((Box::new(BufReader::new(io::stdin())), "stdin".to_owned()));
    };
    let name = readable(&path.display().to_string());
    let file = File::open(path)
        .map_err(|err| Failure::error(format_args!("cannot read {name}: {err}")))?;
    Ok((Box::new(BufReader::with_capacity(1 << 16, file)), name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader of `text` with limits small enough to reach in a test.
    fn reader<'k>(text: &'static str, kind: &'k ObservationKind) -> Reader<'k> {
        let mut reader = Reader::new(Box::new(text.as_bytes()), "test".to_owned(), kind);
        reader.max_input = 20;
        reader.max_line = 6;
        reader
    }

    /// Every observation of the reader, or its error message.
    fn read_all(mut reader: Reader<'_>) -> Result<Vec<(Observation, Place)>, String> {
        let mut seen = Vec::new();
        let mut each = |observation, place| {
            seen.push((observation, place));
            Ok(())
        };
        loop {
            match reader.next_line(&mut each) {
                Ok(true) => {}
                Ok(false) => return Ok(seen),
                Err(failure) => return Err(format!("{failure:?}")),
            }
        }
    }

    #[test]
    fn lines_past_the_limit_are_refused_by_number() {
        let kind = ObservationKind::U32;
        let too_long = read_all(reader("1\n1234567\n", &kind));
        assert!(too_long.is_err_and(|e| e.contains("test: line 2 is longer than 4 MiB")));
        assert!(read_all(reader("12345\r\n", &kind)).is_ok());
        let too_much = read_all(reader("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n", &kind));
        assert!(too_much.is_err_and(|e| e.contains("test is larger than 256 MiB")));
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_dropped() {
        let kind = ObservationKind::U32;
        let seen = read_all(reader("\u{feff}7\n8\n", &kind));
        assert_eq!(seen.map(|s| s.len()), Ok(2));
        let inside = read_all(reader("7\n\u{feff}8\n", &kind));
        assert!(inside.is_err_and(|e| e.contains(
            "line 2: expected a decimal integer from 0 to \
                                                  4294967295, not '<U+FEFF>8'"
        )));
    }

    #[test]
    fn lines_that_are_not_utf8_are_named() {
        let kind = ObservationKind::U32;
        let mut reader = Reader::new(Box::new(&b"1\n\xff\n"[..]), "test".to_owned(), &kind);
        reader.max_line = 6;
        let result = read_all(reader);
        assert!(result.is_err_and(|e| e.contains("test: line 2 is not UTF-8 text")));
    }
}
