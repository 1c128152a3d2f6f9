//! `reset`: reset, verification and invite tokens on a SQLite file, through
//! `pssst-lifecycle`: issue, verify, revoke, purge, list, import, and the pepper key ring.

mod audit;
mod keys;
pub(crate) mod paths;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use pssst_lifecycle::store::sqlite::read_python_peer;
use pssst_lifecycle::{
    Compat, Config, IssueOptions, KeyRing, Lifecycle, ListFilter, MIN_TTL, Policy, SqliteStore,
    TokenId, TokenRecord, check_purpose, check_subject, check_token_text,
};
use pssst_server::LinkBase;
use serde_json::json;

use crate::error::{Failure, Outcome};
use crate::{input, parse};

const EXAMPLES: &str = "\
Examples:
  pssst reset keys new
  pssst reset issue --subject user-42 --link https://app.example/reset
  echo -n TOKEN | pssst reset verify --peek      check without using it
  echo -n TOKEN | pssst reset verify             use it: prints the subject
  pssst reset issue --subject user-42 --json     the token is the \"token\" field
  pssst reset revoke-all --subject user-42       after a password change
  pssst reset purge --retention 7d

Files: the database is --db, else $PSSST_DB, else $XDG_DATA_HOME/pssst/pssst.db, else
~/.local/share/pssst/pssst.db. The key ring is --keys, else $PSSST_KEYS, else
$XDG_CONFIG_HOME/pssst/keys, else ~/.config/pssst/keys (mode 0600; keep it off the database's
backups).

Exit status: 0 success, 1 the token is not valid (or no live token has the id given to
revoke), 2 usage or runtime error.

If the result cannot be written (a full disk, a closed pipe), nothing is left half done: the
token is written before its transaction commits, so a failed write stores nothing and revokes
nothing, and a token being used stays unused.";

/// `pssst reset [--db PATH] [--keys PATH] <command>`.
#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Reset {
    /// The SQLite database file
    #[arg(long, value_name = "PATH", global = true)]
    db: Option<PathBuf>,
    /// The pepper key-ring file
    #[arg(long, value_name = "PATH", global = true)]
    keys: Option<PathBuf>,
    /// Append audit events (issued, consumed, rejected with the reason, ...) to this file as
    /// JSON lines (default: $PSSST_AUDIT_LOG, else none); never a token or a hash
    #[arg(long, value_name = "PATH", global = true)]
    audit_log: Option<PathBuf>,
    /// Token prefix for secret scanners (a-z 0-9 _): added on issue; on verify, tokens without
    /// it are refused
    #[arg(long, value_name = "PREFIX", global = true)]
    prefix: Option<String>,
    #[command(subcommand)]
    command: ResetCommand,
}

#[derive(Subcommand, Debug)]
enum ResetCommand {
    /// Issue a token for a subject; prints the link (or token) and the token's id
    Issue(Issue),
    /// Check a token read from stdin; prints the subject (exit 0) or exits 1
    Verify(Verify),
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
    List(List),
    /// Import rows of the Python flow (peer_tokens: sha256 hex, subject, expiry) from SQLite
    Import {
        /// The Python service's SQLite file
        peer_db: PathBuf,
        /// The purpose to file the rows under
        #[arg(long, default_value = "reset")]
        purpose: String,
    },
    /// Manage the pepper key ring: new, rotate, list, retire
    Keys {
        #[command(subcommand)]
        action: keys::KeysAction,
    },
}

