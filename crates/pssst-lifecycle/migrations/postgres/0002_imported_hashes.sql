-- Every plain SHA-256 hash ever imported, kept when purge deletes its token row: the table of
-- migrations/sqlite/0003_imported_hashes.sql. An import skips these hashes, so a token used,
-- purged, then imported again from the same table of the Python flow stays dead.
CREATE TABLE imported_hashes (
    token_hash text NOT NULL PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$')
);

-- Rows imported before this table existed.
INSERT INTO imported_hashes (token_hash)
    SELECT token_hash FROM tokens WHERE kind = 'token' AND scheme = 'sha256';
