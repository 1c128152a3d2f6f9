-- Tokens and numeric codes, stored as hashes only. Times are unix microseconds, UTC.
-- A row is live when used_at and revoked_at are NULL and expires_at > now: a token is
-- invalid AT its expiry instant (see `is_expired` in src/record.rs).
CREATE TABLE tokens (
    id          TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    kind        TEXT    NOT NULL CHECK (kind IN ('token', 'code')),
    subject     TEXT    NOT NULL CHECK (length(subject) BETWEEN 1 AND 256),
    purpose     TEXT    NOT NULL CHECK (length(purpose) BETWEEN 1 AND 64),
    scheme      TEXT    NOT NULL CHECK (scheme IN ('hmac-sha256', 'sha256')),
    key_id      TEXT    CHECK ((key_id IS NULL) = (scheme = 'sha256')),
    token_hash  TEXT    NOT NULL CHECK (length(token_hash) = 64
                                        AND token_hash NOT GLOB '*[^0-9a-f]*'),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL CHECK (expires_at > created_at),
    used_at     INTEGER,
    revoked_at  INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Codes are short: only a keyed MAC keeps them from being read back from a stolen table.
    CHECK (kind = 'token' OR scheme = 'hmac-sha256')
) STRICT;

-- A token is found by its hash alone; codes of different rows may share a MAC.
CREATE UNIQUE INDEX tokens_by_hash ON tokens (token_hash) WHERE kind = 'token';
CREATE INDEX tokens_by_subject ON tokens (subject, purpose, kind, created_at);
CREATE INDEX tokens_by_expiry ON tokens (expires_at);
