//! Bad input is refused before any hashing or database work.

use std::sync::atomic::Ordering;

use pssst::Token;
use pssst_lifecycle::{Config, Error, KeyRing, Lifecycle, Reason};

use crate::spy::Spy;
use crate::support::{Factory, MemorySink, T0, harness, harness_with};

pub(crate) async fn malformed_tokens_are_refused_before_the_store<F: Factory>(factory: &F) {
    let fresh = factory.fresh().await;
    let audit = MemorySink::default();
    let (spy, calls) = Spy::new(fresh.store);
    let lifecycle = Lifecycle::new(spy, KeyRing::generate(T0).unwrap(), Config::default())
        .with_audit(audit.clone());

    let megabyte = "A".repeat(1 << 20);
    let cases = [
        ("", Reason::Empty),
        ("   ", Reason::Whitespace),
        ("\t\n", Reason::Whitespace),
        (megabyte.as_str(), Reason::TooLong),
        (
            "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNM ",
            Reason::Whitespace,
        ),
        (
            "8mmuADuPoY6z8qB8V4vL5+/khZGO128WPzJIUDxHNMA",
            Reason::BadEncoding,
        ),
        (
            "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA=",
            Reason::BadEncoding,
        ),
        ("'; DROP TABLE tokens; --", Reason::Whitespace),
        (
            "ö8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA",
            Reason::BadEncoding,
        ),
    ];
    for (text, reason) in cases {
        let token = Token::new(text.to_owned());
        let consumed = lifecycle.consume(&token, "reset").await;
        let peeked = lifecycle.peek(&token, "reset").await;
        assert!(matches!(
            (consumed, peeked),
            (Err(Error::Invalid), Err(Error::Invalid))
        ));
        assert_eq!(
            audit.last_reason(),
            Some(reason),
            "for a {}-byte input",
            text.len()
        );
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "a malformed token reached the store"
    );
}

pub(crate) async fn prefixed_tokens_need_their_prefix<F: Factory>(factory: &F) {
    let config = Config::default().prefix("pssst_rst_").unwrap();
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    let text = issued.token().expose_secret();
    assert!(text.starts_with("pssst_rst_"));
    assert_eq!(text.len(), "pssst_rst_".len() + 43);

    let bare = Token::new(text["pssst_rst_".len()..].to_owned());
    assert!(h.lifecycle.consume(&bare, "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::WrongPrefix));
    let other = Token::new(format!("ghp_{}", &text["pssst_rst_".len()..]));
    assert!(h.lifecycle.consume(&other, "reset").await.is_err());
    assert!(h.lifecycle.consume(issued.token(), "reset").await.is_ok());
}

pub(crate) async fn bad_subjects_and_purposes_are_refused<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let long = "x".repeat(257);
    for subject in ["", " ", " user", "user\n", "a\0b", long.as_str()] {
        let err = h
            .lifecycle
            .issue(subject, "reset", Default::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Argument {
                    what: "subject",
                    ..
                }
            ),
            "{subject:?}"
        );
    }
    for purpose in ["", "Reset", "re set", "code:x", "a\0b"] {
        let err = h
            .lifecycle
            .issue("user-1", purpose, Default::default())
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Argument {
                    what: "purpose",
                    ..
                }
            ),
            "{purpose:?}"
        );
    }
    assert!(
        h.lifecycle
            .list(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
}
