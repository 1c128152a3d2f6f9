//! The PostgreSQL server of the tests, named by `PSSST_TEST_DATABASE_URL` (`.ci/run` sets it
//! to the local one), and a fresh schema per test, dropped when the test ends.
//!
//! Unset, every PostgreSQL test prints one line saying it was skipped and passes. Set, a
//! server that cannot be reached fails every one of them.
//!
//! The server's and the command's tests include this file by path, so it names only crates
//! all three have: `pssst`, `pssst_lifecycle` (and the `sqlx` it re-exports) and `tokio`.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use pssst_lifecycle::sqlx::{self, Connection, PgConnection};
use pssst_lifecycle::{PostgresOptions, PostgresStore};

/// The variable holding the test server's URL.
pub(crate) const URL_VAR: &str = "PSSST_TEST_DATABASE_URL";

/// Scratch schemas are named `pssst_test_<unix seconds, hex>_<16 random hex digits>`.
pub(crate) const PREFIX: &str = "pssst_test_";

/// A scratch schema older than this was left by a killed run, and the next run drops it.
pub(crate) const STALE_SECS: u64 = 3600;

/// The test server's URL; `None` when the variable is unset or empty.
pub(crate) fn test_url() -> Option<String> {
    std::env::var(URL_VAR).ok().filter(|url| !url.is_empty())
}

/// Why PostgreSQL tests cannot run, if they cannot.
pub(crate) fn skip_reason() -> Option<String> {
    match test_url() {
        Some(_) => None,
        None => Some(format!("{URL_VAR} is not set")),
    }
}

/// Prints one line saying that a test was skipped and why. It goes to the process's stderr
/// directly, past the test harness's capture, so that it shows in `cargo test` output.
pub(crate) fn say_skipped(test: &str, why: &str) {
    let line = format!("{test}: skipped, {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Connects, or fails the test saying what to do: a set variable means the server must be
/// there.
pub(crate) async fn connect_or_fail(options: PostgresOptions) -> PostgresStore {
    match PostgresStore::connect_with(options).await {
        Ok(store) => store,
        Err(err) => panic!(
            "{URL_VAR} is set, but the PostgreSQL store cannot connect: {}; start the server \
             or unset {URL_VAR} to skip these tests",
            chain(&err)
        ),
    }
}

/// A schema of its own for one test, dropped (with everything in it) on drop.
pub(crate) struct ScratchSchema {
    url: String,
    name: String,
}

impl ScratchSchema {
    /// A new name; the first call of the process also drops stale scratch schemas. The schema
    /// itself is created by the store that connects to it.
    pub(crate) async fn create(url: &str) -> Self {
        static SWEPT: AtomicBool = AtomicBool::new(false);
        if !SWEPT.swap(true, Ordering::SeqCst) {
            sweep_stale(url).await;
        }
        let mut random = [0u8; 8];
        pssst::fill_bytes(&mut random).unwrap();
        let name = format!("{PREFIX}{:x}_{}", unix_secs(), pssst::hex_lower(&random));
        Self {
            url: url.to_owned(),
            name,
        }
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Options for a store in this schema: the test server, 8 connections.
    pub(crate) fn options(&self) -> PostgresOptions {
        PostgresOptions::new(&self.url)
            .schema(&self.name)
            .unwrap()
            .max_connections(8)
    }
}

impl Drop for ScratchSchema {
    /// Drops the schema from a thread of its own with a runtime of its own: drop cannot wait
    /// for a future, and the test's runtime may be the thread's or already shutting down.
    fn drop(&mut self) {
        let (url, name) = (self.url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(drop_schema(&url, &name))
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!(
                "scratch schema {} not dropped; a later run drops it",
                self.name
            );
        }
    }
}

async fn drop_schema(url: &str, name: &str) -> Result<(), sqlx::Error> {
    let mut conn = PgConnection::connect(url).await?;
    // Names are ours (a-z, 0-9, _), quoted.
    let drop = format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE");
    sqlx::query(&drop)
        .persistent(false)
        .execute(&mut conn)
        .await?;
    conn.close().await
}

/// Drops scratch schemas over an hour old: those of runs killed before their tests ended.
/// Younger ones may belong to a run going on beside this one.
async fn sweep_stale(url: &str) {
    let Ok(mut conn) = PgConnection::connect(url).await else {
        return; // the store's connect reports it
    };
    let names: Vec<String> =
        sqlx::query_scalar("SELECT nspname::text FROM pg_namespace WHERE starts_with(nspname, $1)")
            .bind(PREFIX)
            .fetch_all(&mut conn)
            .await
            .unwrap_or_default();
    let now = unix_secs();
    for name in names.iter().filter(|n| is_stale(n, now)) {
        let _ = drop_schema(url, name).await;
    }
    let _ = conn.close().await;
}

/// Whether `name` is a scratch schema made over [`STALE_SECS`] before `now`.
pub(crate) fn is_stale(name: &str, now: u64) -> bool {
    let Some((secs, random)) = name.strip_prefix(PREFIX).and_then(|r| r.split_once('_')) else {
        return false;
    };
    let ours = random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit());
    let made = u64::from_str_radix(secs, 16).ok();
    ours && made.is_some_and(|made| now.saturating_sub(made) > STALE_SECS)
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The error and its causes, as the CLI prints them.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
