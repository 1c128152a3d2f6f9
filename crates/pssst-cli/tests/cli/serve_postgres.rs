//! `pssst serve` on PostgreSQL, with real processes: two servers sharing one database let
//! exactly one of 32 concurrent verifies of a token win, and a token issued through one
//! verifies through the other; a server killed with SIGKILL during a load of issues and
//! verifies, then restarted, loses no issued token and lets none verify twice. After each, no
//! log line of any process and no row holds an issued token, in any encoding.
//!
//! Each test runs in a fresh schema (`--db-schema`) of the server named by
//! `PSSST_TEST_DATABASE_URL`, dropped at its end. Unset, the tests say they were skipped; set,
//! an unreachable server fails them.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

use pssst_lifecycle::{KeyRing, sqlx};
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use crate::scratch::{ScratchSchema, connect_or_fail, say_skipped, skip_reason, test_url};
use crate::service::{Place, Server, post, read_reply, request, try_post};

/// Verifies released together on one token, alternately on each server.
const RACERS: usize = 32;

/// Race rounds, each on a fresh token.
const ROUNDS: usize = 20;

/// Threads issuing and verifying against the server that is killed.
const WORKERS: usize = 8;

/// Issues answered 201 before the kill.
const ISSUED_BEFORE_KILL: usize = 400;

#[test]
fn two_servers_on_one_database_let_one_of_32_verifies_win_20_times() {
    let test = "two_servers_on_one_database_let_one_of_32_verifies_win_20_times";
    let Some(setup) = Setup::new(test) else {
        return;
    };
    let servers = [Server::start(setup.serve()), Server::start(setup.serve())];
    let addrs = servers.each_ref().map(Server::addr);
    let mut tokens = Vec::new();

    for (from, to) in [(0, 1), (1, 0)] {
        let token = setup.issue(addrs[from], &format!("cross-{from}"));
        let peek = json!({"token": token, "consume": false});
        assert_eq!(setup.verify_with(addrs[to], &peek), 200, "a peek across");
        assert_eq!(setup.verify(addrs[to], &token), 200, "issued on {from}");
        assert_eq!(setup.verify(addrs[from], &token), 404, "used twice");
        tokens.push(token);
    }

    for round in 0..ROUNDS {
        let token = setup.issue(addrs[round % 2], &format!("race-{round}"));
        let statuses = race(addrs, &setup.key, &token);
        let wins = statuses.iter().filter(|&&s| s == 200).count();
        let refused = statuses.iter().filter(|&&s| s == 404).count();
        assert_eq!(
            (wins, refused),
            (1, RACERS - 1),
            "round {round}: {statuses:?}"
        );
        tokens.push(token);
    }

    let logs: String = servers.into_iter().map(Server::stop).collect();
    setup.assert_no_token_in(&tokens, &logs);
}

#[test]
fn a_server_killed_mid_load_loses_no_issued_token_and_none_verifies_twice() {
    let test = "a_server_killed_mid_load_loses_no_issued_token_and_none_verifies_twice";
    let Some(setup) = Setup::new(test) else {
        return;
    };
    let server = Server::start(setup.serve());
    let ledger = load_until_killed(&setup, server);
    eprintln!(
        "{} issues answered 201 and {} verifies 200 before SIGKILL, {} verifies cut off",
        ledger.issued.len(),
        ledger.verified.len(),
        ledger.cut_off.len()
    );
    assert!(ledger.issued.len() >= ISSUED_BEFORE_KILL);
    assert!(!ledger.verified.is_empty(), "no verify before the kill");

    let restarted = Server::start(setup.serve());
    let answers = verify_twice_each(&setup, restarted.addr(), &ledger.issued);
    for (token, (first, second)) in ledger.issued.iter().zip(&answers) {
        let expected: &[u16] = if ledger.verified.contains(token) {
            &[404]
        } else if ledger.cut_off.contains(token) {
            &[200, 404]
        } else {
            &[200]
        };
        assert!(
            expected.contains(first),
            "first verify after the restart: {first}, expected {expected:?}"
        );
        assert_eq!(*second, 404, "a token verified twice");
    }

    let logs = ledger.logs + &restarted.stop();
    setup.assert_no_token_in(&ledger.issued, &logs);
}

/// The search of [`holds_any`] sees a needle anywhere in a longer run, in a JSON string, and
/// percent-encoded, and not across a separator.
#[test]
fn the_one_pass_search_finds_every_needle_and_nothing_else() {
    let needles = HashSet::from(["abc-_12".to_owned(), "%41%42%43".to_owned()]);
    for found in [
        "x abc-_12 y",
        "{\"t\":\"zzabc-_12zz\"}",
        "abc-_12",
        "q=%41%42%43",
    ] {
        assert!(holds_any(found, &needles), "{found}");
    }
    for missed in ["abc-_1", "abc -_12", "abc.-_12", "%41%42", ""] {
        assert!(!holds_any(missed, &needles), "{missed}");
    }
}

