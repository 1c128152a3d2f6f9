//! Interoperation with the Python flow of `shared/peers/python-reset-service`: its known pair
//! from `shared/vectors/README.md`, and rows written by actually running Python.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use pssst::Token;
use pssst_lifecycle::store::sqlite::read_python_peer;
use pssst_lifecycle::{
    Clock, Compat, Config, Error, ImportRow, KeyRing, Reason, SystemClock, Timestamp,
};

use crate::support::{Factory, T0, harness_with};

const TOKEN: &str = "8mmuADuPoY6z8qB8V4vL5__khZGO128WPzJIUDxHNMA";
const SHA256: &str = "de968d86f1e4598a63edf9e07a74544d894326f49026ed4b762505869c4b121e";

/// The project's `shared/` folder, beside the repository root.
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

pub(crate) async fn python_vector_pair_imports_and_verifies<F: Factory>(factory: &F) {
    let readme = std::fs::read_to_string(shared().join("vectors/README.md")).unwrap();
    assert!(
        readme.contains(TOKEN) && readme.contains(SHA256),
        "the known pair moved"
    );

    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let row = ImportRow {
        sha256_hex: SHA256.into(),
        subject: "user-1".into(),
        created_at: None,
        expires_at: T0.saturating_add(Duration::from_secs(15 * 60)),
        used_at: None,
    };
    assert_eq!(
        h.lifecycle.import(&[row], "reset").await.unwrap().inserted,
        1
    );

    let token = Token::new(TOKEN.into());
    assert_eq!(
        h.lifecycle.peek(&token, "reset").await.unwrap().subject,
        "user-1"
    );
    assert_eq!(
        h.lifecycle.consume(&token, "reset").await.unwrap().subject,
        "user-1"
    );
    assert!(h.lifecycle.consume(&token, "reset").await.is_err());
}

pub(crate) async fn rows_from_the_python_flow_import_and_verify<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    h.clock.set(SystemClock.now());
    let peer_db = h.dir.path().join("peer.db");
    let tokens = run_python_flow(&peer_db);

    let rows = read_python_peer(&peer_db).await.unwrap();
    assert_eq!(rows.len(), 3);
    let report = h.lifecycle.import(&rows, "reset").await.unwrap();
    assert_eq!((report.inserted, report.expired), (2, 1), "{report:?}");

    let [live, used, expired] = tokens.map(Token::new);
    assert_eq!(
        h.lifecycle.consume(&live, "reset").await.unwrap().subject,
        "alice"
    );
    assert!(h.lifecycle.consume(&live, "reset").await.is_err());
    assert!(h.lifecycle.consume(&used, "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Used));
    // The expired row was left out of the import: its token is unknown.
    assert!(h.lifecycle.consume(&expired, "reset").await.is_err());
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));
}

pub(crate) async fn import_refuses_expiry_beyond_the_longest_lifetime<F: Factory>(factory: &F) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let row = |expires_at| ImportRow {
        sha256_hex: SHA256.into(),
        subject: "user-1".into(),
        created_at: Some(T0),
        expires_at,
        used_at: None,
    };
    let a_year = Duration::from_secs(365 * 24 * 60 * 60);
    let millis_read_as_seconds = Timestamp::from_unix_seconds(T0.as_unix_micros() / 1_000);
    let fine = row(T0.saturating_add(Duration::from_secs(15 * 60)));

    for far in [T0.saturating_add(a_year), millis_read_as_seconds] {
        let err = h
            .lifecycle
            .import(&[fine.clone(), row(far)], "reset")
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Import { row: 2, .. }), "{err:?}");
        assert!(
            err.to_string().starts_with("cannot import row 2: "),
            "{err}"
        );
    }
    assert!(
        h.lifecycle
            .list(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        h.lifecycle
            .peek(&Token::new(TOKEN.into()), "reset")
            .await
            .is_err()
    );

    let longest = row(T0.saturating_add(pssst_lifecycle::MAX_TTL));
    assert_eq!(
        h.lifecycle
            .import(&[longest], "reset")
            .await
            .unwrap()
            .inserted,
        1
    );
}

