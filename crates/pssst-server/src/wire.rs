//! What travels over HTTP: the JSON bodies of requests and responses, with their schemas for
//! the OpenAPI document. Requests refuse unknown fields; times are RFC 3339 in UTC.

use pssst::Token;
use pssst_lifecycle::TokenRecord;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// The purpose a request gets when it names none.
pub(crate) const DEFAULT_PURPOSE: &str = "reset";

/// `POST /v1/tokens`: issue a token.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IssueRequest {
    /// Whom the token is for: 1 to 256 bytes, no surrounding spaces, control or invisible
    /// formatting characters. Best a user id, not an e-mail address.
    #[schema(example = "user-42", min_length = 1, max_length = 256)]
    pub(crate) subject: String,
    /// What it is for: 1 to 64 of `a-z 0-9 . _ -`. Default `reset`.
    #[schema(example = "reset", pattern = "^[a-z0-9][a-z0-9._-]{0,63}$")]
    pub(crate) purpose: Option<String>,
    /// Lifetime in seconds, 60 to 604800. Default: the purpose's (900).
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
    #[schema(example = "reset")]
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
    #[schema(format = DateTime)]
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
    #[schema(example = "user-42")]
    pub(crate) subject: String,
    /// Only tokens for this purpose; all purposes when absent.
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
