//! Output that cannot be written: a full disk, a reader that went away, a closed stdout.

use std::process::Stdio;

use super::Place;
use crate::run::command;

#[test]
fn a_failed_write_stores_nothing_and_the_older_link_still_works() {
    let place = Place::new();
    let old = place.issue("user-1");
    let full = std::fs::File::create("/dev/full").unwrap();
    let mut cmd = command(&["reset", "issue", "--subject", "user-1"]);
    cmd.env("PSSST_DB", place.db())
        .env("PSSST_KEYS", place.keys());
    let output = cmd.stdout(full).stderr(Stdio::piped()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("nothing was stored"), "{stderr}");

    let list = place.run(&["reset", "list"]);
    assert_eq!(list.lines().len(), 1, "{}", list.stdout);
    assert_eq!(place.verify(&old, &[]).code, 0);
}

/// A pipe whose reader has gone: every write to it fails with `EPIPE`.
fn broken_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

/// Runs `args` on `place` with `stdout`, the token on stdin; gives the exit code and stderr.
fn run_into(place: &Place, args: &[&str], stdout: impl Into<Stdio>, input: &str) -> (i32, String) {
    let mut cmd = place.command(args);
    cmd.stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    crate::run::feed(&mut child, input.as_bytes());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

/// Runs `args` on `place` with stdout closed (`>&-`), the token on stdin.
fn run_closed(place: &Place, args: &[&str], input: &str) -> (i32, String) {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("exec \"$@\" >&-")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_pssst"))
        .args(args)
        .env("PSSST_DB", place.db())
        .env("PSSST_KEYS", place.keys())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    crate::run::feed(&mut child, input.as_bytes());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn verify_into_a_pipe_nobody_reads_leaves_the_token_unused_and_exits_2() {
    let place = Place::new();
    let token = place.issue("user-1");
    let (code, stderr) = run_into(&place, &["reset", "verify"], broken_pipe(), &token);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("the token was not used and still works"),
        "{stderr}"
    );
    let peek = place.verify(&token, &["--peek"]);
    assert_eq!((peek.code, peek.stdout.as_str()), (0, "user-1\n"));
    assert!(place.run(&["reset", "list"]).stdout.contains(" live "));
}

#[test]
fn issue_into_a_pipe_nobody_reads_stores_nothing_and_exits_2() {
    let place = Place::new();
    let old = place.issue("user-1");
    let (code, stderr) = run_into(
        &place,
        &["reset", "issue", "--subject", "user-1"],
        broken_pipe(),
        "",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("nothing was stored"), "{stderr}");
    assert_eq!(place.run(&["reset", "list"]).lines().len(), 1);
    assert_eq!(
        place.verify(&old, &[]).code,
        0,
        "the older link was revoked"
    );
}

#[test]
fn a_closed_stdout_changes_nothing_and_exits_2() {
    let place = Place::new();
    let old = place.issue("user-1");
    let (code, stderr) = run_closed(&place, &["reset", "issue", "--subject", "user-1"], "");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("stdout is closed"), "{stderr}");
    assert_eq!(place.run(&["reset", "list"]).lines().len(), 1);

    let (code, stderr) = run_closed(&place, &["reset", "verify"], &old);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("stdout is closed"), "{stderr}");
    assert_eq!(place.verify(&old, &[]).code, 0, "the token was used");
}

#[test]
fn issue_refuses_to_lose_its_token_in_dev_null_and_verify_may_discard_the_subject() {
    let place = Place::new();
    let old = place.issue("user-1");
    let null = std::fs::File::create("/dev/null").unwrap();
    let args = ["reset", "issue", "--subject", "user-1"];
    let (code, stderr) = run_into(&place, &args, null, "");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("stdout is /dev/null"), "{stderr}");
    assert_eq!(place.run(&["reset", "list"]).lines().len(), 1);

    let (code, stderr) = run_into(&place, &["reset", "verify"], Stdio::null(), &old);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        place.verify(&old, &[]).code,
        1,
        "a discarded subject still uses the token"
    );
}

