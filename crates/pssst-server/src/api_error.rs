//! The one error type of the HTTP API, and the status code and JSON body of each case.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::wire::ErrorBody;

/// Everything a request can be refused for. Each case has one status and one `error` code;
/// the `message` says what was wrong without repeating any secret the request carried.
///
/// Bad input is always a 4xx: only a fault of the service itself (a missing pepper, a failed
/// random source) is a 500.
///
/// # Examples
///
/// ```
/// use axum::response::IntoResponse;
/// let response = pssst_server::ApiError::InvalidToken.into_response();
/// assert_eq!(response.status(), 404);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiError {
    /// 400 `malformed_json`: the body is not JSON (or not UTF-8, or has trailing data).
    MalformedJson {
        /// The line of the first error, from 1.
        line: usize,
        /// The column of the first error, from 1.
        column: usize,
    },
    /// 400 `malformed_json`: the body could not be read to its end.
    UnreadableBody,
    /// 415 `unsupported_media_type`: the `Content-Type` is not `application/json`.
    UnsupportedMediaType,
    /// 415 `unsupported_media_type`: the body carries a `Content-Encoding` (gzip, ...); the
    /// service reads only uncompressed bodies.
    UnsupportedEncoding,
    /// 422 `invalid_request`: well-formed JSON that does not fit (wrong type, missing or
    /// unknown field) or a value the lifecycle refuses (subject, purpose, lifetime).
    InvalidRequest(String),
    /// 401 `unauthorized`: no key, a malformed key or an unknown key; one body for all three.
    Unauthorized,
    /// 404 `invalid_token`: the token is unknown, expired, used, revoked, malformed or for
    /// another purpose. Which one goes to the audit log and the metrics only.
    InvalidToken,
    /// 404 `not_found`: no such route, or no live token with this id.
    NotFound(&'static str),
    /// 405 `method_not_allowed`.
    MethodNotAllowed,
    /// 413 `payload_too_large`: the body is longer than the configured maximum.
    PayloadTooLarge {
        /// The maximum, in bytes.
        max: usize,
    },
    /// 429 `rate_limited`, with `Retry-After`.
    RateLimited {
        /// How long until the request may succeed.
        retry_after: Duration,
    },
    /// 503 `unavailable`: the database did not answer or refused the work.
    Unavailable,
    /// 503 `timeout`: the request took longer than the configured limit.
    Timeout,
    /// 500 `internal`: a fault of the service, logged.
    Internal,
}

impl ApiError {
    /// The status code.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst_server::ApiError::Unauthorized.status(), 401);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MalformedJson { .. } | Self::UnreadableBody => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType | Self::UnsupportedEncoding => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            Self::InvalidRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::InvalidToken | Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable | Self::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable `error` code of the body.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(pssst_server::ApiError::InvalidToken.code(), "invalid_token");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::MalformedJson { .. } | Self::UnreadableBody => "malformed_json",
            Self::UnsupportedMediaType | Self::UnsupportedEncoding => "unsupported_media_type",
            Self::InvalidRequest(_) => "invalid_request",
            Self::Unauthorized => "unauthorized",
            Self::InvalidToken => "invalid_token",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Timeout => "timeout",
            Self::Internal => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            Self::MalformedJson { line, column } => {
                format!("the body is not valid JSON (line {line}, column {column})")
            }
            Self::UnreadableBody => "the request body could not be read".into(),
            Self::UnsupportedMediaType => "send the body as Content-Type: application/json".into(),
            Self::UnsupportedEncoding => {
                "send the body uncompressed: Content-Encoding is not supported".into()
            }
            Self::InvalidRequest(why) => why.clone(),
            Self::Unauthorized => "a valid API key is required: Authorization: Bearer <key>".into(),
            Self::InvalidToken => "the token is not valid".into(),
            Self::NotFound(what) => (*what).into(),
            Self::MethodNotAllowed => "this route does not take this method".into(),
            Self::PayloadTooLarge { max } => format!("the body is longer than {max} bytes"),
            Self::RateLimited { .. } => "too many requests: retry after the given delay".into(),
            Self::Unavailable => "the database is unavailable: retry later".into(),
            Self::Timeout => "the request took too long: retry later".into(),
            Self::Internal => "internal error".into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.code(),
            message: self.message(),
        };
        let mut response = (self.status(), Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            Self::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::RateLimited { retry_after } => {
                headers.insert(header::RETRY_AFTER, retry_after_seconds(retry_after));
            }
            _ => {}
        }
        response
    }
}

impl From<pssst_lifecycle::Error> for ApiError {
    /// Invalid tokens and arguments become 404 and 422; storage failures 503; anything else
    /// is a fault of the service (500). Faults are logged with their causes, which the
    /// lifecycle guarantees hold no token, hash or pepper.
    fn from(err: pssst_lifecycle::Error) -> Self {
        use pssst_lifecycle::Error as E;
        match err {
            E::Invalid => Self::InvalidToken,
            E::Argument { .. } | E::TtlTooLong { .. } => Self::InvalidRequest(err.to_string()),
            E::ReadOnly(_)
            | E::Corrupt(_)
            | E::Locked(_)
            | E::Open { .. }
            | E::Database(_)
            | E::Migration(_) => {
                tracing::error!(target: "pssst::http", error = %chain(&err), "database failed");
                Self::Unavailable
            }
            other => {
                tracing::error!(target: "pssst::http", error = %chain(&other), "internal error");
                Self::Internal
            }
        }
    }
}

/// Whole seconds, rounded up, at least 1 (RFC 9110, section 10.2.3).
fn retry_after_seconds(wait: Duration) -> HeaderValue {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    HeaderValue::from(seconds.max(1))
}

/// The error and its causes on one line.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), "1");
        assert_eq!(retry_after_seconds(Duration::from_millis(1500)), "2");
        assert_eq!(retry_after_seconds(Duration::from_secs(60)), "60");
        assert_eq!(retry_after_seconds(Duration::ZERO), "1");
    }

    #[test]
    fn lifecycle_errors_map_to_client_or_service_faults() {
        let invalid: ApiError = pssst_lifecycle::Error::Invalid.into();
        assert_eq!(invalid.status(), 404);
        let ttl: ApiError = pssst_lifecycle::Error::TtlTooLong { max_secs: 1 }.into();
        assert_eq!(ttl.status(), 422);
        let db: ApiError = pssst_lifecycle::Error::Database("down".into()).into();
        assert_eq!(db.status(), 503);
        let key: ApiError = pssst_lifecycle::Error::NoKey.into();
        assert_eq!(key.status(), 500);
    }
}
