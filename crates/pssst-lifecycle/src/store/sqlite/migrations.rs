//! The schema migrations, compiled into the binary and applied on open.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationSource, MigrationType};

use crate::store::BoxFuture;

/// The migrations, compiled into the binary.
#[derive(Debug)]
pub(crate) struct Embedded;

const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "tokens",
    include_str!("../../../migrations/sqlite/0001_tokens.sql"),
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
