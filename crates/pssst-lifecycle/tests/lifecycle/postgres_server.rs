//! The PostgreSQL server itself: servers starting together, URLs and their passwords, schema
//! names, time as the server reads it, and what its errors may say.
//!
//! Tests that need the server skip (saying so) when `PSSST_TEST_DATABASE_URL` is unset; the
//! URL and schema-name tests need no server and always run.

use pssst_lifecycle::{
    Clock, Config, Error, KeyRing, Lifecycle, ManualClock, PostgresOptions, PostgresStore,
    Timestamp,
};
use sqlx::Connection;

use crate::expiry::AWKWARD_INSTANTS;
use crate::support::postgres::{chain, connect_or_fail, skip_reason, test_url};
use crate::support::{
    PostgresFactory, ScratchSchema, T0, capture_logs, harness, logs, say_skipped,
};

/// Stores connecting at once to one new schema.
const SERVERS: usize = 12;

/// A password no error, log or `Debug` output may contain.
const PASSWORD: &str = "s3cret-Pa55word";

/// The test server's URL, or `None` after printing that the test named `test` was skipped.
fn server_or_skip(test: &str) -> Option<String> {
    if let Some(why) = skip_reason() {
        say_skipped(&format!("{}::{test}", module_path!()), &why);
    }
    test_url()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_connects_to_a_new_schema_all_succeed_and_migrate_once() {
    let Some(url) =
        server_or_skip("concurrent_first_connects_to_a_new_schema_all_succeed_and_migrate_once")
    else {
        return;
    };
    let schema = ScratchSchema::create(&url).await;

    let connects: Vec<_> = (0..SERVERS)
        .map(|_| tokio::spawn(PostgresStore::connect_with(schema.options())))
        .collect();
    let mut stores = Vec::new();
    for connect in connects {
        match connect.await.unwrap() {
            Ok(store) => stores.push(store),
            Err(err) => panic!("a concurrent connect failed: {}", chain(&err)),
        }
    }

    let pool = stores[0].pool();
    let applied: Vec<(i64, bool)> =
        sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(applied, [(1, true), (2, true)]);
    let (tables,): (i64,) = sqlx::query_as("SELECT count(*) FROM pg_tables WHERE schemaname = $1")
        .bind(schema.name())
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(tables, 3, "tokens, imported_hashes and _sqlx_migrations");
    for store in &stores {
        store.close().await;
    }
}

#[tokio::test]
async fn reconnecting_keeps_rows_and_applies_nothing_twice() {
    let Some(url) = server_or_skip("reconnecting_keeps_rows_and_applies_nothing_twice") else {
        return;
    };
    let schema = ScratchSchema::create(&url).await;
    let first = lifecycle(connect_or_fail(schema.options()).await);
    first
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();
    first.store().close().await;

    let second = lifecycle(connect_or_fail(schema.options()).await);
    assert_eq!(second.list(&Default::default()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_schema_holding_another_applications_tokens_table_is_refused_untouched() {
    let Some(url) =
        server_or_skip("a_schema_holding_another_applications_tokens_table_is_refused_untouched")
    else {
        return;
    };
    let schema = ScratchSchema::create(&url).await;
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    let name = schema.name();
    for statement in [
        format!("CREATE SCHEMA {name}"),
        format!("CREATE TABLE {name}.tokens (id serial PRIMARY KEY, note text)"),
    ] {
        sqlx::query(&statement).execute(&mut admin).await.unwrap();
    }

    let Err(err) = PostgresStore::connect_with(schema.options()).await else {
        panic!("a schema with a foreign tokens table was accepted");
    };
    assert!(matches!(err, Error::Migration(_)), "{}", chain(&err));
    assert!(chain(&err).contains("did not make"), "{}", chain(&err));
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT tablename::text FROM pg_tables WHERE schemaname = $1")
            .bind(name)
            .fetch_all(&mut admin)
            .await
            .unwrap();
    assert_eq!(
        tables,
        [("tokens".to_owned(),)],
        "the refusal left something behind"
    );
}

#[tokio::test]
async fn the_server_reads_stored_times_as_the_same_utc_instants() {
    let Some(url) = server_or_skip("the_server_reads_stored_times_as_the_same_utc_instants") else {
        return;
    };
    let schema = ScratchSchema::create(&url).await;
    // One connection, set to a time zone far from UTC and with a half hour (sqlx starts every
    // session in UTC): it must change nothing stored or read.
    let store = connect_or_fail(schema.options().max_connections(1)).await;
    sqlx::query("SET TIME ZONE 'America/St_Johns'")
        .execute(store.pool())
        .await
        .unwrap();
    let clock = ManualClock::new(T0);
    let lifecycle = lifecycle(store).with_clock(clock.clone());

    for micros in AWKWARD_INSTANTS {
        let at = Timestamp::from_unix_micros(micros);
        clock.set(at);
        let issued = lifecycle
            .issue(&format!("user-{micros}"), "reset", Default::default())
            .await
            .unwrap();
        let (zone, shown): (String, String) = sqlx::query_as(
            "SELECT current_setting('TimeZone'), to_char(created_at AT TIME ZONE 'UTC', \
             'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM tokens WHERE id = $1::uuid",
        )
        .bind(issued.id().to_string())
        .fetch_one(lifecycle.store().pool())
        .await
        .unwrap();
        assert_eq!(zone, "America/St_Johns");
        let expected = at.to_string();
        let expected = if expected.contains('.') {
            expected
        } else {
            expected.replace('Z', ".000000Z")
        };
        assert_eq!(shown, expected, "{micros} µs");
        assert_eq!(issued.record().created_at, clock.now());
    }
}

#[tokio::test]
async fn schema_refuses_rows_that_break_its_constraints() {
    let Some(_) = server_or_skip("schema_refuses_rows_that_break_its_constraints") else {
        return;
    };
    let h = harness(&PostgresFactory).await;
    let insert = "INSERT INTO tokens (id, kind, subject, purpose, scheme, key_id, token_hash, \
                  created_at, expires_at) VALUES (gen_random_uuid(), $1, $2, 'reset', $3, $4, \
                  $5, now(), now() + $6 * interval '1 second')";
    let hash = "a".repeat(64);
    let cases = [
        ("token", "", "sha256", None, hash.clone(), 60),
        ("token", "user", "sha256", None, "abc".into(), 60),
        ("token", "user", "sha256", None, "A".repeat(64), 60),
        ("token", "user", "sha256", None, format!("{hash}\n"), 60),
        (
            "token",
            "user",
            "sha256",
            None,
            format!("{}g", "a".repeat(63)),
            60,
        ),
        ("token", "user", "sha256", None, hash.clone(), 0),
        ("token", "user", "sha256", Some("k1"), hash.clone(), 60),
        ("token", "user", "hmac-sha256", None, hash.clone(), 60),
        ("code", "user", "sha256", None, hash.clone(), 60),
        ("other", "user", "sha256", None, hash.clone(), 60),
        ("token", &"u".repeat(257), "sha256", None, hash.clone(), 60),
    ];
    let pool = h.lifecycle.store().pool();
    for (kind, subject, scheme, key_id, token_hash, ttl) in cases {
        let result = sqlx::query(insert)
            .bind(kind)
            .bind(subject)
            .bind(scheme)
            .bind(key_id)
            .bind(&token_hash)
            .bind(f64::from(ttl))
            .execute(pool)
            .await;
        assert!(
            result.is_err(),
            "accepted {kind} {subject:?} {token_hash:?} {ttl}"
        );
    }

    let good = sqlx::query(insert)
        .bind("token")
        .bind("user")
        .bind("sha256")
        .bind(None::<&str>)
        .bind(&hash);
    good.bind(60.0).execute(pool).await.unwrap();
}

#[tokio::test]
async fn server_errors_quote_no_stored_hash() {
    let Some(_) = server_or_skip("server_errors_quote_no_stored_hash") else {
        return;
    };
    let h = harness(&PostgresFactory).await;
    // PostgreSQL's DETAIL for a failed CHECK quotes the whole row, hash included.
    sqlx::query("ALTER TABLE tokens ADD CONSTRAINT refuse_doomed CHECK (subject <> 'doomed')")
        .execute(h.lifecycle.store().pool())
        .await
        .unwrap();

    let err = h
        .lifecycle
        .issue("doomed", "reset", Default::default())
        .await
        .unwrap_err();
    let shown = format!("{} / {err:?}", chain(&err));
    assert!(matches!(err, Error::Database(_)), "{shown}");
    assert!(shown.contains("refuse_doomed"), "{shown}");
    assert!(!has_hex_run(&shown, 64), "a hash in the error: {shown}");
}

#[tokio::test]
async fn consume_with_work_on_the_connection_commits_or_rolls_back_with_the_token() {
    let Some(_) = server_or_skip("consume_with_work_on_the_connection_commits_or_rolls_back")
    else {
        return;
    };
    let h = harness(&PostgresFactory).await;
    let pool = h.lifecycle.store().pool();
    sqlx::query("CREATE TABLE accounts (id text PRIMARY KEY, password text NOT NULL)")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO accounts VALUES ('user-1', 'old')")
        .execute(pool)
        .await
        .unwrap();
    let issued = h
        .lifecycle
        .issue("user-1", "reset", Default::default())
        .await
        .unwrap();

    for (fails, expected) in [(true, "old"), (false, "new")] {
        let outcome = h
            .lifecycle
            .consume_with(issued.token(), "reset", move |conn, record| {
                Box::pin(async move {
                    sqlx::query("UPDATE accounts SET password = 'new' WHERE id = $1")
                        .bind(&record.subject)
                        .execute(&mut *conn)
                        .await
                        .map_err(|e| Error::Database(e.into()))?;
                    if fails { Err(Error::Invalid) } else { Ok(()) }
                })
            })
            .await;
        assert_eq!(outcome.is_ok(), !fails);
        let (password,): (String,) = sqlx::query_as("SELECT password FROM accounts")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(password, expected, "work failed: {fails}");
    }
    assert!(h.lifecycle.consume(issued.token(), "reset").await.is_err());
}

#[tokio::test]
async fn unreachable_server_is_a_clear_error_without_the_password() {
    capture_logs();
    let url = format!("postgres://pssst:{PASSWORD}@127.0.0.1:1/test");
    let err = PostgresStore::connect(&url).await.unwrap_err();

    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cannot connect to postgres://pssst@127.0.0.1:1/test"
    );
    let printed = chain(&err);
    assert!(printed.to_lowercase().contains("refused"), "{printed}");
    assert_no_password(&format!("{printed} {err:?}"));
}

#[tokio::test]
async fn unknown_database_is_a_clear_error_without_the_password() {
    let Some(url) = server_or_skip("unknown_database_is_a_clear_error_without_the_password") else {
        return;
    };
    let server = url.parse::<sqlx::postgres::PgConnectOptions>().unwrap();
    let options = format!(
        "postgres://{}:{PASSWORD}@{}:{}/pssst_no_such_database",
        server.get_username(),
        server.get_host(),
        server.get_port()
    );

    let err = PostgresStore::connect(&options).await.unwrap_err();
    let printed = chain(&err);
    assert!(matches!(err, Error::Connect { .. }), "{printed}");
    assert!(printed.contains("does not exist"), "{printed}");
    assert_no_password(&format!("{printed} {err:?}"));
}

#[tokio::test]
async fn malformed_urls_are_refused_without_echoing_them() {
    capture_logs();
    let cases = [
        format!("postgres://pssst:{PASSWORD}@127.0.0.1:port/test"),
        format!("host=127.0.0.1 user=pssst password={PASSWORD}"),
        format!("postgres://pssst:{PASSWORD}@127.0.0.1/test?sslmode=sometimes"),
    ];
    for url in cases {
        let err = PostgresStore::connect(&url).await.unwrap_err();
        let printed = chain(&err);
        assert!(matches!(err, Error::DatabaseUrl { .. }), "{printed}");
        assert!(printed.starts_with("invalid database url: "), "{printed}");
        assert_no_password(&format!("{printed} {err:?}"));
        assert!(
            !printed.contains("127.0.0.1"),
            "the url was echoed: {printed}"
        );
    }
}

#[tokio::test]
async fn schema_names_are_checked_before_anything_connects() {
    let options = PostgresOptions::new(format!("postgres://pssst:{PASSWORD}@127.0.0.1:1/test"));
    for name in [
        "",
        "Tokens",
        "a b",
        "x\"; DROP SCHEMA public CASCADE; --",
        "9lives",
        "pg_x",
    ] {
        let err = options.clone().schema(name).unwrap_err();
        assert!(
            matches!(err, Error::Argument { what: "schema", .. }),
            "{name:?}: {err}"
        );
    }
    let fine = options.schema("pssst_tokens").unwrap();
    assert_eq!(fine.schema_name(), Some("pssst_tokens"));
    assert_no_password(&format!("{fine:?}"));
}

fn assert_no_password(text: &str) {
    assert!(!text.contains(PASSWORD), "the password leaked: {text}");
    assert!(!logs().contains(PASSWORD), "the password is in the logs");
}

/// Whether `text` holds `len` hex digits in a row.
fn has_hex_run(text: &str, len: usize) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_ascii_hexdigit() { run + 1 } else { 0 };
        if run >= len {
            return true;
        }
    }
    false
}

fn lifecycle(store: PostgresStore) -> Lifecycle<PostgresStore> {
    Lifecycle::new(store, KeyRing::generate(T0).unwrap(), Config::default())
}
