//! What `import` decides for rows the other system wrote as it pleased: expired rows, missing
//! creation times, and one hash in several rows.

use std::time::Duration;

use pssst::Token;
use pssst_lifecycle::{Compat, Config, Error, ImportRow, KeyRing, Reason, Timestamp};

use crate::support::{Factory, T0, harness_with};

const TOKEN: &str = "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA";
const SHA256: &str = "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e";

fn row(hash: &str, expires_at: Timestamp, used_at: Option<Timestamp>) -> ImportRow {
    ImportRow {
        sha256_hex: hash.into(),
        subject: "user-1".into(),
        created_at: None,
        expires_at,
        used_at,
    }
}

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

pub(crate) async fn import_leaves_out_expired_rows_and_counts_them<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let rows = [
        row(SHA256, T0.saturating_add(minutes(10)), None),
        row(&"a".repeat(64), Timestamp::from_unix_seconds(-1), None),
        row(&"b".repeat(64), T0, None),
    ];
    let report = h.lifecycle.import(&rows, "reset").await.unwrap();
    assert_eq!((report.rows, report.inserted, report.expired), (3, 1, 2));
    assert_eq!(report.skipped(), 0);
    assert_eq!(
        h.lifecycle.list(&Default::default()).await.unwrap().len(),
        1
    );
}

pub(crate) async fn imported_rows_are_never_created_in_the_future<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let week = T0.saturating_add(pssst_lifecycle::MAX_TTL);
    let soon = T0.saturating_add(minutes(10));
    let rows = [row(SHA256, week, None), row(&"a".repeat(64), soon, None)];
    h.lifecycle.import(&rows, "reset").await.unwrap();

    let listed = h.lifecycle.list(&Default::default()).await.unwrap();
    let created = |expires| {
        let found = listed.iter().find(|r| r.expires_at == expires).unwrap();
        found.created_at
    };
    assert_eq!(created(week), T0, "clamped to the import's time");
    assert_eq!(
        created(soon),
        soon.saturating_sub(minutes(15)),
        "expiry minus the lifetime"
    );
}

pub(crate) async fn a_hash_used_in_any_copy_is_imported_used<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let expires = T0.saturating_add(minutes(10));
    let used = T0.saturating_sub(minutes(1));
    let rows = [
        row(SHA256, expires, None),
        row(&SHA256.to_uppercase(), expires, Some(used)),
        row(SHA256, expires, None),
    ];
    let report = h.lifecycle.import(&rows, "reset").await.unwrap();
    assert_eq!((report.inserted, report.duplicates), (1, 2), "{report:?}");

    let token = Token::new(TOKEN.into());
    assert!(h.lifecycle.consume(&token, "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Used));
}

pub(crate) async fn copies_of_a_hash_with_other_subjects_are_refused<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let expires = T0.saturating_add(minutes(10));
    let mut other = row(SHA256, expires, None);
    other.subject = "user-2".into();
    let rows = [row(SHA256, expires, None), other];
    let err = h.lifecycle.import(&rows, "reset").await.unwrap_err();
    assert!(matches!(err, Error::Import { row: 2, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot import row 2: token_hash repeats row 1 with another subject"
    );
    assert!(
        h.lifecycle
            .list(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
}

pub(crate) async fn used_at_is_kept_between_creation_and_the_import<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let expires = T0.saturating_add(minutes(10));
    let created = T0.saturating_sub(minutes(5));
    let ahead = T0.saturating_add(minutes(8));
    let mut early = row(
        &"a".repeat(64),
        expires,
        Some(created.saturating_sub(minutes(1))),
    );
    early.created_at = Some(created);
    let mut before_1970 = row(
        &"b".repeat(64),
        expires,
        Some(Timestamp::from_unix_seconds(-5)),
    );
    before_1970.created_at = Some(Timestamp::from_unix_seconds(-60));
    let rows = [row(SHA256, expires, Some(ahead)), early, before_1970];
    h.lifecycle.import(&rows, "reset").await.unwrap();

    let listed = h.lifecycle.list(&Default::default()).await.unwrap();
    let mut seen: Vec<_> = listed.iter().map(|r| (r.created_at, r.used_at)).collect();
    seen.sort();
    let epoch = Timestamp::from_unix_seconds(0);
    // Used ahead of the import: at the import. Before its creation: at its creation. Before
    // 1970, as its creation: at 1970.
    let mut expected = vec![
        (expires.saturating_sub(minutes(15)), Some(T0)),
        (created, Some(created)),
        (epoch, Some(epoch)),
    ];
    expected.sort();
    assert_eq!(seen, expected);
}

pub(crate) async fn an_unusable_subject_is_refused_with_its_reason<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let expires = T0.saturating_add(minutes(10));
    let cases = [
        (
            " user-1",
            "subject has surrounding spaces or control characters",
        ),
        ("user\u{202E}1", "subject has invisible characters"),
        (&"u".repeat(257), "subject longer than 256 bytes"),
        ("", "subject must not be empty"),
    ];
    for (subject, why) in cases {
        let mut bad = row(SHA256, expires, None);
        bad.subject = subject.into();
        let err = h.lifecycle.import(&[bad], "reset").await.unwrap_err();
        assert!(matches!(err, Error::Import { row: 1, .. }), "{err:?}");
        assert_eq!(err.to_string(), format!("cannot import row 1: {why}"));
    }
}
