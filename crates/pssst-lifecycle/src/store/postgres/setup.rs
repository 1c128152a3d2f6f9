//! Connecting: the URL read, then on one connection the schema created and the migrations
//! applied, under an advisory lock so that servers starting together take turns.

use std::borrow::Cow;
use std::str::FromStr;

use sqlx::Connection;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use crate::error::{Error, Result};
use crate::store::BoxFuture;
use crate::store::postgres::errors::{Flat, connect_error, db_error, migrate_error, url_error};
use crate::store::postgres::options::{PostgresOptions, quoted};
use crate::store::postgres::redact::server;

/// The migrations, compiled into the binary.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "tokens",
        include_str!("../../../migrations/postgres/0001_tokens.sql"),
    ),
    (
        2,
        "imported hashes",
        include_str!("../../../migrations/postgres/0002_imported_hashes.sql"),
    ),
];

/// The session-level advisory lock held while a store sets up its schema: class "psst" in
/// ASCII, in the two-`int4` key space, which never meets the one-`bigint` space that sqlx's
/// migrator and the issue lock use.
const SETUP_LOCK: (i32, i32) = (0x7073_7374, 1);

/// The URL read into connect options, with the schema as every connection's `search_path`.
///
/// # Errors
///
/// [`Error::DatabaseUrl`] when the URL does not parse; the URL is not repeated.
pub(crate) fn connect_options(options: &PostgresOptions) -> Result<PgConnectOptions> {
    let url = options.url();
    let connect = PgConnectOptions::from_str(url).map_err(|e| url_error(url, &e))?;
    let connect = match options.schema_name() {
        Some(schema) => connect.options([("search_path", quoted(schema))]),
        None => connect,
    };
    Ok(connect)
}

/// Connects and brings the schema up to date, then returns the store's pool.
///
/// One connection is opened first: its failure is the clearest report of an unreachable
/// server or refused credentials. Holding [`SETUP_LOCK`] on it, the schema is created if it is
/// missing, the pool is opened and the embedded migrations run on the pool; then the
/// connection is closed, which also drops the lock if a step failed. Servers starting together
/// thus take turns. sqlx's migrator takes an advisory lock of its own as well
/// (`pg_advisory_lock` keyed by the database name, before it creates `_sqlx_migrations`;
/// sqlx-postgres 0.8 `migrate.rs`), but it would not cover `CREATE SCHEMA`.
///
/// # Errors
///
/// [`Error::Connect`] when the server cannot be reached in time or refuses the connection;
/// [`Error::Migration`] when the schema cannot be brought up to date; [`Error::Database`]
/// for any other failure.
pub(crate) async fn open(connect: &PgConnectOptions, options: &PostgresOptions) -> Result<PgPool> {
    let mut conn = first_connection(connect, options).await?;
    let outcome = locked_setup(&mut conn, connect, options).await;
    let closed = conn.close().await;
    let pool = outcome?;
    closed.map_err(db_error)?;
    Ok(pool)
}

async fn first_connection(
    connect: &PgConnectOptions,
    options: &PostgresOptions,
) -> Result<PgConnection> {
    let timeout = options.connect_timeout_value();
    match tokio::time::timeout(timeout, PgConnection::connect_with(connect)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(err)) => Err(connect_error(server(connect), options.url(), err)),
        Err(_) => Err(Error::Connect {
            server: server(connect),
            source: Flat(format!("no answer within {timeout:?}")).into(),
        }),
    }
}

async fn locked_setup(
    conn: &mut PgConnection,
    connect: &PgConnectOptions,
    options: &PostgresOptions,
) -> Result<PgPool> {
    sqlx::query("SELECT pg_advisory_lock($1, $2)")
        .bind(SETUP_LOCK.0)
        .bind(SETUP_LOCK.1)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    let schema = options.schema_name();
    if let Some(schema) = schema {
        create_schema(conn, schema).await?;
    }
    refuse_foreign_tables(conn, schema).await?;

    let pool = PgPoolOptions::new()
        .max_connections(options.max_connections_value())
        .acquire_timeout(options.connect_timeout_value())
        .connect_with(connect.clone())
        .await
        .map_err(|e| connect_error(server(connect), options.url(), e))?;
    let migrator = Migrator::new(Embedded).await.map_err(migrate_error)?;
    migrator.run(&pool).await.map_err(migrate_error)?;

    sqlx::query("SELECT pg_advisory_unlock($1, $2)")
        .bind(SETUP_LOCK.0)
        .bind(SETUP_LOCK.1)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    tracing::info!(target: "pssst::store", schema, "postgres schema up to date");
    Ok(pool)
}

/// Refuses a schema that holds a `tokens` or `imported_hashes` table but no migration record:
/// another application's tables, which the first migration would fail on after leaving an
/// empty `_sqlx_migrations` behind. Checked before the migrator creates anything, so a refused
/// start changes nothing. The names resolve through the connection's `search_path`, as the
/// migrations' own do.
async fn refuse_foreign_tables(conn: &mut PgConnection, schema: Option<&str>) -> Result<()> {
    let foreign: bool = sqlx::query_scalar(
        "SELECT to_regclass('_sqlx_migrations') IS NULL \
         AND (to_regclass('tokens') IS NOT NULL OR to_regclass('imported_hashes') IS NOT NULL)",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(db_error)?;
    if foreign {
        let place = schema.map_or(Cow::Borrowed("the default schema"), |name| {
            Cow::Owned(format!("schema {name}"))
        });
        return Err(Error::Migration(
            Flat(format!(
                "{place} already holds a tokens or imported_hashes table that pssst did not \
                 make; give pssst a schema of its own"
            ))
            .into(),
        ));
    }
    Ok(())
}

/// Creates the schema unless it exists. Looked up first, because `CREATE SCHEMA IF NOT
/// EXISTS` needs the CREATE privilege on the database even when the schema is there.
async fn create_schema(conn: &mut PgConnection, schema: &str) -> Result<()> {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
            .bind(schema)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
    if !exists {
        // The one statement not built from constants: a name cannot be bound. `schema` passed
        // `check_schema` (a-z, 0-9, _) and is quoted.
        let create = format!("CREATE SCHEMA IF NOT EXISTS {}", quoted(schema));
        sqlx::query(&create)
            .persistent(false)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    Ok(())
}

/// The migrations, for sqlx's migrator.
#[derive(Debug)]
struct Embedded;

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async { Ok(MIGRATIONS.iter().map(migration).collect()) })
    }
}

fn migration(&(version, name, sql): &(i64, &'static str, &'static str)) -> Migration {
    let (name, sql) = (Cow::Borrowed(name), Cow::Borrowed(sql));
    Migration::new(version, name, MigrationType::Simple, sql, false)
}

type BoxDynError = Box<dyn std::error::Error + Send + Sync>;
