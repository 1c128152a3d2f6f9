//! After a run, no issued token is in the database (its files, or its rows as text), the logs
//! or the audit events, in any encoding: raw, base64url-decoded bytes as hex, standard base64,
//! or percent-encoded.

use std::time::Duration;

use pssst::Token;
use pssst_lifecycle::{Config, KeyRing, ListFilter};

use crate::support::{Factory, T0, harness_with, logs};

pub(crate) async fn no_token_in_database_files_logs_or_audit<F: Factory>(factory: &F) {
    let config = Config::default().prefix("pssst_rst_").unwrap();
    let keys = KeyRing::generate(T0).unwrap();
    let pepper = keys.current().unwrap().expose_pepper().to_vec();
    let h = harness_with(factory, config, keys).await;
    let lc = &h.lifecycle;

    let mut tokens = Vec::new();
    let mut ids = Vec::new();
    for n in 0..12 {
        let issued = lc
            .issue(&format!("user-{}", n % 4), "reset", Default::default())
            .await
            .unwrap();
        ids.push(issued.id().to_string());
        tokens.push(issued.into_token());
    }
    for (n, token) in tokens.iter().enumerate() {
        let _ = lc.peek(token, "reset").await;
        let _ = lc.consume(token, "verify-email").await;
        let _ = lc
            .consume(&Token::new(format!("{} ", token.expose_secret())), "reset")
            .await;
        if n % 3 == 0 {
            let _ = lc.consume(token, "reset").await;
            let _ = lc.consume(token, "reset").await;
        }
    }
    lc.revoke_all("user-1", None).await.unwrap();
    lc.list(&ListFilter::default()).await.unwrap();
    // Read before the purge too: a server's rows are gone once deleted (a file keeps them).
    let mut stored = factory.stored_bytes(lc.store(), h.dir.path()).await;
    h.clock.advance(Duration::from_secs(3600));
    lc.purge(Duration::from_secs(60)).await.unwrap();
    let _ = lc.consume(&tokens[1], "reset").await;

    stored.extend(factory.stored_bytes(lc.store(), h.dir.path()).await);
    let logs = logs();
    let audit = format!("{:?}", h.audit.events());

    // Positive controls: the scan sees what was written.
    let mac = pssst::hmac_sha256_hex(&pepper, &format!("reset\0{}", tokens[2].expose_secret()));
    assert!(contains(&stored, mac.as_bytes()), "stored data not scanned");
    assert!(logs.contains(&ids[2]), "logs not captured");

    for token in &tokens {
        for form in encodings(token) {
            assert!(
                !contains(&stored, form.as_bytes()),
                "token in the stored data"
            );
            assert!(!logs.contains(&form), "token in the logs");
            assert!(!audit.contains(&form), "token in an audit event");
        }
        let sha = pssst::sha256_hex(token.expose_secret());
        assert!(
            !logs.contains(&sha) && !audit.contains(&sha),
            "token hash in the logs"
        );
    }
    let macs: Vec<String> = tokens
        .iter()
        .map(|t| pssst::hmac_sha256_hex(&pepper, &format!("reset\0{}", t.expose_secret())))
        .collect();
    assert!(
        macs.iter().all(|m| !logs.contains(m.as_str())),
        "stored MAC in the logs"
    );
}

// LIMITATION: numeric codes are not scanned for: six digits occur by chance in the
// microsecond timestamps of any log, so a substring search would fail at random. Codes travel
// through the same audit and logging paths as tokens, which are scanned.

/// Every way the token could have been written down.
fn encodings(token: &Token) -> Vec<String> {
    let text = token.expose_secret();
    let body = text.strip_prefix("pssst_rst_").unwrap_or(text);
    let bytes = pssst::base64url_decode(body).unwrap();
    let percent: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
    vec![
        text.to_owned(),
        body.to_owned(),
        pssst::hex_lower(&bytes),
        pssst::hex_upper(&bytes),
        pssst::base64_std(&bytes),
        percent,
    ]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
