//! The client file as a running service sees it: loaded at start, reloaded when it changes,
//! so that `pssst serve clients revoke` takes effect without a restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use super::{ClientName, Clients};
use crate::error::Error;

/// The clients of a running service and the file they come from.
///
/// [`ClientWatch::refresh`] reloads the file when its modification or status-change time,
/// size, inode or permissions changed (so a `chmod` is seen as well as an edit); the service
/// calls it once a second, and [`ClientWatch::reload`] on `SIGHUP`.
///
/// # Security
///
/// Fails closed: when the file becomes unreadable, malformed or open to other users, every
/// client is refused (and an error is logged) until it is fixed.
///
/// # Examples
///
/// ```
/// use pssst_server::{ClientWatch, Clients};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("clients");
/// let name = "billing".parse()?;
/// let key = Clients::add(&path, &name, pssst_lifecycle::Timestamp::from_unix_seconds(0))?;
/// let watch = ClientWatch::open(&path)?;
/// assert!(watch.authenticate(key.expose_secret()).is_some());
///
/// Clients::revoke(&path, &name)?;
/// watch.refresh();
/// assert!(watch.authenticate(key.expose_secret()).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ClientWatch {
    path: PathBuf,
    current: RwLock<Arc<Clients>>,
    stamp: Mutex<Option<Stamp>>,
}

impl ClientWatch {
    /// Loads the client file at `path`.
    ///
    /// # Errors
    ///
    /// As [`Clients::load`]: a service does not start on a file it cannot use.
    ///
    /// # Examples
    ///
    /// See [`ClientWatch`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref().to_owned();
        let stamp = Stamp::of(&path);
        let clients = Clients::load(&path)?;
        Ok(Self {
            path,
            current: RwLock::new(Arc::new(clients)),
            stamp: Mutex::new(stamp),
        })
    }

    /// The client whose key is `key`, if any.
    ///
    /// # Examples
    ///
    /// See [`ClientWatch`].
    pub fn authenticate(&self, key: &str) -> Option<ClientName> {
        self.clients().authenticate(key).cloned()
    }

    /// How many clients are accepted now.
    ///
    /// # Examples
    ///
    /// ```
    /// # use pssst_server::{ClientWatch, Clients};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("clients");
    /// Clients::add(&path, &"a".parse()?, pssst_lifecycle::Timestamp::from_unix_seconds(0))?;
    /// assert_eq!(ClientWatch::open(&path)?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.clients().len()
    }

    /// Whether no client is accepted now.
    ///
    /// # Examples
    ///
    /// See [`ClientWatch::len`].
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reloads the file if it changed since it was last read; returns whether it did.
    ///
    /// # Examples
    ///
    /// See [`ClientWatch`].
    pub fn refresh(&self) -> bool {
        let stamp = Stamp::of(&self.path);
        {
            let mut last = self.stamp.lock().unwrap_or_else(|e| e.into_inner());
            if *last == stamp {
                return false;
            }
            *last = stamp;
        }
        self.reload();
        true
    }

    /// Reloads the file now, whether or not it changed (`SIGHUP`).
    ///
    /// # Examples
    ///
    /// See [`ClientWatch`].
    pub fn reload(&self) {
        let clients = match Clients::load(&self.path) {
            Ok(clients) => {
                let count = clients.len();
                tracing::info!(target: "pssst::clients", count, "client file loaded");
                clients
            }
            Err(err) => {
                tracing::error!(
                    target: "pssst::clients",
                    error = %err,
                    "client file unusable: every client is refused until it is fixed"
                );
                Clients::default()
            }
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(clients);
    }

    fn clients(&self) -> Arc<Clients> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }
}

/// What tells a changed file from the same one: a rename gives a new inode even within one
/// tick of the modification clock, and a `chmod` or `chown` changes the status-change time
/// (ctime) and the permissions but not the modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
    changed: (i64, i64),
    mode: u32,
}

impl Stamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let (inode, changed, mode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), (meta.ctime(), meta.ctime_nsec()), meta.mode())
        };
        #[cfg(not(unix))]
        let (inode, changed, mode) = (0, (0, 0), 0);
        Some(Self {
            modified: meta.modified().ok(),
            len: meta.len(),
            inode,
            changed,
            mode,
        })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::time::Duration;

    use pssst_lifecycle::Timestamp;

    use super::*;

    type Watched = (tempfile::TempDir, PathBuf, ClientWatch);

    /// A client file with one client, watched, and looked at once since.
    fn watched() -> Result<Watched, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("clients");
        Clients::add(&path, &"a".parse()?, Timestamp::from_unix_seconds(0))?;
        let watch = ClientWatch::open(&path)?;
        assert!(!watch.refresh(), "nothing changed yet");
        Ok((dir, path, watch))
    }

    #[test]
    fn a_chmod_alone_makes_refresh_reload() {
        let (_dir, path, watch) = watched().unwrap();
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();

        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified
        );
        assert!(watch.refresh(), "a chmod 000 went unnoticed");
        if !is_root() {
            assert!(watch.is_empty(), "an unreadable file still lets clients in");
        }
    }

    #[test]
    fn a_new_status_change_time_alone_makes_refresh_reload() {
        let (_dir, path, watch) = watched().unwrap();
        let before = std::fs::metadata(&path).unwrap();
        // Past the kernel's coarse clock tick, so the new ctime differs.
        std::thread::sleep(Duration::from_millis(50));

        std::os::unix::fs::chown(&path, Some(before.uid()), Some(before.gid())).unwrap();

        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (after.mode(), after.modified().unwrap()),
            (before.mode(), before.modified().unwrap())
        );
        assert_ne!(
            (after.ctime(), after.ctime_nsec()),
            (before.ctime(), before.ctime_nsec())
        );
        assert!(watch.refresh(), "a new ctime went unnoticed");
    }

    fn is_root() -> bool {
        std::fs::metadata("/proc/self").is_ok_and(|meta| meta.uid() == 0)
    }
}
