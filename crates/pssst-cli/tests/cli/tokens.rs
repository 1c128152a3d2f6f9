//! Tokens as Python's `secrets` makes them, one per line, streamed.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::run::{command, pssst};

fn is_base64url(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[test]
fn bare_pssst_prints_one_urlsafe_token_of_32_bytes() {
    let run = pssst(&[]);
    assert_eq!(run.code, 0);
    assert_eq!(run.lines().len(), 1);
    let token = run.lines()[0];
    assert_eq!(token.len(), 43);
    assert!(is_base64url(token));
    assert_eq!(pssst::base64url_decode(token).unwrap().len(), 32);
}

#[test]
fn hex_prints_two_characters_per_byte() {
    let run = pssst(&["hex", "16"]);
    assert_eq!(run.code, 0);
    let token = run.lines()[0];
    assert_eq!(token.len(), 32);
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}

#[test]
fn count_prints_that_many_distinct_lines() {
    let run = pssst(&["urlsafe", "8", "-n", "1000"]);
    let mut lines = run.lines();
    assert_eq!(lines.len(), 1000);
    lines.sort();
    lines.dedup();
    assert_eq!(lines.len(), 1000);
}

#[test]
fn json_describes_each_value() {
    let run = pssst(&["token", "--format", "base64", "10", "--json", "-n", "2"]);
    assert_eq!(run.code, 0);
    for line in run.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(record["format"], "base64");
        assert_eq!(record["random_bytes"], 10);
        assert_eq!(record["chars"], 16);
        assert_eq!(record["bytes"], 16);
        assert_eq!(record["entropy_bits"], 80.0);
        assert!(record["value"].as_str().unwrap().ends_with("=="));
    }
}

#[test]
fn bytes_writes_exactly_the_requested_amount() {
    let output = command(&["bytes", "1K"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout.len(), 1024);
}

#[test]
fn below_handles_bounds_past_128_bits() {
    let bound = "1".to_string() + &"0".repeat(60);
    let run = pssst(&["below", &bound, "-n", "50"]);
    assert_eq!(run.code, 0);
    for line in run.lines() {
        let value: pssst::BigUint = line.parse().unwrap();
        assert!(value < bound.parse().unwrap());
    }
}

#[test]
fn int_is_half_open_like_node() {
    let run = pssst(&["int", "-2", "1", "-n", "300"]);
    let mut seen: Vec<i64> = run.lines().iter().map(|l| l.parse().unwrap()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen, [-2, -1, 0]);
}

#[test]
fn closed_pipe_ends_quietly_with_success() {
    let mut child = command(&["hex", "-n", "100000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim().len(), 64);

    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "pssst kept running after its reader left"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(stderr, "");
}

#[test]
fn bytes_refuses_a_terminal() {
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: util-linux `script` is needed to give pssst a terminal");
        return;
    }
    let line = format!("{} bytes 16", env!("CARGO_BIN_EXE_pssst"));
    let output = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("refusing to write binary to a terminal"),
        "{shown}"
    );
}

#[test]
fn long_runs_into_a_file_show_progress_only_on_a_terminal() {
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: util-linux `script` is needed to give pssst a terminal");
        return;
    }
    let dir = std::env::temp_dir().join(format!("pssst-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tokens");
    let line = format!(
        "{} urlsafe 8 -n 400000 > {}",
        env!("CARGO_BIN_EXE_pssst"),
        file.display()
    );
    let output = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("400,000"),
        "no progress bar on the terminal: {shown:?}"
    );
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written.lines().count(), 400_000);

    let quiet = command(&["urlsafe", "8", "-n", "300000"]).output().unwrap();
    assert!(
        quiet.stderr.is_empty(),
        "progress must not reach a non-terminal stderr"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
