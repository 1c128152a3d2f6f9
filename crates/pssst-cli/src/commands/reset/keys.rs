//! `reset keys`: the pepper key ring in a 0600 file.

use std::path::Path;

use clap::Subcommand;
use pssst_lifecycle::{Clock, Error, KeyRing, SystemClock};

use crate::commands::reset::paths::create_private_dir;
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
    /// Remove an old key: tokens hashed under it stop verifying
    Retire {
        /// The key's id, as `keys list` shows it
        id: String,
    },
}

/// Runs one key-ring action on the file at `path`.
pub(super) fn run(action: KeysAction, path: &Path) -> Outcome {
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
        KeysAction::Retire { id } => {
            KeyRing::update(path, |ring| ring.retire(&id))?;
            println!("retired {id}");
        }
    }
    Ok(())
}

fn current_id(ring: &KeyRing) -> String {
    ring.current()
        .map(|key| key.id().to_owned())
        .unwrap_or_default()
}
