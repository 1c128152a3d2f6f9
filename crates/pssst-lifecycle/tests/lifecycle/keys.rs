//! Pepper rotation, an empty ring, retiring a key's tokens, and the gate on plain SHA-256
//! rows.

use pssst::Token;
use pssst_lifecycle::{Action, Compat, Config, Error, ImportRow, KeyRing, ListFilter, Reason};

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
            .unwrap()
            .inserted,
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

    let already = open
        .lifecycle
        .import(&[row], "reset")
        .await
        .unwrap()
        .inserted;
    assert_eq!(already, 0, "a re-import must not revive a used row");
    assert!(
        open.lifecycle
            .consume(&Token::new(token.expose_secret().into()), "reset")
            .await
            .is_err()
    );
}

pub(crate) async fn an_empty_key_ring_is_a_setup_error_not_an_invalid_token<F: Factory>(
    factory: &F,
) {
    let keys = KeyRing::generate(T0).unwrap();
    let mut h = harness_with(factory, Config::default(), keys).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    h.lifecycle.set_keys(KeyRing::new());

    let peek = h.lifecycle.peek(issued.token(), "reset").await;
    assert!(matches!(peek, Err(Error::NoKey)), "{peek:?}");
    let consume = h.lifecycle.consume(issued.token(), "reset").await;
    assert!(matches!(consume, Err(Error::NoKey)), "{consume:?}");
    let code = Token::new("123456".into());
    let guess = h.lifecycle.verify_code("user-1", "login", &code).await;
    assert!(matches!(guess, Err(Error::NoKey)), "{guess:?}");
    assert!(
        h.audit.reasons().is_empty(),
        "nothing is audited as rejected"
    );

    // Accepting imported rows, which need no pepper, an empty ring is a usable setup.
    let config = Config::default().compat(Compat::VerifyImported);
    let open = harness_with(factory, config, KeyRing::new()).await;
    let unknown = open.lifecycle.peek(issued.token(), "reset").await;
    assert!(matches!(unknown, Err(Error::Invalid)), "{unknown:?}");
}

pub(crate) async fn revoking_a_keys_tokens_audits_each_with_its_purpose<F: Factory>(factory: &F) {
    let mut keys = KeyRing::generate(T0).unwrap();
    let old = keys.current().unwrap().id().to_owned();
    let mut h = harness_with(factory, Config::default(), keys.clone()).await;
    let options = Default::default;
    h.lifecycle
        .issue("user-1", "reset", options())
        .await
        .unwrap();
    h.lifecycle
        .issue("user-1", "invite", options())
        .await
        .unwrap();
    keys.rotate(T0).unwrap();
    h.lifecycle.set_keys(keys);
    h.lifecycle
        .issue("user-2", "reset", options())
        .await
        .unwrap();

    assert_eq!(h.lifecycle.revoke_key(&old).await.unwrap(), 2);
    let revoked: Vec<_> = h
        .audit
        .events()
        .into_iter()
        .filter(|e| e.action == Action::Revoked)
        .collect();
    let mut purposes: Vec<_> = revoked.iter().map(|e| e.purpose.clone()).collect();
    purposes.sort();
    assert_eq!(purposes, [Some("invite".into()), Some("reset".into())]);
    assert!(revoked.iter().all(|e| e.id.is_some() && e.count == 1));
    let filter = ListFilter {
        live_only: true,
        ..Default::default()
    };
    assert_eq!(h.lifecycle.list(&filter).await.unwrap().len(), 1);
}
