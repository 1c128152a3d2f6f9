//! Purpose binding, superseding older tokens, and revocation.

use std::sync::Arc;

use pssst_lifecycle::{
    Action, Config, Error, KeyRing, Lifecycle, ListFilter, ManualClock, Policy, Reason, Status,
    Supersede,
};
use tokio::sync::Barrier;

use crate::support::{Factory, MemorySink, T0, harness, harness_with};

/// Issuers released together on one subject, per round.
const ISSUERS: usize = 16;

pub(crate) async fn purpose_mismatch_fails_and_leaves_token_usable<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "verify-email", Default::default())
        .await
        .unwrap();

    assert!(matches!(
        h.lifecycle.consume(issued.token(), "reset").await,
        Err(Error::Invalid)
    ));
    assert!(h.lifecycle.peek(issued.token(), "reset").await.is_err());
    // The purpose is inside the MAC, so under another purpose the token is simply unknown.
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));

    let record = h
        .lifecycle
        .consume(issued.token(), "verify-email")
        .await
        .unwrap();
    assert_eq!(record.purpose, "verify-email");
}

pub(crate) async fn reissue_revokes_older_live_token<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let first = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    let other = h
        .lifecycle
        .issue("user-1", "verify-email", Default::default())
        .await
        .unwrap();
    let neighbour = h
        .lifecycle
        .issue("user-2", "reset", Default::default())
        .await
        .unwrap();
    let second = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    assert!(h.lifecycle.consume(first.token(), "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Revoked));
    assert!(h.lifecycle.consume(second.token(), "reset").await.is_ok());
    assert!(
        h.lifecycle
            .consume(other.token(), "verify-email")
            .await
            .is_ok()
    );
    assert!(
        h.lifecycle
            .consume(neighbour.token(), "reset")
            .await
            .is_ok()
    );
}

pub(crate) async fn failed_issue_with_keeps_the_older_token<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let first = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let handed = seen.clone();
    let failed = h
        .lifecycle
        .issue_with("user-1", "reset", Default::default(), |_conn, issued| {
            Box::pin(async move {
                *handed.lock().unwrap() = issued.token().expose_secret().to_owned();
                Err::<(), _>(Error::Argument {
                    what: "mail",
                    why: "could not be sent",
                })
            })
        })
        .await;

    assert!(matches!(failed, Err(Error::Argument { what: "mail", .. })));
    let lost = pssst::Token::new(seen.lock().unwrap().clone());
    assert!(h.lifecycle.peek(&lost, "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));
    assert_eq!(
        h.lifecycle.list(&Default::default()).await.unwrap().len(),
        1
    );
    assert!(h.lifecycle.consume(first.token(), "reset").await.is_ok());
}

pub(crate) async fn issue_with_commits_and_supersedes<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let first = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    let (record, token) = h
        .lifecycle
        .issue_with("user-1", "reset", Default::default(), |_conn, issued| {
            Box::pin(async move { Ok::<_, Error>(issued.token().expose_secret().to_owned()) })
        })
        .await
        .unwrap();

    assert_eq!(record.subject, "user-1");
    assert!(h.lifecycle.consume(first.token(), "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Revoked));
    let second = pssst::Token::new(token);
    assert_eq!(
        h.lifecycle.consume(&second, "reset").await.unwrap().id,
        record.id
    );
}

pub(crate) async fn keep_last_two_keeps_two_live_tokens<F: Factory>(factory: &F) {
    let policy = Policy::default().supersede(Supersede::KeepLast(2));
    let config = Config::default().default_policy(policy);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;

    let mut issued = Vec::new();
    for _ in 0..3 {
        issued.push(
            h.lifecycle
                .issue("user-1", "reset", Default::default())
                .await
                .unwrap(),
        );
        h.clock.advance(std::time::Duration::from_secs(1));
    }
    assert!(h.lifecycle.peek(issued[0].token(), "reset").await.is_err());
    assert!(h.lifecycle.peek(issued[1].token(), "reset").await.is_ok());
    assert!(h.lifecycle.peek(issued[2].token(), "reset").await.is_ok());
}

pub(crate) async fn superseding_audits_each_revoked_token_by_its_id<F: Factory>(factory: &F)
where
    F::Store: Clone,
{
    let fresh = factory.fresh().await;
    let keys = KeyRing::generate(T0).unwrap();
    let keep_all =
        Config::default().default_policy(Policy::default().supersede(Supersede::KeepAll));
    let piling = Lifecycle::new(fresh.store.clone(), keys.clone(), keep_all)
        .with_clock(ManualClock::new(T0));
    let mut older = Vec::new();
    for _ in 0..3 {
        let issued = piling.issue("user-1", "reset", Default::default()).await;
        older.push(issued.unwrap().id());
    }

    let audit = MemorySink::default();
    let lifecycle = Lifecycle::new(fresh.store.clone(), keys, Config::default())
        .with_clock(ManualClock::new(T0))
        .with_audit(audit.clone());
    let newest = lifecycle.issue("user-1", "reset", Default::default()).await;
    let newest = newest.unwrap().id();

    let events = audit.events();
    let superseded = events.iter().filter(|e| e.action == Action::Superseded);
    let mut ids: Vec<_> = superseded.map(|e| (e.id.unwrap(), e.count)).collect();
    ids.sort();
    older.sort();
    assert_eq!(ids, older.iter().map(|&id| (id, 1)).collect::<Vec<_>>());
    assert!(!older.contains(&newest));
}

pub(crate) async fn revoke_by_id_stops_the_token<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    assert!(h.lifecycle.revoke(issued.id()).await.unwrap());
    assert!(
        !h.lifecycle.revoke(issued.id()).await.unwrap(),
        "revoked twice"
    );
    assert!(h.lifecycle.consume(issued.token(), "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Revoked));
    let rows = h.lifecycle.list(&Default::default()).await.unwrap();
    assert_eq!(rows[0].status_at(h.clock_now()), Status::Revoked);
}

pub(crate) async fn revoke_all_covers_every_purpose_or_one<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let reset = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    let verify = h
        .lifecycle
        .issue("user-1", "verify-email", Default::default())
        .await
        .unwrap();
    let code = h
        .lifecycle
        .issue_code("user-1", "login", Default::default())
        .await
        .unwrap();
    let neighbour = h
        .lifecycle
        .issue("user-2", "reset", Default::default())
        .await
        .unwrap();

    assert_eq!(
        h.lifecycle
            .revoke_all("user-1", Some("reset"))
            .await
            .unwrap(),
        1
    );
    assert!(h.lifecycle.peek(reset.token(), "reset").await.is_err());
    assert!(
        h.lifecycle
            .peek(verify.token(), "verify-email")
            .await
            .is_ok()
    );

    assert_eq!(h.lifecycle.revoke_all("user-1", None).await.unwrap(), 2);
    assert!(
        h.lifecycle
            .peek(verify.token(), "verify-email")
            .await
            .is_err()
    );
    assert!(
        h.lifecycle
            .verify_code("user-1", "login", code.token())
            .await
            .is_err()
    );
    assert!(
        h.lifecycle
            .consume(neighbour.token(), "reset")
            .await
            .is_ok()
    );
}

pub(crate) async fn concurrent_reissues_leave_one_live_token<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let lifecycle = Arc::new(h.lifecycle);

    for round in 0..5 {
        let subject = format!("user-{round}");
        let barrier = Arc::new(Barrier::new(ISSUERS));
        let tasks: Vec<_> = (0..ISSUERS)
            .map(|_| {
                let (lifecycle, barrier) = (lifecycle.clone(), barrier.clone());
                let subject = subject.clone();
                tokio::spawn(async move {
                    barrier.wait().await;
                    lifecycle.issue(&subject, "reset", Default::default()).await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }

        let mine = ListFilter {
            subject: Some(subject),
            ..Default::default()
        };
        let live = ListFilter {
            live_only: true,
            ..mine.clone()
        };
        assert_eq!(lifecycle.list(&mine).await.unwrap().len(), ISSUERS);
        let live = lifecycle.list(&live).await.unwrap().len();
        assert_eq!(live, 1, "round {round}: {live} live tokens");
    }
}
