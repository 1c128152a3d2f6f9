//! The same results under two time zones. Nothing in the library reads local time, so the
//! check runs this test binary again as a child with `TZ` set, once for UTC+14 and once for
//! UTC-3:30, and compares what each child saw: the manual-clock boundary, what SQLite stored
//! and shows with its own date functions, and the system clock against `SystemTime`. Each child
//! also prints `date +%z`, which proves the zone was really in effect.

use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pssst_lifecycle::{
    Clock, Config, KeyRing, Lifecycle, ManualClock, SqliteStore, SystemClock, TokenStore,
};

use crate::support::T0;

const CHILD: &str = "PSSST_TZ_CHILD";

#[test]
fn same_results_under_two_time_zones() {
    let east = run_child("Pacific/Kiritimati");
    let west = run_child("America/St_Johns");

    assert_eq!(east.0, "+1400");
    assert_eq!(west.0, "-0330");
    assert_eq!(east.1, west.1);
    assert_eq!(
        east.1,
        [
            "ttl_us 900000000",
            "created_us 1767225600000000",
            "sqlite_utc 2026-01-01 00:00:00",
            "before ok",
            "at invalid",
            "after invalid",
            "system ttl_us 900000000",
            "system utc_consistent true",
        ]
    );
}

/// Runs [`child_scenario`] under `zone`; returns its UTC offset and its result lines.
fn run_child(zone: &str) -> (String, Vec<String>) {
    let exe = std::env::current_exe().unwrap();
    let output = Command::new(exe)
        .args([
            "tz::child_scenario",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("TZ", zone)
        .env(CHILD, "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let results: Vec<String> = stdout
        .lines()
        .filter_map(|line| line.split_once("TZCHECK "))
        .map(|(_, result)| result.to_owned())
        .collect();
    let offset = results[0].strip_prefix("offset ").unwrap().to_owned();
    (offset, results[1..].to_vec())
}

#[tokio::test]
#[ignore = "run by same_results_under_two_time_zones in a child process"]
async fn child_scenario() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let offset = Command::new("date").arg("+%z").output().unwrap().stdout;
    println!("TZCHECK offset {}", String::from_utf8_lossy(&offset).trim());

    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("tz.db")).await.unwrap();
    let clock = ManualClock::new(T0);
    let keys = KeyRing::generate(T0).unwrap();
    let lifecycle =
        Lifecycle::new(store.clone(), keys.clone(), Config::default()).with_clock(clock.clone());
    manual_clock_results(&lifecycle, &store, &clock).await;

    let system = Lifecycle::new(store, keys, Config::default());
    system_clock_results(&system).await;
}

async fn manual_clock_results(
    lifecycle: &Lifecycle<SqliteStore>,
    store: &SqliteStore,
    clock: &ManualClock,
) {
    let issued = lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    let record = issued.record();
    let ttl = record.expires_at.as_unix_micros() - record.created_at.as_unix_micros();
    println!("TZCHECK ttl_us {ttl}");
    let stored = store.list(&Default::default(), clock.now()).await.unwrap();
    println!(
        "TZCHECK created_us {}",
        stored[0].created_at.as_unix_micros()
    );
    let shown: (String,) =
        sqlx::query_as("SELECT datetime(created_at / 1000000, 'unixepoch') FROM tokens LIMIT 1")
            .fetch_one(store.pool())
            .await
            .unwrap();
    println!("TZCHECK sqlite_utc {}", shown.0);

    let second = Duration::from_secs(1);
    for (label, at) in [
        ("before", issued.expires_at().saturating_sub(second)),
        ("at", issued.expires_at()),
        ("after", issued.expires_at().saturating_add(second)),
    ] {
        clock.set(at);
        let verdict = lifecycle.peek(issued.token(), "reset").await;
        println!(
            "TZCHECK {label} {}",
            if verdict.is_ok() { "ok" } else { "invalid" }
        );
    }
}

async fn system_clock_results(lifecycle: &Lifecycle<SqliteStore>) {
    let issued = lifecycle
        .issue("user-2", "reset", Default::default())
        .await
        .unwrap();
    let record = issued.record();
    let ttl = record.expires_at.as_unix_micros() - record.created_at.as_unix_micros();
    println!("TZCHECK system ttl_us {ttl}");

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64;
    let drift = (now - SystemClock.now().as_unix_micros()).abs();
    let created_drift = (now - record.created_at.as_unix_micros()).abs();
    println!(
        "TZCHECK system utc_consistent {}",
        drift < 60_000_000 && created_drift < 60_000_000
    );
}
