//! Serving on a socket: the router, the periodic purge, the client-file watch, and a graceful
//! stop on SIGTERM or SIGINT.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use pssst_lifecycle::TokenStore;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use crate::clients::ClientWatch;
use crate::error::Error;
use crate::routes::app;
use crate::settings::Upkeep;
use crate::state::AppState;

/// Serves [`app`] on `listener` (HTTP/1.1) until `shutdown` completes, then stops taking
/// connections, lets the requests in flight finish (each is bounded by the request time
/// limit), stops the purge and the client-file watch, and returns.
///
/// A client must send its request headers within the request time limit too, or its
/// connection is closed: slow or idle connections cannot pile up.
///
/// # Security
///
/// Plain HTTP: tokens and client keys cross the network in clear. Serve on loopback or a
/// private network, or behind a proxy that terminates TLS.
///
/// Meanwhile: dead rows are purged every `upkeep.purge_every` (the first run at start), and
/// the client file is reloaded when it changes (checked once a second) or on `SIGHUP`.
///
/// # Errors
///
/// [`Error::Serve`] when the listening socket's address cannot be read. Failed accepts are
/// logged and retried.
///
/// # Examples
///
/// ```no_run
/// # async fn run(
/// #     state: pssst_server::AppState<pssst_lifecycle::SqliteStore>,
/// # ) -> Result<(), pssst_server::Error> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080")
///     .await
///     .map_err(pssst_server::Error::Serve)?;
/// pssst_server::serve(listener, state, Default::default(), pssst_server::shutdown_signal()).await
/// # }
/// ```
pub async fn serve<S: TokenStore>(
    listener: TcpListener,
    state: AppState<S>,
    upkeep: Upkeep,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let addr = listener.local_addr().map_err(Error::Serve)?;
    let (stop, stopped) = watch::channel(false);
    let purge = tokio::spawn(purge_periodically(state.clone(), upkeep, stopped.clone()));
    let watch = tokio::spawn(watch_clients(Arc::clone(state.clients()), stopped));

    if state.clients().is_empty() {
        tracing::warn!(
            target: "pssst::serve",
            "no client in the client file: token routes answer 401"
        );
    }
    tracing::info!(target: "pssst::serve", %addr, "listening");
    let header_timeout = state.settings().limits.request_timeout;
    accept_until(listener, app(state), header_timeout, shutdown).await;

    let _ = stop.send(true);
    let _ = purge.await;
    let _ = watch.await;
    tracing::info!(target: "pssst::serve", "stopped");
    Ok(())
}

/// Accepts connections and serves each on its own task until `shutdown` completes; then
/// closes the listener, asks every connection to finish its request in flight and close, and
/// waits for them all.
///
/// Hand-written rather than `axum::serve` for one setting: a client must send its request
/// headers within `header_timeout`, so connections that trickle bytes (slowloris) or sit
/// idle cannot pile up. Once the headers are in, the router's own time limit takes over.
async fn accept_until(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let connections = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors and the like: wait, then accept again.
                    tracing::warn!(
                        target: "pssst::serve",
                        error = %err,
                        "cannot accept a connection"
                    );
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(header_timeout);
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(
                    target: "pssst::serve",
                    error = %err,
                    "connection ended with an error"
                );
            }
        });
    }
    drop(listener);
    tracing::info!(target: "pssst::serve", "stopping: finishing requests in flight");
    connections.shutdown().await;
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
                tracing::warn!(
                    target: "pssst::serve",
                    error = %err,
                    "purge failed; retrying at the next interval"
                );
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

/// How long to wait after a failed accept.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// How often the client file's modification time is looked at.
const CLIENT_FILE_CHECK: Duration = Duration::from_secs(1);
