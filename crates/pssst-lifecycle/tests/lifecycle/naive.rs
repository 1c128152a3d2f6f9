//! A deliberately wrong store: consume reads, then writes, without a guard. It must fail the
//! race test, which shows the race test can fail at all.

use std::sync::Arc;
use std::time::Duration;

use pssst_lifecycle::store::{BoxFuture, Lookup, NewToken};
use pssst_lifecycle::{
    Digest, Error, Lifecycle, ListFilter, Result, SqliteStore, Status, Timestamp, TokenId,
    TokenRecord, TokenStore,
};

use crate::race::{ROUNDS, race_round};
use crate::support::{Factory, SqliteFactory, T0};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn naive_select_then_update_store_fails_the_race_test() {
    let fresh = SqliteFactory.fresh().await;
    let keys = pssst_lifecycle::KeyRing::generate(T0).unwrap();
    let naive = NaiveStore(fresh.store);
    let lifecycle = Arc::new(Lifecycle::new(naive, keys, Default::default()));

    let mut rounds = Vec::new();
    for round in 0..ROUNDS {
        rounds.push(race_round(&lifecycle, &format!("user-{round}")).await);
    }
    eprintln!("winners per round with the naive store: {rounds:?}");
    let worst = rounds.iter().copied().max().unwrap();
    assert!(
        worst > 1,
        "the naive store never let two callers win: {rounds:?}"
    );
}

/// SQLite underneath, but `consume` is `SELECT`, a pause, then `UPDATE ... WHERE id = ?`.
struct NaiveStore(SqliteStore);

impl TokenStore for NaiveStore {
    type Conn = <SqliteStore as TokenStore>::Conn;

    async fn insert_with<T, E, F>(
        &self,
        row: &NewToken,
        keep: Option<u32>,
        work: F,
    ) -> std::result::Result<(Vec<TokenId>, T), E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(&'c mut Self::Conn) -> BoxFuture<'c, std::result::Result<T, E>> + Send,
    {
        self.0.insert_with(row, keep, work).await
    }

    async fn find(&self, digests: &[Digest]) -> Result<Option<TokenRecord>> {
        self.0.find(digests).await
    }

    async fn consume(&self, lookup: &Lookup<'_>) -> Result<Option<TokenRecord>> {
        let Some(record) = self.0.find(lookup.digests).await? else {
            return Ok(None);
        };
        let usable =
            record.purpose == lookup.purpose && record.status_at(lookup.now) == Status::Live;
        if !usable {
            return Ok(None);
        }
        // The gap every read-then-write has in real life: a round trip, a scheduler tick.
        tokio::time::sleep(Duration::from_millis(1)).await;
        sqlx::query("UPDATE tokens SET used_at = $1 WHERE id = $2")
            .bind(lookup.now.as_unix_micros())
            .bind(record.id.to_string())
            .execute(self.0.pool())
            .await
            .map_err(|e| Error::Database(Box::new(e)))?;
        Ok(Some(record))
    }

    async fn consume_with<T, E, F>(
        &self,
        lookup: &Lookup<'_>,
        work: F,
    ) -> std::result::Result<Option<(TokenRecord, T)>, E>
    where
        T: Send,
        E: From<Error> + Send,
        F: for<'c> FnOnce(
                &'c mut Self::Conn,
                TokenRecord,
            ) -> BoxFuture<'c, std::result::Result<T, E>>
            + Send,
    {
        self.0.consume_with(lookup, work).await
    }

    async fn charge_code_attempt(
        &self,
        subject: &str,
        purpose: &str,
        max_attempts: u32,
        now: Timestamp,
    ) -> Result<Vec<TokenId>> {
        self.0
            .charge_code_attempt(subject, purpose, max_attempts, now)
            .await
    }

    async fn consume_code(
        &self,
        ids: &[TokenId],
        digests: &[Digest],
        now: Timestamp,
    ) -> Result<Option<TokenRecord>> {
        self.0.consume_code(ids, digests, now).await
    }

    async fn revoke(&self, id: TokenId, now: Timestamp) -> Result<bool> {
        self.0.revoke(id, now).await
    }

    async fn revoke_all(
        &self,
        subject: &str,
        purpose: Option<&str>,
        now: Timestamp,
    ) -> Result<u64> {
        self.0.revoke_all(subject, purpose, now).await
    }

    async fn purge_batch(&self, cutoff: Timestamp, limit: u32) -> Result<u64> {
        self.0.purge_batch(cutoff, limit).await
    }

    async fn list(&self, filter: &ListFilter, now: Timestamp) -> Result<Vec<TokenRecord>> {
        self.0.list(filter, now).await
    }

    async fn import(&self, rows: &[NewToken]) -> Result<u64> {
        self.0.import(rows).await
    }
}