/// `pssst reset issue`.
#[derive(Args, Debug)]
struct Issue {
    /// Whom the token is for (a user id; one value)
    #[arg(long)]
    subject: String,
    /// What it is for
    #[arg(long, default_value = "reset")]
    purpose: String,
    /// Lifetime: 30s, 15m, 12h, 7d (a unit is required; 1 minute to 7 days, shorter ones are
    /// raised to 1 minute; default 15m)
    #[arg(long, value_parser = parse::duration)]
    ttl: Option<Duration>,
    /// Print a link: this URL with the token as its `token` query parameter
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// Put the token in the link's fragment (#token=...), which keeps it out of server logs
    #[arg(long, requires = "link")]
    fragment: bool,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

/// `pssst reset verify`.
#[derive(Args, Debug)]
struct Verify {
    /// What the token must be for
    #[arg(long, default_value = "reset")]
    purpose: String,
    /// Check without using the token
    #[arg(long)]
    peek: bool,
    /// Also accept imported plain SHA-256 rows (from the Python flow)
    #[arg(long)]
    accept_imported: bool,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
}

/// `pssst reset list`.
#[derive(Args, Debug)]
struct List {
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
    #[arg(long, default_value_t = 100)]
    limit: u32,
    /// Print JSON lines
    #[arg(long)]
    json: bool,
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
        ResetCommand::Issue(issue) => run_issue(&files, config, issue).await,
        ResetCommand::Verify(verify) => {
            run_verify(&files, config, args.prefix.as_deref(), verify).await
        }
        ResetCommand::Import { peer_db, purpose } => {
            let rows = read_python_peer(&peer_db).await.map_err(Failure::from)?;
            let lifecycle = files.lifecycle(files.create_db().await?, KeyRing::new(), config);
            let count = lifecycle.import(&rows, &purpose).await?;
            say(format_args!("imported {count} of {} rows", rows.len()))
        }
        command => run_admin(&files, config, command).await,
    }
}

/// Revoke, revoke-all, purge and list: no key needed, and the database must exist.
async fn run_admin(files: &paths::Files, config: Config, command: ResetCommand) -> Outcome {
    let lifecycle = files.lifecycle(files.existing_db().await?, KeyRing::new(), config);
    match command {
        ResetCommand::Revoke { id } => {
            if !lifecycle.revoke(id).await? {
                return Err(Failure::no(format_args!("no live token with id {id}")));
            }
            say(format_args!("revoked {id}"))?;
        }
        ResetCommand::RevokeAll { subject, purpose } => {
            let count = lifecycle.revoke_all(&subject, purpose.as_deref()).await?;
            say(format_args!("revoked {count}"))?;
        }
        ResetCommand::Purge { retention } => {
            say(format_args!("purged {}", lifecycle.purge(retention).await?))?;
        }
        ResetCommand::List(list) => print_list(&lifecycle, list).await?,
        _ => unreachable!("dispatch handles the other commands"),
    }
    Ok(())
}

async fn run_issue(files: &paths::Files, config: Config, issue: Issue) -> Outcome {
    // Everything that can be refused is refused before the database is opened (and created).
    check_subject(&issue.subject)?;
    check_purpose(&issue.purpose)?;
    issue.ttl.map(Policy::new).transpose()?;
    if issue.ttl.is_some_and(|ttl| ttl < MIN_TTL) {
        eprintln!("pssst: warning: the lifetime was raised to the minimum, 1 minute");
    }
    let link = issue.link.as_deref().map(link_base).transpose()?;
    let keys = KeyRing::load(&files.keys)?;
    let lifecycle = files.lifecycle(files.create_db().await?, keys, config);
    let options = match issue.ttl {
        Some(ttl) => IssueOptions::default().ttl(ttl),
        None => IssueOptions::default(),
    };
    let (json, fragment) = (issue.json, issue.fragment);
    let printed = lifecycle
        .issue_with(
            &issue.subject,
            &issue.purpose,
            options,
            move |_conn, issued| {
                Box::pin(async move { print_issued(&issued, link, json, fragment) })
            },
        )
        .await;
    printed.map(|_| ()).map_err(|err| match err {
        Unprinted::Lifecycle(err) => Failure::from(err),
        Unprinted::Output(err) => Failure::error(format_args!(
            "cannot write the token ({err}): nothing was stored and older links still work"
        )),
    })
}

/// Why `issue` failed: the lifecycle refused, or the output could not be written (and the
/// transaction was rolled back).
enum Unprinted {
    Lifecycle(pssst_lifecycle::Error),
    Output(std::io::Error),
}

