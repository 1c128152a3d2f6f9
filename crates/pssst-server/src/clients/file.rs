//! The client file: text, one client a line, readable by its owner only, replaced atomically
//! under an exclusive lock on `<path>.lock` (as the pepper key ring is).
//!
//! ```text
//! pssst-clients v1
//! # client <name> <created, unix microseconds> <sha256 of the key, hex>
//! client billing 1767225600000000 3b7c...64 hex digits...
//! ```

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use pssst::Token;
use pssst_lifecycle::{Timestamp, private_file};

use super::{CLIENT_KEY_PREFIX, ClientEntry, ClientName, Clients, entry_for};
use crate::error::Error;

const HEADER: &str = "pssst-clients v1";
const COMMENT: &str = "# client <name> <created, unix microseconds> <sha256 of the key, hex>";

impl Clients {
    /// Reads a client file.
    ///
    /// # Errors
    ///
    /// [`Error::ClientFileMissing`]; [`Error::ClientFilePermissions`] when its group or
    /// others have any access (on Unix); [`Error::ClientFileFormat`] for a malformed line
    /// (not echoed); [`Error::ClientFileIo`].
    ///
    /// # Examples
    ///
    /// See [`Clients`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        check_private(path)?;
        let text = fs::read(path).map_err(|e| io_error(path, e))?;
        let text = std::str::from_utf8(&text).map_err(|_| format_error(path, 1, "not utf-8"))?;
        parse(path, text)
    }

    /// Makes a new key (`pssk_` + 30 base62 + checksum, from the core's generator) for a new
    /// client `name`, records its hash in the file (created if missing), and returns the key:
    /// the only time it is ever seen.
    ///
    /// # Errors
    ///
    /// [`Error::ClientExists`]; errors of [`Clients::load`] and of writing the file.
    ///
    /// # Security
    ///
    /// Only the SHA-256 of the key is written. Show the key to its owner once, then drop it.
    ///
    /// # Examples
    ///
    /// See [`Clients`].
    pub fn add(path: impl AsRef<Path>, name: &ClientName, now: Timestamp) -> Result<Token, Error> {
        let key = pssst::api_key(CLIENT_KEY_PREFIX)?;
        Self::register(path, name, &key, now)?;
        Ok(key)
    }

    /// Records a key made elsewhere (by `pssst apikey`) for a new client `name`.
    ///
    /// # Errors
    ///
    /// [`Error::ClientKey`] when `key` is not a well-formed API key with a valid checksum;
    /// [`Error::ClientExists`]; [`Error::DuplicateKey`]; file errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_server::Clients;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("clients");
    /// let key = pssst::api_key("shop")?;
    /// let now = pssst_lifecycle::Timestamp::from_unix_seconds(0);
    /// Clients::register(&path, &"shop".parse()?, &key, now)?;
    /// assert!(Clients::load(&path)?.authenticate(key.expose_secret()).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn register(
        path: impl AsRef<Path>,
        name: &ClientName,
        key: &Token,
        now: Timestamp,
    ) -> Result<(), Error> {
        let entry = entry_for(name, key, now)?;
        update(path.as_ref(), |clients| clients.insert(entry))
    }

    /// Removes client `name`: its key stops working as soon as a running service notices the
    /// file changed (within about a second).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownClient`]; errors of [`Clients::load`] and of writing the file.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_server::Clients;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("clients");
    /// let name = "billing".parse()?;
    /// let key = Clients::add(&path, &name, pssst_lifecycle::Timestamp::from_unix_seconds(0))?;
    /// Clients::revoke(&path, &name)?;
    /// assert!(Clients::load(&path)?.authenticate(key.expose_secret()).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn revoke(path: impl AsRef<Path>, name: &ClientName) -> Result<(), Error> {
        update(path.as_ref(), |clients| clients.remove(name))
    }

    /// Writes the clients to `path` with mode 0600, atomically (temporary file, flush, rename).
    /// Call it holding the file's lock.
    fn save(&self, path: &Path) -> Result<(), Error> {
        let mut text = format!("{HEADER}\n{COMMENT}\n");
        for entry in &self.entries {
            let created = entry.created_at.as_unix_micros();
            text.push_str(&format!(
                "client {} {created} {}\n",
                entry.name, entry.key_sha256
            ));
        }
        private_file::replace(path, text.as_bytes()).map_err(|e| write_error(path, e))
    }
}

/// Loads (or starts empty when there is no file), changes and saves, under the file's lock.
fn update(
    path: &Path,
    change: impl FnOnce(&mut Clients) -> Result<(), Error>,
) -> Result<(), Error> {
    let _lock = lock(path)?;
    // Holding the lock, every temporary file of the client file is a killed writer's copy.
    private_file::remove_stale(path);
    let mut clients = match Clients::load(path) {
        Ok(clients) => clients,
        Err(Error::ClientFileMissing { .. }) => Clients::default(),
        Err(err) => return Err(err),
    };
    change(&mut clients)?;
    clients.save(path)
}

fn parse(path: &Path, text: &str) -> Result<Clients, Error> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
    if lines.next().map(|(_, l)| l) != Some(HEADER) {
        return Err(format_error(
            path,
            1,
            "expected the header pssst-clients v1",
        ));
    }
    let mut clients = Clients::default();
    for (number, line) in lines {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let entry = parse_entry(line).map_err(|why| format_error(path, number, why))?;
        clients
            .insert(entry)
            .map_err(|_| format_error(path, number, "duplicate name or key"))?;
    }
    Ok(clients)
}

