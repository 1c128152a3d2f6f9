//! `pssst serve`, driven as an operator drives it: client keys managed with the command, the
//! real binary serving on a free port over a temporary SQLite file, HTTP over a socket, and
//! SIGTERM while a request is half sent.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::service::{
    Logs, Place, contains, folder_bytes, post, read_reply, request, signal, wait_for,
};

#[test]
fn clients_are_added_listed_and_revoked_and_only_hashes_are_kept() {
    let place = Place::new();
    let key = place.add_client("billing");
    assert!(key.starts_with("pssk_") && key.len() == 5 + 36, "{key}");
    let made = pssst::api_key("shop").unwrap();
    let run = place.run(
        &["serve", "clients", "add", "shop", "--stdin"],
        made.expose_secret().as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    let file = std::fs::read_to_string(place.path("clients")).unwrap();
    assert!(!file.contains(&key) && !file.contains(made.expose_secret()));
    assert!(file.contains(&pssst::sha256_hex(&key)));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(place.path("clients"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let list = place.run(&["serve", "clients", "list"], b"");
    assert_eq!(list.code, 0);
    let names: Vec<_> = list
        .lines()
        .iter()
        .map(|l| l.split(' ').next().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["billing", "shop"]);
    assert!(!list.stdout.contains(&pssst::sha256_hex(&key)));

    assert_eq!(
        place
            .run(&["serve", "clients", "revoke", "billing"], b"")
            .code,
        0
    );
    let again = place.run(&["serve", "clients", "revoke", "billing"], b"");
    assert_eq!(
        (again.code, again.stderr.as_str()),
        (1, "pssst: no client named billing\n")
    );
    let dup = place.run(&["serve", "clients", "add", "shop"], b"");
    assert_eq!(dup.code, 2, "{}", dup.stderr);
}

#[test]
fn a_key_with_a_bad_checksum_is_refused_and_not_echoed() {
    let place = Place::new();
    let mut key = pssst::api_key("shop").unwrap().expose_secret().to_owned();
    key.replace_range(7..8, if &key[7..8] == "a" { "b" } else { "a" });
    let run = place.run(
        &["serve", "clients", "add", "shop", "--stdin"],
        key.as_bytes(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid client key"), "{}", run.stderr);
    assert!(!run.stderr.contains(&key[5..]), "{}", run.stderr);
    for name in ["Shop", "a b", ""] {
        let bad = place.run(&["serve", "clients", "add", name], b"");
        assert_eq!(bad.code, 2, "{name:?}");
    }
}

#[test]
fn an_unreachable_postgres_is_a_clear_error_without_the_password() {
    let place = Place::new();
    place.add_client("ci");
    let mut cmd = place.command(&["serve", "--listen", "127.0.0.1:0"]);
    cmd.env(
        "PSSST_DATABASE_URL",
        "postgres://app:hunter2@127.0.0.1:1/pssst",
    );
    let output = cmd.stdin(Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot connect to postgres://app@127.0.0.1:1/pssst"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");

    let schema = place.run(&["serve", "--db", "sqlite://x.db", "--db-schema", "s"], b"");
    assert_eq!(schema.code, 2);
    assert!(schema.stderr.contains("--db-schema needs a postgres://"));

    let sync = [
        "serve",
        "--db",
        "postgres://u@h/db",
        "--sqlite-sync",
        "normal",
    ];
    let sync = place.run(&sync, b"");
    assert_eq!(sync.code, 2);
    assert!(
        sync.stderr.contains("--sqlite-sync needs a sqlite://"),
        "{}",
        sync.stderr
    );
    let sync = place.run(
        &["serve", "--db", "sqlite://x.db", "--sqlite-sync", "off"],
        b"",
    );
    assert_eq!(sync.code, 2);
    assert!(sync.stderr.contains("--sqlite-sync"), "{}", sync.stderr);

    let other = place.run(&["serve", "--db", "mysql://root:hunter2@h/db"], b"");
    assert_eq!(other.code, 2);
    assert!(
        other.stderr.contains("sqlite://PATH or postgres://") && !other.stderr.contains("hunter2")
    );
}

#[test]
fn serve_without_a_client_file_says_how_to_make_one() {
    let place = Place::new();
    let run = place.run(
        &["serve", "--listen", "127.0.0.1:0", "--db", "sqlite://x.db"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("pssst serve clients add"),
        "{}",
        run.stderr
    );
}

/// The whole service over a socket: issue and verify, a revoked client refused without a
/// restart, then SIGTERM with a request half sent: the request finishes, the process exits 0,
/// and neither the logs (every level, JSON) nor the database hold an issued token.
#[cfg(unix)]
#[test]
fn serve_answers_over_a_socket_and_drains_on_sigterm() {
    let place = Place::new();
    let key = place.add_client("ci");
    let doomed = place.add_client("doomed");
    let db = place.path("data/pssst.db");
    let db_url = format!("sqlite://{}", db.display());
    let mut child = place
        .command(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            &db_url,
            "--base-url",
            "https://app.example/reset",
            "--log-format",
            "json",
        ])
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut logs = Logs::of(&mut child);
    let listening: serde_json::Value =
        serde_json::from_str(&logs.wait_for("\"listening\"")).unwrap();
    let addr: SocketAddr = listening["addr"].as_str().unwrap().parse().unwrap();

    let issued = post(addr, "/v1/tokens", &key, r#"{"subject": "user-42"}"#);
    assert_eq!(issued.0, 201, "{}", issued.1);
    let body: serde_json::Value = serde_json::from_str(&issued.1).unwrap();
    let token = body["token"].as_str().unwrap().to_owned();
    assert_eq!(
        body["link"],
        format!("https://app.example/reset?token={token}")
    );
    let verify = format!(r#"{{"token": "{token}"}}"#);
    let first = post(addr, "/v1/tokens/verify", &key, &verify);
    assert_eq!(
        (first.0, first.1.contains("user-42")),
        (200, true),
        "{}",
        first.1
    );
    assert_eq!(post(addr, "/v1/tokens/verify", &key, &verify).0, 404);

    assert_eq!(
        post(addr, "/v1/tokens", &doomed, r#"{"subject": "x"}"#).0,
        201
    );
    assert_eq!(
        place
            .run(&["serve", "clients", "revoke", "doomed"], b"")
            .code,
        0
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while post(addr, "/v1/tokens", &doomed, r#"{"subject": "x"}"#).0 != 401 {
        assert!(
            Instant::now() < deadline,
            "the revoked client still gets in"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // SIGHUP reloads the client file; it does not end the process.
    signal(&child, "HUP");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "SIGHUP ended the service"
    );
    assert_eq!(
        post(addr, "/v1/tokens", &key, r#"{"subject": "after-hup"}"#).0,
        201
    );

    // Half a request, then SIGTERM, then the rest: it is answered, then the process exits 0.
    let whole = request("/v1/tokens", &key, r#"{"subject": "in-flight"}"#);
    let (head, tail) = whole.split_at(whole.len() - 8);
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    signal(&child, "TERM");
    logs.wait_for("stopping: finishing requests in flight");
    stream.write_all(tail.as_bytes()).unwrap();
    let (status, body) = read_reply(stream);
    assert_eq!(status, 201, "{body}");
    let late: serde_json::Value = serde_json::from_str(&body).unwrap();
    let late_token = late["token"].as_str().unwrap().to_owned();

    let code = wait_for(&mut child, Duration::from_secs(15));
    assert_eq!(code, Some(0));
    let logs = logs.all();
    assert!(logs.contains("\"route\":\"/v1/tokens/verify\""), "{logs}");
    let stopping = logs.find("stopping: finishing requests in flight").unwrap();
    let answered = logs[stopping..].find("\"status\":201");
    assert!(
        answered.is_some(),
        "the request was answered after the stop began:\n{logs}"
    );
    assert!(logs.contains("\"stopped\""), "{logs}");
    for secret in [&token, &late_token, &key, &doomed] {
        assert!(!logs.contains(secret.as_str()), "a secret in the logs");
        let hash = pssst::sha256_hex(secret);
        assert!(!logs.contains(&hash), "a hash in the logs");
    }
    let files = folder_bytes(db.parent().unwrap());
    assert!(!files.is_empty());
    for secret in [&token, &late_token] {
        assert!(
            !contains(&files, secret.as_bytes()),
            "a token in the database"
        );
    }
}

/// A closed log pipe (`2> >(timeout 2 cat)` once `cat` is gone) costs the log lines and
/// nothing else: the service starts, answers, and exits 0 on SIGTERM.
#[cfg(unix)]
#[test]
fn serve_keeps_answering_and_exits_0_when_its_log_pipe_is_closed() {
    let place = Place::new();
    let key = place.add_client("ci");
    let db_url = format!("sqlite://{}", place.path("pssst.db").display());
    let addr = free_addr();
    let listen = addr.to_string();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = place
        .command(&["serve", "--listen", &listen, "--db", &db_url])
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(writer)
        .spawn()
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_err() {
        let ended = child.try_wait().unwrap();
        assert!(ended.is_none(), "the service ended at start: {ended:?}");
        assert!(Instant::now() < deadline, "the service never listened");
        std::thread::sleep(Duration::from_millis(100));
    }
    for subject in ["user-1", "user-2"] {
        let body = format!(r#"{{"subject": "{subject}"}}"#);
        let (status, answer) = post(addr, "/v1/tokens", &key, &body);
        assert_eq!(status, 201, "{answer}");
    }

    signal(&child, "TERM");
    assert_eq!(wait_for(&mut child, Duration::from_secs(15)), Some(0));
}

/// A loopback address with a port free a moment ago.
fn free_addr() -> SocketAddr {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap()
}

/// Settings that could never work are refused at once, before the database is opened: a
/// zero purge period (it would panic the purge), a zero time limit (every request 503), and
/// an address that is no address.
#[test]
fn serve_refuses_zero_periods_and_a_bad_address_before_opening_the_database() {
    let place = Place::new();
    place.add_client("ci");
    let db = place.path("data/pssst.db");
    let db_url = format!("sqlite://{}", db.display());
    // A bad --base-url too, refused later: a zero period let through fails, not hangs.
    let late = ["--base-url", "nonsense"];
    let cases = [
        (["--purge-every", "0s", late[0], late[1]], "--purge-every"),
        (
            ["--request-timeout", "0m", late[0], late[1]],
            "--request-timeout",
        ),
        (
            ["--listen", "nonsense", "--retention", "0s"],
            "cannot listen on nonsense",
        ),
    ];
    for (option, said) in cases {
        let mut args = vec!["serve", "--db", &db_url];
        args.extend(option);
        let run = place.run(&args, b"");
        assert_eq!(run.code, 2, "{option:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("pssst: "), "{}", run.stderr);
        assert!(run.stderr.contains(said), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(!db.exists(), "{option:?}: the database was opened");
    }
}
