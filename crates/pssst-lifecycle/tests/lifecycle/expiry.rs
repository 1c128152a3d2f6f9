//! The expiry boundary, defined once: valid before `expires_at`, invalid at and after it.

use std::time::Duration;

use pssst_lifecycle::{
    Config, Error, IssueOptions, KeyRing, ListFilter, MAX_TTL, MIN_TTL, Policy, Reason, Timestamp,
};

use crate::support::{Factory, T0, harness, harness_with};

const SECOND: Duration = Duration::from_secs(1);

pub(crate) async fn valid_one_second_before_expiry_invalid_at_and_after<F: Factory>(factory: &F) {
    for (offset, valid) in [(-1, true), (0, false), (1, false)] {
        let h = harness(factory).await;
        let issued = h
            .lifecycle
            .issue("user-1", "reset", Default::default())
            .await
            .unwrap();
        let expires_at = issued.expires_at();

        h.clock.set(match offset {
            -1 => expires_at.saturating_sub(SECOND),
            0 => expires_at,
            _ => expires_at.saturating_add(SECOND),
        });
        let result = h.lifecycle.consume(issued.token(), "reset").await;
        assert_eq!(result.is_ok(), valid, "offset {offset}s from expiry");
        if !valid {
            assert!(matches!(result, Err(Error::Invalid)));
            assert_eq!(h.audit.last_reason(), Some(Reason::Expired));
        }
    }
}

pub(crate) async fn peek_follows_the_same_expiry_boundary<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    h.clock
        .set(issued.expires_at().saturating_sub(Duration::from_micros(1)));
    assert!(h.lifecycle.peek(issued.token(), "reset").await.is_ok());
    h.clock.set(issued.expires_at());
    assert!(h.lifecycle.peek(issued.token(), "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Expired));
}

pub(crate) async fn ttl_is_clamped_and_capped<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    let short = IssueOptions::default().ttl(SECOND);
    let issued = h.lifecycle.issue("user-1", "reset", short).await.unwrap();
    assert_eq!(issued.expires_at(), T0.saturating_add(MIN_TTL));

    let max = IssueOptions::default().ttl(MAX_TTL);
    assert!(h.lifecycle.issue("user-2", "invite", max).await.is_ok());

    let over = IssueOptions::default().ttl(MAX_TTL + SECOND);
    let err = h
        .lifecycle
        .issue("user-3", "invite", over)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TtlTooLong { max_secs: 604_800 }));
    assert_eq!(
        h.lifecycle.list(&Default::default()).await.unwrap().len(),
        2
    );
}

pub(crate) async fn per_purpose_ttl_applies<F: Factory>(factory: &F) {
    let day = Duration::from_secs(86_400);
    let config = Config::default()
        .purpose("invite", Policy::new(day).unwrap())
        .unwrap();
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;

    let invite = h
        .lifecycle
        .issue("user-1", "invite", Default::default())
        .await
        .unwrap();
    let reset = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    assert_eq!(invite.expires_at(), T0.saturating_add(day));
    assert_eq!(
        reset.expires_at(),
        T0.saturating_add(pssst_lifecycle::DEFAULT_TTL)
    );
}

/// Instants a store can get wrong: a lone microsecond, the instants just before the Unix epoch
/// and PostgreSQL's (2000-01-01), the last microsecond of year 9999, and a week before the end
/// of `i64` microseconds (year 294247).
pub(crate) const AWKWARD_INSTANTS: [i64; 5] = [
    1_767_225_600_000_001,
    -1,
    946_684_799_999_999,
    253_402_300_799_999_999,
    i64::MAX - 7 * 86_400 * 1_000_000,
];

pub(crate) async fn times_round_trip_to_the_microsecond_near_and_far<F: Factory>(factory: &F) {
    let h = harness(factory).await;
    for (n, micros) in AWKWARD_INSTANTS.into_iter().enumerate() {
        let at = Timestamp::from_unix_micros(micros);
        let subject = format!("user-{n}");
        h.clock.set(at);
        let issued = h
            .lifecycle
            .issue(&subject, "reset", Default::default())
            .await
            .unwrap();
        assert_eq!(issued.record().created_at, at);

        let filter = ListFilter {
            subject: Some(subject),
            ..Default::default()
        };
        let stored = h.lifecycle.list(&filter).await.unwrap();
        assert_eq!(&stored[0], issued.record(), "issued at {at}");

        let just_before = issued.expires_at().saturating_sub(Duration::from_micros(1));
        h.clock.set(just_before);
        assert!(
            h.lifecycle.peek(issued.token(), "reset").await.is_ok(),
            "{at}"
        );
        h.clock.set(issued.expires_at());
        assert!(
            h.lifecycle.peek(issued.token(), "reset").await.is_err(),
            "{at}"
        );
    }
}
