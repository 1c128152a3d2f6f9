//! `/healthz`, `/readyz`, `/metrics` and `/openapi.json`.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{Value, json};

use crate::support::{Factory, logs, test_app};

pub(crate) async fn healthz_and_readyz_answer<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let health = app.get("/healthz").await;
    assert_eq!(
        (health.status.as_u16(), health.json.clone()),
        (200, json!({"status": "ok"}))
    );
    let ready = app.get("/readyz").await;
    assert_eq!(
        (ready.status.as_u16(), ready.json.clone()),
        (200, json!({"status": "ready"}))
    );
}

pub(crate) async fn metrics_count_requests_latency_and_tokens<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let token = app.issue("u").await["token"].as_str().unwrap().to_owned();
    app.verify(&token).await;
    app.verify(&token).await;
    app.post("/v1/tokens", &json!({"subject": ""})).await;

    let reply = app.get("/metrics").await;
    assert_eq!(reply.status, 200);
    let content_type = reply.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    let text = reply.text();
    for line in [
        "pssst_http_requests_total{method=\"POST\",route=\"/v1/tokens\",status=\"201\"} 1",
        "pssst_http_requests_total{method=\"POST\",route=\"/v1/tokens\",status=\"422\"} 1",
        "pssst_http_requests_total{method=\"POST\",route=\"/v1/tokens/verify\",status=\"200\"} 1",
        "pssst_http_requests_total{method=\"POST\",route=\"/v1/tokens/verify\",status=\"404\"} 1",
        "pssst_http_request_duration_seconds_count{route=\"/v1/tokens/verify\"} 2",
        "pssst_tokens_total{action=\"issued\"} 1",
        "pssst_tokens_total{action=\"consumed\"} 1",
        "pssst_tokens_rejected_total{reason=\"used\"} 1",
        "# TYPE pssst_http_request_duration_seconds histogram",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(!text.contains(&token));
}

pub(crate) async fn metrics_and_logs_use_route_templates_not_uris<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let issued = app.issue("u").await;
    let token = issued["token"].as_str().unwrap();
    let id = issued["id"].as_str().unwrap();
    let marker = pssst::token_urlsafe(16).unwrap();
    let marker = marker.expose_secret();

    let query = format!("/v1/tokens/verify?token={token}&m={marker}");
    app.send(app.authed(Method::POST, &query, format!(r#"{{"token": "{token}"}}"#)))
        .await;
    app.send(app.authed(Method::DELETE, &format!("/v1/tokens/{id}"), ""))
        .await;
    app.get(&format!("/nowhere/{marker}")).await;

    let metrics = app.get("/metrics").await.text();
    assert!(
        metrics.contains("route=\"/v1/tokens/{id}\",status=\"404\""),
        "{metrics}"
    );
    assert!(
        metrics.contains("route=\"unmatched\",status=\"404\""),
        "{metrics}"
    );
    let logs = logs();
    assert!(logs.contains("/v1/tokens/{id}"), "request lines are logged");
    for text in [&metrics, &logs] {
        assert!(!text.contains(marker) && !text.contains(token));
    }
}

pub(crate) async fn openapi_lists_exactly_the_routes_of_the_router<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let document = app.get("/openapi.json").await;
    assert_eq!(document.status, 200);
    let doc = &document.json;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));

    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let secured = operation.get("security").is_some();
            documented.insert((method.to_uppercase(), path.clone(), secured));
        }
    }
    let routed: BTreeSet<_> = pssst_server::routes()
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned(), r.authenticated))
        .collect();
    assert_eq!(documented, routed);
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );

    // And the router serves each of them: never its 404 or 405 fallback.
    for (method, path, _) in &routed {
        let path = path.replace("{id}", "0190a5d2-7c3e-7b1a-8f00-000000000001");
        let request = app.authed(Method::from_bytes(method.as_bytes()).unwrap(), &path, "{}");
        let reply = app.send(request).await;
        let fallback =
            reply.error() == "method_not_allowed" || reply.json["message"] == "no such route";
        assert!(!fallback, "{method} {path}: {}", reply.text());
    }
}

