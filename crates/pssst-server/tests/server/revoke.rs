//! `DELETE /v1/tokens/{id}` and `POST /v1/subjects/revoke`.

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::json;

use crate::support::{Factory, test_app};

pub(crate) async fn delete_revokes_a_live_token_once<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let issued = app.issue("u").await;
    let path = format!("/v1/tokens/{}", issued["id"].as_str().unwrap());

    let reply = app.send(app.authed(Method::DELETE, &path, "")).await;
    assert_eq!(reply.status, 204);
    assert!(reply.body.is_empty());
    assert_eq!(
        app.verify(issued["token"].as_str().unwrap()).await.status,
        404
    );

    let again = app.send(app.authed(Method::DELETE, &path, "")).await;
    assert_eq!(again.status, 404);
    assert_eq!(again.error(), "not_found");
}

pub(crate) async fn delete_of_an_unknown_or_malformed_id_is_404<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    app.issue("u").await;
    let unknown = pssst::uuid_v7().unwrap();
    for id in [
        unknown.to_string(),
        "not-a-uuid".into(),
        "1".into(),
        "%27%20OR%201%3D1".into(),
    ] {
        let reply = app
            .send(app.authed(Method::DELETE, &format!("/v1/tokens/{id}"), ""))
            .await;
        assert_eq!(reply.status, 404, "{id}: {}", reply.text());
        assert_eq!(reply.error(), "not_found");
    }
    assert!(app.rows().await.iter().all(|r| r.revoked_at.is_none()));
}

pub(crate) async fn subject_revoke_covers_every_purpose_or_one<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    for purpose in ["reset", "verify-email", "invite"] {
        let request = json!({"subject": "u", "purpose": purpose});
        assert_eq!(app.post("/v1/tokens", &request).await.status, 201);
    }
    let other = app.issue("someone-else").await;

    let one = json!({"subject": "u", "purpose": "invite"});
    let reply = app.post("/v1/subjects/revoke", &one).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json, json!({"revoked": 1}));

    let all = app
        .post("/v1/subjects/revoke", &json!({"subject": "u"}))
        .await;
    assert_eq!(all.json, json!({"revoked": 2}));
    let none = app
        .post("/v1/subjects/revoke", &json!({"subject": "u"}))
        .await;
    assert_eq!(none.json, json!({"revoked": 0}));

    assert_eq!(
        app.verify(other["token"].as_str().unwrap()).await.status,
        200
    );
}

/// A path whose id does not decode to UTF-8 gets the same JSON 404 as any unknown id, not
/// axum's plain-text 400 (found by hand while checking schemathesis's findings: the 400 was
/// in no document and not JSON).
pub(crate) async fn delete_of_an_id_that_does_not_decode_is_the_same_json_404<F: Factory>(
    factory: &F,
) {
    let app = test_app(factory).await;
    for id in ["%FF", "%C3%28", "a%80b"] {
        let reply = app
            .send(app.authed(Method::DELETE, &format!("/v1/tokens/{id}"), ""))
            .await;
        assert_eq!(reply.status, 404, "{id}: {}", reply.text());
        assert_eq!(reply.headers["content-type"], "application/json");
        assert_eq!(reply.error(), "not_found");
    }
    let unauthenticated = Request::delete("/v1/tokens/%FF")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(unauthenticated).await.status, 401);
}
