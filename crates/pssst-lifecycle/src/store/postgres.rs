//! The server backend: PostgreSQL through a connection pool, migrations applied on connect.

mod errors;
mod options;
mod redact;
mod rows;
mod setup;
mod statements;

use std::fmt;

use sqlx::postgres::{PgConnection, PgPool, PgRow};
use sqlx::{Postgres, Transaction};

use self::errors::db_error;
use self::redact::server;
use self::rows::{PgTime, pg_time, record};
use self::setup::{connect_options, open};
use self::statements as sql;
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::record::{TokenId, TokenRecord};
use crate::store::{BoxFuture, ListFilter, Lookup, NewToken, TokenStore, settle};
use crate::time::Timestamp;

pub use self::options::PostgresOptions;

/// Tokens in a PostgreSQL database, optionally in a schema of their own.
///
/// Connecting reads the URL, opens one connection and, holding an advisory lock on it, creates
/// the schema (if one was asked for and is missing), opens the pool and applies the embedded
/// migrations, so that several servers starting at once against a new database take turns
/// instead of racing.
///
/// Times are `timestamptz`, converted exactly to and from [`Timestamp`] microseconds; ids are
/// `uuid`. Consume is one guarded `UPDATE ... RETURNING`, as on SQLite; issuing serialises
/// issuers of the same subject and purpose with a transaction-scoped advisory lock, which
/// SQLite's single writer gives for free.
///
/// Without [`PostgresOptions::schema`], the tables (and sqlx's `_sqlx_migrations`) go in the
/// first schema of the server's `search_path`, usually `public`: in a database shared with
/// another application that uses sqlx migrations, give pssst a schema of its own.
///
/// # Security
///
/// `Debug` and every error name the server by user, host, port and database only; a password
/// in the URL never shows. Row errors keep the server's message and SQLSTATE but not its
/// `DETAIL`, which would quote the stored hash.
///
/// Connections are not encrypted: sqlx is built without TLS, and a URL with
/// `sslmode=require` fails to connect (see the limitation in the source).
///
/// # Examples
///
/// ```no_run
/// use pssst_lifecycle::{Config, KeyRing, Lifecycle, PostgresStore, SystemClock, Clock};
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let store = PostgresStore::connect("postgres://app@127.0.0.1:5432/app").await?;
/// let lifecycle = Lifecycle::new(store, KeyRing::generate(SystemClock.now())?, Config::default());
/// let issued = lifecycle.issue("user-42", "reset", Default::default()).await?;
/// assert!(lifecycle.consume(issued.token(), "reset").await.is_ok());
/// # Ok::<(), pssst_lifecycle::Error>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// LIMITATION: no TLS to the server. sqlx's TLS features would bring rustls or native-tls into
// the dependency tree, so statements, stored hashes and subjects cross the network in clear,
// and a URL with `sslmode=require` fails with sqlx's "built without TLS support" error. Run
// PostgreSQL on the same host (loopback or a Unix socket) or a private network, or tunnel the
// connection.
#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
    server: String,
    schema: Option<String>,
}

