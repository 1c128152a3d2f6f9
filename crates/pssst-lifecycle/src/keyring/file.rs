//! The key-ring file: text, one key a line, readable by its owner only.
//!
//! ```text
//! pssst-keyring v1
//! # key <id> <created, unix microseconds> <pepper, base64url>; the last key is current
//! key 9f3a61c2 1767225600000000 q3Z...43 characters...
//! ```

use std::fs;
use std::path::Path;
use std::time::Duration;

use pssst::SecretBytes;

use crate::error::{Error, Result};
use crate::keyring::{Key, KeyRing};
use crate::lock::{Lock, lock_error};
use crate::private_file::{self, remove_stale};
use crate::time::Timestamp;

const HEADER: &str = "pssst-keyring v1";
/// How long [`KeyRing::create`] and [`KeyRing::update`] wait for another holder of the file's
/// lock: as long as the SQLite store waits for its database.
const LOCK_TIMEOUT: Duration = Duration::from_secs(5);
const COMMENT: &str =
    "# key <id> <created, unix microseconds> <pepper, base64url>; the last key is current";

impl KeyRing {
    /// Reads a key-ring file.
    ///
    /// The format is text: the line `pssst-keyring v1`, then one line per key, oldest first,
    /// `key <id> <created, unix microseconds> <pepper as unpadded base64url>`. Lines starting
    /// with `#` and blank lines are ignored. The last key is current.
    ///
    /// # Errors
    ///
    /// [`Error::KeyFileMissing`] when there is no such file; [`Error::KeyFileIo`] when the path
    /// is a directory or cannot be read; [`Error::KeyFilePermissions`]
    /// when its group or others have any access (on Unix); [`Error::KeyFileFormat`] when a
    /// line is malformed (the line is not echoed); [`Error::KeyFileIo`] for other failures.
    ///
    /// # Security
    ///
    /// A file others can read is refused rather than used, so a leaked pepper is noticed.
    /// The bytes read are wiped when parsing ends; the peppers live on in [`Key`]s, which wipe
    /// theirs on drop.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{KeyRing, Timestamp};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("keys");
    /// KeyRing::generate(Timestamp::from_unix_seconds(0))?.save(&path)?;
    /// assert_eq!(KeyRing::load(&path)?.keys().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        check_private(path)?;
        let bytes = SecretBytes::new(fs::read(path).map_err(|e| io_error(path, e))?);
        let text = std::str::from_utf8(bytes.expose_secret())
            .map_err(|_| format_error(path, 1, "not utf-8 text"))?;
        parse(path, text)
    }

    /// Writes the ring to a file with mode 0600, replacing any file there atomically (write to
    /// a temporary file in the same folder, flush to disk, rename).
    ///
    /// # Errors
    ///
    /// [`Error::KeyFileIo`] when the folder is not writable or the disk fails.
    ///
    /// # Security
    ///
    /// The file is created owner-only before any secret is written into it. The text buffer
    /// is wiped after writing.
    ///
    /// # Examples
    ///
    /// See [`KeyRing::load`].
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let text = self.render();
        private_file::replace(path, text.expose_secret()).map_err(|e| write_error(path, e))
    }

    /// Creates a key-ring file holding one fresh key, and returns the ring; refuses to replace
    /// an existing file. Holds the file's lock (see [`KeyRing::update`]) while it checks and
    /// writes, so of several concurrent creators exactly one succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::KeyFileExists`] when the file is already there; [`Error::KeyFileLocked`] when
    /// another holder keeps the lock for 5 seconds; [`Error::Random`] when the
    /// operating system's random source fails; [`Error::KeyFileIo`] as in [`KeyRing::save`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{Error, KeyRing, Timestamp};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("keys");
    /// let ring = KeyRing::create(&path, Timestamp::from_unix_seconds(0))?;
    /// assert_eq!(ring.keys().count(), 1);
    /// let again = KeyRing::create(&path, Timestamp::from_unix_seconds(0));
    /// assert!(matches!(again, Err(Error::KeyFileExists { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(path: impl AsRef<Path>, now: Timestamp) -> Result<Self> {
        let path = path.as_ref();
        let _lock = lock(path)?;
        remove_stale(path);
        if let Ok(meta) = fs::symlink_metadata(path) {
            refuse_directory(path, &meta)?;
            return Err(Error::KeyFileExists {
                path: path.to_owned(),
            });
        }
        let ring = Self::generate(now)?;
        ring.save(path)?;
        Ok(ring)
    }

    /// Loads the key-ring file, lets `change` modify the ring, and saves it, all under an
    /// exclusive lock on the sidecar file `<path>.lock` (created 0600 and left in place), so
    /// that concurrent updates from threads or processes (two `rotate`s, a `rotate` and a
    /// `retire`) apply one after the other and none is lost. Nothing is written when `change`
    /// fails. Returns what `change` returned.
    ///
    /// Before loading, it removes the ring's temporary files (`.NAME.<hex>.tmp`) left by a
    /// writer killed before its rename, copies of the ring that a retirement would otherwise
    /// never reach; [`KeyRing::create`] does the same.
    ///
    /// # Errors
    ///
    /// As [`KeyRing::load`] and [`KeyRing::save`]; [`Error::KeyFileLocked`] when another
    /// holder (a `rotate` that hangs, a process stopped with the lock) keeps the lock for 5
    /// seconds; [`Error::LockFile`] when the lock file cannot be created; whatever
    /// `change` returns.
    ///
    /// # Security
    ///
    /// The lock is advisory: a program that writes the file without taking it (an editor, an
    /// older pssst) can still lose an update, and a [`KeyRing::save`] running beside it
    /// without the lock can lose its temporary file (and fail).
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::{KeyRing, Timestamp};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("keys");
    /// KeyRing::create(&path, Timestamp::from_unix_seconds(0))?;
    /// let id = KeyRing::update(&path, |ring| ring.rotate(Timestamp::from_unix_seconds(60)))?;
    /// assert_eq!(KeyRing::load(&path)?.current().unwrap().id(), id);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update<T>(
        path: impl AsRef<Path>,
        change: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let path = path.as_ref();
        let _lock = lock(path)?;
        remove_stale(path);
        let mut ring = Self::load(path)?;
        let out = change(&mut ring)?;
        ring.save(path)?;
        Ok(out)
    }

    fn render(&self) -> SecretBytes {
        let mut text = String::with_capacity(64 + self.keys.len() * 192);
        text.push_str(HEADER);
        text.push('\n');
        text.push_str(COMMENT);
        text.push('\n');
        for key in &self.keys {
            let pepper = pssst::base64url(key.expose_pepper());
            let created = key.created_at.as_unix_micros();
            text.push_str(&format!("key {} {created} ", key.id));
            text.push_str(&pepper);
            text.push('\n');
            drop(SecretBytes::new(pepper.into_bytes()));
        }
        SecretBytes::new(text.into_bytes())
    }
}

