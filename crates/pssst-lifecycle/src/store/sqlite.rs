//! The embedded backend: one SQLite file, WAL, migrations applied on open.

mod errors;
mod location;
mod peer;
mod rows;

use std::borrow::Cow;
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use self::errors::{db_error, migrate_error, open_error};
use self::rows::{COLUMNS, hashes, push_in, push_live, record};
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::record::{TokenId, TokenRecord};
use crate::store::{BoxFuture, ListFilter, Lookup, NewToken, TokenStore};
use crate::time::Timestamp;

pub use self::location::default_db_path;
pub use self::peer::read_python_peer;

/// How hard SQLite works to keep a committed write through a power cut.
///
/// # Examples
///
/// ```
/// assert_eq!(pssst_lifecycle::store::sqlite::Durability::default(),
///            pssst_lifecycle::store::sqlite::Durability::Normal);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=NORMAL` in WAL mode (the default): every commit is atomic and survives a
    /// crash of the process; a power cut or kernel crash can lose the last commits (never
    /// corrupt the file). A lost issue is a mail link that fails; a lost consume would make a
    /// token usable again after a power cut, which `Full` rules out.
    #[default]
    Normal,
    /// `synchronous=FULL`: every commit is on disk before it returns, at the cost of an fsync
    /// per commit (see `bench/lifecycle.sh` for the price).
    Full,
}

/// How to open a SQLite store.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::store::sqlite::{Durability, SqliteOptions};
/// let options = SqliteOptions::new("/tmp/pssst.db").durability(Durability::Full);
/// assert_eq!(options.path(), std::path::Path::new("/tmp/pssst.db"));
/// ```
#[derive(Clone, Debug)]
pub struct SqliteOptions {
    path: PathBuf,
    durability: Durability,
    busy_timeout: Duration,
    max_connections: u32,
}

