//! `reset revoke`, `revoke-all`, `purge` and `list`: no key needed, and the database must
//! exist.

use std::io::Write;
use std::time::Duration;

use clap::Args;
use pssst_lifecycle::store::sqlite::Thoroughness;
use pssst_lifecycle::{
    Clock, Config, KeyRing, Lifecycle, ListFilter, SqliteStore, SystemClock, TokenId,
    check_purpose, check_subject,
};

use crate::commands::reset::paths::Files;
use crate::commands::reset::record_json;
use crate::error::{Failure, Outcome, note};
use crate::{parse, shown, stdout};

/// `pssst reset list`.
#[derive(Args, Debug)]
pub(super) struct List {
    /// Only this subject
    #[arg(long)]
    subject: Option<String>,
    /// Only this purpose
    #[arg(long)]
    purpose: Option<String>,
    /// Only live tokens
    #[arg(long)]
    live: bool,
    /// At most this many rows, newest first
    #[arg(long, default_value_t = 100, value_parser = parse::positive_u32)]
    limit: u32,
    /// Print JSON lines (text lines are ID KIND STATUS PURPOSE expires TIME SUBJECT, the
    /// subject last, with control and invisible characters and backslashes escaped as \n,
    /// \u{202e}, \\)
    #[arg(long)]
    json: bool,
}

/// Revokes one live token by id. The revocation stands even when its report cannot be written.
pub(super) async fn revoke(files: &Files, config: Config, id: TokenId) -> Outcome {
    let lifecycle = open(files, config).await?;
    if !lifecycle.revoke(id).await? {
        return Err(Failure::no(format_args!("no live token with id {id}")));
    }
    stdout::write_done(format_args!("revoked {id}"))
}

/// Revokes every live token of a subject (of one purpose, or all).
pub(super) async fn revoke_all(
    files: &Files,
    config: Config,
    subject: &str,
    purpose: Option<&str>,
) -> Outcome {
    let lifecycle = open(files, config).await?;
    let count = lifecycle.revoke_all(subject, purpose).await?;
    stdout::write_done(format_args!("revoked {count}"))
}

/// Deletes rows dead for longer than `retention`.
pub(super) async fn purge(files: &Files, config: Config, retention: Duration) -> Outcome {
    let lifecycle = open(files, config).await?;
    let count = lifecycle.purge(retention).await?;
    stdout::write_done(format_args!("purged {count}"))
}

/// Prints stored tokens' metadata; a reader that stops early (`| head`) ends the run quietly.
///
/// A text line is `ID KIND STATUS PURPOSE expires TIME SUBJECT`: every field before the subject
/// is free of spaces, and the subject, which may hold spaces, comes last, escaped by
/// [`shown::escaped`], so no subject can fake another field or another line.
pub(super) async fn list(files: &Files, config: Config, list: List) -> Outcome {
    list.subject.as_deref().map(check_subject).transpose()?;
    list.purpose.as_deref().map(check_purpose).transpose()?;
    let lifecycle = open(files, config).await?;
    print_list(&lifecycle, list).await
}

/// Reads the whole database file for damage, which opening does not (it reads only the pages
/// it needs), then looks for live tokens hashed under keys the key ring lacks (a wrong key
/// file makes every token invalid). The pages' result comes first (`ok: ...` on stdout, or the
/// damage on stderr), then the keys', so a wrong key file does not hide whether the file is
/// sound. Either finding is a clean "no" (exit 1); a check that cannot run is exit 2. A key
/// ring that cannot be read is only noted: the file is checked. A file that opening already
/// finds damaged (its schema, or its header) is a finding too, and the only one.
pub(super) async fn check(files: &Files, full: bool) -> Outcome {
    let (thoroughness, pragma) = if full {
        (Thoroughness::Full, "integrity_check")
    } else {
        (Thoroughness::Quick, "quick_check")
    };
    files.require_db()?;
    let store = match SqliteStore::open(&files.db).await {
        Ok(store) => store,
        Err(err @ (pssst_lifecycle::Error::Schema { .. } | pssst_lifecycle::Error::Corrupt(_))) => {
            return Err(Failure::from(err).into_no());
        }
        Err(err) => return Err(err.into()),
    };
    let pages = match store.check_integrity(thoroughness).await {
        Ok(()) => stdout::write_done(format_args!("ok: {pragma} found no damage")),
        Err(err @ pssst_lifecycle::Error::Corrupt(_)) => Err(Failure::from(err).into_no()),
        Err(err) => return Err(err.into()),
    };
    let lifecycle = files.lifecycle(store, KeyRing::new(), Config::default());
    let keys = check_key_ids(files, &lifecycle).await;
    both(pages, keys)
}

