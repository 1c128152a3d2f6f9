//! Where the database and the key ring are, and opening the database.

use std::env;
use std::path::{Path, PathBuf};

use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, default_db_path};

use super::audit::AuditLog;
use crate::error::Failure;
use crate::shown;

/// The files `reset` works on: the database, the key ring and the audit log.
pub(super) struct Files {
    pub(super) db: PathBuf,
    pub(super) keys: PathBuf,
    pub(super) audit: AuditLog,
}

impl Files {
    /// `--db`, else the library's default; `--keys`, else [`default_keys_path`].
    pub(super) fn resolve(db: Option<PathBuf>, keys: Option<PathBuf>) -> Result<Self, Failure> {
        let db = match db {
            Some(db) => db,
            None => default_db_path()?,
        };
        let keys = match keys {
            Some(keys) => keys,
            None => default_keys_path()?,
        };
        Ok(Self {
            db,
            keys,
            audit: AuditLog::default(),
        })
    }

    /// A lifecycle on `store` that sends its audit events to the audit log.
    pub(super) fn lifecycle(
        &self,
        store: SqliteStore,
        keys: KeyRing,
        config: Config,
    ) -> Lifecycle<SqliteStore> {
        Lifecycle::new(store, keys, config).with_audit(self.audit.clone())
    }

    /// Opens the database, creating it (and, for the default location, its folder).
    pub(super) async fn create_db(&self) -> Result<SqliteStore, Failure> {
        if let Some(parent) = self.db.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_private_dir(parent)?;
        }
        Ok(SqliteStore::open(&self.db).await?)
    }

    /// Opens a database that must already exist: checking or revoking never creates one.
    pub(super) async fn existing_db(&self) -> Result<SqliteStore, Failure> {
        self.require_db()?;
        Ok(SqliteStore::open(&self.db).await?)
    }

    /// Fails unless the database file exists, saying so when the path is there but is not a
    /// file (`/dev/null`, a FIFO, a folder).
    pub(super) fn require_db(&self) -> Result<(), Failure> {
        match std::fs::metadata(&self.db) {
            Ok(meta) if meta.is_file() => return Ok(()),
            Ok(_) => {
                let path = self.db.clone();
                return Err(pssst_lifecycle::Error::NotAFile { path }.into());
            }
            Err(_) => {}
        }
        Err(Failure::error(format_args!(
            "no database at {}: issue a token first, or pass --db",
            shown::path(&self.db)
        )))
    }
}

/// `$PSSST_KEYS`, else `$XDG_CONFIG_HOME/pssst/keys` (when absolute), else
/// `~/.config/pssst/keys`: beside the configuration, not beside the database, so a copy of
/// the database's folder does not carry the pepper.
pub(crate) fn default_keys_path() -> Result<PathBuf, Failure> {
    let var = |name| {
        env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(path) = var("PSSST_KEYS") {
        return Ok(path);
    }
    if let Some(config) = var("XDG_CONFIG_HOME").filter(|p| p.is_absolute()) {
        return Ok(config.join("pssst/keys"));
    }
    match var("HOME").filter(|p| p.is_absolute()) {
        Some(home) => Ok(home.join(".config/pssst/keys")),
        None => Err(Failure::error(
            "no key file location: pass --keys or set PSSST_KEYS",
        )),
    }
}

/// Creates a folder (and its parents) readable by its owner only.
pub(crate) fn create_private_dir(path: &Path) -> Result<(), Failure> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path).map_err(|err| {
        Failure::error(format_args!(
            "cannot create folder {}: {err}",
            shown::path(path)
        ))
    })
}
