//! Watching requests: the time limit, one log line and the metrics per request, and the log
//! subscriber of the `pssst serve` process.

use std::io::{self, Write};
use std::str::FromStr;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::api_error::ApiError;
use crate::clients::ClientName;
use crate::error::Error;
use crate::state::AppState;

/// Logs one line per request and counts it in the metrics: method, the matched route
/// template (never the raw URI, which could carry a token in a query), status, latency and
/// client name. No header, query or body is ever logged.
pub(crate) async fn record<S>(
    State(state): State<AppState<S>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |path| path.as_str())
        .to_owned();

    let response = next.run(request).await;

    let took = started.elapsed();
    let status = response.status().as_u16();
    let client = response
        .extensions()
        .get::<ClientName>()
        .map_or("", |c| c.as_str());
    let latency_ms = took.as_secs_f64() * 1000.0;
    macro_rules! line {
        ($level:expr) => {
            tracing::event!(
                target: "pssst::http",
                $level,
                method = method.as_str(),
                route = route.as_str(),
                status,
                latency_ms,
                client,
                "request"
            )
        };
    }
    match status {
        500.. => line!(tracing::Level::ERROR),
        401 | 413 | 429 => line!(tracing::Level::WARN),
        _ => line!(tracing::Level::INFO),
    }
    state
        .metrics()
        .record_request(method.as_str(), &route, status, took);
    response
}

/// Answers 503 `timeout` when the rest of the stack takes longer than the configured limit.
// LIMITATION: a verify cut off after its consume committed leaves the token used while the
// caller sees 503 `timeout`; the user must ask for a new link. Failing this way is safe (the
// token never works twice) but not friendly.
pub(crate) async fn time_limit<S>(
    State(state): State<AppState<S>>,
    request: Request,
    next: Next,
) -> Response {
    let limit = state.settings().limits.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// How `pssst serve` writes its logs.
///
/// # Examples
///
/// ```
/// let format: pssst_server::LogFormat = "json".parse()?;
/// assert_eq!(format, pssst_server::LogFormat::Json);
/// # Ok::<(), pssst_server::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl FromStr for LogFormat {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            _ => Err(Error::Logging("expected text or json".into())),
        }
    }
}

/// Sends the process's logs to stderr, in `format`, filtered by `RUST_LOG` (default: `info`).
///
/// A log line that cannot be written (stderr closed or full) is dropped: the service keeps
/// answering and still exits 0 on `SIGTERM`.
///
/// # Errors
///
/// [`Error::Logging`] when `RUST_LOG` does not parse or a subscriber is already installed.
///
/// # Security
///
/// The service logs no token, key, hash, pepper, `Authorization` header, request body or
/// raw URI at any level; the test suite captures every level and checks.
///
/// # Examples
///
/// ```no_run
/// pssst_server::init_logs(pssst_server::LogFormat::Json)?;
/// # Ok::<(), pssst_server::Error>(())
/// ```
pub fn init_logs(format: LogFormat) -> Result<(), Error> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(directives) => EnvFilter::from_str(&directives)
            .map_err(|err| Error::Logging(format!("RUST_LOG: {err}")))?,
        Err(_) => EnvFilter::new("info"),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(QuietStderr)
        .log_internal_errors(false)
        .with_ansi(false);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    installed.map_err(|err| Error::Logging(err.to_string()))
}

/// Stderr for log lines, where a failed write is dropped rather than reported: a service
/// whose log pipe closed must keep answering, and reporting the failure (`eprintln!`, as
/// tracing-subscriber does by default) would panic on the same closed stderr.
#[derive(Clone, Copy)]
struct QuietStderr;

impl<'a> MakeWriter<'a> for QuietStderr {
    type Writer = Self;

    fn make_writer(&'a self) -> Self {
        Self
    }
}

impl Write for QuietStderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let _ = io::stderr().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = io::stderr().flush();
        Ok(())
    }
}