#[test]
fn a_reader_of_the_first_line_gets_the_link_and_the_link_works() {
    let place = Place::new();
    let args = [
        "reset",
        "issue",
        "--subject",
        "u",
        "--link",
        "https://a.example/r",
    ];
    let mut child = place
        .command(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    drop(reader);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let token = first
        .trim()
        .strip_prefix("https://a.example/r?token=")
        .unwrap();
    assert_eq!(place.verify(token, &[]).code, 0);
}

#[test]
fn changes_that_committed_say_so_when_their_report_is_lost() {
    let place = Place::new();
    let (id, token) = place.issue_json("user-1");
    let full = || std::fs::File::create("/dev/full").unwrap();

    let (code, stderr) = run_into(&place, &["reset", "revoke", &id], full(), "");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!(
        "revoked {id}, but the output could not be written"
    )));
    assert_eq!(place.verify(&token, &[]).code, 1, "the revocation stands");

    for args in [
        &["reset", "revoke-all", "--subject", "user-1"][..],
        &["reset", "purge"],
        &["reset", "keys", "rotate"],
    ] {
        let (code, stderr) = run_into(&place, args, full(), "");
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("but the output could not be written"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let (code, stderr) = run_into(&place, &["reset", "keys", "list"], full(), "");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot write output"), "{stderr}");
}

#[test]
fn no_command_panics_when_stdout_or_stderr_is_full() {
    let place = Place::new();
    let token = place.issue("user-1");
    let key = crate::run::pssst(&["apikey", "--prefix", "shop"]).stdout;
    let full = || std::fs::File::create("/dev/full").unwrap();
    for (args, input) in [
        (&["reset", "keys", "list"][..], ""),
        (&["reset", "list"], ""),
        (&["hash"], token.as_str()),
        (&["apikey", "check"], key.trim()),
        (&["reset", "verify", "--peek"], token.as_str()),
    ] {
        let mut cmd = command(args);
        cmd.env("PSSST_DB", place.db())
            .env("PSSST_KEYS", place.keys())
            .stdin(Stdio::piped())
            .stdout(full())
            .stderr(full());
        let mut child = cmd.spawn().unwrap();
        crate::run::feed(&mut child, input.as_bytes());
        let status = child.wait().unwrap();
        assert!(matches!(status.code(), Some(1 | 2)), "{args:?}: {status}");
    }
}

#[test]
fn issue_refuses_a_device_that_is_not_a_terminal_and_stores_nothing() {
    let place = Place::new();
    let old = place.issue("user-1");
    let zero = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/zero")
        .unwrap();
    let args = ["reset", "issue", "--subject", "user-1"];
    let (code, stderr) = run_into(&place, &args, zero, "");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a terminal"), "{stderr}");
    assert!(stderr.contains("nothing was stored"), "{stderr}");
    assert_eq!(place.run(&["reset", "list"]).lines().len(), 1);
    assert_eq!(
        place.verify(&old, &[]).code,
        0,
        "the older link was revoked"
    );

    let file = place.dir.path().join("issued.txt");
    let (code, stderr) = run_into(&place, &args, std::fs::File::create(&file).unwrap(), "");
    assert_eq!(code, 0, "{stderr}");
    assert!(!std::fs::read_to_string(&file).unwrap().is_empty());
}

#[test]
fn help_that_cannot_be_written_is_an_error_and_a_closed_pipe_is_not() {
    for args in [
        &["reset", "--help"][..],
        &["--help"],
        &["reset", "issue", "--help"],
    ] {
        let full = std::fs::File::create("/dev/full").unwrap();
        let output = command(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("pssst: cannot write output"), "{stderr}");
    }
    let output = command(&["reset", "--help"])
        .stdout(broken_pipe())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stderr, b"");
}
