//! Serving on a socket: the router, the periodic purge, the client-file watch, and a graceful
//! stop on SIGTERM or SIGINT.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use pssst_lifecycle::TokenStore;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use crate::clients::ClientWatch;
use crate::error::Error;
use crate::routes::app;
use crate::settings::Upkeep;
use crate::state::AppState;

/// Serves [`app`] on `listener` until `shutdown` completes, then stops taking connections,
/// lets the requests in flight finish (each is bounded by the request time limit), stops the
/// purge and the client-file watch, and returns.
///
/// Meanwhile: dead rows are purged every `upkeep.purge_every` (the first run at start), and
/// the client file is reloaded when it changes (checked once a second) or on `SIGHUP`.
///
/// # Errors
///
/// [`Error::Serve`] when the socket fails.
///
/// # Examples
///
/// ```no_run
/// # async fn run(state: pssst_server::AppState<pssst_lifecycle::SqliteStore>) -> Result<(), pssst_server::Error> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.map_err(pssst_server::Error::Serve)?;
/// pssst_server::serve(listener, state, Default::default(), pssst_server::shutdown_signal()).await
/// # }
/// ```
pub async fn serve<S: TokenStore>(
    listener: TcpListener,
    state: AppState<S>,
    upkeep: Upkeep,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let (stop, stopped) = watch::channel(false);
    let purge = tokio::spawn(purge_periodically(state.clone(), upkeep, stopped.clone()));
    let watch = tokio::spawn(watch_clients(Arc::clone(state.clients()), stopped));

    let addr = listener.local_addr().map_err(Error::Serve)?;
    if state.clients().is_empty() {
        tracing::warn!(target: "pssst::serve", "no client in the client file: token routes answer 401");
    }
    tracing::info!(target: "pssst::serve", %addr, "listening");
    let draining = async move {
        shutdown.await;
        tracing::info!(target: "pssst::serve", "stopping: finishing requests in flight");
    };
    let served = axum::serve(listener, app(state))
        .with_graceful_shutdown(draining)
        .await;

    let _ = stop.send(true);
    let _ = purge.await;
    let _ = watch.await;
    tracing::info!(target: "pssst::serve", "stopped");
    served.map_err(Error::Serve)
}

/// Completes on the first SIGTERM or SIGINT (Ctrl-C).
///
/// # Examples
///
/// See [`serve`].
pub async fn shutdown_signal() {
    let interrupt = async {
        // Without a handler, Ctrl-C still ends the process, only less gracefully.
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Purges at start and then every `upkeep.purge_every`, until told to stop. A purge under way
/// finishes its batches first.
async fn purge_periodically<S: TokenStore>(
    state: AppState<S>,
    upkeep: Upkeep,
    mut stop: watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(upkeep.purge_every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stop.changed() => return,
        }
        match state.lifecycle().purge(upkeep.retention).await {
            Ok(count) => {
                tracing::debug!(target: "pssst::serve", count, "purged dead rows");
                state.metrics().record_purge_run(true);
            }
            Err(err) => {
                tracing::warn!(target: "pssst::serve", error = %err, "purge failed; retrying at the next interval");
                state.metrics().record_purge_run(false);
            }
        }
    }
}

/// Reloads the client file when it changes (looked at once a second) or on `SIGHUP`.
async fn watch_clients(clients: Arc<ClientWatch>, mut stop: watch::Receiver<bool>) {
    let mut ticks = tokio::time::interval(CLIENT_FILE_CHECK);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut hangups = Hangups::new();
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                clients.refresh();
            }
            () = hangups.next() => {
                tracing::info!(target: "pssst::serve", "SIGHUP: reloading the client file");
                clients.reload();
            }
            _ = stop.changed() => return,
        }
    }
}

/// SIGHUP, where there is such a thing.
struct Hangups {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Hangups {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Self {
                signal: signal(SignalKind::hangup()).ok(),
            }
        }
        #[cfg(not(unix))]
        Self {}
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        if let Some(signal) = &mut self.signal {
            signal.recv().await;
            return;
        }
        std::future::pending::<()>().await;
    }
}

/// How often the client file's modification time is looked at.
const CLIENT_FILE_CHECK: Duration = Duration::from_secs(1);
