//! The lifecycle's test binary. The conformance suite is written once, generically over a
//! [`support::Factory`]; `suite!` instantiates it per backend, once for SQLite and once for
//! PostgreSQL. Tests of SQLite files and processes (corruption, locks, a killed writer, time
//! zones) and of the PostgreSQL server (concurrent first connects, URLs, time on the server)
//! sit in their own modules.
//!
//! PostgreSQL tests need `PSSST_TEST_DATABASE_URL` (`.ci/run` sets it); without it each says
//! it was skipped, with it an unreachable server fails them.

// Helpers outside `#[test]` functions are test code too; clippy.toml only covers the latter.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic in a test is a failure"
)]

mod codes;
mod consume;
mod expiry;
mod import;
mod input;
mod interop;
mod keys;
mod kill;
mod leak;
mod naive;
mod peer;
mod postgres_server;
mod purge;
mod race;
mod revoke;
mod schema;
mod spy;
mod sqlite_files;
mod support;
mod tz;

/// One `#[tokio::test]` per conformance test, for the backend made by `$factory`.
macro_rules! suite {
    ($factory:expr) => {
        suite!(@tests $factory;
            consume::issue_then_consume_succeeds_once,
            consume::peek_leaves_the_token_usable,
            consume::consume_with_rolls_back_when_work_fails,
            consume::consume_with_commits_when_work_succeeds,
            consume::unknown_token_is_invalid_with_reason_in_audit,
            consume::records_carry_metadata_only,
            race::thirty_two_concurrent_consumes_have_one_winner_twenty_times,
            expiry::valid_one_second_before_expiry_invalid_at_and_after,
            expiry::peek_follows_the_same_expiry_boundary,
            expiry::ttl_is_clamped_and_capped,
            expiry::per_purpose_ttl_applies,
            expiry::times_round_trip_to_the_microsecond_near_and_far,
            input::malformed_tokens_are_refused_before_the_store,
            input::prefixed_tokens_need_their_prefix,
            input::bad_subjects_and_purposes_are_refused,
            revoke::purpose_mismatch_fails_and_leaves_token_usable,
            revoke::reissue_revokes_older_live_token,
            revoke::failed_issue_with_keeps_the_older_token,
            revoke::issue_with_commits_and_supersedes,
            revoke::keep_last_two_keeps_two_live_tokens,
            revoke::concurrent_reissues_leave_one_live_token,
            revoke::superseding_audits_each_revoked_token_by_its_id,
            revoke::revoke_by_id_stops_the_token,
            revoke::revoke_all_covers_every_purpose_or_one,
            codes::right_code_is_accepted_once,
            codes::attempt_cap_stops_even_the_right_code,
            codes::concurrent_guesses_never_pass_the_cap,
            codes::codes_are_bound_to_subject_and_purpose,
            codes::issuing_a_code_needs_a_key,
            purge::purge_never_revives_a_used_token,
            purge::purge_keeps_live_rows_and_respects_retention,
            purge::purge_deletes_in_batches,
            keys::old_key_verifies_until_retired,
            keys::compat_mode_gates_plain_sha256_rows,
            keys::an_empty_key_ring_is_a_setup_error_not_an_invalid_token,
            keys::revoking_a_keys_tokens_audits_each_with_its_purpose,
            import::import_leaves_out_expired_rows_and_counts_them,
            import::imported_rows_are_never_created_in_the_future,
            import::a_hash_used_in_any_copy_is_imported_used,
            import::copies_of_a_hash_with_other_subjects_are_refused,
            import::used_at_is_kept_between_creation_and_the_import,
            import::an_unusable_subject_is_refused_with_its_reason,
            interop::python_vector_pair_imports_and_verifies,
            interop::rows_from_the_python_flow_import_and_verify,
            interop::import_refuses_expiry_beyond_the_longest_lifetime,
            interop::a_used_imported_token_stays_dead_after_purge_and_reimport,
            leak::no_token_in_database_files_logs_or_audit,
        );
    };
    (@tests $factory:expr; $($module:ident :: $test:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $test() {
                let factory = $factory;
                if let Some(why) = crate::support::Factory::skip_reason(&factory) {
                    let test = concat!(module_path!(), "::", stringify!($test));
                    crate::support::say_skipped(test, &why);
                    return;
                }
                crate::$module::$test(&factory).await;
            }
        )*
    };
}

/// The conformance suite on SQLite, each test in its own temporary file.
mod sqlite {
    use crate::support::SqliteFactory;

    suite!(SqliteFactory);
}

/// The same suite on PostgreSQL, each test in a fresh schema of the server named by
/// `PSSST_TEST_DATABASE_URL`.
mod postgres {
    use crate::support::PostgresFactory;

    suite!(PostgresFactory);
}
