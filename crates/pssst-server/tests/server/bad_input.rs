//! Bad input of every kind: always a 4xx with a JSON error that says what was wrong, never a
//! 500, never a changed row.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{Value, json};

use crate::support::{Factory, Reply, TestApp, test_app};

const ROUTES: [&str; 3] = ["/v1/tokens", "/v1/tokens/verify", "/v1/subjects/revoke"];

fn assert_json_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.error(), code, "{}", reply.text());
    assert_eq!(reply.headers["content-type"], "application/json");
    let message = reply.json["message"].as_str().unwrap();
    assert!(!message.is_empty());
}

pub(crate) async fn malformed_json_is_400<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let bodies: [&[u8]; 9] = [
        b"",
        b"{",
        b"{\"subject\": }",
        b"{'subject': 'u'}",
        b"{\"subject\": \"u\"} {}",
        b"{\"subject\": \"u\",}",
        b"\xff\xfe{}",
        b"{\"subject\": \"\\ud800\"}",
        b"{\"subject\": \"u\", \"ttl_seconds\": 1e400}",
    ];
    for route in ROUTES {
        for body in bodies {
            let reply = app.post_raw(route, body.to_vec()).await;
            assert_json_error(&reply, 400, "malformed_json");
        }
    }
}

pub(crate) async fn wrong_or_missing_content_type_is_415<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/jsonx"),
    ] {
        let mut request = app.authed(Method::POST, "/v1/tokens", r#"{"subject": "u"}"#);
        match content_type {
            Some(value) => {
                request
                    .headers_mut()
                    .insert("content-type", value.parse().unwrap());
            }
            None => {
                request.headers_mut().remove("content-type");
            }
        }
        assert_json_error(&app.send(request).await, 415, "unsupported_media_type");
    }
    for coding in ["gzip", "br", "identity, gzip", "x-unknown"] {
        let mut request = app.authed(Method::POST, "/v1/tokens", r#"{"subject": "u"}"#);
        request
            .headers_mut()
            .insert("content-encoding", coding.parse().unwrap());
        let reply = app.send(request).await;
        assert_json_error(&reply, 415, "unsupported_media_type");
        assert!(reply.text().contains("Content-Encoding"), "{coding}");
    }
    let mut request = app.authed(Method::POST, "/v1/tokens", r#"{"subject": "u"}"#);
    request
        .headers_mut()
        .insert("content-encoding", "identity".parse().unwrap());
    assert_eq!(app.send(request).await.status, 201, "identity is no coding");
    let mut request = app.authed(Method::POST, "/v1/tokens", r#"{"subject": "u"}"#);
    let value = "Application/JSON; charset=utf-8".parse().unwrap();
    request.headers_mut().insert("content-type", value);
    assert_eq!(
        app.send(request).await.status,
        201,
        "parameters and case are fine"
    );
}

pub(crate) async fn wrong_types_missing_and_unknown_fields_are_422<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let cases: [(&str, Value, &str); 14] = [
        (
            "/v1/tokens",
            json!({"subject": ["user-42"]}),
            "subject: expected a string",
        ),
        (
            "/v1/tokens",
            json!({"subject": {"id": 1}}),
            "subject: expected a string",
        ),
        (
            "/v1/tokens",
            json!({"subject": 42}),
            "subject: expected a string",
        ),
        (
            "/v1/tokens",
            json!({"subject": null}),
            "subject: expected a string",
        ),
        ("/v1/tokens", json!({}), "missing field `subject`"),
        (
            "/v1/tokens",
            json!({"subject": "u", "ttl_seconds": "900"}),
            "ttl_seconds: expected a JSON number",
        ),
        (
            "/v1/tokens",
            json!({"subject": "u", "admin": true}),
            "unknown field",
        ),
        (
            "/v1/tokens",
            json!([{"subject": "u"}]),
            "the body must be a JSON object",
        ),
        ("/v1/tokens", json!("u"), "the body must be a JSON object"),
        (
            "/v1/tokens/verify",
            json!({"token": 7}),
            "token: expected a string",
        ),
        (
            "/v1/tokens/verify",
            json!({"token": "t", "consume": "no"}),
            "consume: expected a boolean",
        ),
        (
            "/v1/tokens/verify",
            json!({"token": "t", "purpose": ["reset"]}),
            "purpose: expected a string",
        ),
        (
            "/v1/subjects/revoke",
            json!({"subject": ["u"]}),
            "subject: expected a string",
        ),
        (
            "/v1/subjects/revoke",
            json!({"subject": "u", "all": true}),
            "unknown field",
        ),
    ];
    for (route, body, message) in cases {
        let reply = app.post(route, &body).await;
        assert_json_error(&reply, 422, "invalid_request");
        let said = reply.json["message"].as_str().unwrap();
        assert!(said.starts_with(message), "{body}: {said}");
    }
    let duplicate = app
        .post_raw("/v1/tokens", r#"{"subject": "a", "subject": "b"}"#)
        .await;
    assert_json_error(&duplicate, 422, "invalid_request");
    assert!(app.rows().await.is_empty());
}

pub(crate) async fn ten_megabytes_is_413_declared_or_streamed<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let huge = format!(r#"{{"subject": "{}"}}"#, "a".repeat(10 << 20));
    for route in ROUTES {
        let reply = app.post_raw(route, huge.clone()).await;
        assert_json_error(&reply, 413, "payload_too_large");
    }

    // No Content-Length: the body is refused while it streams in.
    let chunks: Vec<Result<String, std::io::Error>> =
        (0..160).map(|_| Ok("a".repeat(1 << 16))).collect();
    let stream = Body::from_stream(futures_stream(chunks));
    let request = app.authed(Method::POST, "/v1/tokens", stream);
    assert!(request.headers().get("content-length").is_none());
    assert_json_error(&app.send(request).await, 413, "payload_too_large");
    assert!(app.rows().await.is_empty());
}

pub(crate) async fn sql_text_in_every_field_is_data_or_a_4xx<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let keep = app.issue("user-42").await;
    let sql = "x'); DROP TABLE tokens; --";
    let quoted = "' OR '1'='1";

    // A subject is the caller's opaque id: SQL in it is stored as text, bound, never run.
    let issued = app.issue(sql).await;
    assert_eq!(issued["subject"], sql);
    let cases = [
        ("/v1/tokens", json!({"subject": "u", "purpose": sql})),
        ("/v1/tokens", json!({"subject": "u", "ttl_seconds": sql})),
        ("/v1/tokens/verify", json!({"token": sql})),
        ("/v1/tokens/verify", json!({"token": quoted})),
        (
            "/v1/tokens/verify",
            json!({"token": keep["token"], "purpose": quoted}),
        ),
        (
            "/v1/tokens/verify",
            json!({"token": keep["token"], "consume": sql}),
        ),
        (
            "/v1/subjects/revoke",
            json!({"subject": "user-42", "purpose": quoted}),
        ),
    ];
    for (route, body) in cases {
        let reply = app.post(route, &body).await;
        assert!(reply.status.is_client_error(), "{body}: {}", reply.status);
        assert!(
            !reply.text().contains(sql) && !reply.text().contains(quoted),
            "echoed"
        );
    }
    let revoke = app
        .post("/v1/subjects/revoke", &json!({"subject": quoted}))
        .await;
    assert_eq!(revoke.json, json!({"revoked": 0}));
    let path = "/v1/tokens/1%27%20OR%20%271%27%3D%271";
    assert_eq!(
        app.send(app.authed(Method::DELETE, path, "")).await.status,
        404
    );

    let rows = app.rows().await;
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r.used_at.is_none() && r.revoked_at.is_none())
    );
    assert_eq!(
        app.verify(keep["token"].as_str().unwrap()).await.status,
        200
    );
    assert_eq!(
        app.verify(issued["token"].as_str().unwrap()).await.json["subject"],
        sql
    );
}

