//! A store wrapper that counts every call, to prove some inputs never reach the store.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pssst_lifecycle::store::{BoxFuture, Lookup, NewToken};
use pssst_lifecycle::{
    Digest, Error, ListFilter, Result, Timestamp, TokenId, TokenRecord, TokenStore,
};

/// Any store, with a shared count of the calls made to it.
pub(crate) struct Spy<S> {
    inner: S,
    calls: Arc<AtomicUsize>,
}

impl<S> Spy<S> {
    pub(crate) fn new(inner: S) -> (Self, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        (
            Self {
                inner,
                calls: calls.clone(),
            },
            calls,
        )
    }

    fn tick(&self) {
        self.calls.fetch_add(1, Ordering::SeqCst);
    }
}

impl<S: TokenStore> TokenStore for Spy<S> {
    type Conn = S::Conn;

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
        self.tick();
        self.inner.insert_with(row, keep, work).await
    }

    async fn find(&self, digests: &[Digest]) -> Result<Option<TokenRecord>> {
        self.tick();
        self.inner.find(digests).await
    }

    async fn consume(&self, lookup: &Lookup<'_>) -> Result<Option<TokenRecord>> {
        self.tick();
        self.inner.consume(lookup).await
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
        self.tick();
        self.inner.consume_with(lookup, work).await
    }

    async fn charge_code_attempt(
        &self,
        subject: &str,
        purpose: &str,
        max_attempts: u32,
        now: Timestamp,
    ) -> Result<Vec<TokenId>> {
        self.tick();
        self.inner
            .charge_code_attempt(subject, purpose, max_attempts, now)
            .await
    }

    async fn consume_code(
        &self,
        ids: &[TokenId],
        digests: &[Digest],
        now: Timestamp,
    ) -> Result<Option<TokenRecord>> {
        self.tick();
        self.inner.consume_code(ids, digests, now).await
    }

    async fn revoke(&self, id: TokenId, now: Timestamp) -> Result<bool> {
        self.tick();
        self.inner.revoke(id, now).await
    }

    async fn revoke_all(
        &self,
        subject: &str,
        purpose: Option<&str>,
        now: Timestamp,
    ) -> Result<u64> {
        self.tick();
        self.inner.revoke_all(subject, purpose, now).await
    }

    async fn purge_batch(&self, cutoff: Timestamp, limit: u32) -> Result<u64> {
        self.tick();
        self.inner.purge_batch(cutoff, limit).await
    }

    async fn list(&self, filter: &ListFilter, now: Timestamp) -> Result<Vec<TokenRecord>> {
        self.tick();
        self.inner.list(filter, now).await
    }

    async fn import(&self, rows: &[NewToken]) -> Result<u64> {
        self.tick();
        self.inner.import(rows).await
    }
}
