//! Pepper rotation, and the gate on plain SHA-256 rows.

use pssst::Token;
use pssst_lifecycle::{Compat, Config, ImportRow, KeyRing, Reason};

use crate::support::{Factory, T0, harness_with};

pub(crate) async fn old_key_verifies_until_retired<F: Factory>(factory: &F) {
    let mut keys = KeyRing::generate(T0).unwrap();
    let old_id = keys.current().unwrap().id().to_owned();
    let mut h = harness_with(factory, Config::default(), keys.clone()).await;
    let before = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    let kept = h
        .lifecycle
        .issue("user-2", "reset", Default::default())
        .await
        .unwrap();

    keys.rotate(T0).unwrap();
    h.lifecycle.set_keys(keys.clone());
    let after = h
        .lifecycle
        .issue("user-3", "reset", Default::default())
        .await
        .unwrap();
    assert_eq!(before.record().key_id.as_deref(), Some(old_id.as_str()));
    assert_ne!(after.record().key_id.as_deref(), Some(old_id.as_str()));
    assert!(h.lifecycle.consume(before.token(), "reset").await.is_ok());

    keys.retire(&old_id).unwrap();
    h.lifecycle.set_keys(keys);
    assert!(h.lifecycle.consume(kept.token(), "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));
    assert!(h.lifecycle.consume(after.token(), "reset").await.is_ok());
}

pub(crate) async fn compat_mode_gates_plain_sha256_rows<F: Factory>(factory: &F) {
    let token = pssst::token_urlsafe(32).unwrap();
    let row = ImportRow {
        sha256_hex: pssst::sha256_hex(token.expose_secret()),
        subject: "user-1".into(),
        created_at: None,
        expires_at: T0.saturating_add(pssst_lifecycle::DEFAULT_TTL),
        used_at: None,
    };

    let strict = harness_with(factory, Config::default(), KeyRing::generate(T0).unwrap()).await;
    assert_eq!(
        strict
            .lifecycle
            .import(std::slice::from_ref(&row), "reset")
            .await
            .unwrap(),
        1
    );
    assert!(strict.lifecycle.consume(&token, "reset").await.is_err());

    let config = Config::default().compat(Compat::VerifyImported);
    let open = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    open.lifecycle
        .import(std::slice::from_ref(&row), "reset")
        .await
        .unwrap();
    assert!(
        open.lifecycle
            .consume(&token, "verify-email")
            .await
            .is_err()
    );
    assert_eq!(open.audit.last_reason(), Some(Reason::WrongPurpose));
    assert!(open.lifecycle.consume(&token, "reset").await.is_ok());
    assert!(open.lifecycle.consume(&token, "reset").await.is_err());
    assert_eq!(open.audit.last_reason(), Some(Reason::Used));

    let already = open.lifecycle.import(&[row], "reset").await.unwrap();
    assert_eq!(already, 0, "a re-import must not revive a used row");
    assert!(
        open.lifecycle
            .consume(&Token::new(token.expose_secret().into()), "reset")
            .await
            .is_err()
    );
}
