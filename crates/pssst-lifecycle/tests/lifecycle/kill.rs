//! A writer killed with SIGKILL mid-stream: every token whose issue returned still verifies
//! once, and never twice. The writer is this test binary again, in a child process.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pssst::Token;
use pssst_lifecycle::{Clock, Config, Error, KeyRing, Lifecycle, SqliteStore, SystemClock};

const CHILD: &str = "PSSST_KILL_DIR";

/// Tokens to see printed before the kill.
const BEFORE_KILL: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_writer_loses_no_issued_token_and_none_verifies_twice() {
    let dir = tempfile::tempdir().unwrap();
    KeyRing::generate(SystemClock.now())
        .unwrap()
        .save(dir.path().join("keys"))
        .unwrap();
    let tokens = issue_until_killed(dir.path());
    assert!(
        tokens.len() >= BEFORE_KILL,
        "only {} tokens printed",
        tokens.len()
    );
    eprintln!("{} tokens printed before SIGKILL", tokens.len());

    let (db, keys) = paths(dir.path());
    let store = SqliteStore::open(&db).await.unwrap();
    let integrity: (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(integrity.0, "ok");

    let lifecycle = Lifecycle::new(store, KeyRing::load(keys).unwrap(), Config::default());
    for token in &tokens {
        assert!(
            lifecycle.consume(token, "reset").await.is_ok(),
            "an issued token was lost"
        );
        let again = lifecycle.consume(token, "reset").await;
        assert!(
            matches!(again, Err(Error::Invalid)),
            "a token verified twice"
        );
    }
}

/// Starts the child, reads printed tokens until enough are seen, SIGKILLs it, then reads
/// what was already in the pipe. Only complete lines count.
fn issue_until_killed(dir: &Path) -> Vec<Token> {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args([
            "kill::child_issuer",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut tokens = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);

    let mut line = String::new();
    while tokens.len() < BEFORE_KILL && Instant::now() < deadline {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        collect(&line, &mut tokens);
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    for line in rest.split_inclusive('\n') {
        collect(line, &mut tokens);
    }
    tokens
}

fn collect(line: &str, tokens: &mut Vec<Token>) {
    let complete = line.strip_suffix('\n');
    if let Some(token) = complete.and_then(|l| l.strip_prefix("ISSUED ")) {
        tokens.push(Token::new(token.to_owned()));
    }
}

fn paths(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("pssst.db"), dir.join("keys"))
}

#[tokio::test]
#[ignore = "run by killed_writer_loses_no_issued_token_and_none_verifies_twice"]
async fn child_issuer() {
    let Some(dir) = std::env::var_os(CHILD) else {
        return;
    };
    let (db, keys) = paths(Path::new(&dir));
    let store = SqliteStore::open(db).await.unwrap();
    let lifecycle = Lifecycle::new(store, KeyRing::load(keys).unwrap(), Config::default());
    let mut stdout = std::io::stdout().lock();
    for n in 0u64.. {
        let issued = lifecycle
            .issue(&format!("user-{n}"), "reset", Default::default())
            .await;
        let issued = issued.unwrap();
        writeln!(stdout, "ISSUED {}", issued.token().expose_secret()).unwrap();
        stdout.flush().unwrap();
    }
}
