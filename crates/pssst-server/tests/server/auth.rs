//! Client keys: `Authorization: Bearer <key>`, one 401 for every failure, revocation without
//! a restart.

use axum::body::Body;
use axum::http::{Method, Request};
use pssst_server::Clients;
use serde_json::json;

use crate::support::{Factory, Reply, TestApp, test_app};

/// A request to `path` with `authorization` (if any) as the header.
async fn with_header<S: pssst_lifecycle::TokenStore>(
    app: &TestApp<S>,
    method: Method,
    path: &str,
    authorization: Option<&str>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    app.send(request.body(Body::from(r#"{"subject": "u"}"#)).unwrap())
        .await
}

pub(crate) async fn missing_malformed_wrong_and_revoked_keys_get_one_401<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let key = app.key.expose_secret().to_owned();
    let stranger = pssst::api_key("pssk").unwrap();
    let mut typo = key.clone();
    typo.replace_range(10..11, if &key[10..11] == "a" { "b" } else { "a" });
    let headers = [
        None,
        Some(String::new()),
        Some("Bearer".into()),
        Some("Bearer ".into()),
        Some(format!("Basic {key}")),
        Some(format!("Token {key}")),
        Some(key.clone()),
        Some(format!("Bearer {typo}")),
        Some(format!("Bearer {}", stranger.expose_secret())),
        Some(format!("Bearer {key}x")),
        Some(format!("Bearer {}", &key[..key.len() - 1])),
        Some("Bearer ' OR '1'='1".into()),
    ];
    let mut bodies = Vec::new();
    for header in &headers {
        let reply = with_header(&app, Method::POST, "/v1/tokens", header.as_deref()).await;
        assert_eq!(reply.status, 401, "{header:?}");
        assert_eq!(reply.headers["www-authenticate"], "Bearer");
        assert!(!reply.text().contains(&key[5..]));
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]));
    let unauthorized = concat!(
        r#"{"error":"unauthorized","#,
        r#""message":"a valid API key is required: Authorization: Bearer <key>"}"#,
    );
    assert_eq!(bodies[0], unauthorized.as_bytes());
    assert!(app.rows().await.is_empty(), "nothing was issued");

    let good = with_header(
        &app,
        Method::POST,
        "/v1/tokens",
        Some(&format!("bearer {key}")),
    )
    .await;
    assert_eq!(good.status, 201, "the scheme is case-insensitive");
}

pub(crate) async fn a_revoked_client_is_refused_without_a_restart<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let other = app.add_client("other");
    assert_eq!(app.issue("u").await["subject"], "u");

    Clients::revoke(&app.clients, &"test".parse().unwrap()).unwrap();
    assert!(app.state.clients().refresh(), "the change is noticed");
    let reply = app.post("/v1/tokens", &json!({"subject": "u"})).await;
    assert_eq!(reply.status, 401);

    let header = format!("Bearer {}", other.expose_secret());
    let still = with_header(&app, Method::POST, "/v1/tokens", Some(&header)).await;
    assert_eq!(still.status, 201, "the other client keeps working");
}

pub(crate) async fn every_token_route_needs_a_key_and_no_probe_does<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let id = app.issue("u").await["id"].as_str().unwrap().to_owned();
    for route in pssst_server::routes() {
        let path = route.path.replace("{id}", &id);
        let method = Method::from_bytes(route.method.as_bytes()).unwrap();
        let reply = with_header(&app, method, &path, None).await;
        if route.authenticated {
            assert_eq!(reply.status, 401, "{path}");
        } else {
            assert!(reply.status.is_success(), "{path}: {}", reply.status);
        }
    }
    assert!(
        app.rows().await[0].revoked_at.is_none(),
        "the DELETE did nothing"
    );
}

pub(crate) async fn several_clients_each_use_their_own_key<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let second = app.add_client("second");
    let token = app.issue("u").await["token"].as_str().unwrap().to_owned();
    let verify = format!(r#"{{"token": "{token}"}}"#);
    let mut request = app.authed(Method::POST, "/v1/tokens/verify", verify);
    let header = format!("Bearer {}", second.expose_secret())
        .parse()
        .unwrap();
    request.headers_mut().insert("authorization", header);
    let reply = app.send(request).await;
    assert_eq!(
        reply.status, 200,
        "a token issued through one client verifies through another"
    );

    let registered = pssst::api_key("shop").unwrap();
    Clients::register(
        &app.clients,
        &"shop".parse().unwrap(),
        &registered,
        crate::support::T0,
    )
    .unwrap();
    app.state.clients().refresh();
    let header = format!("Bearer {}", registered.expose_secret());
    let reply = with_header(&app, Method::POST, "/v1/tokens", Some(&header)).await;
    assert_eq!(
        reply.status, 201,
        "a key from pssst apikey works once registered"
    );
}
