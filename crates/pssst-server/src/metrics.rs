//! Prometheus metrics: requests by route and status, latency, and what happened to tokens
//! (counted from the lifecycle's audit events, so the reason a token was rejected shows here
//! and in the audit log, never in an answer).

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use pssst_lifecycle::{Action, AuditEvent, AuditSink, TracingSink};

type Labels<const N: usize> = [(&'static str, String); N];
type HistogramFamily = Family<Labels<1>, Histogram, fn() -> Histogram>;

/// Every metric the service exports, and the registry that writes them as text.
///
/// Names: `pssst_http_requests_total{method,route,status}`,
/// `pssst_http_request_duration_seconds{route}` (histogram), `pssst_tokens_total{action}`
/// (issued, consumed, peeked, revoked, superseded, purged, imported, rolled_back),
/// `pssst_tokens_rejected_total{reason}`, `pssst_rate_limited_total{limit}` (issue,
/// verify_client, verify_global) and `pssst_purge_runs_total{outcome}` (ok, error).
///
/// # Security
///
/// Labels are route templates, status codes, reasons and limit names: never a raw URI, a
/// subject, a client key or a token.
pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<Labels<3>, Counter>,
    latency: HistogramFamily,
    tokens: Family<Labels<1>, Counter>,
    rejected: Family<Labels<1>, Counter>,
    limited: Family<Labels<1>, Counter>,
    purge_runs: Family<Labels<1>, Counter>,
}

impl Metrics {
    pub(crate) fn new() -> Self {
        let mut registry = Registry::with_prefix("pssst");
        let requests = Family::default();
        let latency = HistogramFamily::new_with_constructor(latency_histogram);
        let tokens = Family::default();
        let rejected = Family::default();
        let limited = Family::default();
        let purge_runs = Family::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register("tokens", "Tokens by what happened to them", tokens.clone());
        registry.register(
            "tokens_rejected",
            "Tokens refused, by reason",
            rejected.clone(),
        );
        registry.register(
            "rate_limited",
            "Requests refused by a rate limit",
            limited.clone(),
        );
        registry.register(
            "purge_runs",
            "Runs of the periodic purge",
            purge_runs.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            tokens,
            rejected,
            limited,
            purge_runs,
        }
    }

    /// Counts one answered request.
    pub(crate) fn record_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let labels = [
            ("method", method.to_owned()),
            ("route", route.to_owned()),
            ("status", status.to_string()),
        ];
        self.requests.get_or_create(&labels).inc();
        let route = [("route", route.to_owned())];
        self.latency
            .get_or_create(&route)
            .observe(took.as_secs_f64());
    }

    /// Counts one request refused by the limit named `limit`.
    pub(crate) fn record_limited(&self, limit: &'static str) {
        self.limited
            .get_or_create(&[("limit", limit.to_owned())])
            .inc();
    }

    /// Counts one run of the periodic purge.
    pub(crate) fn record_purge_run(&self, ok: bool) {
        let outcome = if ok { "ok" } else { "error" };
        self.purge_runs
            .get_or_create(&[("outcome", outcome.to_owned())])
            .inc();
    }

    /// The metrics in the OpenMetrics text format, which Prometheus reads.
    pub(crate) fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    fn record_event(&self, event: &AuditEvent) {
        let count = match event.action {
            Action::Revoked | Action::Superseded | Action::Purged | Action::Imported => event.count,
            _ => 1,
        };
        match event.action {
            Action::Rejected(reason) => {
                let labels = [("reason", reason.as_str().to_owned())];
                self.rejected.get_or_create(&labels).inc();
            }
            action => {
                let labels = [("action", action.as_str().to_owned())];
                self.tokens.get_or_create(&labels).inc_by(count);
            }
        }
    }
}

/// The lifecycle's audit sink in the service: counts each event into the metrics, then hands
/// it to [`TracingSink`] for the audit log.
pub(crate) struct MetricsSink(pub(crate) Arc<Metrics>);

impl AuditSink for MetricsSink {
    fn record(&self, event: &AuditEvent) {
        self.0.record_event(event);
        TracingSink.record(event);
    }
}

/// Buckets from 0.5 ms to about 4 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 14))
}

#[cfg(test)]
mod tests {
    use pssst_lifecycle::{Kind, Reason, Timestamp};

    use super::*;

    #[test]
    fn audit_events_become_token_counters() {
        let metrics = Arc::new(Metrics::new());
        let sink = MetricsSink(Arc::clone(&metrics));
        let at = Timestamp::from_unix_seconds(0);
        sink.record(&AuditEvent::new(Action::Issued, Kind::Token, at));
        sink.record(&AuditEvent::new(
            Action::Rejected(Reason::Used),
            Kind::Token,
            at,
        ));
        let mut purged = AuditEvent::new(Action::Purged, Kind::Token, at);
        purged.count = 7;
        sink.record(&purged);

        let text = metrics.render();
        assert!(
            text.contains("pssst_tokens_total{action=\"issued\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("pssst_tokens_rejected_total{reason=\"used\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("pssst_tokens_total{action=\"purged\"} 7"),
            "{text}"
        );
    }

    #[test]
    fn requests_are_counted_by_route_and_status() {
        let metrics = Metrics::new();
        metrics.record_request("POST", "/v1/tokens", 201, Duration::from_millis(3));
        let text = metrics.render();
        let line =
            "pssst_http_requests_total{method=\"POST\",route=\"/v1/tokens\",status=\"201\"} 1";
        assert!(text.contains(line), "{text}");
        assert!(
            text.contains("pssst_http_request_duration_seconds_bucket"),
            "{text}"
        );
    }
}
