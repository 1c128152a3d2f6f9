//! What every test stands on: a store factory per backend, a harness with a manual clock and
//! an audit sink that remembers, and a log buffer shared by the whole test binary.

pub(crate) mod postgres;
pub(crate) mod scratch;

use std::future::Future;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use pssst_lifecycle::{
    Action, AuditEvent, AuditSink, Config, KeyRing, Lifecycle, ManualClock, Reason, SqliteStore,
    Timestamp, TokenStore,
};
use tempfile::TempDir;

pub(crate) use self::postgres::{PostgresFactory, ScratchSchema};
pub(crate) use self::scratch::say_skipped;

/// 2026-01-01T00:00:00Z, where every manual clock starts.
pub(crate) const T0: Timestamp = Timestamp::from_unix_seconds(1_767_225_600);

/// Makes an empty store of one backend; every test gets its own.
pub(crate) trait Factory: Sync {
    /// The backend.
    type Store: TokenStore;

    /// A fresh, empty store, with the folder that holds its files (if any).
    fn fresh(&self) -> impl Future<Output = Fresh<Self::Store>> + Send;

    /// Why this backend's tests cannot run here, if they cannot; they then say so and pass.
    fn skip_reason(&self) -> Option<String> {
        None
    }

    /// Everything the store has written, as bytes to search: its files in `dir`, or its rows.
    fn stored_bytes(&self, store: &Self::Store, dir: &Path)
    -> impl Future<Output = Vec<u8>> + Send;
}

/// A fresh store, the temporary folder it lives in (or that a test may use), and the schema
/// it lives in, dropped with it.
pub(crate) struct Fresh<S> {
    pub(crate) store: S,
    pub(crate) dir: TempDir,
    pub(crate) schema: Option<ScratchSchema>,
}

/// SQLite in a temporary file.
pub(crate) struct SqliteFactory;

impl Factory for SqliteFactory {
    type Store = SqliteStore;

    async fn fresh(&self) -> Fresh<SqliteStore> {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("pssst.db"))
            .await
            .unwrap();
        Fresh {
            store,
            dir,
            schema: None,
        }
    }

    /// The bytes of every file in the store's folder (database, `-wal`, `-shm`).
    async fn stored_bytes(&self, _store: &SqliteStore, dir: &Path) -> Vec<u8> {
        let mut all = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                all.extend(std::fs::read(path).unwrap());
            }
        }
        all
    }
}

/// Audit events, kept for assertions.
#[derive(Clone, Default)]
pub(crate) struct MemorySink(Arc<Mutex<Vec<AuditEvent>>>);

impl MemorySink {
    pub(crate) fn events(&self) -> Vec<AuditEvent> {
        self.0.lock().unwrap().clone()
    }

    /// The reasons of every rejection so far, in order.
    pub(crate) fn reasons(&self) -> Vec<Reason> {
        let events = self.events();
        let reason = |e: &AuditEvent| match e.action {
            Action::Rejected(reason) => Some(reason),
            _ => None,
        };
        events.iter().filter_map(reason).collect()
    }

    pub(crate) fn last_reason(&self) -> Option<Reason> {
        self.reasons().last().copied()
    }
}

impl AuditSink for MemorySink {
    fn record(&self, event: &AuditEvent) {
        self.0.lock().unwrap().push(event.clone());
        pssst_lifecycle::TracingSink.record(event);
    }
}

/// A lifecycle on a fresh store, a manual clock at [`T0`], one key, and a memory sink.
pub(crate) struct Harness<S> {
    pub(crate) lifecycle: Lifecycle<S>,
    pub(crate) clock: ManualClock,
    pub(crate) audit: MemorySink,
    pub(crate) dir: TempDir,
    /// Declared last, so dropped after the store.
    #[allow(dead_code, reason = "held only to be dropped when the test ends")]
    pub(crate) schema: Option<ScratchSchema>,
}

impl<S> Harness<S> {
    /// The instant the manual clock reads.
    pub(crate) fn clock_now(&self) -> Timestamp {
        pssst_lifecycle::Clock::now(&self.clock)
    }
}

pub(crate) async fn harness<F: Factory>(factory: &F) -> Harness<F::Store> {
    harness_with(factory, Config::default(), KeyRing::generate(T0).unwrap()).await
}

pub(crate) async fn harness_with<F: Factory>(
    factory: &F,
    config: Config,
    keys: KeyRing,
) -> Harness<F::Store> {
    capture_logs();
    let Fresh { store, dir, schema } = factory.fresh().await;
    let clock = ManualClock::new(T0);
    let audit = MemorySink::default();
    let lifecycle = Lifecycle::new(store, keys, config)
        .with_clock(clock.clone())
        .with_audit(audit.clone());
    Harness {
        lifecycle,
        clock,
        audit,
        dir,
        schema,
    }
}

/// Everything logged by this test binary, at every level.
pub(crate) fn logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

/// Sends every `tracing` event of the process, at TRACE, into [`logs`].
pub(crate) fn capture_logs() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(|| BufferWriter)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
}

fn log_buffer() -> &'static Mutex<Vec<u8>> {
    static BUFFER: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    BUFFER.get_or_init(Mutex::default)
}

struct BufferWriter;

impl Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        log_buffer().lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