pub(crate) async fn unicode_look_alikes_are_refused_or_distinct<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let keep = app.issue("user-42").await;
    let token = keep["token"].as_str().unwrap().to_owned();

    // The token with one letter swapped for a Cyrillic or fullwidth look-alike.
    let cyrillic = token.replacen(['a', 'e', 'o'], "\u{430}", 1);
    let fullwidth: String = token
        .chars()
        .map(|c| if c == 'A' { 'Ａ' } else { c })
        .collect();
    for fake in [cyrillic, fullwidth, format!("{token}\u{200B}")] {
        if fake != token {
            assert_eq!(app.verify(&fake).await.error(), "invalid_token");
        }
    }
    let purpose = app
        .post(
            "/v1/tokens/verify",
            &json!({"token": token, "purpose": "r\u{435}set"}),
        )
        .await;
    assert_json_error(&purpose, 422, "invalid_request");

    for hidden in [
        "user-42\u{200B}",
        "\u{202E}24-resu",
        "user\u{2060}-42",
        "\u{FEFF}user-42",
    ] {
        let issue = app.post("/v1/tokens", &json!({"subject": hidden})).await;
        assert_json_error(&issue, 422, "invalid_request");
        let revoke = app
            .post("/v1/subjects/revoke", &json!({"subject": hidden}))
            .await;
        assert_json_error(&revoke, 422, "invalid_request");
    }
    let ttl = app
        .post(
            "/v1/tokens",
            &json!({"subject": "u", "ttl_seconds": "６０"}),
        )
        .await;
    assert_json_error(&ttl, 422, "invalid_request");

    // A visible look-alike is another subject: revoking it leaves user-42's token alone.
    let look_alike = app
        .post("/v1/subjects/revoke", &json!({"subject": "us\u{435}r-42"}))
        .await;
    assert_eq!(look_alike.json, json!({"revoked": 0}));
    let key = app.key.expose_secret().replacen('s', "\u{455}", 1);
    let mut request = app.authed(Method::POST, "/v1/tokens", r#"{"subject": "u"}"#);
    let header = format!("Bearer {key}");
    request
        .headers_mut()
        .insert("authorization", header.parse().unwrap());
    assert_eq!(app.send(request).await.status, 401);

    assert_eq!(app.rows().await.len(), 1);
    assert_eq!(app.verify(&token).await.status, 200);
}

