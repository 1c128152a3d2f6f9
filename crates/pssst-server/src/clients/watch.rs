//! The client file as a running service sees it: loaded at start, reloaded when it changes,
//! so that `pssst serve clients revoke` takes effect without a restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use super::{ClientName, Clients};
use crate::error::Error;

/// The clients of a running service and the file they come from.
///
/// [`ClientWatch::refresh`] reloads the file when its modification time, size or inode
/// changed; the service calls it once a second and on `SIGHUP`.
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
                tracing::info!(target: "pssst::clients", count = clients.len(), "client file loaded");
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
/// tick of the modification clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Self {
            modified: meta.modified().ok(),
            len: meta.len(),
            inode,
        })
    }
}
