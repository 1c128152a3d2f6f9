-- Consume, as PostgresStore::consume runs it: CONSUME of
-- crates/pssst-lifecycle/src/store/postgres/statements.rs word for word, with the
-- `-- $n := ...` lines standing for its bound parameters; a unit test there puts them back in
-- and compares (`cargo test -p pssst-lifecycle pgbench`).
--
-- run.sh stored live tokens whose hashes are their row numbers as 64 decimal digits. Client c
-- of :clients takes rows :base + :clients * i + c for i = 1, 2, ..., so every consume finds
-- a live token of its own, as a real reset does (run.sh reports how many did).
\set i :i + 1
\set n :base + :clients * :i + :client_id
-- $1 := now()
-- $2 := 'reset'
-- $3 := ARRAY[lpad(:n::text, 64, '0')]
UPDATE tokens SET used_at = now()
    WHERE kind = 'token' AND purpose = 'reset'
      AND token_hash = ANY(ARRAY[lpad(:n::text, 64, '0')])
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
    RETURNING id, kind, subject, purpose, key_id, created_at, expires_at, used_at, revoked_at,
              attempts;
