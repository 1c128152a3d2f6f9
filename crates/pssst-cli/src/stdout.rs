//! Results that must reach their reader, such as a token that was just stored: written whole
//! in one call, unbuffered, with every failure reported (a closed pipe included), and a
//! stdout that was closed when the run began told apart from one that works.
//!
//! Streams of generated values, where a reader that stops early is normal, go through
//! `output.rs` instead.

use std::fmt;
use std::fs::File;
use std::io::{self, Write};

use crate::error::{Failure, Outcome};
use crate::stream::{self, Stream};

/// Writes `text` to stdout now, in one `write_all` on an unbuffered handle, and gives the
/// first error: `EPIPE` (the reader went away), `ENOSPC` (`/dev/full`), `EBADF` (a stdout
/// opened for reading only), or a stdout closed before the run ([`check_open`]).
///
/// Rust's own `stdout()` buffers, and treats `EBADF` as success; a token written through it
/// could be lost without anyone knowing, after its transaction committed.
// LIMITATION: a write into a pipe succeeds once the bytes are in the pipe's buffer. A reader
// that exits after that without reading them (`| true` that has not exited yet) is not noticed:
// the token is stored (issue) or used (verify) all the same, and its text is lost.
pub(crate) fn write_whole(text: &str) -> io::Result<()> {
    check_open()?;
    let mut out = handle()?;
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Reports a change that has already committed (a revocation, a purge, a new key), which stands
/// whatever happens to the report: a failed write, a closed pipe included, is an error (exit 2)
/// that says the change was made.
pub(crate) fn write_done(line: fmt::Arguments<'_>) -> Outcome {
    let line = line.to_string();
    write_whole(&format!("{line}\n")).map_err(|err| {
        Failure::error(format_args!(
            "{line}, but the output could not be written ({err})"
        ))
    })
}

/// Fails when stdout was closed when the run began (`pssst ... >&-`): the runtime's `/dev/null`
/// stands in for it (see `stream.rs`).
pub(crate) fn check_open() -> io::Result<()> {
    if stream::is_closed(Stream::Stdout)? {
        return Err(io::Error::other("stdout is closed"));
    }
    Ok(())
}

/// Fails when stdout would discard a token, which would be stored and never seen: a closed
/// stdout, `/dev/null` however it was opened, or any other character device that is not a
/// terminal (`/dev/zero` takes every write; `/dev/full` would fail it anyway). Terminals, pipes,
/// files and sockets are allowed.
pub(crate) fn check_not_discarded() -> io::Result<()> {
    check_open()?;
    if stream::is_dev_null(Stream::Stdout)? {
        return Err(io::Error::other("stdout is /dev/null"));
    }
    if stream::is_device_not_terminal(Stream::Stdout)? {
        return Err(io::Error::other(
            "stdout is a device that is not a terminal, such as /dev/zero",
        ));
    }
    Ok(())
}

/// A handle on the stdout file description that does not buffer.
fn handle() -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        Ok(File::from(io::stdout().as_fd().try_clone_to_owned()?))
    }
    #[cfg(windows)]
    {
        use std::os::windows::io::AsHandle;
        Ok(File::from(io::stdout().as_handle().try_clone_to_owned()?))
    }
}