impl PostgresStore {
    /// Connects to the database at `url` with default options.
    ///
    /// # Errors
    ///
    /// [`Error::DatabaseUrl`] when the URL does not parse; [`Error::Connect`] when the server
    /// cannot be reached within the connect timeout or refuses the connection (credentials,
    /// unknown database); [`Error::Migration`] when the schema cannot be brought up to date;
    /// [`Error::Database`] for any other failure.
    ///
    /// # Examples
    ///
    /// See [`PostgresStore`].
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(PostgresOptions::new(url)).await
    }

    /// Connects as `options` say.
    ///
    /// # Errors
    ///
    /// As [`PostgresStore::connect`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use pssst_lifecycle::{PostgresOptions, PostgresStore};
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let options = PostgresOptions::new("postgres://app@127.0.0.1/app")
    ///     .schema("pssst")?
    ///     .max_connections(16);
    /// let store = PostgresStore::connect_with(options).await?;
    /// store.close().await;
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn connect_with(options: PostgresOptions) -> Result<Self> {
        let connect = connect_options(&options)?;
        let pool = open(&connect, &options).await?;
        Ok(Self {
            pool,
            server: server(&connect),
            schema: options.schema_name().map(str::to_owned),
        })
    }

    /// The connection pool, for an application's own tables; its connections use the store's
    /// schema as their `search_path`.
    ///
    /// # Security
    ///
    /// Writing the `tokens` table directly bypasses every rule of this library.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = pssst_lifecycle::PostgresStore::connect("postgres://app@127.0.0.1/app").await?;
    /// let (live,): (i64,) = sqlx::query_as("SELECT count(*) FROM tokens WHERE used_at IS NULL")
    ///     .fetch_one(store.pool())
    ///     .await?;
    /// # let _ = live;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes every connection, waiting for those in use.
    ///
    /// # Examples
    ///
    /// See [`PostgresStore::connect_with`].
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn begin(&self) -> Result<Transaction<'_, Postgres>> {
        self.pool.begin().await.map_err(db_error)
    }

    async fn fetch_record(&self, query: SqlQuery<'_>) -> Result<Option<TokenRecord>> {
        let row = query.fetch_optional(&self.pool).await.map_err(db_error)?;
        row.as_ref().map(record).transpose()
    }
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("server", &self.server)
            .field("schema", &self.schema)
            .field("connections", &self.pool.size())
            .finish()
    }
}

impl TokenStore for PostgresStore {
    type Conn = PgConnection;

