//! `reset keys`: the pepper key ring in a 0600 file.

use clap::Subcommand;
use pssst_lifecycle::{Clock, Config, Error, KeyRing, Lifecycle, ListFilter, SystemClock};

use crate::commands::reset::paths::{Files, create_private_dir};
use crate::error::{Failure, Outcome};
use crate::shown;

#[derive(Subcommand, Debug)]
pub(super) enum KeysAction {
    /// Create the key file with one fresh key (refuses to overwrite one)
    New,
    /// Add a fresh key and make it current; older keys keep verifying their tokens
    Rotate,
    /// List key ids, when each was made, and which is current (never a pepper)
    List,
    /// Remove an old key: tokens hashed under it stop verifying, so live ones are counted
    /// first and the key is kept unless --force
    Retire {
        /// The key's id, as `keys list` shows it
        id: String,
        /// Retire even though live tokens were issued under the key (they stop verifying)
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
            println!("created {}", current_id(&ring));
        }
        // Load, change and save under the key file's lock: concurrent runs lose no key.
        KeysAction::Rotate => {
            let id = KeyRing::update(path, |ring| ring.rotate(now))?;
            println!("current {id}");
        }
        KeysAction::List => {
            let ring = KeyRing::load(path)?;
            let current = current_id(&ring);
            for key in ring.keys() {
                let mark = if key.id() == current { " current" } else { "" };
                println!("{} {}{mark}", key.id(), key.created_at());
            }
        }
        KeysAction::Retire { id, force } => {
            if !force {
                refuse_live_tokens(files, &id).await?;
            }
            KeyRing::update(path, |ring| ring.retire(&id))?;
            println!("retired {id}");
        }
    }
    Ok(())
}

/// Fails when live tokens were hashed under key `id`: retiring it would void their links.
async fn refuse_live_tokens(files: &Files, id: &str) -> Outcome {
    if !files.db.exists() {
        return Ok(());
    }
    let store = files.existing_db().await?;
    let lifecycle = Lifecycle::new(store, KeyRing::new(), Config::default());
    let filter = ListFilter {
        live_only: true,
        limit: u32::MAX,
        ..ListFilter::default()
    };
    let live = lifecycle.list(&filter).await?;
    let under_key = live.iter().filter(|row| row.key_id.as_deref() == Some(id));
    let (count, last) = under_key.fold((0_u64, None), |(count, last), row| {
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
         Retire the key after that, or pass --force to void them now",
        shown::text(id)
    )))
}

fn current_id(ring: &KeyRing) -> String {
    ring.current()
        .map(|key| key.id().to_owned())
        .unwrap_or_default()
}
