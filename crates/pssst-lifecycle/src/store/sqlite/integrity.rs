//! Checking the whole file for damage, on request: opening reads only what it needs, so a
//! damaged page elsewhere goes unnoticed until a statement reads it.

use crate::error::{Error, Result};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::errors::{Flat, db_error};

/// At most this many findings are kept from SQLite's report.
const MAX_FINDINGS: u32 = 10;

/// How thoroughly [`SqliteStore::check_integrity`] reads the file.
///
/// # Examples
///
/// ```
/// use pssst_lifecycle::store::sqlite::Thoroughness;
/// assert_ne!(Thoroughness::Quick, Thoroughness::Full);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Thoroughness {
    /// `PRAGMA quick_check`: every page and b-tree read, without matching indexes to their
    /// tables (linear in the file's size).
    Quick,
    /// `PRAGMA integrity_check`: also every index against its table and every `UNIQUE`
    /// constraint (about twice the time on a 100,000-row file).
    Full,
}

impl SqliteStore {
    /// Reads the whole file with SQLite's own check and fails if anything is damaged.
    ///
    /// Opening a store checks the header, the application id and the schema, not every page:
    /// a page damaged by a bad disk or a copy taken mid-write is only found when a statement
    /// reads it. This finds it first. It reads the whole file, so it takes time in proportion
    /// to its size (about half a second for 100,000 rows on a slow machine): run it from a
    /// maintenance job, not on every open.
    ///
    /// # Errors
    ///
    /// [`Error::Corrupt`] with SQLite's first findings (page numbers, row ids and index names,
    /// never a stored value); storage errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use pssst_lifecycle::store::sqlite::Thoroughness;
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let store = pssst_lifecycle::SqliteStore::open_in_memory().await?;
    /// store.check_integrity(Thoroughness::Quick).await?;
    /// # Ok::<(), pssst_lifecycle::Error>(())
    /// # })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn check_integrity(&self, thoroughness: Thoroughness) -> Result<()> {
        let pragma = match thoroughness {
            Thoroughness::Quick => "quick_check",
            Thoroughness::Full => "integrity_check",
        };
        let statement = format!("PRAGMA {pragma}({MAX_FINDINGS})");
        let findings: Vec<String> = sqlx::query_scalar(&statement)
            .fetch_all(self.pool())
            .await
            .map_err(db_error)?;
        if findings == ["ok"] {
            return Ok(());
        }
        let lines = findings.iter().flat_map(|finding| finding.lines());
        let report = lines.collect::<Vec<_>>().join("; ");
        Err(Error::Corrupt(Flat(report).into()))
    }
}
