//! What every handler shares: the lifecycle, the clients, the settings, the limiters and the
//! metrics.

use std::sync::Arc;
use std::time::{Duration, Instant};

use pssst::SecretBytes;
use pssst_lifecycle::{Lifecycle, TokenStore};

use crate::api_error::ApiError;
use crate::clients::{ClientName, ClientWatch};
use crate::error::Error;
use crate::limit::Limiter;
use crate::metrics::{Metrics, MetricsSink};
use crate::settings::Settings;

/// The state of the service, cheap to clone (one `Arc`), generic over the token store.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
/// use pssst_server::{AppState, ClientWatch, Clients, Settings};
/// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
/// let dir = tempfile::tempdir()?;
/// let clients = dir.path().join("clients");
/// Clients::add(&clients, &"billing".parse()?, Timestamp::from_unix_seconds(0))?;
///
/// let store = SqliteStore::open(dir.path().join("pssst.db")).await?;
/// let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
/// let lifecycle = Lifecycle::new(store, keys, Config::default());
/// let watch = Arc::new(ClientWatch::open(&clients)?);
/// let state = AppState::new(lifecycle, watch, Settings::default())?;
/// let router = pssst_server::app(state);
/// # let _ = router;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AppState<S> {
    shared: Arc<Shared<S>>,
}

// LIMITATION: the limiters live in this process; behind a load balancer, each replica allows
// the full rate, so divide the configured rates by the number of replicas.
struct Shared<S> {
    lifecycle: Lifecycle<S>,
    clients: Arc<ClientWatch>,
    settings: Settings,
    metrics: Arc<Metrics>,
    issue_limit: Limiter<[u8; 32]>,
    verify_limit: Limiter<ClientName>,
    global_verify_limit: Limiter<()>,
    /// Keys the hash of subjects for the issue limiter, so memory holds no subject.
    subject_key: SecretBytes,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<S: TokenStore> AppState<S> {
    /// The service's state over `lifecycle`.
    ///
    /// The lifecycle's audit sink is replaced by one that counts each event into the
    /// service's metrics and then writes it to the audit log, as
    /// [`TracingSink`](pssst_lifecycle::TracingSink) does.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the random source fails.
    ///
    /// # Examples
    ///
    /// See [`AppState`].
    pub fn new(
        lifecycle: Lifecycle<S>,
        clients: Arc<ClientWatch>,
        settings: Settings,
    ) -> Result<Self, Error> {
        let metrics = Arc::new(Metrics::new());
        let lifecycle = lifecycle.with_audit(MetricsSink(Arc::clone(&metrics)));
        let mut subject_key = vec![0; 32];
        pssst::fill_bytes(&mut subject_key)?;
        let limits = &settings.limits;
        let shared = Shared {
            issue_limit: Limiter::new(limits.issue_rate),
            verify_limit: Limiter::new(limits.verify_rate),
            global_verify_limit: Limiter::new(limits.global_verify_rate),
            lifecycle,
            clients,
            settings,
            metrics,
            subject_key: SecretBytes::new(subject_key),
        };
        Ok(Self {
            shared: Arc::new(shared),
        })
    }
}

impl<S> AppState<S> {
    /// The lifecycle the handlers call.
    ///
    /// # Examples
    ///
    /// See [`AppState`].
    pub fn lifecycle(&self) -> &Lifecycle<S> {
        &self.shared.lifecycle
    }

    /// The clients the service accepts.
    ///
    /// # Examples
    ///
    /// See [`AppState`].
    pub fn clients(&self) -> &Arc<ClientWatch> {
        &self.shared.clients
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.shared.settings
    }

    pub(crate) fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }

    /// Takes one issue from `subject`'s allowance. The key is a keyed hash of the subject,
    /// whether or not it has ever had a token, so a throttled known subject and a throttled
    /// unknown one get the same answer after the same work.
    ///
    /// A refusal waits the whole refill interval, not the time left in the subject's bucket:
    /// that time would tell when the subject last had a token issued.
    pub(crate) fn limit_issue(&self, subject: &str) -> Result<(), ApiError> {
        let key = pssst::hmac_sha256(self.shared.subject_key.expose_secret(), subject.as_bytes());
        let interval = self.settings().limits.issue_rate.interval();
        let verdict = self.shared.issue_limit.check(key, Instant::now());
        self.limited(verdict.map_err(|_| interval), "issue")
    }

    /// Takes one verify from `client`'s allowance and one from the global one.
    pub(crate) fn limit_verify(&self, client: &ClientName) -> Result<(), ApiError> {
        let now = Instant::now();
        let verdict = self.shared.verify_limit.check(client.clone(), now);
        self.limited(verdict, "verify_client")?;
        let verdict = self.shared.global_verify_limit.check((), now);
        self.limited(verdict, "verify_global")
    }

    fn limited(&self, verdict: Result<(), Duration>, limit: &'static str) -> Result<(), ApiError> {
        verdict.map_err(|retry_after| {
            self.metrics().record_limited(limit);
            ApiError::RateLimited { retry_after }
        })
    }
}
