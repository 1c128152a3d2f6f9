//! `reset keys`: the pepper key ring in a 0600 file.

use std::io::Write;

use clap::Subcommand;
use pssst_lifecycle::{
    Clock, Config, Error, KeyRing, Lifecycle, ListFilter, SqliteStore, SystemClock, TokenRecord,
};

use crate::commands::reset::paths::{Files, create_private_dir};
use crate::error::{Failure, Outcome};
use crate::{shown, stdout};

#[derive(Subcommand, Debug)]
pub(super) enum KeysAction {
    /// Create the key file with one fresh key (refuses to overwrite one)
    New,
    /// Add a fresh key and make it current; older keys keep verifying their tokens
    Rotate,
    /// List key ids, when each was made, and which is current (never a pepper)
    List,
    /// Remove an old key: tokens hashed under it stop verifying, so live ones are counted in
    /// the database first and the key is kept unless --force
    Retire {
        /// The key's id, as `keys list` shows it
        id: String,
        /// Retire even though live tokens were issued under the key, or without a database to
        /// count them in; the live ones are revoked
        #[arg(long)]
        force: bool,
    },
}

/// Runs one key-ring action on the key file of `files` (retiring also reads the database).
pub(super) async fn run(action: KeysAction, files: &Files) -> Outcome {
    let path = files.keys.as_path();
    let now = SystemClock.now();
    match action {
        KeysAction::New => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                create_private_dir(parent)?;
            }
            let ring = KeyRing::create(path, now).map_err(|err| match err {
                Error::KeyFileExists { .. } => Failure::error(format_args!(
                    "key file {} exists: use pssst reset keys rotate",
                    shown::path(path)
                )),
                other => other.into(),
            })?;
            stdout::write_done(format_args!("created {}", current_id(&ring)))
        }
        // Load, change and save under the key file's lock: concurrent runs lose no key.
        KeysAction::Rotate => {
            let id = KeyRing::update(path, |ring| ring.rotate(now))?;
            stdout::write_done(format_args!("current {id}"))
        }
        KeysAction::List => {
            let ring = KeyRing::load(path)?;
            let current = current_id(&ring);
            let mut out = std::io::stdout().lock();
            for key in ring.keys() {
                let mark = if key.id() == current { " current" } else { "" };
                writeln!(out, "{} {}{mark}", key.id(), key.created_at())?;
            }
            Ok(out.flush()?)
        }
        KeysAction::Retire { id, force } => retire(files, &id, force).await,
    }
}

/// Retires key `id`: refused while live tokens were issued under it, unless `force`, which
/// revokes them (each with its audit event) once the key is gone, so that nothing lists as
/// live what can no longer verify.
async fn retire(files: &Files, id: &str, force: bool) -> Outcome {
    check_key_id(id)?;
    if !force {
        refuse_live_tokens(files, id).await?;
    }
    KeyRing::update(&files.keys, |ring| ring.retire(id))?;
    let shown = shown::text(id);
    if !force || !files.db.is_file() {
        return stdout::write_done(format_args!("retired {shown}"));
    }
    let revoked = revoke_orphans(files, id).await.map_err(|err| {
        err.within(format_args!(
            "retired {shown}, but revoking its tokens failed"
        ))
    })?;
    stdout::write_done(format_args!(
        "retired {shown}; revoked {revoked} live {} issued under it",
        if revoked == 1 { "token" } else { "tokens" }
    ))
}

/// Fails when live tokens were hashed under key `id`: retiring it would void their links. The
/// database must exist: without it the check cannot be made.
async fn refuse_live_tokens(files: &Files, id: &str) -> Outcome {
    if !files.db.is_file() {
        return Err(Failure::error(format_args!(
            "no database at {}: cannot count the live tokens under key {}; pass --db, or \
             --force to retire it without the check",
            shown::path(&files.db),
            shown::text(id)
        )));
    }
    let lifecycle = files.lifecycle(
        files.existing_db().await?,
        KeyRing::new(),
        Config::default(),
    );
    let live = live_under_key(&lifecycle, id).await?;
    let (count, last) = live.iter().fold((0_u64, None), |(count, last), row| {
        (count + 1, last.max(Some(row.expires_at)))
    });
    let Some(last) = last else {
        return Ok(());
    };
    let tokens = if count == 1 {
        "token was"
    } else {
        "tokens were"
    };
    Err(Failure::error(format_args!(
        "{count} live {tokens} issued under key {}; the last expires at {last}. \
         Retire the key after that, or pass --force to revoke them now",
        shown::text(id)
    )))
}

/// Revokes the live tokens hashed under the retired key `id`, which can no longer verify;
/// each `revoked` event carries the token's purpose.
async fn revoke_orphans(files: &Files, id: &str) -> Result<u64, Failure> {
    let lifecycle = files.lifecycle(
        files.existing_db().await?,
        KeyRing::new(),
        Config::default(),
    );
    Ok(lifecycle.revoke_key(id).await?)
}

/// The live token rows hashed under key `id`.
async fn live_under_key(
    lifecycle: &Lifecycle<SqliteStore>,
    id: &str,
) -> Result<Vec<TokenRecord>, Failure> {
    let filter = ListFilter {
        live_only: true,
        limit: u32::MAX,
        ..ListFilter::default()
    };
    let mut live = lifecycle.list(&filter).await?;
    live.retain(|row| row.key_id.as_deref() == Some(id));
    Ok(live)
}

/// Refuses an id that no key can have (1 to 32 of `A-Z a-z 0-9 _ -`, as the key ring allows),
/// naming it unless it could be a secret: a token of 43 characters given here by mistake is
/// never printed, here or by the messages that name the key.
fn check_key_id(id: &str) -> Outcome {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    if (1..=32).contains(&id.len()) && id.bytes().all(allowed) {
        return Ok(());
    }
    Err(Failure::error(format_args!(
        "invalid key id {}: expected 1 to 32 of A-Z a-z 0-9 _ -",
        crate::redaction::quoted(id)
    )))
}

fn current_id(ring: &KeyRing) -> String {
    ring.current()
        .map(|key| key.id().to_owned())
        .unwrap_or_default()
}
