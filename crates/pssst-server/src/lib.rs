//! The reset-token lifecycle of [`pssst_lifecycle`] as an authenticated HTTP service: a
//! router to embed or test without a socket ([`app`]), and the serving loop `pssst serve`
//! runs ([`serve`]).
//!
//! # Quick start
//!
//! ```
//! use std::sync::Arc;
//! use axum::body::Body;
//! use axum::http::Request;
//! use pssst_lifecycle::{Config, KeyRing, Lifecycle, SqliteStore, Timestamp};
//! use pssst_server::{AppState, ClientWatch, Clients, Settings, app};
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! let dir = tempfile::tempdir()?;
//! let clients = dir.path().join("clients");
//! let key = Clients::add(&clients, &"billing".parse()?, Timestamp::from_unix_seconds(0))?;
//!
//! let store = SqliteStore::open(dir.path().join("pssst.db")).await?;
//! let keys = KeyRing::generate(Timestamp::from_unix_seconds(0))?;
//! let lifecycle = Lifecycle::new(store, keys, Config::default());
//! let watch = Arc::new(ClientWatch::open(&clients)?);
//! let state = AppState::new(lifecycle, watch, Settings::default())?;
//!
//! let request = Request::post("/v1/tokens")
//!     .header("authorization", format!("Bearer {}", key.expose_secret()))
//!     .header("content-type", "application/json")
//!     .body(Body::from(r#"{"subject": "user-42"}"#))?;
//! let response = app(state).oneshot(request).await?;
//! assert_eq!(response.status(), 201);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The API
//!
//! JSON in and out; request bodies refuse unknown fields; times are RFC 3339 in UTC; errors
//! are `{"error": "<code>", "message": "<text>"}` ([`ApiError`] lists every code and status).
//!
//! Each route with its body (`?` marks an optional field, its default in parentheses) and its
//! answer:
//!
//! - `POST /v1/tokens`: `subject`, `purpose`? (`reset`), `ttl_seconds`?; 201 `id`, `token`,
//!   `expires_at`, `link`, `subject`, `purpose`.
//! - `POST /v1/tokens/verify`: `token`, `purpose`? (`reset`), `consume`? (`true`); 200 `id`,
//!   `subject`, `purpose`, `created_at`, `expires_at`, `used_at`; 404 `invalid_token`.
//! - `DELETE /v1/tokens/{id}`: no body; 204; 404 `not_found`.
//! - `POST /v1/subjects/revoke`: `subject`, `purpose`? (all); 200 `revoked`.
//! - `GET /healthz`, `/readyz`, `/metrics`, `/openapi.json`: no body; probes, unauthenticated.
//!
//! The token routes need `Authorization: Bearer <key>` with a key from the client file
//! ([`Clients`]); the probes need nothing and show nothing secret.
//!
//! # Architecture
//!
//! The server knows the lifecycle and the core, and holds no SQL of its own: everything
//! stored goes through a [`TokenStore`](pssst_lifecycle::TokenStore), and the router is
//! generic over it (the trait is not object-safe, so the caller picks the concrete store).
//! Client keys live in a file, not in the database.
//!
//! # Security
//!
//! - Tokens are answered once, in the `POST /v1/tokens` body, and stored only as the
//!   lifecycle's keyed hash. Answers carry `Cache-Control: no-store`.
//! - Every token that cannot be used gets one answer, 404 `invalid_token`; the reason goes to
//!   the audit log and the metrics.
//! - Links are built from the configured base URL, never from `Host` or `X-Forwarded-*`.
//! - Logs hold one line per request (method, route template, status, latency, client name)
//!   and the lifecycle's audit events: no token, key, hash, pepper, header, body or raw URI.
//! - Client keys are stored as SHA-256 and compared in constant time; every failure is the
//!   same 401.
//! - Rate limits: issues per subject (keyed by a keyed hash, the same whether the subject is
//!   known or not), verifies per client and in total.
//!
//! What it does not do: terminate TLS (put it behind a proxy that does, on a private
//! network), or wipe the token from the response buffer after it is sent.

mod api_error;
mod auth;
mod body;
mod clients;
mod error;
mod input;
mod limit;
mod link;
mod metrics;
mod observe;
mod openapi;
mod probes;
mod routes;
mod serve;
mod settings;
mod state;
mod tokens;
mod wire;

pub use crate::api_error::ApiError;
pub use crate::clients::{CLIENT_KEY_PREFIX, ClientEntry, ClientName, ClientWatch, Clients};
pub use crate::error::Error;
pub use crate::limit::Rate;
pub use crate::link::LinkBase;
pub use crate::observe::{LogFormat, init_logs};
pub use crate::routes::{Route, app, routes};
pub use crate::serve::{serve, shutdown_signal};
pub use crate::settings::{Limits, Settings, Upkeep};
pub use crate::state::AppState;
