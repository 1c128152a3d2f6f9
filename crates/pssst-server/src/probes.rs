//! The unauthenticated routes: liveness, readiness, metrics and the API description. None
//! of them carries a secret.

use std::sync::OnceLock;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use pssst_lifecycle::{ListFilter, TokenStore};

use crate::api_error::ApiError;
use crate::state::AppState;
use crate::wire::{ErrorBody, StatusBody};

/// The process is up and answering.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "probes",
    responses((status = 200, description = "Up", body = StatusBody))
)]
pub(crate) async fn healthz() -> Json<StatusBody> {
    Json(StatusBody { status: "ok" })
}

/// The database answers a read within two seconds.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "probes",
    responses(
        (status = 200, description = "Ready", body = StatusBody),
        (status = 503, description = "The database does not answer", body = ErrorBody),
    )
)]
pub(crate) async fn readyz<S: TokenStore>(
    State(state): State<AppState<S>>,
) -> Result<Json<StatusBody>, ApiError> {
    // One row of metadata through the store: the server holds no SQL of its own to ping with.
    let probe = ListFilter {
        limit: 1,
        ..ListFilter::default()
    };
    match tokio::time::timeout(READY_WITHIN, state.lifecycle().list(&probe)).await {
        Ok(Ok(_)) => Ok(Json(StatusBody { status: "ready" })),
        Ok(Err(err)) => Err(ApiError::from(err)),
        Err(_) => Err(ApiError::Unavailable),
    }
}

/// Counters and histograms in the OpenMetrics text format, for Prometheus.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "probes",
    responses((
        status = 200,
        description = "OpenMetrics text",
        content_type = "application/openmetrics-text",
        body = String
    ))
)]
pub(crate) async fn metrics<S>(State(state): State<AppState<S>>) -> impl IntoResponse {
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    (
        [(header::CONTENT_TYPE, content_type)],
        state.metrics().render(),
    )
}

/// This document: OpenAPI 3.1, generated from the handlers and types.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "probes",
    responses((
        status = 200,
        description = "The OpenAPI document",
        content_type = "application/json",
        body = Object
    ))
)]
pub(crate) async fn openapi() -> impl IntoResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let text = DOCUMENT.get_or_init(crate::openapi::document);
    ([(header::CONTENT_TYPE, "application/json")], text.as_str())
}

const READY_WITHIN: Duration = Duration::from_secs(2);