impl SqliteOptions {
    /// Defaults for the file at `path`: `Normal` durability, 5 s busy timeout, 8 connections.
    ///
    /// # Examples
    ///
    /// See [`SqliteOptions`].
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            durability: Durability::Normal,
            busy_timeout: Duration::from_secs(5),
            max_connections: 8,
        }
    }

    /// Sets the durability.
    ///
    /// # Examples
    ///
    /// See [`SqliteOptions`].
    pub fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    /// How long a statement waits for another connection's lock before failing with
    /// [`Error::Locked`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = pssst_lifecycle::store::sqlite::SqliteOptions::new("x.db")
    ///     .busy_timeout(Duration::from_millis(100));
    /// # let _ = options;
    /// ```
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// The most connections the pool opens (at least 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let options = pssst_lifecycle::store::sqlite::SqliteOptions::new("x.db").max_connections(2);
    /// # let _ = options;
    /// ```
    pub fn max_connections(mut self, max: u32) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// The database file.
    ///
    /// # Examples
    ///
    /// See [`SqliteOptions`].
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Tokens in one SQLite file.
///
/// Opening creates the file (mode 0600 on Unix) if needed, turns on WAL and the busy timeout,
/// and applies the embedded migrations.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let dir = tempfile::tempdir()?;
/// let store = pssst_lifecycle::SqliteStore::open(dir.path().join("pssst.db")).await?;
/// store.close().await;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` with default options.
    ///
    /// # Errors
    ///
    /// [`Error::Open`] when the file cannot be created or opened; [`Error::Corrupt`] when it
    /// is not a database; [`Error::Locked`] when another connection holds it past the busy
    /// timeout; [`Error::ReadOnly`] when it cannot be written; [`Error::Migration`] when the
    /// schema cannot be brought up to date.
    ///
    /// # Examples
    ///
    /// See [`SqliteStore`].
    pub async fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(SqliteOptions::new(path.as_ref())).await
    }

    /// Opens the database at [`default_db_path`], creating its folder (mode 0700).
    ///
    /// # Errors
    ///
    /// [`Error::NoDefaultPath`], then as [`SqliteStore::open`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), pssst_lifecycle::Error> {
    /// let store = pssst_lifecycle::SqliteStore::open_default().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn open_default() -> Result<Self> {
        let path = default_db_path()?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_private_dir(parent).map_err(|e| cannot_open(&path, e))?;
        }
        Self::open(path).await
    }

    /// Opens the database described by `options`.
    ///
    /// # Errors
    ///
    /// As [`SqliteStore::open`].
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::store::sqlite::{Durability, SqliteOptions};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let dir = tempfile::tempdir()?;
    /// let options = SqliteOptions::new(dir.path().join("a.db")).durability(Durability::Full);
    /// let store = pssst_lifecycle::SqliteStore::open_with(options).await?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn open_with(options: SqliteOptions) -> Result<Self> {
        let path = options.path.as_path();
        create_private_file(path).map_err(|e| cannot_open(path, e))?;
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(synchronous(options.durability))
            .busy_timeout(options.busy_timeout)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections)
            .connect_with(connect)
            .await
            .map_err(|e| open_error(path, e))?;
        Self::migrated(pool).await
    }

    /// A private database in memory, gone when the store is dropped: for examples and tests.
    ///
    /// # Errors
    ///
    /// As [`SqliteStore::open`], which in practice cannot happen.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = pssst_lifecycle::SqliteStore::open_in_memory().await?;
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn open_in_memory() -> Result<Self> {
        // One connection that never closes: each in-memory connection is its own database.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(SqliteConnectOptions::new().in_memory(true))
            .await
            .map_err(db_error)?;
        Self::migrated(pool).await
    }

    async fn migrated(pool: SqlitePool) -> Result<Self> {
        let migrator = Migrator::new(Embedded).await.map_err(migrate_error)?;
        migrator.run(&pool).await.map_err(migrate_error)?;
        tracing::info!(target: "pssst::store", "sqlite schema up to date");
        Ok(Self { pool })
    }

    /// The connection pool, for an application's own tables in the same file.
    ///
    /// # Security
    ///
    /// Writing the `tokens` table directly bypasses every rule of this library.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = pssst_lifecycle::SqliteStore::open_in_memory().await?;
    /// sqlx::query("CREATE TABLE users (id TEXT PRIMARY KEY, password TEXT)")
    ///     .execute(store.pool()).await?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection, waiting for those in use.
    ///
    /// # Examples
    ///
    /// See [`SqliteStore`].
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl TokenStore for SqliteStore {
    type Conn = SqliteConnection;

    async fn insert(&self, row: &NewToken, keep: Option<u32>) -> Result<u64> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)?;
        let revoked = match keep {
            Some(keep) => supersede(row, keep).build().execute(&mut *tx).await,
            None => Ok(Default::default()),
        }
        .map_err(db_error)?
        .rows_affected();
        insert_row(row)
            .build()
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(revoked)
    }

    async fn find(&self, digests: &[Digest]) -> Result<Option<TokenRecord>> {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM tokens WHERE"));
        query.push(" kind = 'token' AND");
        push_in(&mut query, "token_hash", hashes(digests));
        let row = query
            .build()
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.as_ref().map(record).transpose()
    }

    async fn consume(&self, lookup: &Lookup<'_>) -> Result<Option<TokenRecord>> {
        let row = consume_token(lookup)
            .build()
            .fetch_optional(&self.pool)
            .await;
        row.map_err(db_error)?.as_ref().map(record).transpose()
    }

    async fn consume_with<T, E, F>(
        &self,
        lookup: &Lookup<'_>,
        work: F,
    ) -> Result<Option<(TokenRecord, T)>, E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut SqliteConnection, TokenRecord) -> BoxFuture<'c, Result<T, E>>
            + Send,
    {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)?;
        let row = consume_token(lookup).build().fetch_optional(&mut *tx).await;
        let Some(row) = row.map_err(db_error)? else {
            tx.rollback().await.map_err(db_error)?;
            return Ok(None);
        };
        let found = record(&row)?;

        match work(&mut tx, found.clone()).await {
            Ok(value) => {
                tx.commit().await.map_err(db_error)?;
                Ok(Some((found, value)))
            }
            Err(err) => {
                tx.rollback().await.map_err(db_error)?;
                Err(err)
            }
        }
    }

    async fn charge_code_attempt(
        &self,
        subject: &str,
        purpose: &str,
        max_attempts: u32,
        now: Timestamp,
    ) -> Result<Vec<TokenId>> {
        let mut query = QueryBuilder::new("UPDATE tokens SET attempts = attempts + 1 WHERE");
        query
            .push(" kind = 'code' AND subject = ")
            .push_bind(subject);
        query.push(" AND purpose = ").push_bind(purpose);
        query
            .push(" AND attempts < ")
            .push_bind(i64::from(max_attempts));
        query.push(" AND");
        push_live(&mut query, now);
        query.push(" RETURNING id");
        let ids: Vec<(String,)> = query
            .build_query_as()
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        ids.iter().map(|(id,)| id.parse()).collect()
    }

    async fn consume_code(
        &self,
        ids: &[TokenId],
        digests: &[Digest],
        now: Timestamp,
    ) -> Result<Option<TokenRecord>> {
        let mut query = QueryBuilder::new("UPDATE tokens SET used_at = ");
        query
            .push_bind(now.as_unix_micros())
            .push(" WHERE kind = 'code' AND");
        push_in(&mut query, "id", ids.iter().map(TokenId::to_string));
        query.push(" AND");
        push_in(&mut query, "token_hash", hashes(digests));
        query.push(" AND");
        push_live(&mut query, now);
        query.push(format_args!(" RETURNING {COLUMNS}"));
        let row = query
            .build()
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.as_ref().map(record).transpose()
    }

    async fn revoke(&self, id: TokenId, now: Timestamp) -> Result<bool> {
        let mut query = QueryBuilder::new("UPDATE tokens SET revoked_at = ");
        query.push_bind(now.as_unix_micros());
        query
            .push(" WHERE id = ")
            .push_bind(id.to_string())
            .push(" AND");
        push_live(&mut query, now);
        let done = query.build().execute(&self.pool).await.map_err(db_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke_all(
        &self,
        subject: &str,
        purpose: Option<&str>,
        now: Timestamp,
    ) -> Result<u64> {
        let mut query = QueryBuilder::new("UPDATE tokens SET revoked_at = ");
        query.push_bind(now.as_unix_micros());
        query.push(" WHERE subject = ").push_bind(subject);
        if let Some(purpose) = purpose {
            query.push(" AND purpose = ").push_bind(purpose);
        }
        query.push(" AND");
        push_live(&mut query, now);
        let done = query.build().execute(&self.pool).await.map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn purge_batch(&self, cutoff: Timestamp, limit: u32) -> Result<u64> {
        let cutoff = cutoff.as_unix_micros();
        let done = sqlx::query(
            "DELETE FROM tokens WHERE id IN (SELECT id FROM tokens \
             WHERE expires_at <= $1 OR used_at <= $1 OR revoked_at <= $1 LIMIT $2)",
        )
        .bind(cutoff)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn list(&self, filter: &ListFilter, now: Timestamp) -> Result<Vec<TokenRecord>> {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM tokens WHERE 1 = 1"));
        if let Some(subject) = &filter.subject {
            query.push(" AND subject = ").push_bind(subject);
        }
        if let Some(purpose) = &filter.purpose {
            query.push(" AND purpose = ").push_bind(purpose);
        }
        if filter.live_only {
            query.push(" AND");
            push_live(&mut query, now);
        }
        query.push(" ORDER BY created_at DESC, id DESC LIMIT ");
        query.push_bind(i64::from(filter.limit));
        let rows = query
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter().map(record).collect()
    }

    async fn import(&self, rows: &[NewToken]) -> Result<u64> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_error)?;
        let mut inserted = 0;
        for row in rows {
            let mut query = insert_row(row);
            query.push(" ON CONFLICT DO NOTHING");
            let done = query.build().execute(&mut *tx).await.map_err(db_error)?;
            inserted += done.rows_affected();
        }
        tx.commit().await.map_err(db_error)?;
        Ok(inserted)
    }
}

/// The guarded consume: exactly one concurrent caller can turn `used_at` from NULL.
fn consume_token<'a>(lookup: &Lookup<'a>) -> QueryBuilder<'a, Sqlite> {
    let mut query = QueryBuilder::new("UPDATE tokens SET used_at = ");
    query.push_bind(lookup.now.as_unix_micros());
    query
        .push(" WHERE kind = 'token' AND purpose = ")
        .push_bind(lookup.purpose);
    query.push(" AND");
    push_in(&mut query, "token_hash", hashes(lookup.digests));
    query.push(" AND");
    push_live(&mut query, lookup.now);
    query.push(format_args!(" RETURNING {COLUMNS}"));
    query
}