    async fn insert_with<T, E, F>(
        &self,
        row: &NewToken,
        keep: Option<u32>,
        work: F,
    ) -> Result<(Vec<TokenId>, T), E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut PgConnection) -> BoxFuture<'c, Result<T, E>> + Send,
    {
        let mut tx = self.begin().await?;
        let revoked = match keep {
            Some(keep) => supersede(&mut tx, row, keep).await?,
            None => Vec::new(),
        };
        insert_row(sql::INSERT, row)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;

        let outcome = work(&mut tx).await;
        let value = settle(tx, outcome, db_error).await?;
        Ok((revoked, value))
    }

    async fn find(&self, digests: &[Digest]) -> Result<Option<TokenRecord>> {
        self.fetch_record(sqlx::query(sql::FIND).bind(hashes(digests)))
            .await
    }

    async fn consume(&self, lookup: &Lookup<'_>) -> Result<Option<TokenRecord>> {
        self.fetch_record(consume_token(lookup)).await
    }

    async fn consume_with<T, E, F>(
        &self,
        lookup: &Lookup<'_>,
        work: F,
    ) -> Result<Option<(TokenRecord, T)>, E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut PgConnection, TokenRecord) -> BoxFuture<'c, Result<T, E>> + Send,
    {
        let mut tx = self.begin().await?;
        let row = consume_token(lookup).fetch_optional(&mut *tx).await;
        let Some(row) = row.map_err(db_error)? else {
            tx.rollback().await.map_err(db_error)?;
            return Ok(None);
        };
        let found = record(&row)?;

        let outcome = work(&mut tx, found.clone()).await;
        let value = settle(tx, outcome, db_error).await?;
        Ok(Some((found, value)))
    }

    async fn charge_code_attempt(
        &self,
        subject: &str,
        purpose: &str,
        max_attempts: u32,
        now: Timestamp,
    ) -> Result<Vec<TokenId>> {
        let ids: Vec<pssst::Uuid> = sqlx::query_scalar(sql::CHARGE_CODE_ATTEMPT)
            .bind(subject)
            .bind(purpose)
            .bind(i64::from(max_attempts))
            .bind(PgTime(now))
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(ids.into_iter().map(TokenId::from_uuid).collect())
    }

    async fn consume_code(
        &self,
        ids: &[TokenId],
        digests: &[Digest],
        now: Timestamp,
    ) -> Result<Option<TokenRecord>> {
        let ids: Vec<pssst::Uuid> = ids.iter().map(|id| *id.as_uuid()).collect();
        let query = sqlx::query(sql::CONSUME_CODE)
            .bind(PgTime(now))
            .bind(ids)
            .bind(hashes(digests));
        self.fetch_record(query).await
    }

    async fn revoke(&self, id: TokenId, now: Timestamp) -> Result<bool> {
        let done = sqlx::query(sql::REVOKE)
            .bind(PgTime(now))
            .bind(id.as_uuid())
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke_all(
        &self,
        subject: &str,
        purpose: Option<&str>,
        now: Timestamp,
    ) -> Result<u64> {
        let done = sqlx::query(sql::REVOKE_ALL)
            .bind(PgTime(now))
            .bind(subject)
            .bind(purpose)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn purge_batch(&self, cutoff: Timestamp, limit: u32) -> Result<u64> {
        let done = sqlx::query(sql::PURGE_BATCH)
            .bind(PgTime(cutoff))
            .bind(i64::from(limit))
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn list(&self, filter: &ListFilter, now: Timestamp) -> Result<Vec<TokenRecord>> {
        let rows: Vec<PgRow> = sqlx::query(sql::LIST)
            .bind(filter.subject.as_deref())
            .bind(filter.purpose.as_deref())
            .bind(filter.live_only)
            .bind(PgTime(now))
            .bind(i64::from(filter.limit))
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.iter().map(record).collect()
    }

    async fn import(&self, rows: &[NewToken]) -> Result<u64> {
        let mut tx = self.begin().await?;
        let mut inserted = 0;
        for row in rows {
            let first_import = sqlx::query(sql::REMEMBER_IMPORT)
                .bind(row.digest.hex())
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            if first_import.rows_affected() == 0 {
                continue;
            }
            let done = insert_row(sql::IMPORT, row)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            inserted += done.rows_affected();
        }
        tx.commit().await.map_err(db_error)?;
        Ok(inserted)
    }
}

type SqlQuery<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

/// Takes the issue lock of the row's subject, purpose and kind, then revokes beyond `keep`;
/// gives the ids of the rows revoked.
async fn supersede(conn: &mut PgConnection, row: &NewToken, keep: u32) -> Result<Vec<TokenId>> {
    sqlx::query(sql::ISSUE_LOCK)
        .bind(&row.subject)
        .bind(&row.purpose)
        .bind(row.kind.as_str())
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    let ids: Vec<pssst::Uuid> = sqlx::query_scalar(sql::SUPERSEDE)
        .bind(PgTime(row.created_at))
        .bind(&row.subject)
        .bind(&row.purpose)
        .bind(row.kind.as_str())
        .bind(i64::from(keep.saturating_sub(1)))
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
    Ok(ids.into_iter().map(TokenId::from_uuid).collect())
}

fn consume_token<'q>(lookup: &Lookup<'q>) -> SqlQuery<'q> {
    sqlx::query(sql::CONSUME)
        .bind(PgTime(lookup.now))
        .bind(lookup.purpose)
        .bind(hashes(lookup.digests))
}

/// [`sql::INSERT`] or [`sql::IMPORT`] with the row's values bound.
fn insert_row<'q>(statement: &'q str, row: &'q NewToken) -> SqlQuery<'q> {
    sqlx::query(statement)
        .bind(row.id.as_uuid())
        .bind(row.kind.as_str())
        .bind(&row.subject)
        .bind(&row.purpose)
        .bind(row.digest.scheme())
        .bind(row.digest.key_id())
        .bind(row.digest.hex())
        .bind(PgTime(row.created_at))
        .bind(PgTime(row.expires_at))
        .bind(pg_time(row.used_at))
}

/// The hex of each digest, bound as one `text[]`.
fn hashes(digests: &[Digest]) -> Vec<String> {
    digests.iter().map(|d| d.hex().to_owned()).collect()
}
