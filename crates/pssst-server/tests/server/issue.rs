//! `POST /v1/tokens`.

use axum::http::Method;
use serde_json::json;

use crate::support::{BASE, Factory, T0, test_app, test_app_with};

pub(crate) async fn issue_answers_201_with_token_link_and_expiry<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let reply = app.post("/v1/tokens", &json!({"subject": "user-42"})).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert_eq!(reply.headers["content-type"], "application/json");

    let body = &reply.json;
    let token = body["token"].as_str().unwrap();
    assert_eq!(token.len(), 43);
    assert_eq!(body["link"], format!("{BASE}?token={token}"));
    assert_eq!(body["subject"], "user-42");
    assert_eq!(body["purpose"], "reset");
    assert_eq!(body["expires_at"], "2026-01-01T00:15:00Z");
    let id = body["id"].as_str().unwrap();
    assert_eq!(id.parse::<pssst::Uuid>().unwrap().get_version_num(), 7);
    let mut fields: Vec<_> = body.as_object().unwrap().keys().cloned().collect();
    fields.sort();
    assert_eq!(
        fields,
        ["expires_at", "id", "link", "purpose", "subject", "token"]
    );

    let rows = app.rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id.to_string(), id);
    assert_eq!(rows[0].created_at, T0);
}

pub(crate) async fn link_comes_from_the_configuration_never_from_headers<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let mut request = app.authed(Method::POST, "/v1/tokens", r#"{"subject": "u"}"#);
    let headers = request.headers_mut();
    for (name, value) in [
        ("host", "evil.example"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "http"),
        ("forwarded", "host=evil.example;proto=http"),
    ] {
        headers.insert(name, value.parse().unwrap());
    }
    let reply = app.send(request).await;
    assert_eq!(reply.status, 201);
    let link = reply.json["link"].as_str().unwrap();
    assert!(link.starts_with(&format!("{BASE}?token=")), "{link}");
    assert!(!reply.text().contains("evil"));
}

pub(crate) async fn link_can_carry_the_token_in_its_fragment<F: Factory>(factory: &F) {
    let app = test_app_with(factory, |s| s.link_in_fragment = true).await;
    let body = app.issue("u").await;
    let token = body["token"].as_str().unwrap();
    assert_eq!(body["link"], format!("{BASE}#token={token}"));
}

pub(crate) async fn without_a_base_url_the_link_is_null<F: Factory>(factory: &F) {
    let app = test_app_with(factory, |s| s.link_base = None).await;
    let body = app.issue("u").await;
    assert!(body["link"].is_null(), "{body}");
    assert!(body["token"].is_string());
}

pub(crate) async fn purpose_and_ttl_are_honoured<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let request = json!({"subject": "u", "purpose": "verify-email", "ttl_seconds": 3600});
    let reply = app.post("/v1/tokens", &request).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(reply.json["purpose"], "verify-email");
    assert_eq!(reply.json["expires_at"], "2026-01-01T01:00:00Z");

    let token = reply.json["token"].as_str().unwrap();
    let wrong = app.verify(token).await;
    assert_eq!(wrong.status, 404, "a verify-email token is no reset token");
    let right = app
        .post(
            "/v1/tokens/verify",
            &json!({"token": token, "purpose": "verify-email"}),
        )
        .await;
    assert_eq!(right.status, 200, "{}", right.text());
}

pub(crate) async fn bad_subject_purpose_or_ttl_is_422_and_stores_nothing<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let range = "60 to 604800";
    let purpose = "1 to 64 of a-z 0-9 . _ -, the first a letter or a digit";
    let cases = [
        (json!({"subject": ""}), "subject"),
        (json!({"subject": "   "}), "subject"),
        (json!({"subject": " user"}), "subject"),
        (json!({"subject": "a\u{0}b"}), "subject"),
        (json!({"subject": "x".repeat(257)}), "subject"),
        (json!({"subject": "u", "purpose": "Reset"}), purpose),
        (json!({"subject": "u", "purpose": "re set"}), purpose),
        (json!({"subject": "u", "purpose": ""}), purpose),
        (json!({"subject": "u", "purpose": "-reset"}), purpose),
        (json!({"subject": "u", "purpose": ".x"}), purpose),
        (json!({"subject": "u", "ttl_seconds": 0}), range),
        (json!({"subject": "u", "ttl_seconds": 59}), range),
        (json!({"subject": "u", "ttl_seconds": 604_801}), range),
        (json!({"subject": "u", "ttl_seconds": -1}), range),
        (json!({"subject": "u", "ttl_seconds": -900}), range),
        (json!({"subject": "u", "ttl_seconds": 1.5}), range),
        (json!({"subject": "u", "ttl_seconds": 1e30}), range),
    ];
    for (case, said) in cases {
        let reply = app.post("/v1/tokens", &case).await;
        assert_eq!(reply.status, 422, "{case}: {}", reply.text());
        assert_eq!(reply.error(), "invalid_request");
        let message = reply.json["message"].as_str().unwrap();
        assert!(message.contains(said), "{case}: {message}");
    }
    assert!(app.rows().await.is_empty());
}

/// The Python peer's client sends only `subject`, reads `token`, `expires_at` and `link`, and
/// verifies with only `token`, reading `subject`: all of that works unchanged.
pub(crate) async fn python_peer_request_gets_a_superset_of_its_answer<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let issued = app.issue("user-42").await;
    for field in ["token", "expires_at", "link"] {
        assert!(issued[field].is_string(), "{field}");
    }
    let token = issued["token"].as_str().unwrap();
    let verified = app.verify(token).await;
    assert_eq!(verified.status, 200);
    assert_eq!(verified.json["subject"], "user-42");
    assert_eq!(app.verify(token).await.status, 404);
}

/// JSON has one number type and JSON Schema counts `900.0` as the integer 900: a lifetime
/// computed in floating point (Python's `timedelta.total_seconds()`) is taken, one with a
/// fraction is not. Found by schemathesis, which sent `172879.0` to a field documented as an
/// integer and got 422.
pub(crate) async fn a_lifetime_with_a_zero_fraction_is_an_integer<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    for (ttl, expires_at) in [
        ("900.0", "2026-01-01T00:15:00Z"),
        ("9e2", "2026-01-01T00:15:00Z"),
        ("3600.000", "2026-01-01T01:00:00Z"),
    ] {
        let body = format!(r#"{{"subject": "u-{ttl}", "ttl_seconds": {ttl}}}"#);
        let reply = app.post_raw("/v1/tokens", body).await;
        assert_eq!(reply.status, 201, "{ttl}: {}", reply.text());
        assert_eq!(reply.json["expires_at"], expires_at, "{ttl}");
    }
    for ttl in ["900.5", "-900.0", "59.0", "604801.0", "1e300"] {
        let body = format!(r#"{{"subject": "u", "ttl_seconds": {ttl}}}"#);
        let reply = app.post_raw("/v1/tokens", body).await;
        assert_eq!(reply.status, 422, "{ttl}: {}", reply.text());
        assert!(
            reply.json["message"]
                .as_str()
                .unwrap()
                .starts_with("ttl_seconds: expected")
        );
    }
}
