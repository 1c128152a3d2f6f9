//! Who is calling: `Authorization: Bearer <key>`, checked against the client file.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::api_error::ApiError;
use crate::state::AppState;

/// Lets the request through with its [`ClientName`] in the request's extensions (for the
/// handlers) and the response's (for the request log), or answers 401.
///
/// # Security
///
/// A missing header, another scheme, a malformed key and an unknown or revoked key all get
/// the same 401 body. The key is never logged or echoed.
pub(crate) async fn authenticate<S: Send + Sync + 'static>(
    State(state): State<AppState<S>>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let client = bearer(request.headers())
        .and_then(|key| state.clients().authenticate(key))
        .ok_or(ApiError::Unauthorized)?;
    request.extensions_mut().insert(client.clone());
    let mut response = next.run(request).await;
    response.extensions_mut().insert(client);
    Ok(response)
}

/// The key of an `Authorization: Bearer <key>` header (the scheme in any case, RFC 9110).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| key.trim())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn only_bearer_credentials_are_read() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer k_1"),
        );
        assert_eq!(bearer(&headers), Some("k_1"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer k_1"),
        );
        assert_eq!(bearer(&headers), Some("k_1"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic k_1"));
        assert_eq!(bearer(&headers), None);
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer"));
        assert_eq!(bearer(&headers), None);
    }
}
