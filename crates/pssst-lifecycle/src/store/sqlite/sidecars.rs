//! Why a writable database refuses writes: SQLite's `-wal` or `-shm` file beside it is not
//! writable.
//!
//! SQLite gives the `-wal` and `-shm` files the main file's permissions when it creates them,
//! so one run while the database was `chmod 444` leaves them 0444 behind it. After the
//! database is made writable again SQLite opens the `-shm` read-only and every write fails
//! with a bare `attempt to write a readonly database`, naming neither file nor fix.

use std::fs::{Metadata, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::store::sqlite::errors::Flat;

/// Explains `err` when it is [`Error::ReadOnly`], the database at `db` opens for writing and
/// one of its `-wal` and `-shm` files does not: the error stays [`Error::ReadOnly`], with the
/// file, its mode and the fix in place of SQLite's message. Any other error is returned as it
/// is.
pub(crate) fn explain_read_only(db: &Path, err: Error) -> Error {
    if !matches!(err, Error::ReadOnly(_)) || !is_writable(db) {
        return err;
    }
    match read_only_sidecar(db, is_writable) {
        Some((path, mode)) => Error::ReadOnly(Flat(why(&path, mode)).into()),
        None => err,
    }
}

/// Names the file and the fix: a `-shm` holds only an index SQLite rebuilds, a `-wal` may hold
/// writes not yet copied into the database.
fn why(path: &Path, mode: u32) -> String {
    let fix = if path.as_os_str().to_string_lossy().ends_with("-wal") {
        "chmod 600 it while no pssst runs (removing it would lose committed writes)"
    } else {
        "remove it or chmod 600 while no pssst runs"
    };
    format!(
        "{} is not writable (mode {mode:04o}): {fix}",
        path.display()
    )
}

/// The first of `db`'s `-shm` and `-wal` files that exists and that `writable` refuses, with
/// its permission bits.
fn read_only_sidecar(db: &Path, writable: impl Fn(&Path) -> bool) -> Option<(PathBuf, u32)> {
    SUFFIXES.iter().find_map(|suffix| {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let path = PathBuf::from(path);
        let meta = std::fs::metadata(&path).ok()?;
        (!writable(&path)).then(|| (path, mode(&meta)))
    })
}

/// Whether the file opens for writing, as SQLite would open it (never created here).
fn is_writable(path: &Path) -> bool {
    OpenOptions::new().write(true).open(path).is_ok()
}

#[cfg(unix)]
fn mode(meta: &Metadata) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777
}

#[cfg(not(unix))]
fn mode(meta: &Metadata) -> u32 {
    if meta.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}

/// The `-shm` first: it is the one SQLite opens read-only and then refuses to write through.
const SUFFIXES: [&str; 2] = ["-shm", "-wal"];

#[cfg(test)]
mod tests {
    use super::*;

    /// The error and its source, as the CLI prints them.
    fn chain(err: &Error) -> String {
        let source = std::error::Error::source(err).unwrap();
        format!("{err}: {source}")
    }

    #[test]
    fn a_read_only_shm_is_named_with_its_mode_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        for name in ["r.db", "r.db-wal", "r.db-shm"] {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        let (shm, wal) = (dir.path().join("r.db-shm"), dir.path().join("r.db-wal"));
        let found = |refused: &Path| read_only_sidecar(&db, |p| p != refused).map(|f| f.0);
        assert_eq!(found(&shm), Some(shm.clone()));
        assert_eq!(found(&wal), Some(wal));
        assert_eq!(found(&db), None);

        let err = Error::ReadOnly(Flat(why(&shm, 0o444)).into());
        let expected = format!(
            "database is read-only: {} is not writable (mode 0444): remove it or chmod 600 \
             while no pssst runs",
            shm.display()
        );
        assert_eq!(chain(&err), expected);
    }

    #[test]
    fn a_read_only_wal_is_never_to_be_removed() {
        assert_eq!(
            why(Path::new("r.db-wal"), 0o444),
            "r.db-wal is not writable (mode 0444): chmod 600 it while \
             no pssst runs (removing it would lose committed writes)"
        );
    }

    #[test]
    fn other_errors_and_missing_sidecars_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        std::fs::write(&db, b"").unwrap();
        let err = explain_read_only(&db, Error::ReadOnly("x".into()));
        assert!(matches!(err, Error::ReadOnly(_)), "{err:?}");
        let err = explain_read_only(&db, Error::Database("x".into()));
        assert!(matches!(err, Error::Database(_)), "{err:?}");
    }
}
