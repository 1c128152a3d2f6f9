//! The conformance suite's PostgreSQL backend: a store in a fresh schema of the test server
//! (see [`super::scratch`], which the server's and the command's tests share).

use std::path::Path;

use pssst_lifecycle::{PostgresOptions, PostgresStore};

pub(crate) use super::scratch::{ScratchSchema, chain, connect_or_fail, skip_reason, test_url};
use crate::support::{Factory, Fresh};

/// A store in a fresh schema of the test server.
pub(crate) struct PostgresFactory;

impl Factory for PostgresFactory {
    type Store = PostgresStore;

    async fn fresh(&self) -> Fresh<PostgresStore> {
        let url = test_url().unwrap();
        let schema = ScratchSchema::create(&url).await;
        let store = connect_or_fail(schema.options()).await;
        Fresh {
            store,
            dir: tempfile::tempdir().unwrap(),
            schema: Some(schema),
        }
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

#[test]
fn only_old_scratch_schemas_of_our_shape_are_stale() {
    use super::scratch::{PREFIX, STALE_SECS, is_stale};

    let now = 0x6800_0000;
    let old = format!("{PREFIX}{:x}_0123456789abcdef", now - STALE_SECS - 1);
    let young = format!("{PREFIX}{:x}_0123456789abcdef", now - 60);
    assert!(is_stale(&old, now));
    assert!(!is_stale(&young, now));
    assert!(!is_stale("pssst_test_other", now));
    assert!(!is_stale("pssst_test_1_short", now));
    assert!(!is_stale("public", now));
}

#[tokio::test]
#[should_panic(
    expected = "PSSST_TEST_DATABASE_URL is set, but the PostgreSQL store cannot connect"
)]
async fn an_unreachable_server_fails_the_test_instead_of_skipping_it() {
    connect_or_fail(PostgresOptions::new("postgres://pssst@127.0.0.1:1/test")).await;
}