pub(crate) async fn openapi_describes_the_fields_the_service_takes<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let doc = app.get("/openapi.json").await.json;
    let schemas = &doc["components"]["schemas"];
    let fields = |name: &str| -> BTreeSet<String> {
        schemas[name]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let required = |name: &str| -> Vec<Value> {
        schemas[name]["required"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        fields("IssueRequest"),
        set(&["subject", "purpose", "ttl_seconds"])
    );
    assert_eq!(required("IssueRequest"), [json!("subject")]);
    assert_eq!(
        fields("VerifyRequest"),
        set(&["token", "purpose", "consume"])
    );
    assert_eq!(fields("RevokeSubjectRequest"), set(&["subject", "purpose"]));
    assert_eq!(
        fields("IssueResponse"),
        set(&["id", "token", "expires_at", "link", "subject", "purpose"])
    );
    assert_eq!(
        fields("RecordResponse"),
        set(&[
            "id",
            "subject",
            "purpose",
            "created_at",
            "expires_at",
            "used_at"
        ])
    );
    assert_eq!(fields("ErrorBody"), set(&["error", "message"]));

    // What the service answers has the documented fields, no more.
    let issued = app.issue("u").await;
    let answered: BTreeSet<String> = issued.as_object().unwrap().keys().cloned().collect();
    assert_eq!(answered, fields("IssueResponse"));
    let verify = doc["paths"]["/v1/tokens/verify"]["post"]["responses"]
        .as_object()
        .unwrap();
    assert!(verify.contains_key("404") && verify.contains_key("429"));
    let request = Request::get("/openapi.json").body(Body::empty()).unwrap();
    assert_eq!(
        app.send(request).await.headers["content-type"],
        "application/json"
    );
}

/// The links from an issued token to verifying and revoking it are written as OpenAPI spells
/// them (utoipa 5.5 wrote `operation_id` and `request_body`, which schemathesis ignored) and
/// lead to operations of this document.
pub(crate) async fn openapi_links_lead_from_issue_to_verify_and_revoke<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let doc = app.get("/openapi.json").await.json;
    let mut operation_ids = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            operation_ids.insert(operation["operationId"].as_str().unwrap().to_owned());
        }
    }
    let links = &doc["paths"]["/v1/tokens"]["post"]["responses"]["201"]["links"];
    let verify = &links["verify"];
    assert_eq!(verify["operationId"], "verify", "{links}");
    assert_eq!(verify["requestBody"]["token"], "$response.body#/token");
    let revoke = &links["revoke"];
    assert_eq!(revoke["operationId"], "revoke", "{links}");
    assert_eq!(revoke["parameters"]["id"], "$response.body#/id");
    for link in links.as_object().unwrap().values() {
        let target = link["operationId"].as_str().unwrap();
        assert!(operation_ids.contains(target), "{target}");
        let fields = link.as_object().unwrap().keys();
        assert!(
            fields.into_iter().all(|field| !field.contains('_')),
            "{link}"
        );
    }
}

/// What every answer carries is in the document: `WWW-Authenticate` on each 401,
/// `Retry-After` on each 429, and `link` and `used_at` as required (they are sent as `null`,
/// never left out); the purpose of every request has the pattern the service checks.
pub(crate) async fn openapi_declares_headers_nulls_and_patterns<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let doc = app.get("/openapi.json").await.json;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = &operation["responses"];
            if let Some(refused) = responses.get("401") {
                assert!(
                    refused["headers"].get("WWW-Authenticate").is_some(),
                    "{method} {path}"
                );
            }
            if let Some(limited) = responses.get("429") {
                assert!(
                    limited["headers"].get("Retry-After").is_some(),
                    "{method} {path}"
                );
            }
        }
    }
    let schemas = &doc["components"]["schemas"];
    let required = |name: &str, field: &str| {
        schemas[name]["required"]
            .as_array()
            .unwrap()
            .contains(&json!(field))
    };
    assert!(required("IssueResponse", "link") && required("RecordResponse", "used_at"));
    for name in ["IssueRequest", "VerifyRequest", "RevokeSubjectRequest"] {
        let purpose = &schemas[name]["properties"]["purpose"];
        assert_eq!(purpose["pattern"], "^[a-z0-9][a-z0-9._-]{0,63}$", "{name}");
    }
    for name in ["IssueRequest", "RevokeSubjectRequest"] {
        let subject = &schemas[name]["properties"]["subject"];
        assert!(subject["pattern"].is_string(), "{name}");
        assert_eq!(subject["maxLength"], 256, "{name}");
    }
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}
