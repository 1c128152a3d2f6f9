//! What travels over HTTP: the JSON bodies of requests and responses, with their schemas for
//! the OpenAPI document. Requests refuse unknown fields; times are RFC 3339 in UTC.

use pssst::Token;
use pssst_lifecycle::TokenRecord;
use serde::de::{Error as _, Unexpected};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

mod field;

/// The purpose a request gets when it names none.
pub(crate) const DEFAULT_PURPOSE: &str = "reset";

/// `POST /v1/tokens`: issue a token.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IssueRequest {
    /// Whom the token is for.
    #[schema(schema_with = field::subject)]
    pub(crate) subject: String,
    /// What it is for. Default `reset`.
    #[schema(schema_with = field::purpose)]
    pub(crate) purpose: Option<String>,
    /// Lifetime in seconds, 60 to 604800. Default: the purpose's (900). A number with a zero
    /// fraction (`900.0`) is the same integer, as in JSON Schema.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(example = 900, minimum = 60, maximum = 604_800)]
    pub(crate) ttl_seconds: Option<u64>,
}

/// A token just issued. The only time the token is ever shown.
#[derive(Serialize, ToSchema)]
pub(crate) struct IssueResponse<'a> {
    /// The token's public id (a UUIDv7), for `DELETE /v1/tokens/{id}` and for logs.
    #[schema(example = "0190a5d2-7c3e-7b1a-8f00-000000000001")]
    pub(crate) id: String,
    /// The secret: 43 base64url characters after the configured prefix, if any.
    #[schema(value_type = String)]
    pub(crate) token: &'a str,
    /// The first instant the token is no longer valid (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub(crate) expires_at: String,
    /// The configured base URL with the token in its query (`?token=`) or fragment
    /// (`#token=`); `null` when the service has no base URL.
    #[schema(required = true)]
    pub(crate) link: Option<String>,
    /// Whom it is for, as given.
    pub(crate) subject: &'a str,
    /// What it is for.
    pub(crate) purpose: &'a str,
}

/// `POST /v1/tokens/verify`: check a token, and by default use it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerifyRequest {
    /// The token as issued.
    #[serde(deserialize_with = "secret")]
    #[schema(value_type = String)]
    pub(crate) token: Token,
    /// What it must be for. Default `reset`.
    #[schema(schema_with = field::purpose)]
    pub(crate) purpose: Option<String>,
    /// Use the token (true, the default: it never works again) or only look (false, for
    /// rendering the form behind a link).
    pub(crate) consume: Option<bool>,
}

/// What is stored about a token, without its hash.
#[derive(Serialize, ToSchema)]
pub(crate) struct RecordResponse {
    /// The token's public id.
    #[schema(example = "0190a5d2-7c3e-7b1a-8f00-000000000001")]
    pub(crate) id: String,
    /// Whom it was issued for.
    pub(crate) subject: String,
    /// What it is for.
    pub(crate) purpose: String,
    /// When it was issued (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub(crate) created_at: String,
    /// The first instant it is no longer valid (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub(crate) expires_at: String,
    /// When it was used: this request's instant after a consume, `null` after a peek.
    #[schema(format = DateTime, required = true)]
    pub(crate) used_at: Option<String>,
}

impl From<TokenRecord> for RecordResponse {
    fn from(record: TokenRecord) -> Self {
        Self {
            id: record.id.to_string(),
            subject: record.subject,
            purpose: record.purpose,
            created_at: record.created_at.to_string(),
            expires_at: record.expires_at.to_string(),
            used_at: record.used_at.map(|t| t.to_string()),
        }
    }
}

/// `POST /v1/subjects/revoke`: revoke every live token of a subject.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RevokeSubjectRequest {
    /// Whose tokens.
    #[schema(schema_with = field::subject)]
    pub(crate) subject: String,
    /// Only tokens for this purpose; all purposes when absent.
    #[schema(schema_with = field::purpose_filter)]
    pub(crate) purpose: Option<String>,
}

/// How many tokens were revoked.
#[derive(Serialize, ToSchema)]
pub(crate) struct RevokedResponse {
    /// Live tokens revoked by this call (0 when the subject had none).
    pub(crate) revoked: u64,
}

/// Every error: a stable code for programs and a sentence for people. Never contains a
/// token, a key or any other secret the request carried.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    /// `malformed_json`, `unsupported_media_type`, `invalid_request`, `unauthorized`,
    /// `invalid_token`, `not_found`, `method_not_allowed`, `payload_too_large`,
    /// `rate_limited`, `unavailable`, `timeout` or `internal`.
    #[schema(example = "invalid_token")]
    pub(crate) error: &'static str,
    /// What was wrong, for people.
    pub(crate) message: String,
}

/// The answer of the health probes.
#[derive(Serialize, ToSchema)]
pub(crate) struct StatusBody {
    /// `ok` (the process is up) or `ready` (and the database answers).
    #[schema(example = "ok")]
    pub(crate) status: &'static str,
}

/// Reads a JSON string straight into a [`Token`], which wipes it on drop.
fn secret<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Token, D::Error> {
    String::deserialize(deserializer).map(Token::new)
}

/// Reads a JSON integer, or a number whose fraction is zero (`900.0`, `9e2`): JSON has one
/// number type and JSON Schema counts both as integers, and clients that compute a lifetime
/// in floating point (Python's `timedelta.total_seconds()`) send the second form. A number
/// too large for `u64` becomes `u64::MAX`, which the range check then refuses. A negative or
/// fractional number is refused here, naming the range as the range check does.
fn whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    if let Some(whole) = number.as_u64() {
        return Ok(Some(whole));
    }
    let expected = format!("{} whole seconds", crate::input::ttl_range());
    match number.as_f64() {
        // `as` saturates: anything past u64::MAX becomes u64::MAX.
        Some(float) if float.fract() == 0.0 && float >= 0.0 => Ok(Some(float as u64)),
        _ => Err(D::Error::invalid_value(
            Unexpected::Other("a number"),
            &expected.as_str(),
        )),
    }
}
