-- Every plain SHA-256 hash ever imported, kept when purge deletes its token row: an import
-- skips these hashes, so a token used, purged, then imported again from the same table of the
-- Python flow stays dead. Hashes of dead tokens only: such a row confirms a guessed token
-- that can no longer be used, nothing more.
CREATE TABLE imported_hashes (
    token_hash TEXT NOT NULL PRIMARY KEY CHECK (length(token_hash) = 64
                                                AND token_hash NOT GLOB '*[^0-9a-f]*')
) STRICT, WITHOUT ROWID;

-- Rows imported before this table existed.
INSERT INTO imported_hashes (token_hash)
    SELECT token_hash FROM tokens WHERE kind = 'token' AND scheme = 'sha256';
