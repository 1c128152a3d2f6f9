//! The temporary files a key-ring save writes before renaming: `.NAME.<12 hex digits>.tmp`
//! beside the ring, and removing those a killed writer left behind.
//!
//! A writer killed between creating its temporary file and renaming it leaves a full copy of
//! the ring, peppers included, under a hidden name; retiring a key later would not reach it.
//! Writers that hold the ring's lock (create, update) remove such copies first: while the lock
//! is held no other such writer can be halfway through, so every matching file is stale.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Result;

/// Random hex digits in a temporary name.
const RANDOM_HEX: usize = 12;

/// A fresh temporary path beside `path`: `.NAME.<12 hex digits>.tmp`.
pub(super) fn temp_path(path: &Path) -> Result<PathBuf> {
    let mut suffix = [0u8; RANDOM_HEX / 2];
    pssst::fill_bytes(&mut suffix)?;
    let temp = format!(".{}.{}.tmp", file_name(path), pssst::hex_lower(&suffix));
    Ok(path.with_file_name(temp))
}

/// Removes the temporary files of `path`'s ring left by writers that died before renaming.
/// Call with the ring's lock held. Failures are ignored: a copy that cannot be removed now is
/// tried again by the next writer, and it must not stop a rotation or a retirement.
pub(super) fn remove_stale(path: &Path) {
    let name = file_name(path);
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temp_of(&name, &entry.file_name().to_string_lossy()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `candidate` is a temporary name of the ring file called `name`.
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

fn file_name(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy());
    name.unwrap_or_default().into_owned()
}

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
    fn rotating_removes_copies_left_by_a_killed_writer() {
        use crate::{KeyRing, Timestamp};
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
}
