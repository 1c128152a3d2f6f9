//! Where the database lives when the caller does not say.

use std::env;
use std::path::PathBuf;

use crate::error::{Error, Result};

/// The default database file: `$PSSST_DB` if set and not empty; else
/// `$XDG_DATA_HOME/pssst/pssst.db` if `XDG_DATA_HOME` is an absolute path (the XDG Base
/// Directory rule); else `$HOME/.local/share/pssst/pssst.db`.
///
/// # Errors
///
/// [`Error::NoDefaultPath`] when none of these variables is usable.
///
/// # Examples
///
/// ```
/// // With PSSST_DB, HOME or XDG_DATA_HOME set, a path comes back.
/// if let Ok(path) = pssst_lifecycle::default_db_path() {
///     assert!(path.is_absolute() || std::env::var_os("PSSST_DB").is_some());
/// }
/// ```
pub fn default_db_path() -> Result<PathBuf> {
    resolve(|name| {
        env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

fn resolve(var: impl Fn(&str) -> Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = var("PSSST_DB") {
        return Ok(path);
    }
    if let Some(data) = var("XDG_DATA_HOME").filter(|p| p.is_absolute()) {
        return Ok(data.join("pssst").join("pssst.db"));
    }
    match var("HOME").filter(|p| p.is_absolute()) {
        Some(home) => Ok(home.join(".local/share/pssst/pssst.db")),
        None => Err(Error::NoDefaultPath),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<PathBuf> {
        let pairs: Vec<(String, PathBuf)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), PathBuf::from(v)))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn pssst_db_wins() {
        let env = env_of(&[("PSSST_DB", "here.db"), ("HOME", "/home/a")]);
        assert_eq!(resolve(env).unwrap(), PathBuf::from("here.db"));
    }

    #[test]
    fn relative_xdg_data_home_is_ignored() {
        let env = env_of(&[("XDG_DATA_HOME", "rel"), ("HOME", "/home/a")]);
        let expected = PathBuf::from("/home/a/.local/share/pssst/pssst.db");
        assert_eq!(resolve(env).unwrap(), expected);
    }

    #[test]
    fn xdg_data_home_is_used_when_absolute() {
        let env = env_of(&[("XDG_DATA_HOME", "/data"), ("HOME", "/home/a")]);
        assert_eq!(resolve(env).unwrap(), PathBuf::from("/data/pssst/pssst.db"));
    }

    #[test]
    fn nothing_set_is_an_error() {
        assert!(matches!(resolve(env_of(&[])), Err(Error::NoDefaultPath)));
    }
}
