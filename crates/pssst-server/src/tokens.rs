//! The token routes: issue, verify (consume or peek), revoke one, revoke a subject's.

use axum::Extension;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pssst_lifecycle::{IssueOptions, TokenId, TokenStore};

use crate::api_error::ApiError;
use crate::body::JsonBody;
use crate::clients::ClientName;
use crate::input;
use crate::state::AppState;
use crate::wire::{
    ErrorBody, IssueRequest, IssueResponse, RecordResponse, RevokeSubjectRequest, RevokedResponse,
    VerifyRequest,
};

/// Issue a token for a subject.
///
/// The subject's older live tokens of the same purpose are revoked: a token is live until it
/// is used, expires, is revoked or a newer one is issued for its subject and purpose. Limited
/// per subject: a throttled subject gets 429 whether or not it has ever had a token.
#[utoipa::path(
    post,
    path = "/v1/tokens",
    tag = "tokens",
    request_body = IssueRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Issued; the token is shown this once", body = IssueResponse,
            links(
                ("verify" = (
                    operation_id = "verify",
                    request_body = json!({
                        "token": "$response.body#/token",
                        "purpose": "$response.body#/purpose"
                    }),
                    description = "Verify the token: use it, or only look with `consume: false`"
                )),
                ("revoke" = (
                    operation_id = "revoke",
                    parameters(("id" = "$response.body#/id")),
                    description = "Revoke the token by its id"
                )),
            )),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid API key; the same answer for every reason",
            body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not application/json, or a Content-Encoding",
            body = ErrorBody),
        (status = 422, description = "Wrong fields or values", body = ErrorBody),
        (status = 429, description = "Too many issues for this subject; see Retry-After",
            body = ErrorBody,
            headers((
                "Retry-After" = u64,
                description = "Whole seconds until a retry may succeed"
            ))),
        (status = 503, description = "Database unavailable or timeout", body = ErrorBody),
    )
)]
pub(crate) async fn issue<S: TokenStore>(
    State(state): State<AppState<S>>,
    JsonBody(request): JsonBody<IssueRequest>,
) -> Result<Response, ApiError> {
    input::subject(&request.subject)?;
    let purpose = input::purpose(request.purpose.as_deref())?;
    let options = match input::ttl(request.ttl_seconds)? {
        Some(ttl) => IssueOptions::default().ttl(ttl),
        None => IssueOptions::default(),
    };
    state.limit_issue(&request.subject)?;

    let issued = state
        .lifecycle()
        .issue(&request.subject, purpose, options)
        .await?;
    let token = issued.token().expose_secret();
    let settings = state.settings();
    let link = settings
        .link_base
        .as_ref()
        .map(|base| base.with_token(token, settings.link_in_fragment));
    let body = IssueResponse {
        id: issued.id().to_string(),
        token,
        expires_at: issued.expires_at().to_string(),
        link,
        subject: &request.subject,
        purpose,
    };
    // Serialised here, while the token is still borrowed from `issued`.
    // LIMITATION: the token is copied into the response buffer, which hyper frees without
    // wiping; only the `Token` itself is wiped on drop.
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Check a token and, unless `consume` is false, use it.
///
/// Every token that cannot be used (unknown, expired, used, revoked, malformed, for another
/// purpose) gets the same 404 `invalid_token`; the reason goes to the audit log and metrics.
#[utoipa::path(
    post,
    path = "/v1/tokens/verify",
    tag = "tokens",
    request_body = VerifyRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Valid; used unless consume was false", body = RecordResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid API key; the same answer for every reason",
            body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        (status = 404, description = "invalid_token: the token cannot be used", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not application/json, or a Content-Encoding",
            body = ErrorBody),
        (status = 422, description = "Wrong fields or purpose", body = ErrorBody),
        (status = 429, description = "Too many verifies; see Retry-After", body = ErrorBody,
            headers((
                "Retry-After" = u64,
                description = "Whole seconds until a retry may succeed"
            ))),
        (status = 503, description = "Database unavailable or timeout", body = ErrorBody),
    )
)]
pub(crate) async fn verify<S: TokenStore>(
    State(state): State<AppState<S>>,
    Extension(client): Extension<ClientName>,
    JsonBody(request): JsonBody<VerifyRequest>,
) -> Result<Json<RecordResponse>, ApiError> {
    state.limit_verify(&client)?;
    let purpose = input::purpose(request.purpose.as_deref())?;
    let lifecycle = state.lifecycle();
    let record = if request.consume.unwrap_or(true) {
        lifecycle.consume(&request.token, purpose).await?
    } else {
        lifecycle.peek(&request.token, purpose).await?
    };
    Ok(Json(record.into()))
}

/// Revoke one live token by its id.
#[utoipa::path(
    delete,
    path = "/v1/tokens/{id}",
    tag = "tokens",
    params(("id" = String, Path, description = "The token id (a UUID) from POST /v1/tokens")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid API key; the same answer for every reason",
            body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        (status = 404,
            description = "No live token has this id: unknown, malformed, or no longer live \
                           (used, expired, revoked, or superseded by a newer token for its \
                           subject and purpose)",
            body = ErrorBody),
        (status = 503, description = "Database unavailable or timeout", body = ErrorBody),
    )
)]
pub(crate) async fn revoke<S: TokenStore>(
    State(state): State<AppState<S>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let unknown = ApiError::NotFound("no live token has this id");
    // An id that does not decode (`%FF`, not UTF-8) is no token id either: the same JSON 404
    // as any other, not axum's plain-text 400.
    let Ok(Path(id)) = id else {
        return Err(unknown);
    };
    let id: TokenId = id.parse().map_err(|_| unknown.clone())?;
    if state.lifecycle().revoke(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(unknown)
    }
}

/// Revoke every live token of a subject, of one purpose or all: call it after a password or
/// e-mail change.
#[utoipa::path(
    post,
    path = "/v1/subjects/revoke",
    tag = "tokens",
    request_body = RevokeSubjectRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many were revoked (0 for a subject without live tokens)",
            body = RevokedResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid API key; the same answer for every reason",
            body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "`Bearer`"))),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not application/json, or a Content-Encoding",
            body = ErrorBody),
        (status = 422, description = "Wrong fields or values", body = ErrorBody),
        (status = 503, description = "Database unavailable or timeout", body = ErrorBody),
    )
)]
pub(crate) async fn revoke_subject<S: TokenStore>(
    State(state): State<AppState<S>>,
    JsonBody(request): JsonBody<RevokeSubjectRequest>,
) -> Result<Json<RevokedResponse>, ApiError> {
    input::subject(&request.subject)?;
    let purpose = match request.purpose.as_deref() {
        Some(purpose) => Some(input::purpose(Some(purpose))?),
        None => None,
    };
    let revoked = state
        .lifecycle()
        .revoke_all(&request.subject, purpose)
        .await?;
    Ok(Json(RevokedResponse { revoked }))
}