/// The outcome of `check` from its two findings. When both fail, the first printed is the
/// pages' damage, and the run exits with the keys' "no" (1); a stdout that could not take the
/// `ok` line makes the run an error (2) after the keys' finding is printed. A key check that
/// could not run on a damaged file adds nothing to the damage and is left out.
fn both(pages: Outcome, keys: Outcome) -> Outcome {
    let (pages, keys) = match (pages, keys) {
        (Err(pages), Err(keys)) if keys.is_no() => (pages, keys),
        (Err(pages), _) => return Err(pages),
        (Ok(()), keys) => return keys,
    };
    let (first, last) = if pages.is_no() {
        (pages, keys)
    } else {
        (keys, pages)
    };
    let _ = first.report();
    Err(last)
}

/// Fails (exit 1) when live tokens were hashed under keys missing from the key ring: they
/// cannot verify, most often because `--keys` names another ring.
async fn check_key_ids(files: &Files, lifecycle: &Lifecycle<SqliteStore>) -> Outcome {
    let ring = match KeyRing::load(&files.keys) {
        Ok(ring) => ring,
        Err(err) => {
            let why = shown::text(&err.to_string());
            note(format_args!("key ids not checked: {why}"));
            return Ok(());
        }
    };
    let filter = ListFilter {
        live_only: true,
        limit: u32::MAX,
        ..ListFilter::default()
    };
    let live = lifecycle.list(&filter).await?;
    let mut unknown: Vec<&str> = live
        .iter()
        .filter_map(|row| row.key_id.as_deref())
        .filter(|id| ring.get(id).is_none())
        .collect();
    let count = unknown.len();
    if count == 0 {
        return Ok(());
    }
    unknown.sort_unstable();
    unknown.dedup();
    Err(Failure::no(format_args!(
        "{count} live {} hashed under keys not in the key ring {} ({}): wrong --keys?",
        if count == 1 { "token is" } else { "tokens are" },
        shown::path(&files.keys),
        shown::text(&unknown.join(", "))
    )))
}

/// A lifecycle on the existing database, without keys: none of these hashes a token.
async fn open(files: &Files, config: Config) -> Result<Lifecycle<SqliteStore>, Failure> {
    Ok(files.lifecycle(files.existing_db().await?, KeyRing::new(), config))
}

async fn print_list(lifecycle: &Lifecycle<SqliteStore>, list: List) -> Outcome {
    let filter = ListFilter {
        subject: list.subject,
        purpose: list.purpose,
        live_only: list.live,
        limit: list.limit,
    };
    let now = SystemClock.now();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for record in lifecycle.list(&filter).await? {
        if list.json {
            let mut object = record_json(&record);
            object["status"] = record.status_at(now).as_str().into();
            writeln!(out, "{object}")?;
        } else {
            writeln!(
                out,
                "{} {} {} {} expires {} {}",
                record.id,
                record.kind.as_str(),
                record.status_at(now).as_str(),
                record.purpose,
                record.expires_at,
                shown::escaped(&record.subject),
            )?;
        }
    }
    Ok(out.flush()?)
}
