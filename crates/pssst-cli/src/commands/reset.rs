//! `reset`: reset, verification and invite tokens on a SQLite file, through
//! `pssst-lifecycle`: issue, verify, revoke, purge, list, import, and the pepper key ring.

mod admin;
mod audit;
mod backup;
mod import;
mod issue;
mod keys;
pub(crate) mod paths;
mod verify;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use pssst_lifecycle::{Config, TokenId, TokenRecord};
use pssst_server::LinkBase;
use serde_json::json;

use crate::error::{Failure, Outcome, note};
use crate::parse;

const EXAMPLES: &str = "\
Examples:
  pssst reset keys new
  pssst reset issue --subject user-42 --link https://app.example/reset
  echo -n TOKEN | pssst reset verify --peek      check without using it
  echo -n TOKEN | pssst reset verify             use it: prints the subject
  pssst reset issue --subject user-42 --json     the token is the \"token\" field
  pssst reset revoke-all --subject user-42       after a password change
  pssst reset purge --retention 7d
  pssst reset check                              read the whole file for damage
  pssst reset backup /backups/pssst.db           a consistent copy (not cp: see -wal)

Files: the database is --db, else $PSSST_DB, else $XDG_DATA_HOME/pssst/pssst.db, else
~/.local/share/pssst/pssst.db. The key ring is --keys, else $PSSST_KEYS, else
$XDG_CONFIG_HOME/pssst/keys, else ~/.config/pssst/keys (mode 0600; keep it off the database's
backups).

Exit status: 0 success; 1 the token is not valid (or no live token has the id given to
revoke); 2 usage or runtime error. Whatever verify reads on stdin is judged: empty, too long,
not UTF-8 or not base64url is an invalid token (exit 1, audited as rejected); only stdin that
cannot be read at all, or was closed (<&-), is exit 2. One trailing \\n or \\r\\n is removed.

Output: issue and verify write their result inside the transaction that stores or uses the
token, in one write before the commit. If it cannot be written (a full disk, a reader that
went away, a stdout closed with >&-), the run exits 2 and nothing is left half done: issue
stores nothing and revokes nothing, and verify leaves the token unused. issue also refuses a
stdout that is /dev/null, where the token would be lost. A write into a pipe succeeds once the
bytes are in the pipe: a reader that then exits without reading them is not noticed. issue
prints the link (or token) first, so `| head -1` gets it. revoke, revoke-all, purge, import and
keys report a change that has been made: if the report cannot be written they exit 2 and say
so, and the change stands.

Only exit status 0 counts: the write comes before the commit, so a run killed between the two
(kill -9, a crash, a power cut) has printed a link that was never stored, or a subject whose
token was never used. Act on the output only once the status is known:
  s=$(pssst reset verify < token.txt) && reset-password \"$s\"
not `pssst reset verify < token.txt | xargs reset-password`, which runs whatever the status.";

/// `pssst reset [--db PATH] [--keys PATH] <command>`.
///
/// The options are given before or after the command (`pssst reset --db X issue ...` and
/// `pssst reset issue --db X ...` are the same) and are accepted by every command, so one set of
/// them can serve every call of a script; each help says which commands use it, and the others
/// ignore it.
#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Reset {
    /// The SQLite database file (used by every command but the keys commands new, rotate and
    /// list)
    #[arg(long, value_name = "PATH", global = true)]
    db: Option<PathBuf>,
    /// The pepper key-ring file (used by issue, verify, keys and check)
    #[arg(long, value_name = "PATH", global = true)]
    keys: Option<PathBuf>,
    /// Append audit events (issued, consumed, rejected with the reason, ...) to this file as
    /// JSON lines (default: $PSSST_AUDIT_LOG, else none); never a token or a hash. Used by
    /// issue, verify, revoke, revoke-all, purge, import and keys retire --force
    #[arg(long, value_name = "PATH", global = true)]
    audit_log: Option<PathBuf>,
    /// Token prefix for secret scanners (1 to 24 of a-z 0-9 _), put before the token exactly as
    /// given, no separator added: end it with _ (--prefix myapp_ gives myapp_...). Used by issue,
    /// which adds it, and verify, which refuses tokens without it
    #[arg(long, value_name = "PREFIX", global = true)]
    prefix: Option<String>,
    #[command(subcommand)]
    command: ResetCommand,
}

