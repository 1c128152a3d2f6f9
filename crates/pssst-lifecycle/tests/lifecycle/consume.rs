//! Issue, peek and consume: the once-only rule and the transaction with the caller's work.

use pssst_lifecycle::{Action, Error, Kind, Reason, Status, TokenStore};

use crate::support::{Factory, harness};

pub(crate) async fn issue_then_consume_succeeds_once<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    let record = h.lifecycle.consume(issued.token(), "reset").await.unwrap();
    assert_eq!(record.subject, "user-1");
    assert_eq!(record.id, issued.id());

    let again = h.lifecycle.consume(issued.token(), "reset").await;
    assert!(matches!(again, Err(Error::Invalid)));
    assert_eq!(h.audit.last_reason(), Some(Reason::Used));
}

pub(crate) async fn peek_leaves_the_token_usable<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    for _ in 0..3 {
        let record = h.lifecycle.peek(issued.token(), "reset").await.unwrap();
        assert_eq!(record.status_at(h.clock_now()), Status::Live);
    }
    h.lifecycle.consume(issued.token(), "reset").await.unwrap();
    assert!(matches!(
        h.lifecycle.peek(issued.token(), "reset").await,
        Err(Error::Invalid)
    ));
    assert_eq!(h.audit.last_reason(), Some(Reason::Used));
}

pub(crate) async fn consume_with_rolls_back_when_work_fails<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    let failed = h
        .lifecycle
        .consume_with(issued.token(), "reset", |_conn, _record| {
            Box::pin(async { Err::<(), _>(Error::argument_for_test()) })
        })
        .await;
    assert!(matches!(failed, Err(Error::Argument { .. })));
    let rolled_back = h
        .audit
        .events()
        .iter()
        .any(|e| e.action == Action::RolledBack);
    assert!(rolled_back);

    let record = h.lifecycle.consume(issued.token(), "reset").await.unwrap();
    assert_eq!(record.subject, "user-1");
}

pub(crate) async fn consume_with_commits_when_work_succeeds<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    let (record, seen) = h
        .lifecycle
        .consume_with(issued.token(), "reset", |_conn, record| {
            Box::pin(async move { Ok::<_, Error>(record.subject) })
        })
        .await
        .unwrap();
    assert_eq!(
        (record.subject.as_str(), seen.as_str()),
        ("user-1", "user-1")
    );

    let ran = std::sync::atomic::AtomicBool::new(false);
    let again = h
        .lifecycle
        .consume_with(issued.token(), "reset", |_conn, _record| {
            ran.store(true, std::sync::atomic::Ordering::SeqCst);
            Box::pin(async { Ok::<_, Error>(()) })
        })
        .await;
    assert!(matches!(again, Err(Error::Invalid)));
    assert!(
        !ran.load(std::sync::atomic::Ordering::SeqCst),
        "work ran on a used token"
    );
}

pub(crate) async fn unknown_token_is_invalid_with_reason_in_audit<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let stranger = pssst::token_urlsafe(32).unwrap();

    let err = h.lifecycle.consume(&stranger, "reset").await.unwrap_err();
    assert_eq!(err.to_string(), "invalid token");
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));
}

pub(crate) async fn records_carry_metadata_only<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    let key_id = h.lifecycle.keys().current().unwrap().id().to_owned();

    let found = h
        .lifecycle
        .store()
        .list(&Default::default(), h.clock_now())
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let record = &found[0];
    assert_eq!(record, issued.record());
    assert_eq!(record.kind, Kind::Token);
    assert_eq!(record.key_id.as_deref(), Some(key_id.as_str()));
    assert_eq!(
        record.expires_at,
        record
            .created_at
            .saturating_add(pssst_lifecycle::DEFAULT_TTL)
    );
    let shown = format!("{record:?}");
    assert!(!shown.contains(issued.token().expose_secret()));
}

/// A test-only way to build a non-`Invalid` error the work can fail with.
trait ArgumentForTest {
    fn argument_for_test() -> Self;
}

impl ArgumentForTest for Error {
    fn argument_for_test() -> Self {
        "not a number"
            .parse::<pssst_lifecycle::TokenId>()
            .unwrap_err()
    }
}
