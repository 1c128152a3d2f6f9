//! After a busy run, no issued token and no client key is in the logs (text and JSON, every
//! level), in an error answer, or in the database (its files, or its rows), in any encoding.

use axum::http::Method;
use serde_json::json;

use crate::support::{Factory, logs, test_app};

pub(crate) async fn no_token_or_key_in_logs_answers_or_database<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let key = app.key.expose_secret().to_owned();
    let mut tokens = Vec::new();
    let mut ids = Vec::new();
    let mut errors = String::new();
    for n in 0..6 {
        let issued = app.issue(&format!("leak-{}", n % 3)).await;
        ids.push(issued["id"].as_str().unwrap().to_owned());
        tokens.push(issued["token"].as_str().unwrap().to_owned());
    }
    for (n, token) in tokens.iter().enumerate() {
        let peek = json!({"token": token, "consume": false});
        errors += &app.post("/v1/tokens/verify", &peek).await.text();
        let misplaced = json!({"token": "x", "purpose": token, "consume": token});
        errors += &app.post("/v1/tokens/verify", &misplaced).await.text();
        let as_subject = json!({"subject": [token]});
        errors += &app.post("/v1/tokens", &as_subject).await.text();
        let unknown_field = format!(r#"{{"{token}": 1, "token": "t"}}"#);
        errors += &app
            .post_raw("/v1/tokens/verify", unknown_field)
            .await
            .text();
        let in_query = format!("/v1/tokens/verify?token={token}");
        let body = format!(r#"{{"token": "{token} "}}"#);
        errors += &app
            .send(app.authed(Method::POST, &in_query, body))
            .await
            .text();
        if n % 2 == 0 {
            app.verify(token).await;
            errors += &app.verify(token).await.text();
        }
    }
    let mut wrong_key = app.authed(Method::POST, "/v1/tokens", r#"{"subject": "u"}"#);
    let header = format!("Bearer {key}0").parse().unwrap();
    wrong_key.headers_mut().insert("authorization", header);
    errors += &app.send(wrong_key).await.text();
    app.post("/v1/subjects/revoke", &json!({"subject": "leak-1"}))
        .await;

    let logs = logs();
    let files = factory
        .stored_bytes(app.state.lifecycle().store(), app.dir.path())
        .await;
    assert!(logs.contains(&ids[3]), "logs were not captured");
    assert!(
        logs.contains("\"route\":\"/v1/tokens\""),
        "JSON logs were not captured"
    );
    let mac = pssst::hmac_sha256_hex(&app.pepper, &format!("reset\0{}", tokens[3]));
    assert!(
        contains(&files, mac.as_bytes()),
        "the database was not scanned"
    );

    let mut secrets: Vec<String> = tokens.iter().flat_map(|t| encodings(t)).collect();
    secrets.push(key.clone());
    secrets.push(key[5..].to_owned());
    secrets.push(pssst::sha256_hex(&key));
    for token in &tokens {
        secrets.push(pssst::sha256_hex(token));
        secrets.push(pssst::hmac_sha256_hex(
            &app.pepper,
            &format!("reset\0{token}"),
        ));
    }
    secrets.push(pssst::hex_lower(&app.pepper));
    secrets.push(pssst::base64url(&app.pepper));
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a secret in the logs");
        assert!(
            !errors.contains(secret.as_str()),
            "a secret in an error answer"
        );
    }
    for token in &tokens {
        for form in encodings(token) {
            assert!(
                !contains(&files, form.as_bytes()),
                "a token in the database"
            );
        }
    }
}

/// Every way a token could have been written down.
fn encodings(token: &str) -> Vec<String> {
    let bytes = pssst::base64url_decode(token).unwrap();
    let percent: String = token.bytes().map(|b| format!("%{b:02X}")).collect();
    vec![
        token.to_owned(),
        pssst::hex_lower(&bytes),
        pssst::hex_upper(&bytes),
        pssst::base64_std(&bytes),
        percent,
        format!("{:?}", token.as_bytes()),
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