/// A fresh schema, a folder with a key ring and a client file, the client's key, and a
/// runtime for the few statements the test sends itself.
struct Setup {
    runtime: Runtime,
    url: String,
    schema: ScratchSchema,
    place: Place,
    key: String,
}

impl Setup {
    /// `None`, after saying so, when `PSSST_TEST_DATABASE_URL` is unset.
    fn new(test: &str) -> Option<Self> {
        if let Some(why) = skip_reason() {
            say_skipped(&format!("{}::{test}", module_path!()), &why);
            return None;
        }
        let url = test_url().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let schema = runtime.block_on(ScratchSchema::create(&url));
        // Fails at once, saying what to do, when the server cannot be reached; this also
        // creates the schema.
        runtime.block_on(async { connect_or_fail(schema.options()).await.close().await });
        let place = Place::new();
        let key = place.add_client("proof");
        Some(Self {
            runtime,
            url,
            schema,
            place,
            key,
        })
    }

    /// `pssst serve` on the schema, on a free port, logging JSON at every level, with limits
    /// high enough never to answer 429 here.
    fn serve(&self) -> Command {
        let mut serve = self.place.command(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--db-schema",
            self.schema.name(),
            "--base-url",
            "https://app.example/reset",
            "--issue-rate",
            "100000/s",
            "--verify-rate",
            "100000/s",
            "--global-verify-rate",
            "100000/s",
        ]);
        serve
            .env("PSSST_DATABASE_URL", &self.url)
            .env("RUST_LOG", "trace");
        serve
    }

    /// Issues a token for `subject` and returns it, checking the answer is a 201.
    fn issue(&self, addr: SocketAddr, subject: &str) -> String {
        let body = json!({ "subject": subject }).to_string();
        let (status, body) = post(addr, "/v1/tokens", &self.key, &body);
        assert_eq!(status, 201, "{body}");
        token_of(&body)
    }

    /// The status of a verify (and use) of `token`.
    fn verify(&self, addr: SocketAddr, token: &str) -> u16 {
        self.verify_with(addr, &json!({ "token": token }))
    }

    fn verify_with(&self, addr: SocketAddr, body: &Value) -> u16 {
        post(addr, "/v1/tokens/verify", &self.key, &body.to_string()).0
    }

    /// Every row of the schema's `tokens` table as PostgreSQL prints it, one per line.
    fn rows(&self) -> String {
        self.runtime.block_on(async {
            let store = connect_or_fail(self.schema.options()).await;
            let select = format!("SELECT t::text FROM \"{}\".tokens t", self.schema.name());
            let rows: Vec<String> = sqlx::query_scalar(&select)
                .fetch_all(store.pool())
                .await
                .unwrap();
            store.close().await;
            rows.join("\n")
        })
    }

    /// Checks that no encoding of any of `tokens` is in `logs` or in a row, after checking
    /// that both were read: the logs name an issued token's id, a row holds its keyed hash.
    fn assert_no_token_in(&self, tokens: &[String], logs: &str) {
        let rows = self.rows();
        let keys = KeyRing::load(self.place.path("keys")).unwrap();
        let pepper = keys.current().unwrap().expose_pepper();
        let mac = pssst::hmac_sha256_hex(pepper, &format!("reset\0{}", tokens[0]));
        assert!(
            holds_any(&rows, &HashSet::from([mac.clone()])),
            "rows not read"
        );
        assert!(logs.contains("\"route\":\"/v1/tokens/verify\""), "no logs");
        let row = rows.lines().find(|row| row.contains(&mac)).unwrap();
        assert!(
            holds_any(logs, &HashSet::from([row_id(row)])),
            "logs not read"
        );

        let forms: HashSet<String> = tokens.iter().flat_map(|t| encodings(t)).collect();
        assert!(!holds_any(logs, &forms), "an issued token in the logs");
        assert!(!holds_any(&rows, &forms), "an issued token in a row");
    }
}

/// Opens [`RACERS`] connections, alternately to each server, sends each a verify of `token`
/// but for its last byte, then sends every last byte at once; returns the statuses.
fn race(addrs: [SocketAddr; 2], key: &str, token: &str) -> Vec<u16> {
    let whole = request(
        "/v1/tokens/verify",
        key,
        &json!({ "token": token }).to_string(),
    );
    let (head, tail) = whole.split_at(whole.len() - 1);
    let barrier = &Barrier::new(RACERS);
    std::thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|n| {
                scope.spawn(move || {
                    let mut stream = TcpStream::connect(addrs[n % 2]).unwrap();
                    stream.write_all(head.as_bytes()).unwrap();
                    barrier.wait();
                    stream.write_all(tail.as_bytes()).unwrap();
                    read_reply(stream).0
                })
            })
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).collect()
    })
}

/// What the load saw before the kill, and what the killed process logged.
#[derive(Default)]
struct Ledger {
    /// Tokens whose issue answered 201.
    issued: Vec<String>,
    /// Tokens whose verify answered 200.
    verified: HashSet<String>,
    /// Tokens whose verify was sent but never answered: used or not, nobody knows.
    cut_off: HashSet<String>,
    logs: String,
}

