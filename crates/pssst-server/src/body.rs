//! Reading a JSON request body: content type, size, syntax and shape, each refused with its
//! own status, and with messages that never repeat a value the client sent.

use std::future::poll_fn;
use std::pin::Pin;

use axum::body::{Body, HttpBody};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::api_error::ApiError;
use crate::state::AppState;

/// A request body parsed as `T`: `Content-Type: application/json` and no `Content-Encoding`
/// but `identity` (415 otherwise), at most the configured size (413), valid JSON (400) of the
/// right shape (422).
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<T, S> FromRequest<AppState<S>> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync + 'static,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState<S>) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        if is_encoded(request.headers()) {
            return Err(ApiError::UnsupportedEncoding);
        }
        let max = state.settings().limits.max_body;
        if declared_length(request.headers()).is_some_and(|length| length > max) {
            return Err(ApiError::PayloadTooLarge { max });
        }
        let bytes = read_at_most(request.into_body(), max).await?;
        parse(&bytes).map(Self)
    }
}

/// Parses `bytes` as one JSON value of type `T`, with nothing after it. Syntax is checked
/// over the whole body first (every string decoded, so a lone UTF-16 surrogate counts), so a
/// body that is not JSON is always 400, whatever its fields.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice::<serde_json::Value>(bytes).map_err(|err| refusal(&err, None))?;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        refusal(err.inner(), field_name(&path))
    })?;
    deserializer.end().map_err(|err| refusal(&err, None))?;
    Ok(value)
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return false;
    };
    let essence = value.to_str().unwrap_or("").split(';').next().unwrap_or("");
    essence.trim().eq_ignore_ascii_case("application/json")
}

/// Whether the body is compressed (or otherwise encoded). Reading a gzip body as JSON would
/// give a confusing 400, and decoding it would let a small body expand past `--max-body`
/// before the limit sees it: any coding but `identity` is refused.
fn is_encoded(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .any(|value| {
            value
                .to_str()
                .unwrap_or("?")
                .split(',')
                .any(|coding| !coding.trim().eq_ignore_ascii_case("identity"))
        })
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// The body, refusing it as soon as it passes `max` bytes.
async fn read_at_most(mut body: Body, max: usize) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| ApiError::UnreadableBody)?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if bytes.len() + data.len() > max {
            return Err(ApiError::PayloadTooLarge { max });
        }
        bytes.extend_from_slice(&data);
    }
    Ok(bytes)
}

/// Turns a parse error into an answer. Syntax errors give their position; shape errors say
/// which field and what was expected, never what was sent (which could be a token in the
/// wrong field).
fn refusal(err: &serde_json::Error, field: Option<&str>) -> ApiError {
    if matches!(
        err.classify(),
        Category::Syntax | Category::Eof | Category::Io
    ) {
        return ApiError::MalformedJson {
            line: err.line(),
            column: err.column(),
        };
    }
    let text = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let text = text.strip_suffix(&position).unwrap_or(&text);
    // serde writes what it expected last, after anything taken from the input.
    let expected = text.rsplit_once(", expected ").map(|(_, e)| e);
    let message = if text.starts_with("missing field") || text.starts_with("duplicate field") {
        text.to_owned()
    } else if text.starts_with("unknown field") {
        let allowed = expected.unwrap_or("no other fields");
        let allowed = allowed.trim_start_matches("one of ").replace(" or ", ", ");
        format!("unknown field: the fields are {allowed}")
    } else {
        match (field, expected) {
            (None, _) => "the body must be a JSON object".to_owned(),
            (Some(field), Some(expected)) => format!("{field}: expected {expected}"),
            (Some(field), None) => format!("{field}: invalid value"),
        }
    };
    ApiError::InvalidRequest(message)
}

/// The field a shape error is about, when it is one of ours (never an arbitrary key).
fn field_name(path: &str) -> Option<&str> {
    let ours = !path.is_empty()
        && path.len() <= 32
        && path.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    ours.then_some(path)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only parsed")]
    struct Probe {
        name: String,
        flag: Option<bool>,
    }

    fn message(body: &str) -> (u16, String) {
        let err = parse::<Probe>(body.as_bytes()).unwrap_err();
        let status = err.status().as_u16();
        match err {
            ApiError::InvalidRequest(message) => (status, message),
            other => (status, format!("{other:?}")),
        }
    }

    #[test]
    fn syntax_errors_are_400_with_a_position() {
        let err = parse::<Probe>(b"{\"name\": ").unwrap_err();
        assert!(
            matches!(err, ApiError::MalformedJson { line: 1, .. }),
            "{err:?}"
        );
        let trailing = parse::<Probe>(b"{\"name\": \"a\"} x").unwrap_err();
        assert_eq!(trailing.status(), 400);
        assert_eq!(parse::<Probe>(b"\xff").unwrap_err().status(), 400);
    }

    #[test]
    fn shape_errors_name_the_field_but_never_the_value() {
        let (status, text) = message(r#"{"name": "a", "flag": "SECRET-VALUE"}"#);
        assert_eq!(status, 422);
        assert_eq!(text, "flag: expected a boolean");
        let (_, text) = message(r#"{"name": ["SECRET-VALUE"]}"#);
        assert_eq!(text, "name: expected a string");
        let (_, text) = message(r#"{"name": "a", "SECRET-KEY": 1}"#);
        assert_eq!(text, "unknown field: the fields are `name`, `flag`");
        let (_, text) = message(r#"{}"#);
        assert_eq!(text, "missing field `name`");
        let (_, text) = message(r#"["SECRET-VALUE"]"#);
        assert_eq!(text, "the body must be a JSON object");
    }

    #[test]
    fn a_field_named_like_an_expectation_cannot_smuggle_text() {
        let (_, text) = message(r#"{"x`, expected `SECRET": 1}"#);
        assert!(!text.contains("SECRET"), "{text}");
    }
}
