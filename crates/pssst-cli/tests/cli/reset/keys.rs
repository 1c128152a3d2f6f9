//! The pepper key ring: new, rotate, list, retire.

use std::process::Stdio;

use super::{Place, assert_error, assert_no};
use crate::run::command;

#[test]
fn keys_rotate_list_and_retire() {
    let place = Place::new();
    let old = place.issue("user-1");
    let rotated = place.run(&["reset", "keys", "rotate"]);
    assert_eq!(rotated.code, 0);
    let list = place.run(&["reset", "keys", "list"]);
    assert_eq!(list.lines().len(), 2);
    assert!(list.lines()[1].ends_with(" current"));
    assert!(
        place.run(&["reset", "keys", "new"]).code == 2,
        "overwrote a key ring"
    );

    let old_id = list.lines()[0].split(' ').next().unwrap().to_owned();
    let current_id = list.lines()[1].split(' ').next().unwrap().to_owned();
    assert_error(
        &place.run(&["reset", "keys", "retire", &current_id]),
        "rotate before",
    );
    assert_error(
        &place.run(&["reset", "keys", "retire", &old_id]),
        "1 live token was issued under key",
    );
    assert_eq!(
        place.verify(&old, &["--peek"]).code,
        0,
        "a refused retire kept the key"
    );
    let forced = place.run(&["reset", "keys", "retire", &old_id, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_no(&place.verify(&old, &[]));
}

#[test]
fn retiring_a_key_whose_tokens_are_spent_needs_no_force() {
    let place = Place::new();
    let old = place.issue("user-1");
    assert_eq!(place.verify(&old, &[]).code, 0);
    assert_eq!(place.run(&["reset", "keys", "rotate"]).code, 0);
    let list = place.run(&["reset", "keys", "list"]);
    let old_id = list.lines()[0].split(' ').next().unwrap().to_owned();
    let retired = place.run(&["reset", "keys", "retire", &old_id]);
    assert_eq!(retired.code, 0, "{}", retired.stderr);
}

#[test]
fn concurrent_rotations_keep_every_key_and_its_tokens() {
    let place = Place::new();
    let (parallel, rounds) = (8, 3);
    let mut tokens = vec![place.issue("user-0")];
    for round in 0..rounds {
        let children: Vec<_> = (0..parallel)
            .map(|_| {
                let mut cmd = command(&["reset", "keys", "rotate"]);
                cmd.env("PSSST_DB", place.db())
                    .env("PSSST_KEYS", place.keys());
                cmd.stdout(Stdio::null()).stderr(Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{stderr}");
        }
        tokens.push(place.issue(&format!("user-{}", round + 1)));
    }

    let list = place.run(&["reset", "keys", "list"]);
    assert_eq!(list.lines().len(), 1 + parallel * rounds, "{}", list.stdout);
    for token in &tokens {
        assert_eq!(place.verify(token, &[]).code, 0, "a key was lost");
    }
}

fn key_ids(place: &Place) -> Vec<String> {
    let list = place.run(&["reset", "keys", "list"]);
    let id = |line: &str| line.split(' ').next().unwrap().to_owned();
    list.lines().into_iter().map(id).collect()
}

#[test]
fn retiring_needs_the_database_to_count_live_tokens_unless_forced() {
    let place = Place::new();
    assert_eq!(place.run(&["reset", "keys", "rotate"]).code, 0);
    let old = key_ids(&place)[0].clone();
    let elsewhere = place.dir.path().join("nowhere.db");
    let elsewhere = elsewhere.to_str().unwrap();

    let refused = place.run(&["reset", "keys", "retire", &old, "--db", elsewhere]);
    assert_error(&refused, &format!("no database at {elsewhere}"));
    assert_eq!(key_ids(&place).len(), 2, "a refused retire removed the key");
    let forced = place.run(&[
        "reset", "keys", "retire", &old, "--db", elsewhere, "--force",
    ]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(key_ids(&place).len(), 1);
}

#[test]
fn forced_retire_revokes_the_tokens_it_voids_and_says_so() {
    let place = Place::new();
    let mut cmd = command(&["reset", "issue", "--subject", "user-1", "--json"]);
    cmd.env("PSSST_DB", place.db())
        .env("PSSST_KEYS", place.keys())
        .env("PSSST_AUDIT_LOG", place.audit_log());
    let issued = cmd.output().unwrap();
    let issued: serde_json::Value = serde_json::from_slice(&issued.stdout).unwrap();
    let other = place.issue("user-2");
    assert_eq!(place.run(&["reset", "keys", "rotate"]).code, 0);
    let kept = place.issue("user-3");
    let old = key_ids(&place)[0].clone();

    let log = place.audit_log();
    let args = ["reset", "keys", "retire", &old, "--force", "--audit-log"];
    let mut cmd = place.command(&args);
    let forced = cmd.arg(&log).stderr(Stdio::piped()).output().unwrap();
    let stdout = String::from_utf8_lossy(&forced.stdout);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(
        stdout,
        format!("retired {old}; revoked 2 live tokens issued under it\n")
    );

    let list = place.listed();
    assert!(
        list.contains(&"revoked reset user-1".to_owned()),
        "{list:?}"
    );
    assert!(
        list.contains(&"revoked reset user-2".to_owned()),
        "{list:?}"
    );
    assert!(list.contains(&"live reset user-3".to_owned()), "{list:?}");
    assert_no(&place.verify(&other, &[]));
    assert_eq!(place.verify(&kept, &[]).code, 0);
    let revoked: Vec<_> = place
        .audit_events()
        .into_iter()
        .filter(|event| event["action"] == "revoked")
        .collect();
    assert_eq!(revoked.len(), 2);
    assert!(revoked.iter().any(|event| event["id"] == issued["id"]));
    assert!(
        revoked.iter().all(|event| event["purpose"] == "reset"),
        "{revoked:?}"
    );
}

#[test]
fn rotating_gives_up_after_five_seconds_when_the_key_file_is_locked() {
    let place = Place::new();
    let sidecar = place.dir.path().join("config/keys.lock");
    let holder = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&sidecar)
        .unwrap();
    holder.lock().unwrap();

    let started = std::time::Instant::now();
    let rotate = place.run(&["reset", "keys", "rotate"]);
    assert_error(
        &rotate,
        "is locked by another process: gave up after 5 seconds",
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "it waited on"
    );
    drop(holder);
    assert_eq!(key_ids(&place).len(), 1);
    assert_eq!(place.run(&["reset", "keys", "rotate"]).code, 0);
}

#[test]
fn a_key_path_that_is_a_directory_is_named_as_one() {
    let place = Place::new();
    let folder = place.dir.path().to_str().unwrap();
    for args in [
        &["reset", "--keys", folder, "issue", "--subject", "u"][..],
        &["reset", "--keys", folder, "keys", "new"],
        &["reset", "--keys", folder, "keys", "rotate"],
    ] {
        assert_error(&place.run(args), "is a directory");
    }
}

#[test]
fn a_missing_key_file_says_how_to_make_one() {
    let place = Place::new();
    std::fs::remove_file(place.keys()).unwrap();
    for args in [
        &["reset", "issue", "--subject", "u"][..],
        &["reset", "keys", "list"],
        &["reset", "keys", "rotate"],
    ] {
        let run = place.run(args);
        assert_error(&run, "not found; run: pssst reset keys new");
    }
    let run = place.verify("aANrvXfyQ3kLm9TpZ0wBcD4eFgH5iJ6kL7mN8oP_Iuk", &[]);
    assert_error(&run, "not found; run: pssst reset keys new");
}
