//! Replacing a small owner-only file atomically: the new bytes go to a temporary file
//! `.NAME.<12 hex digits>.tmp` beside it (created 0600, flushed to disk), which is renamed over
//! the file, and the folder is flushed too. The pepper key ring and the service's client file
//! are written this way.
//!
//! A writer killed between creating its temporary file and renaming it leaves a full copy of the
//! file under a hidden name, which a later change (retiring a pepper, revoking a client) would
//! not reach. [`remove_stale`] removes such copies; a writer calls it once it holds the file's
//! `<file>.lock`, when no other such writer can be halfway through, so every matching file is
//! stale, and then [`replace`]s the file.
//!
//! # Examples
//!
//! ```
//! use pssst_lifecycle::private_file;
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("clients");
//! std::fs::write(dir.path().join(".clients.0123456789ab.tmp"), "left by a killed writer")?;
//! private_file::remove_stale(&path);
//! private_file::replace(&path, b"new content\n")?;
//! assert_eq!(std::fs::read(&path)?, b"new content\n");
//! assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces the file at `path` (or creates it) with `bytes`, atomically: a reader sees the old
/// content or the new, never a mix. The new file has mode 0600 on Unix. Temporary files of
/// other writers are left alone (see [`remove_stale`]).
///
/// # Errors
///
/// The operating system's error when the folder is not writable or the disk fails (the
/// temporary file is removed then, if it was made); an error of kind [`io::ErrorKind::Other`]
/// wrapping a [`pssst::Error`] when the random source fails (see [`random_failure`]).
///
/// # Security
///
/// The temporary file is created owner-only and new (never an existing file or a link) before
/// any byte is written into it. Flushing the folder after the rename is best effort: a failure
/// there only weakens durability and is ignored.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::private_file;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("keys");
/// private_file::replace(&path, b"one")?;
/// private_file::replace(&path, b"two")?;
/// assert_eq!(std::fs::read(&path)?, b"two");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path)?;
    write_new(&temp, bytes).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })?;
    fs::rename(&temp, path)?;
    sync_parent(path);
    Ok(())
}

/// Removes the temporary files of `path` that writers killed before their rename left behind.
/// Call it holding the file's lock. Failures are ignored: a copy that cannot be removed now is
/// tried again by the next writer, and it must not stop a change.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::private_file;
/// let dir = tempfile::tempdir()?;
/// let stale = dir.path().join(".keys.0123456789ab.tmp");
/// std::fs::write(&stale, "pssst-keyring v1\n")?;
/// private_file::remove_stale(&dir.path().join("keys"));
/// assert!(!stale.exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn remove_stale(path: &Path) {
    let name = file_name(path);
    let Ok(entries) = fs::read_dir(folder(path)) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temp_of(&name, &entry.file_name().to_string_lossy()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The random-source failure inside an error of [`replace`], if that
/// is what it is; otherwise the error back, for mapping as an I/O failure.
///
/// # Errors
///
/// `Err(error)` unchanged when `error` is an I/O failure, not the random source's.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::private_file::random_failure;
/// let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
/// assert!(random_failure(denied).is_err());
/// ```
pub fn random_failure(error: io::Error) -> Result<pssst::Error, io::Error> {
    error.downcast::<pssst::Error>()
}

/// A fresh temporary path beside `path`: `.NAME.<12 hex digits>.tmp`.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    let mut suffix = [0u8; RANDOM_HEX / 2];
    pssst::fill_bytes(&mut suffix).map_err(io::Error::other)?;
    let temp = format!(".{}.{}.tmp", file_name(path), pssst::hex_lower(&suffix));
    Ok(path.with_file_name(temp))
}

/// Whether `candidate` is a temporary name of the file called `name`.
fn is_temp_of(name: &str, candidate: &str) -> bool {
    let Some(rest) = candidate.strip_prefix('.') else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(name) else {
        return false;
    };
    let Some(hex) = rest.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else {
        return false;
    };
    hex.len() == RANDOM_HEX && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Creates `path` (which must not exist) owner-only, writes `bytes` and flushes them to disk.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes the rename to disk; a failure here only weakens durability, so it is ignored.
fn sync_parent(path: &Path) {
    if let Ok(dir) = File::open(folder(path)) {
        let _ = dir.sync_all();
    }
}

/// The folder holding `path`, `.` for a bare name.
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy());
    name.unwrap_or_default().into_owned()
}

/// Random hex digits in a temporary name.
const RANDOM_HEX: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_and_nothing_else() {
        let temp = temp_path(Path::new("dir/k.keys")).unwrap();
        let temp = temp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(is_temp_of("k.keys", &temp), "{temp}");
        assert!(is_temp_of("k.keys", ".k.keys.0123456789ab.tmp"));
        assert!(!is_temp_of("k", ".k.keys.0123456789ab.tmp"));
        assert!(!is_temp_of("k.keys", "k.keys.0123456789ab.tmp"));
        assert!(!is_temp_of("k.keys", ".k.keys.0123456789AB.tmp"));
        assert!(!is_temp_of("k.keys", ".k.keys.0123.tmp"));
        assert!(!is_temp_of("k.keys", ".k.keys.lock"));
    }

    #[test]
    fn remove_stale_removes_copies_of_its_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.keys");
        let stale = dir.path().join(".k.keys.0123456789ab.tmp");
        let other = dir.path().join(".other.keys.0123456789ab.tmp");
        fs::write(&stale, "old copy").unwrap();
        fs::write(&other, "not ours").unwrap();

        remove_stale(&path);
        assert!(!stale.exists());
        assert!(other.exists());
    }

    #[test]
    fn replace_leaves_other_writers_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.keys");
        let busy = dir.path().join(".k.keys.0123456789ab.tmp");
        fs::write(&busy, "another writer's").unwrap();
        replace(&path, b"new").unwrap();
        assert!(busy.exists());
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn replaced_file_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "world-readable").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        replace(&path, b"private").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("f");
        let err = replace(&path, b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(random_failure(err).is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
