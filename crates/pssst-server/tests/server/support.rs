//! What every test stands on: a store factory per backend, a [`TestApp`] with its own store,
//! client file, manual clock and router, requests sent with `oneshot`, and one log buffer for
//! the whole test binary.

pub(crate) mod postgres;
// The lifecycle's scratch schemas and skip rule, shared rather than copied.
#[path = "../../../pssst-lifecycle/tests/lifecycle/support/scratch.rs"]
#[allow(dead_code, reason = "shared by three test binaries, each using a part")]
pub(crate) mod scratch;

use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use pssst::Token;
use pssst_lifecycle::{
    Config, KeyRing, Lifecycle, ListFilter, ManualClock, SqliteStore, Timestamp, TokenRecord,
    TokenStore,
};
use pssst_server::{AppState, ClientWatch, Clients, LinkBase, Settings, app};
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;
use tracing_subscriber::layer::SubscriberExt;

pub(crate) use self::postgres::PostgresFactory;

/// 2026-01-01T00:00:00Z, where every manual clock starts.
pub(crate) const T0: Timestamp = Timestamp::from_unix_seconds(1_767_225_600);

/// The link base every test app is configured with.
pub(crate) const BASE: &str = "https://app.example/reset";

/// Makes an empty store of one backend; every test gets its own.
pub(crate) trait Factory: Sync {
    /// The backend.
    type Store: TokenStore;

    /// A fresh, empty store in (or beside) `dir`.
    fn fresh(&self, dir: &TempDir) -> impl Future<Output = Self::Store> + Send;

    /// Why this backend's tests cannot run here, if they cannot; they then say so and pass.
    fn skip_reason(&self) -> Option<String> {
        None
    }

    /// Everything the store has written, as bytes to search: the files in the test's folder
    /// `dir`, or the rows.
    fn stored_bytes(&self, store: &Self::Store, dir: &Path)
    -> impl Future<Output = Vec<u8>> + Send;
}

/// SQLite in a temporary file.
pub(crate) struct SqliteFactory;

impl Factory for SqliteFactory {
    type Store = SqliteStore;

    async fn fresh(&self, dir: &TempDir) -> SqliteStore {
        SqliteStore::open(dir.path().join("pssst.db"))
            .await
            .unwrap()
    }

    /// The bytes of every file in the folder (database, `-wal`, `-shm`, clients).
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

/// One service under test: its router, state, clock, client key and folder.
pub(crate) struct TestApp<S> {
    pub(crate) router: Router,
    pub(crate) state: AppState<S>,
    pub(crate) clock: ManualClock,
    /// The key of client `test`.
    pub(crate) key: Token,
    pub(crate) clients: PathBuf,
    pub(crate) dir: TempDir,
    pub(crate) pepper: Vec<u8>,
}

/// What came back.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) json: Value,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `error` code of an error body.
    pub(crate) fn error(&self) -> &str {
        self.json["error"].as_str().unwrap_or("")
    }
}

/// A test app with the default settings and the link base [`BASE`].
pub(crate) async fn test_app<F: Factory>(factory: &F) -> TestApp<F::Store> {
    test_app_with(factory, |_| {}).await
}

/// A test app whose settings `change` adjusts first.
pub(crate) async fn test_app_with<F: Factory>(
    factory: &F,
    change: impl FnOnce(&mut Settings),
) -> TestApp<F::Store> {
    capture_logs();
    let dir = tempfile::tempdir().unwrap();
    let clients = dir.path().join("clients");
    let key = Clients::add(&clients, &"test".parse().unwrap(), T0).unwrap();

    let keys = KeyRing::generate(T0).unwrap();
    let pepper = keys.current().unwrap().expose_pepper().to_vec();
    let clock = ManualClock::new(T0);
    let store = factory.fresh(&dir).await;
    let lifecycle = Lifecycle::new(store, keys, Config::default()).with_clock(clock.clone());

    let mut settings = Settings::default();
    settings.link_base = Some(LinkBase::parse(BASE).unwrap());
    change(&mut settings);
    let watch = Arc::new(ClientWatch::open(&clients).unwrap());
    let state = AppState::new(lifecycle, watch, settings).unwrap();
    TestApp {
        router: app(state.clone()),
        state,
        clock,
        key,
        clients,
        dir,
        pepper,
    }
}

impl<S: TokenStore> TestApp<S> {
    /// Sends one request through the router.
    pub(crate) async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            json,
        }
    }

    /// A request with the test client's key and a JSON body.
    pub(crate) fn authed(
        &self,
        method: Method,
        path: &str,
        body: impl Into<Body>,
    ) -> Request<Body> {
        Request::builder()
            .method(method)
            .uri(path)
            .header(
                "authorization",
                format!("Bearer {}", self.key.expose_secret()),
            )
            .header("content-type", "application/json")
            .body(body.into())
            .unwrap()
    }

    /// POSTs `body` as JSON with the test client's key.
    pub(crate) async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(self.authed(Method::POST, path, body.to_string()))
            .await
    }

    /// POSTs raw bytes as JSON with the test client's key.
    pub(crate) async fn post_raw(&self, path: &str, body: impl Into<Body>) -> Reply {
        self.send(self.authed(Method::POST, path, body)).await
    }

    /// A GET without a key.
    pub(crate) async fn get(&self, path: &str) -> Reply {
        let request = Request::get(path).body(Body::empty()).unwrap();
        self.send(request).await
    }

    /// Issues a token for `subject` and returns the whole answer, checking it is a 201.
    pub(crate) async fn issue(&self, subject: &str) -> Value {
        let reply = self
            .post("/v1/tokens", &json!({ "subject": subject }))
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text());
        reply.json
    }

    /// Verifies (and uses) `token` for `reset`.
    pub(crate) async fn verify(&self, token: &str) -> Reply {
        self.post("/v1/tokens/verify", &json!({ "token": token }))
            .await
    }

    /// Every stored row, newest first.
    pub(crate) async fn rows(&self) -> Vec<TokenRecord> {
        let all = ListFilter {
            limit: 10_000,
            ..ListFilter::default()
        };
        self.state.lifecycle().list(&all).await.unwrap()
    }

    /// A second client, `name`, added to the file and picked up by the running service.
    pub(crate) fn add_client(&self, name: &str) -> Token {
        let key = Clients::add(&self.clients, &name.parse().unwrap(), T0).unwrap();
        self.state.clients().reload();
        key
    }
}

/// Everything every `tracing` subscriber of this test binary has written, as text lines and
/// as JSON lines.
pub(crate) fn logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

/// Sends every `tracing` event of the process, at TRACE, into [`logs`], twice: in the text
/// format and in the JSON format `pssst serve --log-format json` uses.
pub(crate) fn capture_logs() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let text = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(|| BufferWriter);
        let json = tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_writer(|| BufferWriter);
        let subscriber = tracing_subscriber::registry()
            .with(text)
            .with(json)
            .with(tracing_subscriber::filter::LevelFilter::TRACE);
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
