//! The service's test binary: the router driven with `oneshot`, and once over a socket. The
//! suite is written once, generically over a [`support::Factory`]; `suite!` instantiates it
//! per backend, so the PostgreSQL store runs the very same tests by adding one line.
//!
//! PostgreSQL tests need `PSSST_TEST_DATABASE_URL` (`.ci/run` sets it); without it each says
//! it was skipped, with it an unreachable server fails them.

// Helpers outside `#[test]` functions are test code too; clippy.toml only covers the latter.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic in a test is a failure"
)]

mod auth;
mod bad_input;
mod issue;
mod leak;
mod limits;
mod probes;
mod revoke;
mod socket;
mod support;
mod verify;

/// One `#[tokio::test]` per suite test, for the backend made by `$factory`.
macro_rules! suite {
    ($factory:expr) => {
        suite!(@tests $factory;
            issue::issue_answers_201_with_token_link_and_expiry,
            issue::link_comes_from_the_configuration_never_from_headers,
            issue::link_can_carry_the_token_in_its_fragment,
            issue::without_a_base_url_the_link_is_null,
            issue::purpose_and_ttl_are_honoured,
            issue::bad_subject_purpose_or_ttl_is_422_and_stores_nothing,
            issue::python_peer_request_gets_a_superset_of_its_answer,
            issue::a_lifetime_with_a_zero_fraction_is_an_integer,
            verify::verify_uses_a_token_once_then_answers_invalid_token,
            verify::peek_leaves_the_token_usable,
            verify::every_unusable_token_gets_the_same_answer,
            verify::reasons_go_to_metrics_not_to_the_answer,
            revoke::delete_revokes_a_live_token_once,
            revoke::delete_of_an_unknown_or_malformed_id_is_404,
            revoke::subject_revoke_covers_every_purpose_or_one,
            revoke::delete_of_an_id_that_does_not_decode_is_the_same_json_404,
            auth::missing_malformed_wrong_and_revoked_keys_get_one_401,
            auth::a_revoked_client_is_refused_without_a_restart,
            auth::every_token_route_needs_a_key_and_no_probe_does,
            auth::several_clients_each_use_their_own_key,
            bad_input::malformed_json_is_400,
            bad_input::wrong_or_missing_content_type_is_415,
            bad_input::wrong_types_missing_and_unknown_fields_are_422,
            bad_input::ten_megabytes_is_413_declared_or_streamed,
            bad_input::sql_text_in_every_field_is_data_or_a_4xx,
            bad_input::unicode_look_alikes_are_refused_or_distinct,
            bad_input::no_bad_input_is_a_500_or_changes_a_row,
            bad_input::unknown_routes_and_methods_are_json_404_and_405,
            limits::issue_limit_is_per_subject_and_known_looks_like_unknown,
            limits::verify_limit_is_per_client_and_global,
            limits::a_request_over_the_time_limit_is_503_timeout,
            probes::healthz_and_readyz_answer,
            probes::metrics_count_requests_latency_and_tokens,
            probes::metrics_and_logs_use_route_templates_not_uris,
            probes::openapi_lists_exactly_the_routes_of_the_router,
            probes::openapi_describes_the_fields_the_service_takes,
            probes::openapi_links_lead_from_issue_to_verify_and_revoke,
            probes::openapi_declares_headers_nulls_and_patterns,
            leak::no_token_or_key_in_logs_answers_or_database,
            socket::serve_purges_periodically_and_drains_on_shutdown,
            socket::slow_request_headers_are_cut_off,
        );
    };
    (@tests $factory:expr; $($module:ident :: $test:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $test() {
                let factory = $factory;
                if let Some(why) = crate::support::Factory::skip_reason(&factory) {
                    let test = concat!(module_path!(), "::", stringify!($test));
                    crate::support::scratch::say_skipped(test, &why);
                    return;
                }
                crate::$module::$test(&factory).await;
            }
        )*
    };
}

/// The suite on SQLite, each test in its own temporary file.
mod sqlite {
    use crate::support::SqliteFactory;

    suite!(SqliteFactory);

    /// With the database gone, readiness says so (503) while liveness still answers.
    #[tokio::test]
    async fn readyz_is_503_when_the_database_is_closed() {
        let app = crate::support::test_app(&SqliteFactory).await;
        app.state.lifecycle().store().close().await;
        let reply = app.get("/readyz").await;
        assert_eq!(reply.status, 503, "{}", reply.text());
        assert_eq!(reply.error(), "unavailable");
        assert_eq!(app.get("/healthz").await.status, 200);
        let issue = app
            .post("/v1/tokens", &serde_json::json!({"subject": "u"}))
            .await;
        assert_eq!(issue.status, 503, "{}", issue.text());
    }
}

/// The same suite on PostgreSQL, each test in a fresh schema of the server named by
/// `PSSST_TEST_DATABASE_URL`.
mod postgres {
    use crate::support::PostgresFactory;

    suite!(PostgresFactory::default());
}
