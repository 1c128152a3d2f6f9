//! The embedded backend: one SQLite file, WAL, migrations applied on open.

mod backup;
mod errors;
mod integrity;
mod location;
mod migrations;
mod options;
mod ownership;
mod peer;
mod rows;
mod schema;
mod sidecars;
mod statements;

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, Transaction};
use tokio::sync::{Mutex, MutexGuard};

use self::errors::{db_error, migrate_error, open_error};
use self::migrations::Embedded;
use self::ownership::check_ours;
use self::rows::{COLUMNS, hashes, push_in, push_live, record};
use self::schema::{check_schema, check_version};
use self::sidecars::explain_read_only;
use self::statements::{REMEMBER_IMPORT, consume_token, insert_row, supersede};
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::lock::{Lock, lock_error};
use crate::record::{TokenId, TokenRecord};
use crate::store::{BoxFuture, ListFilter, Lookup, NewToken, TokenStore, settle};
use crate::time::Timestamp;

pub use self::integrity::Thoroughness;
pub use self::location::default_db_path;
use self::options::DEFAULT_BUSY_TIMEOUT;
pub use self::options::{Durability, SqliteOptions};
pub use self::peer::read_python_peer;

/// Tokens in one SQLite file.
///
/// Opening creates the file (mode 0600 on Unix) if needed, refuses another application's
/// database, turns on WAL and the busy timeout, and applies the embedded migrations; these
/// steps hold an exclusive lock on the sidecar file `<path>.lock`, so that processes opening
/// a new file at once do not race to create the schema.
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
    /// Writers of this process take turns here, first come first served, instead of in
    /// SQLite's busy handler, which polls with growing sleeps and let a waiter starve past the
    /// busy timeout with 16 concurrent writers (seen in `bench/lifecycle.sh`). SQLite admits
    /// one writer at a time anyway; the busy timeout still covers other processes.
    writes: Arc<Mutex<()>>,
    busy_timeout: Duration,
    /// The file, to explain a write refused as read-only; `None` in memory.
    path: Option<Arc<Path>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` with default options.
    ///
    /// # Errors
    ///
    /// [`Error::Open`] when the file cannot be created or opened; [`Error::NotAFile`] when the
    /// path is a device, FIFO or directory; [`Error::LockFile`] when its `.lock` sidecar cannot
    /// be created (a read-only folder); [`Error::FolderReadOnly`] when SQLite cannot create
    /// its `-wal` and `-shm` files beside it; [`Error::Corrupt`] when it is not a database;
    /// [`Error::Foreign`] when it is another application's database; [`Error::Locked`] when
    /// another connection or opener holds it past the busy timeout; [`Error::ReadOnly`] when it
    /// cannot be written; [`Error::NewerSchema`] when a newer pssst has migrated it;
    /// [`Error::Migration`] when the schema cannot be brought up to date; [`Error::Schema`] when
    /// pssst's tables, indexes or triggers differ from those its migrations make (a table
    /// dropped, `tokens` rebuilt without its constraints); nothing is changed then.
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
        let path = options.path();
        let created = create_if_missing(path)?;
        require_regular_file(path)?;
        // LIMITATION: every open, for reading too, needs the folder writable: for the lock
        // file here, and for SQLite's -wal and -shm files. A database in a read-only folder
        // can be read only through a copy (`backup_to`) placed somewhere writable.
        let _opening = opening_lock(path, options.busy_timeout_value()).await?;
        let opened = Self::open_locked(&options).await;
        // Under the opening lock, so no other opener can be halfway through filling the file.
        if opened.is_err() && created {
            remove_if_empty(path);
        }
        opened
    }

    /// The steps of [`Self::open_with`] that run under the opening lock.
    async fn open_locked(options: &SqliteOptions) -> Result<Self> {
        let path = options.path();
        check_ours(path).await?;

        let connect = SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(options.synchronous())
            .busy_timeout(options.busy_timeout_value())
            .foreign_keys(true);
        // No ping before each use: a connection to a local file cannot go stale the way a
        // network one can, and the ping is a round trip to sqlx's worker thread per operation.
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections_value())
            .test_before_acquire(false)
            .connect_with(connect)
            .await
            .map_err(|e| open_error(path, e))?;
        check_version(&pool, path).await?;
        let mut store = Self::migrated(pool, options.busy_timeout_value()).await?;
        check_schema(store.pool()).await?;
        store.path = Some(path.into());
        Ok(store)
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
        Self::migrated(pool, DEFAULT_BUSY_TIMEOUT).await
    }

    async fn migrated(pool: SqlitePool, busy_timeout: Duration) -> Result<Self> {
        let migrator = Migrator::new(Embedded).await.map_err(migrate_error)?;
        migrator.run(&pool).await.map_err(migrate_error)?;
        tracing::info!(target: "pssst::store", "sqlite schema up to date");
        Ok(Self {
            pool,
            writes: Arc::default(),
            busy_timeout,
            path: None,
        })
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

    /// Waits for this process's other writers, as long as SQLite would wait for a lock.
    async fn turn(&self) -> Result<MutexGuard<'_, ()>> {
        let waited = tokio::time::timeout(self.busy_timeout, self.writes.lock()).await;
        waited.map_err(|_| Error::Locked("another writer of this process held on too long".into()))
    }

    /// A transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`), so a writer
    /// never reads under a shared lock and then fails to upgrade it. Call after [`Self::turn`].
    async fn begin_write(&self) -> Result<Transaction<'_, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| self.fail(e))
    }

    /// A driver error as the library's, naming a read-only `-wal` or `-shm` file when that is
    /// why a writable database refused a write.
    fn fail(&self, err: sqlx::Error) -> Error {
        match &self.path {
            Some(path) => explain_read_only(path, db_error(err)),
            None => db_error(err),
        }
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

    async fn insert_with<T, E, F>(
        &self,
        row: &NewToken,
        keep: Option<u32>,
        work: F,
    ) -> Result<(Vec<TokenId>, T), E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, E>> + Send,
    {
        let _turn = self.turn().await?;
        let mut tx = self.begin_write().await?;
        let revoked: Vec<(String,)> = match keep {
            Some(keep) => {
                supersede(row, keep)
                    .build_query_as()
                    .fetch_all(&mut *tx)
                    .await
            }
            None => Ok(Vec::new()),
        }
        .map_err(|e| self.fail(e))?;
        let revoked = revoked
            .iter()
            .map(|(id,)| id.parse())
            .collect::<Result<Vec<TokenId>>>()?;
        insert_row(row)
            .build()
            .execute(&mut *tx)
            .await
            .map_err(|e| self.fail(e))?;

        let outcome = work(&mut tx).await;
        let value = settle(tx, outcome, |e| self.fail(e)).await?;
        Ok((revoked, value))
    }

    async fn find(&self, digests: &[Digest]) -> Result<Option<TokenRecord>> {
        let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM tokens WHERE"));
        query.push(" kind = 'token' AND");
        push_in(&mut query, "token_hash", hashes(digests));
        let row = query
            .build()
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        row.as_ref().map(record).transpose()
    }

    async fn consume(&self, lookup: &Lookup<'_>) -> Result<Option<TokenRecord>> {
        let _turn = self.turn().await?;
        let row = consume_token(lookup)
            .build()
            .fetch_optional(&self.pool)
            .await;
        row.map_err(|e| self.fail(e))?
            .as_ref()
            .map(record)
            .transpose()
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
        let _turn = self.turn().await?;
        let mut tx = self.begin_write().await?;
        let row = consume_token(lookup).build().fetch_optional(&mut *tx).await;
        let Some(row) = row.map_err(|e| self.fail(e))? else {
            tx.rollback().await.map_err(|e| self.fail(e))?;
            return Ok(None);
        };
        let found = record(&row)?;

        let outcome = work(&mut tx, found.clone()).await;
        let value = settle(tx, outcome, |e| self.fail(e)).await?;
        Ok(Some((found, value)))
    }

    async fn charge_code_attempt(
        &self,
        subject: &str,
        purpose: &str,
        max_attempts: u32,
        now: Timestamp,
    ) -> Result<Vec<TokenId>> {
        let _turn = self.turn().await?;
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
            .map_err(|e| self.fail(e))?;
        ids.iter().map(|(id,)| id.parse()).collect()
    }

    async fn consume_code(
        &self,
        ids: &[TokenId],
        digests: &[Digest],
        now: Timestamp,
    ) -> Result<Option<TokenRecord>> {
        let _turn = self.turn().await?;
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
            .map_err(|e| self.fail(e))?;
        row.as_ref().map(record).transpose()
    }

    async fn revoke(&self, id: TokenId, now: Timestamp) -> Result<bool> {
        let _turn = self.turn().await?;
        let mut query = QueryBuilder::new("UPDATE tokens SET revoked_at = ");
        query.push_bind(now.as_unix_micros());
        query
            .push(" WHERE id = ")
            .push_bind(id.to_string())
            .push(" AND");
        push_live(&mut query, now);
        let done = query
            .build()
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke_all(
        &self,
        subject: &str,
        purpose: Option<&str>,
        now: Timestamp,
    ) -> Result<u64> {
        let _turn = self.turn().await?;
        let mut query = QueryBuilder::new("UPDATE tokens SET revoked_at = ");
        query.push_bind(now.as_unix_micros());
        query.push(" WHERE subject = ").push_bind(subject);
        if let Some(purpose) = purpose {
            query.push(" AND purpose = ").push_bind(purpose);
        }
        query.push(" AND");
        push_live(&mut query, now);
        let done = query
            .build()
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected())
    }

    async fn purge_batch(&self, cutoff: Timestamp, limit: u32) -> Result<u64> {
        let _turn = self.turn().await?;
        let cutoff = cutoff.as_unix_micros();
        let done = sqlx::query(
            "DELETE FROM tokens WHERE id IN (SELECT id FROM tokens \
             WHERE expires_at <= $1 OR used_at <= $1 OR revoked_at <= $1 LIMIT $2)",
        )
        .bind(cutoff)
        .bind(i64::from(limit))
        .execute(&self.pool)
        .await
        .map_err(|e| self.fail(e))?;
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
            .map_err(|e| self.fail(e))?;
        rows.iter().map(record).collect()
    }

    async fn import(&self, rows: &[NewToken]) -> Result<u64> {
        let _turn = self.turn().await?;
        let mut tx = self.begin_write().await?;
        let mut inserted = 0;
        for row in rows {
            let first_import = sqlx::query(REMEMBER_IMPORT)
                .bind(row.digest.hex())
                .execute(&mut *tx)
                .await
                .map_err(|e| self.fail(e))?;
            if first_import.rows_affected() == 0 {
                continue;
            }
            let mut query = insert_row(row);
            query.push(" ON CONFLICT DO NOTHING");
            let done = query
                .build()
                .execute(&mut *tx)
                .await
                .map_err(|e| self.fail(e))?;
            inserted += done.rows_affected();
        }
        tx.commit().await.map_err(|e| self.fail(e))?;
        Ok(inserted)
    }
}

