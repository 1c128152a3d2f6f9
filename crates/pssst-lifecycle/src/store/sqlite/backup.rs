//! A consistent copy of a live database in one file, with `VACUUM INTO`.
//!
//! In WAL mode the latest commits live in `<db>-wal` until a checkpoint copies them into the
//! main file, so a copy of the `.db` file alone can miss them (after one issue on a fresh
//! file: a 4 KiB `.db` beside a 100 KiB `-wal`), and a copy taken mid-write can be torn.
//! `VACUUM INTO` reads one snapshot through SQLite, WAL included, and writes it as a
//! self-contained database (<https://www.sqlite.org/lang_vacuum.html#vacuuminto>).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{BoxError, Error, Result};
use crate::store::sqlite::errors::driver;
use crate::store::sqlite::{SqliteStore, create_new_private};

impl SqliteStore {
    /// Writes a consistent copy of the database, committed rows in `-wal` included, to a new
    /// file at `path` (mode 0600 on Unix), flushed to disk. Writers wait for it only as long
    /// as for any reader: it reads one snapshot.
    ///
    /// # Errors
    ///
    /// [`Error::BackupExists`] when `path` exists (it is never replaced);
    /// [`Error::Backup`] when the file cannot be created or written, after removing what
    /// was written.
    ///
    /// # Security
    ///
    /// The copy holds what the database holds: hashes, subjects, times, never a token or a
    /// pepper. Keep the key ring out of the same backup, or a thief of both can confirm
    /// guessed tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let dir = tempfile::tempdir()?;
    /// let store = pssst_lifecycle::SqliteStore::open(dir.path().join("a.db")).await?;
    /// store.backup_to(dir.path().join("copy.db")).await?;
    /// let copy = pssst_lifecycle::SqliteStore::open(dir.path().join("copy.db")).await?;
    /// # copy.close().await;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn backup_to(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        create_empty_private(path)?;
        let written = self.vacuum_into(path).await;
        let synced = written.and_then(|()| sync(path).map_err(|e| failed(path, e)));
        if synced.is_err() {
            let _ = std::fs::remove_file(path);
        }
        synced
    }

    async fn vacuum_into(&self, path: &Path) -> Result<()> {
        let target = not_a_uri(path);
        let Some(target) = target.to_str() else {
            return Err(failed(path, "the path is not UTF-8"));
        };
        let done = sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(self.pool())
            .await;
        done.map(drop).map_err(|e| failed(path, driver(e)))
    }
}

/// Creates the empty file `VACUUM INTO` fills (it accepts an empty file), owner-only before
/// anything is written, refusing one that exists.
fn create_empty_private(path: &Path) -> Result<()> {
    match create_new_private(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(Error::BackupExists {
            path: path.to_owned(),
        }),
        Err(e) => Err(failed(path, e)),
    }
}

/// A relative path as `./path`, so that a name like `file:x.db` is never read as a URI.
fn not_a_uri(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        Path::new(".").join(path)
    }
}

/// Flushes the copy, and its new name in the folder, to disk.
fn sync(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Ok(dir) = File::open(folder.unwrap_or(Path::new("."))) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn failed(path: &Path, source: impl Into<BoxError>) -> Error {
    Error::Backup {
        path: path.to_owned(),
        source: source.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_anchored_and_absolute_ones_kept() {
        assert_eq!(not_a_uri(Path::new("file:x.db")), Path::new("./file:x.db"));
        assert_eq!(not_a_uri(Path::new("/b/x.db")), Path::new("/b/x.db"));
    }
}
