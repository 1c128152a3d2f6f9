//! An exclusive lock between processes, held on a sidecar file `<path>.lock` beside the file it
//! guards, for read-modify-write cycles that must not interleave.
//!
//! The lock is the operating system's whole-file lock ([`File::lock`]: `flock` on Unix,
//! `LockFileEx` on Windows), released when the [`Lock`] is dropped or the process dies.
//!
//! Why a sidecar and not the guarded file itself: SQLite locks its database with POSIX `fcntl`
//! locks, and closing *any* descriptor of a file drops every `fcntl` lock the process holds on
//! it (<https://www.sqlite.org/howtocorrupt.html>, section 2.2), so opening and closing the
//! database file beside SQLite could silently release SQLite's own locks. On NFS, Linux
//! emulates `flock` with `fcntl`, where a lock on the database would also collide with
//! SQLite's. A separate file has neither problem. The sidecar is left in place: deleting a lock
//! file while another process waits on it would let two holders in at once.

use std::ffi::OsString;
use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An exclusive lock on `<path>.lock`, held until dropped.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

impl Lock {
    /// Waits at most `timeout` for the lock guarding `path`, blocking the thread between
    /// polls: for synchronous callers only. `None` when the time ran out.
    pub(crate) fn wait_blocking(path: &Path, timeout: Duration) -> io::Result<Option<Self>> {
        let file = open_sidecar(path)?;
        let deadline = Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(Self { _file: file })),
                Err(TryLockError::Error(e)) => return Err(e),
                Err(TryLockError::WouldBlock) if Instant::now() >= deadline => return Ok(None),
                Err(TryLockError::WouldBlock) => std::thread::sleep(POLL),
            }
        }
    }

    /// Waits at most `timeout` for the lock guarding `path`, polling so that an async task
    /// never blocks its thread (a blocked worker could be the one the holder needs); `None`
    /// when the time ran out.
    pub(crate) async fn wait_within(path: &Path, timeout: Duration) -> io::Result<Option<Self>> {
        let file = open_sidecar(path)?;
        let deadline = Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(Self { _file: file })),
                Err(TryLockError::Error(e)) => return Err(e),
                Err(TryLockError::WouldBlock) if Instant::now() >= deadline => return Ok(None),
                Err(TryLockError::WouldBlock) => tokio::time::sleep(POLL).await,
            }
        }
    }
}

/// The sidecar that guards `path`: the same name with `.lock` appended.
pub(crate) fn sidecar(path: &Path) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".lock");
    PathBuf::from(name)
}

/// The error for a lock file that cannot be created or opened: it names the lock file and its
/// folder, since the folder's permissions are the usual cause, not the guarded file.
pub(crate) fn lock_error(path: &Path, source: io::Error) -> crate::Error {
    let lock = sidecar(path);
    let folder = match lock.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    crate::Error::LockFile {
        path: lock,
        folder,
        source,
    }
}

/// Opens the sidecar, creating it owner-only; an existing one is never truncated.
fn open_sidecar(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(sidecar(path))
}

/// How often a waiting opener retries: short next to a migration, long next to a syscall.
const POLL: Duration = Duration::from_millis(5);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_appends_lock_to_the_name() {
        assert_eq!(sidecar(Path::new("a/keys")), PathBuf::from("a/keys.lock"));
    }

    #[tokio::test]
    async fn second_holder_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("guarded");
        let short = Duration::from_millis(20);
        let first = Lock::wait_blocking(&path, short).unwrap().unwrap();
        assert!(Lock::wait_within(&path, short).await.unwrap().is_none());
        assert!(Lock::wait_blocking(&path, short).unwrap().is_none());
        drop(first);
        assert!(Lock::wait_within(&path, short).await.unwrap().is_some());
    }

    #[test]
    fn lock_error_names_the_lock_file_and_its_folder() {
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let message = lock_error(Path::new("/srv/r.db"), denied).to_string();
        assert_eq!(
            message,
            "cannot create the lock file /srv/r.db.lock in folder /srv"
        );
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let message = lock_error(Path::new("r.db"), denied).to_string();
        assert!(message.ends_with("in folder ."), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn sidecar_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("guarded");
        drop(Lock::wait_blocking(&path, POLL).unwrap());
        let mode = std::fs::metadata(sidecar(&path))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
