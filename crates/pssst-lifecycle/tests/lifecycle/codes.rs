//! Numeric codes: keyed MAC, attempts counted before comparing, a hard cap.

use std::sync::Arc;

use pssst::Token;
use pssst_lifecycle::{Compat, Config, Error, KeyRing, Kind, ListFilter, Reason};

use crate::support::{Factory, harness, harness_with};

/// A code that differs from `code` in its last digit.
fn wrong(code: &Token) -> Token {
    let mut text = code.expose_secret().to_owned();
    let last = text.pop().unwrap();
    let other = if last == '0' { '1' } else { '0' };
    text.push(other);
    Token::new(text)
}

pub(crate) async fn right_code_is_accepted_once<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue_code("user-1", "login", Default::default())
        .await
        .unwrap();
    assert_eq!(issued.record().kind, Kind::Code);

    let record = h
        .lifecycle
        .verify_code("user-1", "login", issued.token())
        .await
        .unwrap();
    assert_eq!(record.id, issued.id());
    assert!(
        h.lifecycle
            .verify_code("user-1", "login", issued.token())
            .await
            .is_err()
    );
}

pub(crate) async fn attempt_cap_stops_even_the_right_code<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue_code("user-1", "login", Default::default())
        .await
        .unwrap();
    let guess = wrong(issued.token());

    for _ in 0..5 {
        let err = h
            .lifecycle
            .verify_code("user-1", "login", &guess)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Invalid));
        assert_eq!(h.audit.last_reason(), Some(Reason::WrongCode));
    }
    let late = h
        .lifecycle
        .verify_code("user-1", "login", issued.token())
        .await;
    assert!(matches!(late, Err(Error::Invalid)));
    assert_eq!(h.audit.last_reason(), Some(Reason::NoAttemptsLeft));
}

pub(crate) async fn concurrent_guesses_never_pass_the_cap<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue_code("user-1", "login", Default::default())
        .await
        .unwrap();
    let guess = Arc::new(wrong(issued.token()));
    let lifecycle = Arc::new(h.lifecycle);

    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (lifecycle, guess) = (lifecycle.clone(), guess.clone());
            tokio::spawn(async move { lifecycle.verify_code("user-1", "login", &guess).await })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().is_err());
    }

    let rows = lifecycle.list(&ListFilter::default()).await.unwrap();
    assert_eq!(rows[0].attempts, 5);
    assert!(
        lifecycle
            .verify_code("user-1", "login", issued.token())
            .await
            .is_err()
    );
}

pub(crate) async fn codes_are_bound_to_subject_and_purpose<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let alice = h
        .lifecycle
        .issue_code("alice", "login", Default::default())
        .await
        .unwrap();
    let bob = h
        .lifecycle
        .issue_code("bob", "login", Default::default())
        .await
        .unwrap();

    assert!(
        h.lifecycle
            .verify_code("carol", "login", alice.token())
            .await
            .is_err()
    );
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));
    assert!(
        h.lifecycle
            .verify_code("alice", "2fa", alice.token())
            .await
            .is_err()
    );
    if alice.token().expose_secret() != bob.token().expose_secret() {
        assert!(
            h.lifecycle
                .verify_code("bob", "login", alice.token())
                .await
                .is_err()
        );
    }
    assert!(
        h.lifecycle
            .verify_code("alice", "login", alice.token())
            .await
            .is_ok()
    );
    assert!(
        h.lifecycle
            .verify_code("bob", "login", bob.token())
            .await
            .is_ok()
    );
}

pub(crate) async fn issuing_a_code_needs_a_key<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::DangerIssuePlainSha256);
    let h = harness_with(factory, config, KeyRing::new()).await;

    let err = h
        .lifecycle
        .issue_code("user-1", "login", Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NoKey));
    let malformed = Token::new("12a456".into());
    assert!(
        h.lifecycle
            .verify_code("user-1", "login", &malformed)
            .await
            .is_err()
    );
    assert_eq!(h.audit.last_reason(), Some(Reason::BadEncoding));
}
