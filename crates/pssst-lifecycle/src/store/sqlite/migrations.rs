//! The schema migrations, compiled into the binary and applied on open.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationSource, MigrationType};

use crate::store::BoxFuture;

/// The migrations, compiled into the binary.
#[derive(Debug)]
pub(crate) struct Embedded;

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "tokens",
        include_str!("../../../migrations/sqlite/0001_tokens.sql"),
    ),
    (
        2,
        "application id",
        include_str!("../../../migrations/sqlite/0002_application_id.sql"),
    ),
    (
        3,
        "imported hashes",
        include_str!("../../../migrations/sqlite/0003_imported_hashes.sql"),
    ),
];

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async { Ok(MIGRATIONS.iter().map(migration).collect()) })
    }
}

/// The checksum sqlx records in `_sqlx_migrations` for the first migration, which every pssst
/// database has applied, including those made before the application id.
pub(crate) fn first_checksum() -> Vec<u8> {
    migration(&MIGRATIONS[0]).checksum.into_owned()
}

/// The highest migration version this build knows.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |&(version, _, _)| version)
}

fn migration(&(version, name, sql): &(i64, &'static str, &'static str)) -> Migration {
    let (name, sql) = (Cow::Borrowed(name), Cow::Borrowed(sql));
    Migration::new(version, name, MigrationType::Simple, sql, false)
}

type BoxDynError = Box<dyn std::error::Error + Send + Sync>;
