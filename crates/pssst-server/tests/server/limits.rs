//! Rate limits (429 with `Retry-After`) and the request time limit.

use std::time::Duration;

use axum::body::Body;
use axum::http::Method;
use serde_json::json;

use crate::support::{Factory, Reply, test_app_with};

fn assert_limited(reply: &Reply) {
    assert_eq!(reply.status, 429, "{}", reply.text());
    assert_eq!(reply.error(), "rate_limited");
    let seconds: u64 = reply.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&seconds), "{seconds}");
}

pub(crate) async fn issue_limit_is_per_subject_and_known_looks_like_unknown<F: Factory>(
    factory: &F,
) {
    // A refill every 10 s. Two seconds pass between the two subjects' issues, so their
    // buckets differ (one has refilled a fifth) and a wait counted from each bucket would too.
    let app = test_app_with(factory, |s| s.limits.issue_rate = "2/20s".parse().unwrap()).await;

    // "known" keeps a live token; "gone" had its tokens revoked, as a deleted account would.
    for _ in 0..2 {
        app.issue("known").await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for _ in 0..2 {
        app.issue("gone").await;
    }
    app.post("/v1/subjects/revoke", &json!({"subject": "gone"}))
        .await;
    let rows_before = app.rows().await.len();

    let known = app.post("/v1/tokens", &json!({"subject": "known"})).await;
    let gone = app.post("/v1/tokens", &json!({"subject": "gone"})).await;
    assert_limited(&known);
    assert_limited(&gone);
    // The whole refill interval for both: enough for the next issue, and silent on when each
    // subject last had a token.
    assert_eq!(known.headers["retry-after"], "10");
    assert_eq!(known.headers, gone.headers);
    assert_eq!(known.body, gone.body);
    assert_eq!(
        app.rows().await.len(),
        rows_before,
        "a throttled issue stores nothing"
    );

    assert_eq!(
        app.post("/v1/tokens", &json!({"subject": "fresh"}))
            .await
            .status,
        201
    );
    let metrics = app.get("/metrics").await.text();
    assert!(
        metrics.contains("pssst_rate_limited_total{limit=\"issue\"} 2"),
        "{metrics}"
    );
}

pub(crate) async fn verify_limit_is_per_client_and_global<F: Factory>(factory: &F) {
    let app = test_app_with(factory, |s| {
        s.limits.verify_rate = "2/h".parse().unwrap();
        s.limits.global_verify_rate = "3/h".parse().unwrap();
    })
    .await;
    let second = app.add_client("second");
    let unknown = json!({"token": pssst::token_urlsafe(32).unwrap().expose_secret()});

    assert_eq!(app.post("/v1/tokens/verify", &unknown).await.status, 404);
    assert_eq!(app.post("/v1/tokens/verify", &unknown).await.status, 404);
    assert_limited(&app.post("/v1/tokens/verify", &unknown).await);

    let as_second = |body: &serde_json::Value| {
        let mut request = app.authed(Method::POST, "/v1/tokens/verify", body.to_string());
        let header = format!("Bearer {}", second.expose_secret())
            .parse()
            .unwrap();
        request.headers_mut().insert("authorization", header);
        request
    };
    assert_eq!(
        app.send(as_second(&unknown)).await.status,
        404,
        "its own allowance"
    );
    assert_limited(&app.send(as_second(&unknown)).await);
    let metrics = app.get("/metrics").await.text();
    assert!(metrics.contains("limit=\"verify_client\"} 1"), "{metrics}");
    assert!(metrics.contains("limit=\"verify_global\"} 1"), "{metrics}");
}

pub(crate) async fn a_request_over_the_time_limit_is_503_timeout<F: Factory>(factory: &F) {
    let app = test_app_with(factory, |s| {
        s.limits.request_timeout = Duration::from_millis(200);
    })
    .await;
    // A body that never arrives.
    let request = app.authed(Method::POST, "/v1/tokens", Body::from_stream(Stalled));
    let started = std::time::Instant::now();
    let reply = app.send(request).await;
    assert_eq!(reply.status, 503, "{}", reply.text());
    assert_eq!(reply.error(), "timeout");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(app.rows().await.is_empty());
}

/// A stream that never yields.
struct Stalled;

impl futures_core::Stream for Stalled {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Pending
    }
}