fn parse(path: &Path, text: &str) -> Result<KeyRing> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()));
    match lines.next() {
        Some((_, HEADER)) => {}
        _ => {
            return Err(format_error(
                path,
                1,
                "expected the header pssst-keyring v1",
            ));
        }
    }

    let mut ring = KeyRing::new();
    for (number, line) in lines {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = parse_key(line).map_err(|why| format_error(path, number, why))?;
        ring.add(key)
            .map_err(|_| format_error(path, number, "duplicate key id"))?;
    }
    Ok(ring)
}

fn parse_key(line: &str) -> Result<Key, &'static str> {
    let fields: Vec<&str> = line.split_ascii_whitespace().collect();
    let [kind, id, created, pepper] = fields[..] else {
        return Err("expected key <id> <created> <pepper>");
    };
    if kind != "key" {
        return Err("expected a line starting with key");
    }
    let created: i64 = created.parse().map_err(|_| "created is not an integer")?;
    let pepper = pssst::base64url_decode(pepper).map_err(|_| "pepper is not base64url")?;
    let pepper = SecretBytes::new(pepper);
    Key::new(id, Timestamp::from_unix_micros(created), pepper)
        .map_err(|_| "bad key id or pepper length")
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;

    let meta = fs::metadata(path).map_err(|e| io_error(path, e))?;
    refuse_directory(path, &meta)?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::KeyFilePermissions {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

// LIMITATION: outside Unix the key-ring file's permissions are not checked, so a file that
// other users can read is used without complaint.
#[cfg(not(unix))]
fn check_private(path: &Path) -> Result<()> {
    let meta = fs::metadata(path).map_err(|e| io_error(path, e))?;
    refuse_directory(path, &meta)
}

/// A directory is named as one, rather than failing later on its permissions or its reading.
fn refuse_directory(path: &Path, meta: &fs::Metadata) -> Result<()> {
    if meta.is_dir() {
        let source = std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory");
        return Err(io_error(path, source));
    }
    Ok(())
}

/// The file's lock, waited for at most [`LOCK_TIMEOUT`].
fn lock(path: &Path) -> Result<Lock> {
    match Lock::wait_blocking(path, LOCK_TIMEOUT) {
        Ok(Some(lock)) => Ok(lock),
        Ok(None) => Err(Error::KeyFileLocked {
            path: path.to_owned(),
            waited: LOCK_TIMEOUT,
        }),
        Err(e) => Err(lock_error(path, e)),
    }
}

/// An error of [`private_file`]: the random source's as [`Error::Random`], any other as
/// [`io_error`].
fn write_error(path: &Path, source: std::io::Error) -> Error {
    match private_file::random_failure(source) {
        Ok(random) => Error::Random(random),
        Err(source) => io_error(path, source),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    if source.kind() == std::io::ErrorKind::NotFound {
        return Error::KeyFileMissing {
            path: path.to_owned(),
        };
    }
    Error::KeyFileIo {
        path: path.to_owned(),
        source,
    }
}

fn format_error(path: &Path, line: usize, why: &'static str) -> Error {
    Error::KeyFileFormat {
        path: path.to_owned(),
        line,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_ring_loads_with_the_same_keys_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        let mut ring = KeyRing::generate(Timestamp::from_unix_micros(5)).unwrap();
        ring.rotate(Timestamp::from_unix_micros(9)).unwrap();
        ring.save(&path).unwrap();

        let loaded = KeyRing::load(&path).unwrap();
        let ids = |r: &KeyRing| r.keys().map(|k| k.id().to_owned()).collect::<Vec<_>>();
        assert_eq!(ids(&loaded), ids(&ring));
        let (a, b) = (loaded.current().unwrap(), ring.current().unwrap());
        assert_eq!(a.expose_pepper(), b.expose_pepper());
        assert_eq!(a.created_at(), Timestamp::from_unix_micros(9));
    }

    #[cfg(unix)]
    #[test]
    fn saved_file_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        KeyRing::generate(Timestamp::from_unix_micros(0))
            .unwrap()
            .save(&path)
            .unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn group_readable_file_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        KeyRing::generate(Timestamp::from_unix_micros(0))
            .unwrap()
            .save(&path)
            .unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let err = KeyRing::load(&path).unwrap_err();
        assert!(matches!(err, Error::KeyFilePermissions { mode: 0o640, .. }));
    }

    #[test]
    fn concurrent_updates_keep_every_rotated_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        KeyRing::create(&path, Timestamp::from_unix_micros(0)).unwrap();

        let (threads, rounds) = (8, 5);
        let rotated: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let rotate =
                            |ring: &mut KeyRing| ring.rotate(Timestamp::from_unix_micros(1));
                        (0..rounds)
                            .map(|_| KeyRing::update(&path, rotate).unwrap())
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });

        let ring = KeyRing::load(&path).unwrap();
        assert_eq!(ring.keys().count(), 1 + threads * rounds);
        assert!(rotated.iter().all(|id| ring.get(id).is_some()));
    }

    #[test]
    fn create_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        let first = KeyRing::create(&path, Timestamp::from_unix_micros(0)).unwrap();
        let err = KeyRing::create(&path, Timestamp::from_unix_micros(0)).unwrap_err();
        assert!(matches!(err, Error::KeyFileExists { .. }), "{err:?}");
        let kept = KeyRing::load(&path).unwrap();
        assert_eq!(kept.current().unwrap().id(), first.current().unwrap().id());
    }

    #[test]
    fn failed_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        KeyRing::create(&path, Timestamp::from_unix_micros(0)).unwrap();
        let before = fs::read(&path).unwrap();
        let err = KeyRing::update(&path, |ring| ring.retire("nope")).unwrap_err();
        assert!(matches!(err, Error::UnknownKey(_)), "{err:?}");
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    #[test]
    fn rotating_removes_copies_left_by_a_killed_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.keys");
        KeyRing::create(&path, Timestamp::from_unix_seconds(0)).unwrap();
        let stale = dir.path().join(".k.keys.0123456789ab.tmp");
        let other = dir.path().join(".other.keys.0123456789ab.tmp");
        fs::write(&stale, "pssst-keyring v1\n").unwrap();
        fs::write(&other, "not ours").unwrap();

        KeyRing::update(&path, |ring| ring.rotate(Timestamp::from_unix_seconds(1))).unwrap();
        assert!(!stale.exists());
        assert!(other.exists());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 3, "{names:?}"); // k.keys, k.keys.lock, the other ring's
    }

    #[test]
    fn a_held_lock_is_given_up_after_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        KeyRing::create(&path, Timestamp::from_unix_micros(0)).unwrap();
        let _held = Lock::wait_blocking(&path, LOCK_TIMEOUT).unwrap().unwrap();
        let err = KeyRing::update(&path, |ring| ring.rotate(Timestamp::from_unix_micros(1)));
        assert!(matches!(err, Err(Error::KeyFileLocked { .. })));
    }

    #[test]
    fn a_directory_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        for err in [
            KeyRing::load(dir.path()).unwrap_err(),
            KeyRing::create(dir.path(), Timestamp::from_unix_micros(0)).unwrap_err(),
        ] {
            let Error::KeyFileIo { source, .. } = &err else {
                panic!("{err:?}");
            };
            assert_eq!(source.to_string(), "is a directory");
        }
    }

    #[test]
    fn missing_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = KeyRing::load(dir.path().join("absent")).unwrap_err();
        assert!(matches!(err, Error::KeyFileMissing { .. }));
    }

    #[test]
    fn malformed_line_is_reported_without_its_text() {
        let text = "pssst-keyring v1\nkey k1 0 c2VjcmV0LXRoYXQtaXMtdG9vLXNob3J0\n";
        let err = parse(Path::new("keys"), text).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("line 2"), "{message}");
        assert!(!message.contains("c2VjcmV0"), "{message}");
    }

    #[test]
    fn file_without_header_is_refused() {
        assert!(parse(Path::new("keys"), "key k1 0 abc\n").is_err());
    }
}