#[derive(Subcommand, Debug)]
enum ResetCommand {
    /// Issue a token for a subject; prints the link (or token) and the token's id
    Issue(issue::Issue),
    /// Check a token read from stdin; prints the subject (exit 0) or exits 1
    Verify(verify::Verify),
    /// Revoke one live token by id
    Revoke {
        /// The token's id, as `issue` printed it
        #[arg(value_parser = token_id)]
        id: TokenId,
    },
    /// Revoke every live token of a subject (after a password or e-mail change)
    RevokeAll {
        /// Whose tokens
        #[arg(long)]
        subject: String,
        /// Only this purpose
        #[arg(long)]
        purpose: Option<String>,
    },
    /// Delete rows that died (used, revoked, expired) more than --retention ago
    Purge {
        /// How long dead rows are kept: 30s, 15m, 12h, 7d
        #[arg(long, default_value = "7d", value_parser = parse::duration)]
        retention: Duration,
    },
    /// List stored tokens: metadata only, never a token or a hash
    List(admin::List),
    /// Read the whole database file for damage, which opening does not; exit 1 if any is found
    Check {
        /// Also match every index against its table (PRAGMA integrity_check, about twice as
        /// long as the default quick_check)
        #[arg(long)]
        full: bool,
    },
    /// Write a consistent copy of the database to a new file (SQLite's VACUUM INTO), recent
    /// commits included: copying the .db file alone can miss those kept in its -wal file
    Backup(backup::Backup),
    /// Import rows of the Python flow (peer_tokens: sha256 hex, subject, expiry) from SQLite
    Import(import::Import),
    /// Manage the pepper key ring: new, rotate, list, retire
    Keys {
        #[command(subcommand)]
        action: keys::KeysAction,
    },
}

/// Runs one `reset` command on a single-threaded runtime.
pub(crate) fn run(args: Reset) -> Outcome {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| Failure::error(format_args!("cannot start the runtime: {err}")))?;
    runtime.block_on(dispatch(args))
}

async fn dispatch(args: Reset) -> Outcome {
    let mut files = paths::Files::resolve(args.db, args.keys)?;
    let audit_log = args
        .audit_log
        .or_else(|| std::env::var_os("PSSST_AUDIT_LOG").map(PathBuf::from));
    files.audit = audit::AuditLog::open(audit_log.as_deref())?;
    let config = config(args.prefix.as_deref())?;
    match args.command {
        ResetCommand::Keys { action } => keys::run(action, &files).await,
        ResetCommand::Issue(issue) => issue::run(&files, config, issue).await,
        ResetCommand::Verify(verify) => {
            verify::run(&files, config, args.prefix.as_deref(), verify).await
        }
        ResetCommand::Import(import) => import::run(&files, config, import).await,
        ResetCommand::Revoke { id } => admin::revoke(&files, config, id).await,
        ResetCommand::RevokeAll { subject, purpose } => {
            admin::revoke_all(&files, config, &subject, purpose.as_deref()).await
        }
        ResetCommand::Purge { retention } => admin::purge(&files, config, retention).await,
        ResetCommand::List(list) => admin::list(&files, config, list).await,
        ResetCommand::Check { full } => admin::check(&files, full).await,
        ResetCommand::Backup(backup) => backup::run(&files, backup).await,
    }
}

/// A stored token's metadata as one JSON object: never a token or a hash.
fn record_json(record: &TokenRecord) -> serde_json::Value {
    json!({
        "id": record.id.to_string(),
        "kind": record.kind.as_str(),
        "subject": record.subject,
        "purpose": record.purpose,
        "key_id": record.key_id,
        "created_at": record.created_at.to_string(),
        "expires_at": record.expires_at.to_string(),
        "used_at": record.used_at.map(|t| t.to_string()),
        "revoked_at": record.revoked_at.map(|t| t.to_string()),
    })
}

/// The base URL given to `--link` or `--base-url`, refused saying why, with a warning on
/// stderr when its links would cross the network as plain `http`.
pub(crate) fn link_base(flag: &str, url: &str) -> Result<LinkBase, Failure> {
    let base = LinkBase::parse(url).map_err(|err| match err {
        pssst_server::Error::LinkBase(why) => Failure::error(format_args!("{flag}: {why}")),
        other => other.into(),
    })?;
    if base.is_plaintext() {
        note(format_args!(
            "warning: {flag} is plain http to another machine: \
             anyone on the way can read the tokens"
        ));
    }
    Ok(base)
}

fn config(prefix: Option<&str>) -> Result<Config, Failure> {
    let config = Config::default();
    Ok(match prefix {
        Some(prefix) => config.prefix(prefix)?,
        None => config,
    })
}

/// A token id: a hyphenated UUID.
fn token_id(text: &str) -> Result<TokenId, String> {
    text.parse()
        .map_err(|err: pssst_lifecycle::Error| err.to_string())
}