/// Revokes live rows of the same subject, purpose and kind beyond the newest `keep - 1`.
fn supersede(row: &NewToken, keep: u32) -> QueryBuilder<'_, Sqlite> {
    let same = |query: &mut QueryBuilder<'_, Sqlite>| {
        query.push(" subject = ").push_bind(row.subject.clone());
        query.push(" AND purpose = ").push_bind(row.purpose.clone());
        query.push(" AND kind = ").push_bind(row.kind.as_str());
        query.push(" AND");
        push_live(query, row.created_at);
    };
    let mut query = QueryBuilder::new("UPDATE tokens SET revoked_at = ");
    query
        .push_bind(row.created_at.as_unix_micros())
        .push(" WHERE");
    same(&mut query);
    query.push(" AND id NOT IN (SELECT id FROM tokens WHERE");
    same(&mut query);
    query.push(" ORDER BY created_at DESC, id DESC LIMIT ");
    query.push_bind(i64::from(keep.saturating_sub(1))).push(")");
    query
}

fn insert_row(row: &NewToken) -> QueryBuilder<'_, Sqlite> {
    let mut query = QueryBuilder::new(
        "INSERT INTO tokens (id, kind, subject, purpose, scheme, key_id, token_hash, \
         created_at, expires_at, used_at) VALUES (",
    );
    let mut values = query.separated(", ");
    values.push_bind(row.id.to_string());
    values.push_bind(row.kind.as_str());
    values.push_bind(row.subject.as_str());
    values.push_bind(row.purpose.as_str());
    values.push_bind(row.digest.scheme());
    values.push_bind(row.digest.key_id());
    values.push_bind(row.digest.hex());
    values.push_bind(row.created_at.as_unix_micros());
    values.push_bind(row.expires_at.as_unix_micros());
    values.push_bind(row.used_at.map(Timestamp::as_unix_micros));
    values.push_unseparated(")");
    query
}

fn synchronous(durability: Durability) -> SqliteSynchronous {
    match durability {
        Durability::Normal => SqliteSynchronous::Normal,
        Durability::Full => SqliteSynchronous::Full,
    }
}

/// Creates the database file owner-only before SQLite does (SQLite would use the umask, and
/// gives its `-wal` and `-shm` files the main file's permissions).
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

fn cannot_open(path: &Path, source: std::io::Error) -> Error {
    Error::Open {
        path: path.to_owned(),
        source: Box::new(source),
    }
}

/// The migrations, compiled into the binary.
#[derive(Debug)]
struct Embedded;

const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "tokens",
    include_str!("../../migrations/sqlite/0001_tokens.sql"),
)];

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async {
            let all = MIGRATIONS.iter().map(|&(version, name, sql)| {
                let (name, sql) = (Cow::Borrowed(name), Cow::Borrowed(sql));
                Migration::new(version, name, MigrationType::Simple, sql, false)
            });
            Ok(all.collect())
        })
    }
}

type BoxDynError = Box<dyn std::error::Error + Send + Sync>;
