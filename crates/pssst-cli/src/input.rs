//! Reading secrets from stdin and key files: never from the command line.

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use pssst::{SecretBytes, Token};
use zeroize::Zeroizing;

use crate::error::{Failure, note};
use crate::shown;
use crate::stream::{self, Stream};

/// The longest secret read from stdin: far above any token, far below what could hurt.
pub(crate) const MAX_SECRET_LEN: u64 = 64 << 10;

/// One secret from stdin: its text with one trailing newline (`\n` or `\r\n`) removed.
///
/// # Errors
///
/// Empty input, input over 64 KiB, input that is not UTF-8, or a read error.
pub(crate) fn secret_from_stdin(what: &str) -> Result<Token, Failure> {
    let raw = bytes_from_stdin(what)?;
    if raw.len() as u64 > MAX_SECRET_LEN {
        return Err(Failure::error(format_args!(
            "{what} on stdin is too long: at most {MAX_SECRET_LEN} bytes"
        )));
    }
    let text = std::str::from_utf8(&raw)
        .map_err(|_| Failure::error(format_args!("{what} on stdin is not UTF-8 text")))?;
    if text.trim().is_empty() {
        return Err(Failure::error(format_args!(
            "empty input: expected {what} on stdin"
        )));
    }
    Ok(Token::new(text.to_owned()))
}

/// At most 64 KiB and one byte of stdin, less one trailing newline, for a caller that judges
/// the input itself: more than 64 KiB is too long, whatever follows (which is left unread).
///
/// # Errors
///
/// Only a stdin that cannot be read: a failed read, or a stdin closed when the run began
/// (`<&-`), which is not an empty input (`< /dev/null` is).
pub(crate) fn bytes_from_stdin(what: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    match stream::is_closed(Stream::Stdin) {
        Ok(false) => {}
        Ok(true) => return Err(Failure::error("cannot read stdin: stdin is closed")),
        Err(err) => return Err(Failure::error(format_args!("cannot read stdin: {err}"))),
    }
    if io::stdin().is_terminal() {
        note(format_args!("reading {what} from stdin (end with Ctrl-D)"));
    }
    let mut raw = Zeroizing::new(Vec::new());
    io::stdin()
        .lock()
        .take(MAX_SECRET_LEN + 1)
        .read_to_end(&mut raw)
        .map_err(|err| Failure::error(format_args!("cannot read stdin: {err}")))?;
    let kept = strip_newline(&raw).len();
    raw.truncate(kept);
    Ok(raw)
}

/// A key from a file: its bytes, with one trailing newline removed, so `echo key > file`
/// gives the key `key`.
///
/// # Errors
///
/// A missing or unreadable file, or an empty key.
pub(crate) fn key_from_file(path: &Path) -> Result<SecretBytes, Failure> {
    let raw = Zeroizing::new(std::fs::read(path).map_err(|err| {
        Failure::error(format_args!(
            "cannot read key file {}: {err}",
            shown::path(path)
        ))
    })?);
    let key = strip_newline(&raw);
    if key.is_empty() {
        return Err(Failure::error(format_args!(
            "key file {} is empty",
            shown::path(path)
        )));
    }
    Ok(SecretBytes::new(key.to_vec()))
}

/// `raw` without one trailing `\n` or `\r\n`. A lone `\r` is kept: it is not a line end
/// anywhere today, and a token that ends in one is refused rather than quietly repaired.
fn strip_newline(raw: &[u8]) -> &[u8] {
    match raw.strip_suffix(b"\n") {
        Some(line) => line.strip_suffix(b"\r").unwrap_or(line),
        None => raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_line_feed_or_crlf_is_stripped() {
        assert_eq!(strip_newline(b"tok\n"), b"tok");
        assert_eq!(strip_newline(b"tok\r\n"), b"tok");
        assert_eq!(strip_newline(b"tok\r"), b"tok\r");
        assert_eq!(strip_newline(b"tok\n\n"), b"tok\n");
    }
}