fn parse_entry(line: &str) -> Result<ClientEntry, &'static str> {
    let fields: Vec<&str> = line.split_ascii_whitespace().collect();
    let ["client", name, created, hash] = fields[..] else {
        return Err("expected client <name> <created> <sha256>");
    };
    let name = name.parse().map_err(|_| "bad client name")?;
    let created: i64 = created.parse().map_err(|_| "created is not an integer")?;
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if hash.len() != 64 || !hash.bytes().all(is_hex) {
        return Err("the hash is not 64 lower-case hex digits");
    }
    Ok(ClientEntry {
        name,
        created_at: Timestamp::from_unix_micros(created),
        key_sha256: hash.to_owned(),
    })
}

/// An exclusive lock on the sidecar `<path>.lock` (created 0600, left in place), held until
/// dropped. The sidecar, not the file itself, since the file is replaced by rename.
fn lock(path: &Path) -> Result<File, Error> {
    let mut name = OsString::from(path.as_os_str());
    name.push(".lock");
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(PathBuf::from(name))
        .map_err(|e| io_error(path, e))?;
    file.lock().map_err(|e| io_error(path, e))?;
    Ok(file)
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;

    let meta = fs::metadata(path).map_err(|e| io_error(path, e))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::ClientFilePermissions {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

// LIMITATION: outside Unix the client file's permissions are not checked, so a file that other
// users can change (adding a client of their own) is used without complaint.
#[cfg(not(unix))]
fn check_private(path: &Path) -> Result<(), Error> {
    fs::metadata(path).map(drop).map_err(|e| io_error(path, e))
}

/// An error of [`private_file`]: the random source's as [`Error::Core`], any other as
/// [`io_error`].
fn write_error(path: &Path, source: std::io::Error) -> Error {
    match private_file::random_failure(source) {
        Ok(random) => Error::Core(random),
        Err(source) => io_error(path, source),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    if source.kind() == std::io::ErrorKind::NotFound {
        return Error::ClientFileMissing {
            path: path.to_owned(),
        };
    }
    Error::ClientFileIo {
        path: path.to_owned(),
        source,
    }
}

fn format_error(path: &Path, line: usize, why: &'static str) -> Error {
    Error::ClientFileFormat {
        path: path.to_owned(),
        line,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::from_unix_seconds(1_767_225_600)
    }

    #[test]
    fn added_clients_survive_a_reload_and_only_hashes_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clients");
        let a = Clients::add(&path, &"a".parse().unwrap(), now()).unwrap();
        let b = Clients::add(&path, &"b".parse().unwrap(), now()).unwrap();
        assert!(a.expose_secret().starts_with("pssk_"));

        let text = fs::read_to_string(&path).unwrap();
        assert!(!text.contains(a.expose_secret()) && !text.contains(b.expose_secret()));
        assert!(text.contains(&pssst::sha256_hex(a.expose_secret())));

        let clients = Clients::load(&path).unwrap();
        assert_eq!(clients.len(), 2);
        assert_eq!(
            clients.authenticate(b.expose_secret()).unwrap().as_str(),
            "b"
        );
        assert_eq!(clients.entries().next().unwrap().created_at(), now());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_owner_only_and_an_open_one_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clients");
        Clients::add(&path, &"a".parse().unwrap(), now()).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o620)).unwrap();
        let err = Clients::load(&path).unwrap_err();
        assert!(matches!(
            err,
            Error::ClientFilePermissions { mode: 0o620, .. }
        ));
    }

    #[test]
    fn registering_removes_copies_left_by_a_killed_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clients");
        Clients::add(&path, &"a".parse().unwrap(), now()).unwrap();
        let stale = dir.path().join(".clients.0123456789ab.tmp");
        let other = dir.path().join(".keys.0123456789ab.tmp");
        fs::write(&stale, format!("{HEADER}\n")).unwrap();
        fs::write(&other, "not ours").unwrap();

        let key = pssst::api_key("shop").unwrap();
        Clients::register(&path, &"shop".parse().unwrap(), &key, now()).unwrap();
        assert!(!stale.exists());
        assert!(other.exists());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 3, "{names:?}"); // clients, clients.lock, the key ring's
    }

    #[test]
    fn revoking_an_unknown_client_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clients");
        Clients::add(&path, &"a".parse().unwrap(), now()).unwrap();
        let before = fs::read(&path).unwrap();
        let err = Clients::revoke(&path, &"zz".parse().unwrap()).unwrap_err();
        assert!(matches!(err, Error::UnknownClient(_)));
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    #[test]
    fn concurrent_adds_keep_every_client() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clients");
        std::thread::scope(|scope| {
            for n in 0..8 {
                let path = &path;
                scope.spawn(move || {
                    let name = format!("c{n}").parse().unwrap();
                    Clients::add(path, &name, now()).unwrap();
                });
            }
        });
        assert_eq!(Clients::load(&path).unwrap().len(), 8);
    }

    #[test]
    fn malformed_lines_are_reported_without_their_text() {
        let path = Path::new("clients");
        let line = "client a 0 not-a-hash-SECRETISH";
        let err = parse(path, &format!("{HEADER}\n{line}\n")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("line 2") && !message.contains("SECRETISH"),
            "{message}"
        );
        assert!(parse(path, "client a 0 00\n").is_err(), "no header");
    }
}
