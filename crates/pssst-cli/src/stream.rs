//! What a standard stream is: closed when the run began, `/dev/null`, or another device.
//!
//! The Rust runtime opens `/dev/null` (read-write) in place of a closed standard stream before
//! `main`, so a closed stdin reads as empty and a closed stdout takes every write and loses
//! it. A shell's `< /dev/null` opens it read-only and `> /dev/null` write-only, so only the
//! read-write `/dev/null` is taken for a closed stream (and so is the rare `<>/dev/null`).

use std::io;

/// A standard stream of this process.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stream {
    /// File descriptor 0.
    Stdin,
    /// File descriptor 1.
    Stdout,
}

/// Whether `stream` was closed when the run began (`<&-`, `>&-`).
pub(crate) fn is_closed(stream: Stream) -> io::Result<bool> {
    imp::is_closed(stream)
}

/// Whether `stream` is `/dev/null`, however it was opened.
pub(crate) fn is_dev_null(stream: Stream) -> io::Result<bool> {
    imp::is_dev_null(stream)
}

/// Whether `stream` is a character device other than a terminal (`/dev/zero`, `/dev/full`,
/// `/dev/null`): a device that takes bytes without anyone reading them.
pub(crate) fn is_device_not_terminal(stream: Stream) -> io::Result<bool> {
    imp::is_device_not_terminal(stream)
}

#[cfg(unix)]
mod imp {
    use std::io::{self, IsTerminal};
    use std::os::fd::{AsFd, BorrowedFd};

    use rustix::fs::{Dev, FileType, OFlags, fcntl_getfl, fstat, stat};

    use super::Stream;

    pub(super) fn is_closed(stream: Stream) -> io::Result<bool> {
        let mode = with_fd(stream, |fd| fcntl_getfl(fd))? & OFlags::RWMODE;
        Ok(mode == OFlags::RDWR && is_dev_null(stream)?)
    }

    pub(super) fn is_dev_null(stream: Stream) -> io::Result<bool> {
        let Some(device) = device(stream)? else {
            return Ok(false);
        };
        Ok(device == stat("/dev/null")?.st_rdev)
    }

    pub(super) fn is_device_not_terminal(stream: Stream) -> io::Result<bool> {
        let terminal = match stream {
            Stream::Stdin => io::stdin().is_terminal(),
            Stream::Stdout => io::stdout().is_terminal(),
        };
        Ok(!terminal && device(stream)?.is_some())
    }

    /// The device number of `stream` when it is a character device.
    fn device(stream: Stream) -> io::Result<Option<Dev>> {
        let status = with_fd(stream, |fd| fstat(fd))?;
        let is_char = FileType::from_raw_mode(status.st_mode) == FileType::CharacterDevice;
        Ok(is_char.then_some(status.st_rdev))
    }

    fn with_fd<T>(
        stream: Stream,
        call: impl FnOnce(BorrowedFd<'_>) -> rustix::io::Result<T>,
    ) -> io::Result<T> {
        let result = match stream {
            Stream::Stdin => call(io::stdin().as_fd()),
            Stream::Stdout => call(io::stdout().as_fd()),
        };
        Ok(result?)
    }
}

// LIMITATION: on Windows a closed stream or a device is not recognised: a closed stdin reads as
// empty, and an `issue` into a discarded stdout stores its token.
#[cfg(not(unix))]
mod imp {
    use std::io;

    use super::Stream;

    pub(super) fn is_closed(_: Stream) -> io::Result<bool> {
        Ok(false)
    }

    pub(super) fn is_dev_null(_: Stream) -> io::Result<bool> {
        Ok(false)
    }

    pub(super) fn is_device_not_terminal(_: Stream) -> io::Result<bool> {
        Ok(false)
    }
}