pub(crate) async fn a_used_imported_token_stays_dead_after_purge_and_reimport<F: Factory>(
    factory: &F,
) {
    let config = Config::default().compat(Compat::VerifyImported);
    let h = harness_with(factory, config, KeyRing::generate(T0).unwrap()).await;
    let row = ImportRow {
        sha256_hex: SHA256.into(),
        subject: "user-1".into(),
        created_at: None,
        expires_at: T0.saturating_add(Duration::from_secs(15 * 60)),
        used_at: None,
    };
    let token = Token::new(TOKEN.into());
    assert_eq!(
        h.lifecycle
            .import(std::slice::from_ref(&row), "reset")
            .await
            .unwrap()
            .inserted,
        1
    );
    h.lifecycle.consume(&token, "reset").await.unwrap();
    assert_eq!(h.lifecycle.purge(Duration::ZERO).await.unwrap(), 1);

    // The Python table still holds the row as it was before the token was used here.
    assert_eq!(
        h.lifecycle.import(&[row], "reset").await.unwrap().inserted,
        0
    );
    assert!(matches!(
        h.lifecycle.consume(&token, "reset").await,
        Err(Error::Invalid)
    ));
    assert_eq!(h.audit.last_reason(), Some(Reason::Unknown));
}

#[tokio::test]
async fn peer_times_are_read_as_integer_or_real_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let peer = peer_table(
        dir.path(),
        &[
            (&format!("'{SHA256}'"), "1900", "NULL"),
            ("'ab'", "1900.5", "1000"),
            ("'cd'", "1900", "1000.25"),
        ],
    )
    .await;
    let rows = read_python_peer(&peer).await.unwrap();
    let seconds = |micros: i64| Timestamp::from_unix_micros(micros);
    let times: Vec<_> = rows.iter().map(|r| (r.expires_at, r.used_at)).collect();
    assert_eq!(
        times,
        [
            (seconds(1_900_000_000), None),
            (seconds(1_900_500_000), Some(seconds(1_000_000_000))),
            (seconds(1_900_000_000), Some(seconds(1_000_250_000))),
        ]
    );
}

#[tokio::test]
async fn peer_rows_with_null_or_text_times_are_refused_by_row_and_column() {
    let cases = [
        ("NULL", "NULL", "cannot import row 2: expires_at is NULL"),
        ("'1900'", "NULL", "cannot import row 2: expires_at is text"),
        ("1900", "'soon'", "cannot import row 2: used_at is text"),
        ("x'00'", "NULL", "cannot import row 2: expires_at is a blob"),
    ];
    for (expires, used, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let good = format!("'{SHA256}'");
        let rows = [(good.as_str(), "1900", "NULL"), ("'ab'", expires, used)];
        let peer = peer_table(dir.path(), &rows).await;
        let err = read_python_peer(&peer).await.unwrap_err();
        assert!(err.to_string().starts_with(expected), "{err}");
        assert!(!err.to_string().contains(SHA256), "{err}");
    }
}

/// A `peer_tokens` table without declared types, so each value keeps the type written.
async fn peer_table(dir: &Path, rows: &[(&str, &str, &str)]) -> PathBuf {
    use sqlx::Connection;
    let path = dir.join("peer.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let create = "CREATE TABLE peer_tokens (token_hash, subject, expires_at, used_at)";
    sqlx::query(create).execute(&mut conn).await.unwrap();
    for (hash, expires, used) in rows {
        let insert = format!("INSERT INTO peer_tokens VALUES ({hash}, 'u', {expires}, {used})");
        sqlx::query(&insert).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();
    path
}

/// Runs the peer's own statements (`app.py`: `init`, `issue`, `verify`) with Python's
/// `secrets`, `hashlib` and `sqlite3`, and returns the live, used and expired tokens.
fn run_python_flow(db: &Path) -> [String; 3] {
    let output = Command::new("python3")
        .arg("-c")
        .arg(PYTHON_FLOW)
        .arg(db)
        .output()
        .expect("python3 must be installed for the interop test");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.try_into().unwrap()
}

const PYTHON_FLOW: &str = r#"
import hashlib, secrets, sqlite3, sys, time

TTL = 15 * 60
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute(
    "CREATE TABLE IF NOT EXISTS peer_tokens ("
    " token_hash TEXT PRIMARY KEY, subject TEXT NOT NULL,"
    " expires_at DOUBLE PRECISION NOT NULL, used_at DOUBLE PRECISION)"
)

def issue(subject, ttl=TTL):
    token = secrets.token_urlsafe(32)
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    conn.execute(
        "INSERT INTO peer_tokens (token_hash, subject, expires_at) VALUES (?, ?, ?)",
        (token_hash, subject, time.time() + ttl),
    )
    return token

def verify(token):
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    now = time.time()
    return conn.execute(
        "UPDATE peer_tokens SET used_at = ? WHERE token_hash = ?"
        " AND used_at IS NULL AND expires_at > ? RETURNING subject",
        (now, token_hash, now),
    ).fetchone()

live = issue("alice")
used = issue("bob")
assert verify(used) == ("bob",)
expired = issue("carol", ttl=-1)
print(live)
print(used)
print(expired)
"#;
