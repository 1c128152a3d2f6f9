//! `reset backup`: a consistent copy of the database in one new file, recent commits in
//! `-wal` included, which a copy of the `.db` file alone would miss.

use std::path::PathBuf;

use clap::Args;

use crate::commands::reset::paths::Files;
use crate::error::Outcome;
use crate::{shown, stdout};

/// `pssst reset backup PATH`.
#[derive(Args, Debug)]
pub(super) struct Backup {
    /// The new file to write (refused if it exists); mode 0600
    path: PathBuf,
}

/// Writes the copy with SQLite's `VACUUM INTO`, which reads one snapshot: writers go on.
pub(super) async fn run(files: &Files, backup: Backup) -> Outcome {
    let store = files.existing_db().await?;
    store.backup_to(&backup.path).await?;
    stdout::write_done(format_args!("backed up to {}", shown::path(&backup.path)))
}
