-- Tokens and numeric codes, stored as hashes only: the table of migrations/sqlite/0001_tokens.sql
-- with the same constraints, in PostgreSQL's types. Times are timestamptz (whole microseconds,
-- an instant, shown in the session's time zone but never stored in one); ids are uuid.
-- A row is live when used_at and revoked_at are NULL and expires_at > now: a token is
-- invalid AT its expiry instant (see `is_expired` in src/record.rs).
CREATE TABLE tokens (
    id          uuid        NOT NULL PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('token', 'code')),
    subject     text        NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 256),
    purpose     text        NOT NULL CHECK (char_length(purpose) BETWEEN 1 AND 64),
    scheme      text        NOT NULL CHECK (scheme IN ('hmac-sha256', 'sha256')),
    key_id      text        CHECK ((key_id IS NULL) = (scheme = 'sha256')),
    -- `$` ends the string in PostgreSQL's regular expressions (no newline before it), and the
    -- range is by code point, whatever the collation.
    token_hash  text        NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at     timestamptz,
    revoked_at  timestamptz,
    attempts    integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Codes are short: only a keyed MAC keeps them from being read back from a stolen table.
    CHECK (kind = 'token' OR scheme = 'hmac-sha256')
);

-- A token is found by its hash alone; codes of different rows may share a MAC.
CREATE UNIQUE INDEX tokens_by_hash ON tokens (token_hash) WHERE kind = 'token';
CREATE INDEX tokens_by_subject ON tokens (subject, purpose, kind, created_at);
CREATE INDEX tokens_by_expiry ON tokens (expires_at);
