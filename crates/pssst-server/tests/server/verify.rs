//! `POST /v1/tokens/verify`.

use std::time::Duration;

use serde_json::json;

use crate::support::{Factory, test_app};

pub(crate) async fn verify_uses_a_token_once_then_answers_invalid_token<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let issued = app.issue("user-42").await;
    let token = issued["token"].as_str().unwrap();

    app.clock.advance(Duration::from_secs(30));
    let reply = app.verify(token).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = &reply.json;
    assert_eq!(body["id"], issued["id"]);
    assert_eq!(body["subject"], "user-42");
    assert_eq!(body["purpose"], "reset");
    assert_eq!(body["created_at"], "2026-01-01T00:00:00Z");
    assert_eq!(body["expires_at"], issued["expires_at"]);
    assert_eq!(body["used_at"], "2026-01-01T00:00:30Z");

    let again = app.verify(token).await;
    assert_eq!(again.status, 404);
    assert_eq!(
        again.json,
        json!({"error": "invalid_token", "message": "the token is not valid"})
    );
}

pub(crate) async fn peek_leaves_the_token_usable<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let token = app.issue("u").await["token"].as_str().unwrap().to_owned();
    let peek = json!({"token": token, "consume": false});
    for _ in 0..2 {
        let reply = app.post("/v1/tokens/verify", &peek).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert!(reply.json["used_at"].is_null());
    }
    let used = app
        .post(
            "/v1/tokens/verify",
            &json!({"token": token, "consume": true}),
        )
        .await;
    assert_eq!(used.status, 200);
    assert!(used.json["used_at"].is_string());
    assert_eq!(app.post("/v1/tokens/verify", &peek).await.status, 404);
}

pub(crate) async fn every_unusable_token_gets_the_same_answer<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let token = |body: serde_json::Value| body["token"].as_str().unwrap().to_owned();

    let used = token(app.issue("a").await);
    assert_eq!(app.verify(&used).await.status, 200);
    let revoked = app.issue("b").await;
    let path = format!("/v1/tokens/{}", revoked["id"].as_str().unwrap());
    let delete = app
        .send(app.authed(axum::http::Method::DELETE, &path, ""))
        .await;
    assert_eq!(delete.status, 204);
    let expired = token(app.issue("c").await);
    let wrong_purpose = token(app.issue("d").await);
    app.clock.advance(Duration::from_secs(600));
    let superseded = token(app.issue("e").await);
    app.issue("e").await;
    app.clock.advance(Duration::from_secs(300));

    let unknown = pssst::token_urlsafe(32).unwrap();
    let cases = [
        json!({"token": used}),
        json!({"token": token(revoked)}),
        json!({"token": expired}),
        json!({"token": wrong_purpose, "purpose": "invite"}),
        json!({"token": superseded}),
        json!({"token": unknown.expose_secret()}),
        json!({"token": ""}),
        json!({"token": "short"}),
        json!({"token": format!("{used} ")}),
        json!({"token": "x".repeat(5000)}),
        json!({"token": "%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%"}),
    ];
    let mut bodies = Vec::new();
    for case in &cases {
        let reply = app.post("/v1/tokens/verify", case).await;
        assert_eq!(reply.status, 404, "{case}");
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]));
}

pub(crate) async fn reasons_go_to_metrics_not_to_the_answer<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let token = app.issue("a").await["token"].as_str().unwrap().to_owned();
    app.verify(&token).await;
    app.verify(&token).await;
    app.verify("short").await;
    app.clock.advance(Duration::from_secs(3600));
    let expired = app.issue("b").await["token"].as_str().unwrap().to_owned();
    app.clock.advance(Duration::from_secs(3600));
    app.verify(&expired).await;

    let metrics = app.get("/metrics").await.text();
    for line in [
        "pssst_tokens_total{action=\"issued\"} 2",
        "pssst_tokens_total{action=\"consumed\"} 1",
        "pssst_tokens_rejected_total{reason=\"used\"} 1",
        "pssst_tokens_rejected_total{reason=\"bad_encoding\"} 1",
        "pssst_tokens_rejected_total{reason=\"expired\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} missing from:\n{metrics}");
    }
}