impl From<pssst_lifecycle::Error> for Unprinted {
    fn from(err: pssst_lifecycle::Error) -> Self {
        Self::Lifecycle(err)
    }
}

/// Prints the link or token and the id, or one JSON object; fails if stdout does.
fn print_issued(
    issued: &pssst_lifecycle::IssuedToken,
    link: Option<LinkBase>,
    json: bool,
    fragment: bool,
) -> Result<(), Unprinted> {
    write_issued(issued, link, json, fragment).map_err(Unprinted::Output)
}

fn write_issued(
    issued: &pssst_lifecycle::IssuedToken,
    link: Option<LinkBase>,
    json: bool,
    fragment: bool,
) -> std::io::Result<()> {
    let token = issued.token().expose_secret();
    let link = link.map(|base| base.with_token(token, fragment));
    let mut out = std::io::stdout().lock();
    if json {
        let record = issued.record();
        let object = json!({
            "id": record.id.to_string(),
            "token": token,
            "link": link,
            "subject": record.subject,
            "purpose": record.purpose,
            "expires_at": record.expires_at.to_string(),
        });
        writeln!(out, "{object}")?;
    } else {
        writeln!(out, "{}", link.as_deref().unwrap_or(token))?;
        writeln!(out, "id {} expires {}", issued.id(), issued.expires_at())?;
    }
    out.flush()
}

async fn run_verify(
    files: &paths::Files,
    config: Config,
    prefix: Option<&str>,
    verify: Verify,
) -> Outcome {
    let token = input::secret_from_stdin("a token")?;
    // Junk is refused before the database is opened.
    check_token_text(token.expose_secret(), prefix)?;
    let keys = KeyRing::load(&files.keys)?;
    let config = if verify.accept_imported {
        config.compat(Compat::VerifyImported)
    } else {
        config
    };
    let lifecycle = files.lifecycle(files.existing_db().await?, keys, config);
    if verify.peek {
        let record = lifecycle.peek(&token, &verify.purpose).await?;
        return Ok(print_verified(&record, verify.json)?);
    }
    // The subject is written inside the consuming transaction: if stdout fails, the consume
    // rolls back and the token stays usable.
    let json = verify.json;
    lifecycle
        .consume_with(&token, &verify.purpose, move |_, record| {
            Box::pin(async move { print_verified(&record, json).map_err(Failure::from) })
        })
        .await?;
    Ok(())
}

fn print_verified(record: &TokenRecord, json: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", record_json(record))?;
    } else {
        writeln!(out, "{}", record.subject)?;
    }
    out.flush()
}

async fn print_list(lifecycle: &Lifecycle<SqliteStore>, list: List) -> Outcome {
    let filter = ListFilter {
        subject: list.subject,
        purpose: list.purpose,
        live_only: list.live,
        limit: list.limit,
    };
    let now = pssst_lifecycle::Clock::now(&pssst_lifecycle::SystemClock);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for record in lifecycle.list(&filter).await? {
        if list.json {
            let mut object = record_json(&record);
            object["status"] = record.status_at(now).as_str().into();
            writeln!(out, "{object}")?;
        } else {
            writeln!(
                out,
                "{} {} {} {} {} expires {}",
                record.id,
                record.kind.as_str(),
                record.status_at(now).as_str(),
                record.purpose,
                record.subject,
                record.expires_at,
            )?;
        }
    }
    Ok(out.flush()?)
}

/// One line of output; a reader that went away ends the run quietly.
fn say(line: std::fmt::Arguments<'_>) -> Outcome {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    Ok(out.flush()?)
}

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

fn link_base(url: &str) -> Result<LinkBase, Failure> {
    LinkBase::parse(url).map_err(|err| link_failure("--link", err))
}

/// `--link` or `--base-url` refused, saying why.
pub(crate) fn link_failure(flag: &str, err: pssst_server::Error) -> Failure {
    match err {
        pssst_server::Error::LinkBase(why) => Failure::error(format_args!("{flag}: {why}")),
        other => other.into(),
    }
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