/// [`WORKERS`] threads issue tokens, each for a subject of its own, and verify every other
/// one, until [`ISSUED_BEFORE_KILL`] issues have answered; then the server gets SIGKILL with
/// the threads still sending.
fn load_until_killed(setup: &Setup, server: Server) -> Ledger {
    let ledger = Mutex::new(Ledger::default());
    let killed = AtomicBool::new(false);
    let addr = server.addr();
    let (shared, stop) = (&ledger, &killed);
    let logs = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|n| scope.spawn(move || work(n, addr, &setup.key, shared, stop)))
            .collect();
        let deadline = Instant::now() + Duration::from_secs(20);
        while ledger.lock().unwrap().issued.len() < ISSUED_BEFORE_KILL {
            let running = workers.iter().any(|w| !w.is_finished());
            assert!(running && Instant::now() < deadline, "the load stalled");
            std::thread::sleep(Duration::from_millis(5));
        }
        killed.store(true, Ordering::SeqCst);
        server.kill()
    });
    let mut ledger = ledger.into_inner().unwrap();
    ledger.logs = logs;
    ledger
}

/// One worker of the load: issue, and every other time verify its oldest unverified token,
/// until a request goes unanswered. Before the kill, every request must get its answer.
fn work(n: usize, addr: SocketAddr, key: &str, ledger: &Mutex<Ledger>, killed: &AtomicBool) {
    let mut unverified = std::collections::VecDeque::new();
    for round in 0.. {
        let subject = json!({ "subject": format!("load-{n}-{round}") }).to_string();
        let issued = try_post(addr, "/v1/tokens", key, &subject);
        let Some(reply) = issued.ok().filter(|r| r.is_whole) else {
            assert!(killed.load(Ordering::SeqCst), "an issue went unanswered");
            return;
        };
        assert_eq!(reply.status, 201, "{}", reply.body);
        let token = token_of(&reply.body);
        ledger.lock().unwrap().issued.push(token.clone());
        unverified.push_back(token);

        if round % 2 == 1 {
            let token = unverified.pop_front().unwrap();
            let body = json!({ "token": token }).to_string();
            let verified = try_post(addr, "/v1/tokens/verify", key, &body);
            let Some(reply) = verified.ok().filter(|r| r.is_whole) else {
                assert!(killed.load(Ordering::SeqCst), "a verify went unanswered");
                ledger.lock().unwrap().cut_off.insert(token);
                return;
            };
            assert_eq!(reply.status, 200, "a fresh token refused");
            ledger.lock().unwrap().verified.insert(token);
        }
    }
}

/// Verifies each token twice through `addr`, from a few threads; the statuses, in order.
fn verify_twice_each(setup: &Setup, addr: SocketAddr, tokens: &[String]) -> Vec<(u16, u16)> {
    let chunk = tokens.len().div_ceil(4);
    std::thread::scope(|scope| {
        let checkers: Vec<_> = tokens
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let twice = |t: &String| (setup.verify(addr, t), setup.verify(addr, t));
                    part.iter().map(twice).collect::<Vec<_>>()
                })
            })
            .collect();
        checkers
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect()
    })
}

fn token_of(body: &str) -> String {
    let issued: Value = serde_json::from_str(body).unwrap();
    issued["token"].as_str().unwrap().to_owned()
}

/// The id of a row printed as `(uuid,...)`, which the logs name.
fn row_id(row: &str) -> String {
    row.trim_start_matches('(')
        .split(',')
        .next()
        .unwrap()
        .to_owned()
}

/// Every way a token could be written down: as issued (base64url), the hex and base64 of
/// its bytes, and the hex, base64url and percent-encoding of its text.
fn encodings(token: &str) -> Vec<String> {
    let bytes = pssst::base64url_decode(token).unwrap();
    let text = token.as_bytes();
    let percent: String = text.iter().map(|b| format!("%{b:02X}")).collect();
    vec![
        token.to_owned(),
        pssst::hex_lower(&bytes),
        pssst::hex_upper(&bytes),
        pssst::base64_std(&bytes),
        pssst::hex_lower(text),
        pssst::base64url(text),
        percent.to_lowercase(),
        percent,
    ]
}

/// Whether `haystack` holds any of `needles`. Every needle is a run of letters, digits and
/// `-_+/=%`, so only runs of those characters at least as long as the shortest needle need a
/// look: the logs of thousands of requests are searched for thousands of needles in one pass.
fn holds_any(haystack: &str, needles: &HashSet<String>) -> bool {
    let lengths: BTreeSet<usize> = needles.iter().map(String::len).collect();
    let is_part = |c: char| c.is_ascii_alphanumeric() || "-_+/=%".contains(c);
    haystack.split(|c| !is_part(c)).any(|run| {
        lengths
            .iter()
            .take_while(|&&n| n <= run.len())
            .any(|&n| (0..=run.len() - n).any(|at| needles.contains(&run[at..at + n])))
    })
}