pub(crate) async fn no_bad_input_is_a_500_or_changes_a_row<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    app.issue("user-42").await;
    let before = snapshot(&app).await;
    let bodies: Vec<Vec<u8>> = vec![
        b"null".to_vec(),
        b"[]".to_vec(),
        b"0".to_vec(),
        b"{\"subject\": \"\\u0000\"}".to_vec(),
        b"{\"token\": null}".to_vec(),
        b"{\"token\": \"\", \"purpose\": \"\"}".to_vec(),
        b"{\"subject\": \"user-42\", \"purpose\": \"x\"".to_vec(),
        b"{\"subject\": \"user-42\", \"purpose\": 1e999}".to_vec(),
        "{\"subject\": \"user-42\", \"purpose\": \"ｒｅｓｅｔ\"}"
            .as_bytes()
            .to_vec(),
        [b"{\"subject\": \"".as_slice(), &[0xC0, 0xAF], b"\"}"].concat(),
        b"{\"subject\": \"user-42\", \"ttl_seconds\": 18446744073709551616}".to_vec(),
        vec![b'['; 10_000],
    ];
    for route in ROUTES {
        for body in &bodies {
            let reply = app.post_raw(route, body.clone()).await;
            assert!(
                reply.status.is_client_error(),
                "{route} {:?}: {}",
                String::from_utf8_lossy(body),
                reply.status
            );
            assert!(reply.json["error"].is_string() && reply.json["message"].is_string());
        }
    }
    assert_eq!(snapshot(&app).await, before);
}

pub(crate) async fn unknown_routes_and_methods_are_json_404_and_405<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let reply = app.get("/v1/nothing").await;
    assert_json_error(&reply, 404, "not_found");
    let request = Request::get("/v1/tokens").body(Body::empty()).unwrap();
    let reply = app.send(request).await;
    assert!(
        matches!(reply.status.as_u16(), 401 | 405),
        "{}",
        reply.status
    );
    let reply = app
        .send(app.authed(Method::PUT, "/v1/tokens/verify", "{}"))
        .await;
    assert!(
        matches!(reply.status.as_u16(), 401 | 405),
        "{}",
        reply.status
    );
    let reply = app
        .send(Request::post("/healthz").body(Body::empty()).unwrap())
        .await;
    assert_json_error(&reply, 405, "method_not_allowed");
}

/// Every stored row as text, to compare before and after.
async fn snapshot<S: pssst_lifecycle::TokenStore>(app: &TestApp<S>) -> Vec<String> {
    app.rows().await.iter().map(|r| format!("{r:?}")).collect()
}

/// A stream of the given chunks, without pulling in a futures crate.
fn futures_stream(
    chunks: Vec<Result<String, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<String, std::io::Error>> + Send + 'static {
    Chunks(chunks.into_iter())
}

struct Chunks(std::vec::IntoIter<Result<String, std::io::Error>>);

impl futures_core::Stream for Chunks {
    type Item = Result<String, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}
