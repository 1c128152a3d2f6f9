//! `reset import`: the rows of the Python flow's `peer_tokens` table, as plain SHA-256 rows.

use std::path::PathBuf;

use clap::Args;
use pssst_lifecycle::store::sqlite::read_python_peer;
use pssst_lifecycle::{Config, ImportReport, KeyRing, check_purpose};

use crate::commands::reset::paths::Files;
use crate::error::{Failure, Outcome};
use crate::stdout;

const TABLE: &str = "\
The table read, in the Python service's SQLite file (other columns are ignored):

  peer_tokens(
    token_hash TEXT     sha256(token) as 64 hex digits
    subject    TEXT     whom the token is for (the same rules as issue --subject)
    expires_at REAL     unix seconds, REAL (time.time()) or INTEGER; never NULL
    used_at    REAL     unix seconds, REAL or INTEGER; NULL while unused
  )

All rows or none: a bad row (a NULL or text time, a hash that is not 64 hex digits or not
text, an unusable subject, an expiry more than 7 days ahead) stops the import, named by its
number (counted from 1 in the table's order) and column, never by its hash. Rows already
expired are not imported, only counted. A used_at after the import is dated at the import,
one before the row's creation (expiry minus the lifetime) at its creation. Rows repeating a
hash are merged into the first: used if any copy was used, the earliest expiry. \
Rows whose hash is stored already, or was imported
before (even if purge has deleted the row since), are skipped: importing the same table again
never brings a used token back. Imported rows verify only with verify --accept-imported.";

/// `pssst reset import`.
#[derive(Args, Debug)]
#[command(after_help = TABLE)]
pub(super) struct Import {
    /// The Python service's SQLite file
    peer_db: PathBuf,
    /// The purpose to file the rows under
    #[arg(long, default_value = "reset")]
    purpose: String,
}

/// Reads every row, checks them all, then imports them in one transaction.
pub(super) async fn run(files: &Files, config: Config, import: Import) -> Outcome {
    check_purpose(&import.purpose)?;
    let rows = read_python_peer(&import.peer_db)
        .await
        .map_err(Failure::from)?;
    let lifecycle = files.lifecycle(files.create_db().await?, KeyRing::new(), config);
    let report = lifecycle.import(&rows, &import.purpose).await?;
    stdout::write_done(format_args!("{}", summary(&report)))
}

/// `imported 3 of 5 rows; 1 expired, not imported; 1 skipped, stored or imported before`.
fn summary(report: &ImportReport) -> String {
    let mut line = format!("imported {} of {} rows", report.inserted, report.rows);
    let parts = [
        (report.expired, "expired, not imported"),
        (
            report.duplicates,
            "repeating an earlier row's hash, merged into it",
        ),
        (report.skipped(), "skipped, stored or imported before"),
    ];
    for (count, what) in parts.into_iter().filter(|(count, _)| *count > 0) {
        line.push_str(&format!("; {count} {what}"));
    }
    line
}
