//! The suite's PostgreSQL backend: a fresh schema per test on the server named by
//! `PSSST_TEST_DATABASE_URL`, made and dropped by the lifecycle's scratch schemas.

use std::path::Path;
use std::sync::Mutex;

use pssst_lifecycle::{PostgresStore, sqlx};
use tempfile::TempDir;

use super::Factory;
use super::scratch::{ScratchSchema, connect_or_fail, skip_reason, test_url};

/// Stores in fresh schemas, each dropped when the factory is, at the end of its test.
#[derive(Default)]
pub(crate) struct PostgresFactory {
    schemas: Mutex<Vec<ScratchSchema>>,
}

impl Factory for PostgresFactory {
    type Store = PostgresStore;

    async fn fresh(&self, _dir: &TempDir) -> PostgresStore {
        let url = test_url().unwrap();
        let schema = ScratchSchema::create(&url).await;
        let store = connect_or_fail(schema.options()).await;
        self.schemas.lock().unwrap().push(schema);
        store
    }

    fn skip_reason(&self) -> Option<String> {
        skip_reason()
    }

    /// Every row as PostgreSQL prints it, one per line.
    async fn stored_bytes(&self, store: &PostgresStore, _dir: &Path) -> Vec<u8> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT t::text FROM tokens t")
            .fetch_all(store.pool())
            .await
            .unwrap();
        rows.join("\n").into_bytes()
    }
}
