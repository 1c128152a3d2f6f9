//! Every statement the PostgreSQL store runs: constant text, every value a bound parameter.
//!
//! `bench/pgbench/issue.sql` and `consume.sql` run the issue and consume statements word for
//! word, with pgbench expressions in place of the `$n` parameters; the test at the bottom
//! fails when the two drift apart.

/// The columns every record is read from (see `rows::record`).
macro_rules! columns {
    () => {
        "id, kind, subject, purpose, key_id, created_at, expires_at, used_at, revoked_at, attempts"
    };
}

/// Issuing, step 1: serialises issuers of one subject, purpose and kind until commit.
///
/// Under READ COMMITTED two concurrent issues would otherwise each revoke the rows they can
/// see, then both insert, and leave two live tokens where the policy keeps one. The key is a
/// hash of the three values (`hashtextextended` is the hash behind hash partitioning, stable
/// across servers); a collision only makes two unrelated issuers take turns. Parameters:
/// subject, purpose, kind.
pub(crate) const ISSUE_LOCK: &str = "SELECT pg_advisory_xact_lock(
    hashtextextended($1 || '/' || $2 || '/' || $3, 0))";

/// Issuing, step 2: revokes live rows of the same subject, purpose and kind beyond the newest
/// `keep - 1`, returning their ids. Parameters: now, subject, purpose, kind, keep - 1.
pub(crate) const SUPERSEDE: &str = "UPDATE tokens SET revoked_at = $1
    WHERE subject = $2 AND purpose = $3 AND kind = $4
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
      AND id NOT IN (SELECT id FROM tokens
                      WHERE subject = $2 AND purpose = $3 AND kind = $4
                        AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
                      ORDER BY created_at DESC, id DESC LIMIT $5)
    RETURNING id";

/// Issuing, step 3 (and importing, with [`IMPORT`]): one row.
macro_rules! insert {
    () => {
        "INSERT INTO tokens (id, kind, subject, purpose, scheme, key_id, token_hash,
                    created_at, expires_at, used_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    };
}

/// One row. Parameters: id, kind, subject, purpose, scheme, key id, hash, created, expires,
/// used.
pub(crate) const INSERT: &str = insert!();

/// One imported row, skipped when its hash (or id) is already stored.
pub(crate) const IMPORT: &str = concat!(insert!(), " ON CONFLICT DO NOTHING");

/// Importing: the hash kept among those ever imported; no row is affected when it was
/// imported before, and then the token row is not inserted again. Parameter: the hash.
pub(crate) const REMEMBER_IMPORT: &str =
    "INSERT INTO imported_hashes (token_hash) VALUES ($1) ON CONFLICT DO NOTHING";

/// A token row by any of its candidate hashes. Parameter: the hashes.
pub(crate) const FIND: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM tokens WHERE kind = 'token' AND token_hash = ANY($1)"
);

/// The guarded consume: of any number of concurrent callers exactly one turns `used_at` from
/// NULL. A second `UPDATE` of the same row waits for the first to commit, then re-checks its
/// `WHERE` on the new row version (READ COMMITTED), finds `used_at` set and returns nothing.
/// Parameters: now, purpose, the candidate hashes.
pub(crate) const CONSUME: &str = concat!(
    "UPDATE tokens SET used_at = $1
    WHERE kind = 'token' AND purpose = $2 AND token_hash = ANY($3)
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
    RETURNING ",
    columns!()
);

/// One attempt charged to every live code of a subject and purpose under the cap, before
/// any comparison. Parameters: subject, purpose, cap, now.
pub(crate) const CHARGE_CODE_ATTEMPT: &str = "UPDATE tokens SET attempts = attempts + 1
    WHERE kind = 'code' AND subject = $1 AND purpose = $2 AND attempts < $3
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $4
    RETURNING id";

/// The guarded consume of a code among those charged. Parameters: now, ids, hashes.
pub(crate) const CONSUME_CODE: &str = concat!(
    "UPDATE tokens SET used_at = $1
    WHERE kind = 'code' AND id = ANY($2) AND token_hash = ANY($3)
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
    RETURNING ",
    columns!()
);

/// One live row revoked. Parameters: now, id.
pub(crate) const REVOKE: &str = "UPDATE tokens SET revoked_at = $1
    WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1";

/// Every live row of a subject revoked, of one purpose or (NULL) all. Parameters: now,
/// subject, purpose.
pub(crate) const REVOKE_ALL: &str = "UPDATE tokens SET revoked_at = $1
    WHERE subject = $2 AND ($3::text IS NULL OR purpose = $3)
      AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1";

/// At most a batch of rows dead at or before the cutoff. Parameters: cutoff, batch size.
pub(crate) const PURGE_BATCH: &str = "DELETE FROM tokens WHERE id IN (SELECT id FROM tokens
    WHERE expires_at <= $1 OR used_at <= $1 OR revoked_at <= $1 LIMIT $2)";

/// Rows newest first, each filter NULL for "any". Parameters: subject, purpose, live only,
/// now, limit.
pub(crate) const LIST: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM tokens
    WHERE ($1::text IS NULL OR subject = $1) AND ($2::text IS NULL OR purpose = $2)
      AND (NOT $3 OR (used_at IS NULL AND revoked_at IS NULL AND expires_at > $4))
    ORDER BY created_at DESC, id DESC LIMIT $5"
);

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::*;

    /// The statements each pgbench script must run, in order.
    const SCRIPTS: &[(&str, &[&str])] = &[
        ("issue.sql", &[ISSUE_LOCK, SUPERSEDE, INSERT]),
        ("consume.sql", &[CONSUME]),
    ];

    #[test]
    fn pgbench_scripts_run_the_store_statements_word_for_word() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/pgbench");
        for (file, statements) in SCRIPTS {
            let script = std::fs::read_to_string(dir.join(file)).unwrap();
            let ran = script_statements(&script);
            assert_eq!(ran.len(), statements.len(), "{file}: statement count");
            for ((params, text), statement) in ran.iter().zip(statements.iter()) {
                let expected = words(&substituted(statement, params));
                assert_eq!(words(text), expected, "{file} drifted from statements.rs");
            }
        }
    }

    /// The script's SQL statements other than BEGIN and COMMIT, each with the `-- $n := expr`
    /// lines written just before it.
    fn script_statements(script: &str) -> Vec<(BTreeMap<usize, String>, String)> {
        let mut found = Vec::new();
        let (mut params, mut text) = (BTreeMap::new(), String::new());
        for line in script.lines().map(str::trim) {
            if let Some(binding) = line.strip_prefix("-- $") {
                let (n, expr) = binding.split_once(" := ").unwrap();
                params.insert(n.parse().unwrap(), expr.to_owned());
            } else if !(line.starts_with("--") || line.starts_with('\\') || line.is_empty()) {
                text.push_str(line);
                text.push(' ');
                if let Some(done) = text.trim_end().strip_suffix(';') {
                    if !matches!(done, "BEGIN" | "COMMIT") {
                        found.push((std::mem::take(&mut params), done.to_owned()));
                    }
                    text.clear();
                }
            }
        }
        found
    }

    /// `statement` with every `$n` replaced by the script's expression for it.
    fn substituted(statement: &str, params: &BTreeMap<usize, String>) -> String {
        let mut out = String::new();
        let mut rest = statement;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let digits = rest[at + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            let n: usize = rest[at + 1..at + 1 + digits].parse().unwrap();
            out.push_str(
                params
                    .get(&n)
                    .unwrap_or_else(|| panic!("no binding for ${n}")),
            );
            rest = &rest[at + 1 + digits..];
        }
        out.push_str(rest);
        out
    }

    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}
