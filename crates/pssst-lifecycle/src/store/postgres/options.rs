//! How a PostgreSQL store connects: the server's URL, pool size, waits, and its own schema.

use std::fmt;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::store::postgres::redact::redacted;

/// How long connecting, and later waiting for a free connection, may take by default.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest schema name PostgreSQL keeps whole (`NAMEDATALEN - 1`).
const MAX_SCHEMA_LEN: usize = 63;

/// How to connect a [`PostgresStore`](crate::PostgresStore).
///
/// # Security
///
/// The URL may hold a password. `Debug` prints the server as user, host, port and database
/// only, and no error repeats the password.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::PostgresOptions;
/// let options = PostgresOptions::new("postgres://app:hunter2@db.internal/app")
///     .schema("pssst")?
///     .max_connections(16);
/// assert_eq!(options.schema_name(), Some("pssst"));
/// assert!(!format!("{options:?}").contains("hunter2"));
/// # Ok::<(), pssst_lifecycle::Error>(())
/// ```
#[derive(Clone)]
pub struct PostgresOptions {
    url: String,
    schema: Option<String>,
    max_connections: u32,
    connect_timeout: Duration,
}

impl PostgresOptions {
    /// Defaults for the server at `url` (`postgres://user:password@host:port/database`): the
    /// server's own `search_path`, 8 connections, 10 s to connect.
    ///
    /// # Examples
    ///
    /// See [`PostgresOptions`].
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            schema: None,
            max_connections: 8,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }

    /// Keeps the store's tables in this schema, created on connect if it does not exist. Every
    /// connection of the store (and of [`pool`](crate::PostgresStore::pool)) has it as its
    /// only `search_path`, so a deployment, or a test, can live beside others in one database.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] unless the name is 1 to 63 lowercase ASCII letters, digits and `_`,
    /// not starting with a digit: the name is written into SQL (quoted), never bound, so only
    /// names that need no escaping are accepted. Names starting with `pg_` are PostgreSQL's
    /// own and refused too.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::PostgresOptions;
    /// assert!(PostgresOptions::new("postgres://localhost/app").schema("tokens_v2").is_ok());
    /// assert!(PostgresOptions::new("postgres://localhost/app").schema("Tokens; --").is_err());
    /// ```
    pub fn schema(mut self, name: &str) -> Result<Self> {
        check_schema(name)?;
        self.schema = Some(name.to_owned());
        Ok(self)
    }

    /// The most connections the pool opens (at least 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let options = pssst_lifecycle::PostgresOptions::new("postgres://localhost/app")
    ///     .max_connections(4);
    /// # let _ = options;
    /// ```
    pub fn max_connections(mut self, max: u32) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// How long connecting may take, and how long an operation waits for a free connection of
    /// the pool before it fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = pssst_lifecycle::PostgresOptions::new("postgres://localhost/app")
    ///     .connect_timeout(Duration::from_secs(3));
    /// # let _ = options;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The schema set with [`PostgresOptions::schema`], if any.
    ///
    /// # Examples
    ///
    /// See [`PostgresOptions`].
    pub fn schema_name(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn max_connections_value(&self) -> u32 {
        self.max_connections
    }

    pub(crate) fn connect_timeout_value(&self) -> Duration {
        self.connect_timeout
    }
}

impl fmt::Debug for PostgresOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresOptions")
            .field("server", &redacted(&self.url))
            .field("schema", &self.schema)
            .field("max_connections", &self.max_connections)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

/// The schema name as an SQL identifier, double-quoted so that no word is read as a keyword.
/// Only names [`check_schema`] accepted reach here, and they hold no quote to escape.
pub(crate) fn quoted(schema: &str) -> String {
    format!("\"{schema}\"")
}

/// Accepts `^[a-z_][a-z0-9_]{0,62}$`: names that mean the same quoted or not and need no
/// escaping anywhere (SQL text, the `-c search_path=` startup option). `pg_` names are
/// reserved for PostgreSQL's system schemas.
pub(crate) fn check_schema(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !(first_ok && rest_ok && name.len() <= MAX_SCHEMA_LEN) {
        return Err(Error::argument(
            "schema",
            "expected 1 to 63 of a-z, 0-9 and _, not starting with a digit",
        ));
    }
    if name.starts_with("pg_") {
        return Err(Error::argument("schema", "pg_ names are PostgreSQL's own"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_that_need_no_escaping_are_accepted() {
        let longest = format!("s{}", "_".repeat(62));
        for name in ["pssst", "_", "a1", "pssst_test_0123456789abcdef", &longest] {
            assert!(check_schema(name).is_ok(), "{name:?}");
        }
    }

    #[test]
    fn schema_names_that_would_need_escaping_are_refused() {
        let too_long = "s".repeat(64);
        let cases = [
            "",
            "1abc",
            "Pssst",
            "a-b",
            "a b",
            "a\"b",
            "a;drop",
            "ä",
            "pg_catalog",
            "pg_temp_1",
            "public\0",
            &too_long,
        ];
        for name in cases {
            let err = check_schema(name).unwrap_err();
            assert!(
                matches!(err, Error::Argument { what: "schema", .. }),
                "{name:?}"
            );
        }
    }

    #[test]
    fn debug_hides_the_password() {
        let options = PostgresOptions::new("postgres://app:hunter2@db/app");
        let shown = format!("{options:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("postgres://app@db:5432/app"), "{shown}");
    }
}