/// Creates `path` as a new, empty, owner-only file (mode 0600 on Unix, set at creation, so it
/// is never readable by others even for a moment); an existing file is `AlreadyExists`. The
/// database is created this way before SQLite opens it (SQLite would use the umask, and gives
/// its `-wal` and `-shm` files the main file's permissions), and so is a backup.
fn create_new_private(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Creates the database file owner-only if it is missing; says whether this call created it.
fn create_if_missing(path: &Path) -> Result<bool> {
    match create_new_private(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(cannot_open(path, e)),
    }
}

/// Removes a database file this open created and could not fill (a full disk, a folder SQLite
/// cannot write its `-wal` in), so that a failed first open leaves no empty file to be taken
/// for a database later. A file with anything in it is kept.
fn remove_if_empty(path: &Path) {
    if std::fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() == 0) {
        let _ = std::fs::remove_file(path);
    }
}

/// Serialises openers of one file across processes, from the ownership check to the last
/// migration: without it, two first opens of a new file both found no schema and both ran
/// `CREATE TABLE`. The lock is on a sidecar, never the database file, which SQLite locks with
/// `fcntl` (see `crate::lock`); it covers only opening, as SQLite's own locks cover the rest.
async fn opening_lock(path: &Path, timeout: Duration) -> Result<Lock> {
    match Lock::wait_within(path, timeout).await {
        Ok(Some(lock)) => Ok(lock),
        Ok(None) => Err(Error::Locked(
            "another process held on too long while opening".into(),
        )),
        Err(e) => Err(lock_error(path, e)),
    }
}

/// Refuses a path that exists as something other than a file (`/dev/null`, a FIFO, a
/// directory): SQLite would fail on it later with a less helpful message, or not at all.
fn require_regular_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_open(path, e))?;
    if meta.is_file() {
        return Ok(());
    }
    Err(Error::NotAFile {
        path: path.to_owned(),
    })
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
