-- Issue, as PostgresStore::insert runs it under the default policy (keep the newest token):
-- the issue lock, the supersede-revoke and the insert, in one transaction. The statements are
-- ISSUE_LOCK, SUPERSEDE and INSERT of crates/pssst-lifecycle/src/store/postgres/statements.rs
-- word for word, with the `-- $n := ...` lines standing for their bound parameters; a unit test
-- there puts them back in and compares (`cargo test -p pssst-lifecycle pgbench`).
--
-- The subject is one of :subjects, so an issue usually revokes that subject's previous token.
-- The hash is random hex, as a MAC is; the id a random UUID (the store's are v7, as long).
\set s random(1, :subjects)
BEGIN;
-- $1 := 'bench-' || :s
-- $2 := 'reset'
-- $3 := 'token'
SELECT pg_advisory_xact_lock(
    hashtextextended('bench-' || :s || '/' || 'reset' || '/' || 'token', 0));
-- $1 := now()
-- $2 := 'bench-' || :s
-- $3 := 'reset'
-- $4 := 'token'
-- $5 := 0
UPDATE tokens SET revoked_at = now()
    WHERE subject = 'bench-' || :s AND purpose = 'reset' AND kind = 'token'
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
      AND id NOT IN (SELECT id FROM tokens
                      WHERE subject = 'bench-' || :s AND purpose = 'reset' AND kind = 'token'
                        AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
                      ORDER BY created_at DESC, id DESC LIMIT 0)
    RETURNING id;
-- $1 := gen_random_uuid()
-- $2 := 'token'
-- $3 := 'bench-' || :s
-- $4 := 'reset'
-- $5 := 'hmac-sha256'
-- $6 := 'bench'
-- $7 := md5(random()::text) || md5(random()::text)
-- $8 := now()
-- $9 := now() + interval '15 minutes'
-- $10 := NULL
INSERT INTO tokens (id, kind, subject, purpose, scheme, key_id, token_hash,
                    created_at, expires_at, used_at)
    VALUES (gen_random_uuid(), 'token', 'bench-' || :s, 'reset', 'hmac-sha256', 'bench',
            md5(random()::text) || md5(random()::text),
            now(), now() + interval '15 minutes', NULL);
COMMIT;
