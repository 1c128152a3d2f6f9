//! Purging dead rows: batched, never touching live rows, never reviving a used token.

use std::time::Duration;

use pssst_lifecycle::{Error, IssueOptions, PURGE_BATCH, Reason};

use crate::support::{Factory, harness};

const HOUR: Duration = Duration::from_secs(3600);

pub(crate) async fn purge_never_revives_a_used_token<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    h.lifecycle.consume(issued.token(), "reset").await.unwrap();

    assert_eq!(h.lifecycle.purge(Duration::ZERO).await.unwrap(), 1);
    assert!(matches!(
        h.lifecycle.consume(issued.token(), "reset").await,
        Err(Error::Invalid)
    ));
    assert!(h.lifecycle.peek(issued.token(), "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));
}

pub(crate) async fn purge_keeps_live_rows_and_respects_retention<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let used = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    h.lifecycle.consume(used.token(), "reset").await.unwrap();
    let long = IssueOptions::default().ttl(48 * HOUR);
    let live = h.lifecycle.issue("user-2", "invite", long).await.unwrap();
    let expiring = h
        .lifecycle
        .issue("user-3", "reset", Default::default())
        .await
        .unwrap();

    h.clock.advance(HOUR);
    assert_eq!(
        h.lifecycle.purge(24 * HOUR).await.unwrap(),
        0,
        "retention ignored"
    );
    h.clock.advance(24 * HOUR);
    assert_eq!(h.lifecycle.purge(24 * HOUR).await.unwrap(), 2);

    assert!(h.lifecycle.consume(live.token(), "invite").await.is_ok());
    assert!(h.lifecycle.peek(expiring.token(), "reset").await.is_err());
}

pub(crate) async fn purge_deletes_in_batches<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let total = u64::from(PURGE_BATCH) * 2 + 7;
    for n in 0..total {
        h.lifecycle
            .issue(&format!("user-{n}"), "reset", Default::default())
            .await
            .unwrap();
    }
    h.clock.advance(HOUR);

    assert_eq!(h.lifecycle.purge(Duration::ZERO).await.unwrap(), total);
    assert!(
        h.lifecycle
            .list(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
}
