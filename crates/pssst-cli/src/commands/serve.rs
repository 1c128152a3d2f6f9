//! `serve`: the reset-token lifecycle as an HTTP service (`pssst-server`), and the client
//! keys it accepts. Parses, builds the configuration, runs; the service is the library's.

use std::io::Write;
use std::net::ToSocketAddrs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use pssst_lifecycle::store::sqlite::{Durability, SqliteOptions};
use pssst_lifecycle::{
    Clock, Config, KeyRing, Lifecycle, PostgresOptions, PostgresStore, SqliteStore, SystemClock,
    TokenStore,
};
use pssst_server::{AppState, ClientName, ClientWatch, Clients, LogFormat, Rate, Settings, Upkeep};

use zeroize::Zeroizing;

use crate::commands::reset::link_base;
use crate::commands::reset::paths::{create_private_dir, default_keys_path};
use crate::error::{Failure, Outcome, note};
use crate::redaction::shown_or_hidden;
use crate::{input, parse, shown, stdout};

const EXAMPLES: &str = "\
Examples:
  pssst reset keys new                            the pepper key ring, once
  pssst serve clients add billing                 prints billing's key, once
  pssst serve --db sqlite:///var/lib/pssst/pssst.db --base-url https://app.example/reset
  PSSST_DATABASE_URL=sqlite://pssst.db pssst serve --log-format json

Every option can also be set by the environment variable shown beside it. Secrets are never
options: the pepper is in the key file, client keys only as hashes in the client file, and a
database URL with a password belongs in PSSST_DATABASE_URL, not on the command line.

The routes (JSON; the token routes need Authorization: Bearer <client key>):
  POST /v1/tokens            {\"subject\", \"purpose\"?, \"ttl_seconds\"?}      201
  POST /v1/tokens/verify     {\"token\", \"purpose\"?, \"consume\"?}           200, 404
  DELETE /v1/tokens/{id}                                                 204, 404
  POST /v1/subjects/revoke   {\"subject\", \"purpose\"?}                     200
  GET /healthz, /readyz, /metrics, /openapi.json                         no key

SIGTERM or Ctrl-C stops taking connections, lets requests in flight finish, and exits 0.
SIGHUP reloads the client file (it is also reloaded within a second of any change).

Exit status: 0 after a clean stop, 1 when `clients revoke` names no client, 2 configuration or
runtime error.";

/// `pssst serve [OPTIONS]` or `pssst serve clients ...`.
#[derive(Args, Debug)]
#[command(after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub(crate) struct Serve {
    #[command(subcommand)]
    action: Option<ServeAction>,

    #[command(flatten)]
    options: ServeOptions,

    /// The client file: names and SHA-256 hashes of client keys [default:
    /// $XDG_CONFIG_HOME/pssst/clients, else ~/.config/pssst/clients]
    #[arg(long, env = "PSSST_CLIENTS", value_name = "PATH", global = true)]
    clients: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum ServeAction {
    /// Manage the client keys the service accepts: add, list, revoke
    Clients {
        #[command(subcommand)]
        action: ClientsAction,
    },
}

#[derive(Subcommand, Debug)]
enum ClientsAction {
    /// Add a client: prints a new key once (only its SHA-256 is stored)
    Add {
        /// The client's name: 1 to 64 of a-z 0-9 . _ - (logged with its requests)
        name: String,
        /// Register the key on stdin (made by pssst apikey) instead of making one
        #[arg(long)]
        stdin: bool,
    },
    /// List client names and when each was added (never a key or a hash)
    List,
    /// Revoke a client: a running service refuses its key within a second
    Revoke {
        /// The client's name
        name: String,
    },
}

#[derive(Args, Debug)]
struct ServeOptions {
    /// Address to listen on (port 0: any free port, printed in the log)
    #[arg(
        long,
        env = "PSSST_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    listen: String,
    /// Database: sqlite://PATH (sqlite:///abs/path) or postgres://... [default: sqlite at
    /// $PSSST_DB, else $XDG_DATA_HOME/pssst/pssst.db, else ~/.local/share/pssst/pssst.db]
    #[arg(
        long,
        env = "PSSST_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    db: Option<String>,
    /// PostgreSQL only: keep pssst's tables (and its migration history) in this schema,
    /// created if missing; recommended when the database holds other applications' tables
    #[arg(long, env = "PSSST_DB_SCHEMA", value_name = "NAME")]
    db_schema: Option<String>,
    /// SQLite only: `full` (an fsync per commit: a used token stays used through a power cut)
    /// or `normal` (faster; a power cut can undo the last commits, so a used token may work
    /// again). See bench/lifecycle.md
    #[arg(long, env = "PSSST_SQLITE_SYNC", value_name = "MODE", default_value = "full",
          value_parser = ["full", "normal"])]
    sqlite_sync: String,
    /// The pepper key-ring file, as for pssst reset [default: $XDG_CONFIG_HOME/pssst/keys,
    /// else ~/.config/pssst/keys]
    #[arg(long, env = "PSSST_KEYS", value_name = "PATH")]
    keys: Option<PathBuf>,
    /// Base URL of the links in issue answers; without it, `link` is null
    #[arg(long, env = "PSSST_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    /// Put the token in the link's fragment (#token=...), which keeps it out of server logs
    #[arg(long, env = "PSSST_LINK_IN_FRAGMENT", requires = "base_url")]
    link_in_fragment: bool,
    /// Token prefix for secret scanners (a-z 0-9 _), put before each token as given (no `_`
    /// is added); tokens without it are refused
    #[arg(long, env = "PSSST_PREFIX", value_name = "PREFIX")]
    prefix: Option<String>,
    /// Log lines as text or JSON (filter with RUST_LOG; default info)
    #[arg(long, env = "PSSST_LOG_FORMAT", value_name = "FORMAT", default_value = "text",
          value_parser = ["text", "json"])]
    log_format: String,
    /// Issues per subject: COUNT/PERIOD, as 5/15m, 100/s, 3/h
    #[arg(
        long,
        env = "PSSST_ISSUE_RATE",
        value_name = "RATE",
        default_value = "5/15m"
    )]
    issue_rate: Rate,
    /// Verifies per client
    #[arg(
        long,
        env = "PSSST_VERIFY_RATE",
        value_name = "RATE",
        default_value = "100/s"
    )]
    verify_rate: Rate,
    /// Verifies by all clients together
    #[arg(
        long,
        env = "PSSST_GLOBAL_VERIFY_RATE",
        value_name = "RATE",
        default_value = "500/s"
    )]
    global_verify_rate: Rate,
    /// Longest request body (413 beyond): bytes, or with K or M
    #[arg(long, env = "PSSST_MAX_BODY", value_name = "SIZE", default_value = "16K",
          value_parser = parse::byte_size)]
    max_body: u64,
    /// Longest time a request may take (then 503 timeout): 30s, 1m
    #[arg(long, env = "PSSST_REQUEST_TIMEOUT", value_name = "DURATION", default_value = "10s",
          value_parser = parse::nonzero_duration)]
    request_timeout: Duration,
    /// Time between purges of dead rows
    #[arg(long, env = "PSSST_PURGE_EVERY", value_name = "DURATION", default_value = "10m",
          value_parser = parse::nonzero_duration)]
    purge_every: Duration,
    /// How long dead rows (used, revoked, expired) are kept before a purge deletes them
    #[arg(long, env = "PSSST_RETENTION", value_name = "DURATION", default_value = "7d",
          value_parser = parse::duration)]
    retention: Duration,
}

/// Runs `serve` or one of its `clients` actions.
pub(crate) fn run(args: Serve) -> Outcome {
    let clients = match args.clients {
        Some(path) => path,
        None => default_clients_path()?,
    };
    match args.action {
        Some(ServeAction::Clients { action }) => manage_clients(action, &clients),
        None => start(args.options, &clients),
    }
}

/// Where the database is, by the scheme of its URL. No `Debug`: a URL may hold a password.
enum Database {
    Sqlite(PathBuf),
    Postgres(PostgresOptions),
}

fn database(url: Option<&str>, schema: Option<&str>) -> Result<Database, Failure> {
    if schema.is_some() && !url.is_some_and(is_postgres) {
        return Err(Failure::error("--db-schema needs a postgres:// --db"));
    }
    let Some(url) = url else {
        return Ok(Database::Sqlite(pssst_lifecycle::default_db_path()?));
    };
    if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() {
            return Err(Failure::error(
                "--db sqlite:// needs a path, as sqlite://pssst.db",
            ));
        }
        return Ok(Database::Sqlite(PathBuf::from(path)));
    }
    if is_postgres(url) {
        let options = PostgresOptions::new(url);
        return Ok(Database::Postgres(match schema {
            Some(schema) => options.schema(schema)?,
            None => options,
        }));
    }
    // The URL is not echoed: it may hold a password.
    Err(Failure::error(
        "--db must be sqlite://PATH or postgres://...",
    ))
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Everything is checked and loaded before the socket is bound, so a bad configuration fails
/// at once with one line on stderr.
fn start(options: ServeOptions, clients: &Path) -> Outcome {
    let format = if options.log_format == "json" {
        LogFormat::Json
    } else {
        LogFormat::Text
    };
    pssst_server::init_logs(format)?;
    check_listen(&options.listen)?;
    let database = database(options.db.as_deref(), options.db_schema.as_deref())?;
    let durability = match options.sqlite_sync.as_str() {
        "normal" => Durability::Normal,
        _ => Durability::Full,
    };
    if matches!(database, Database::Postgres(_)) && durability != Durability::Full {
        return Err(Failure::error("--sqlite-sync needs a sqlite:// --db"));
    }
    let parts = parts(options, clients)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| Failure::error(format_args!("cannot start the runtime: {err}")))?;
    runtime.block_on(async move {
        match database {
            Database::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    create_private_dir(parent)?;
                }
                let options = SqliteOptions::new(path).durability(durability);
                serve(SqliteStore::open_with(options).await?, parts).await
            }
            Database::Postgres(options) => {
                serve(PostgresStore::connect_with(options).await?, parts).await
            }
        }
    })
}

/// Refuses an address that names no socket (`--listen nonsense`) before the database is
/// opened, let alone migrated. A host name is resolved here and again when binding.
fn check_listen(listen: &str) -> Result<(), Failure> {
    let shown = shown_or_hidden(listen);
    let mut addrs = listen
        .to_socket_addrs()
        .map_err(|err| Failure::error(format_args!("cannot listen on {shown}: {err}")))?;
    match addrs.next() {
        Some(_) => Ok(()),
        None => Err(Failure::error(format_args!(
            "cannot listen on {shown}: it names no address"
        ))),
    }
}

/// The key ring, the clients and the settings, each checked.
fn parts(options: ServeOptions, clients: &Path) -> Result<Parts, Failure> {
    let keys_path = match &options.keys {
        Some(path) => path.clone(),
        None => default_keys_path()?,
    };
    // LIMITATION: the key ring is read once: after `pssst reset keys rotate`, restart the
    // service to issue under the new key (tokens of the old key keep verifying meanwhile).
    let keys = KeyRing::load(&keys_path)?;
    if keys.current().is_none() {
        return Err(Failure::error(
            "the key ring is empty: run pssst reset keys rotate",
        ));
    }
    let watch = ClientWatch::open(clients).map_err(|err| match err {
        pssst_server::Error::ClientFileMissing { .. } => Failure::error(format_args!(
            "client file {} not found: add a client with pssst serve clients add NAME",
            shown::path(clients)
        )),
        other => other.into(),
    })?;
    let config = match &options.prefix {
        Some(prefix) => Config::default().prefix(prefix)?,
        None => Config::default(),
    };
    Ok(Parts {
        keys,
        config,
        clients: watch,
        settings: settings(&options)?,
        upkeep: upkeep(&options),
        listen: options.listen,
    })
}

/// What `serve` needs besides the store.
struct Parts {
    keys: KeyRing,
    config: Config,
    clients: ClientWatch,
    settings: Settings,
    upkeep: Upkeep,
    listen: String,
}

async fn serve<S: TokenStore>(store: S, parts: Parts) -> Outcome {
    let lifecycle = Lifecycle::new(store, parts.keys, parts.config);
    let state = AppState::new(
        lifecycle,
        std::sync::Arc::new(parts.clients),
        parts.settings,
    )?;
    let listener = tokio::net::TcpListener::bind(&parts.listen)
        .await
        .map_err(|err| {
            Failure::error(format_args!(
                "cannot listen on {}: {err}",
                shown_or_hidden(&parts.listen)
            ))
        })?;
    pssst_server::serve(
        listener,
        state,
        parts.upkeep,
        pssst_server::shutdown_signal(),
    )
    .await?;
    Ok(())
}

fn settings(options: &ServeOptions) -> Result<Settings, Failure> {
    let mut settings = Settings::default();
    settings.link_base = match &options.base_url {
        Some(url) => Some(link_base("--base-url", url)?),
        None => None,
    };
    settings.link_in_fragment = options.link_in_fragment;
    let limits = &mut settings.limits;
    limits.issue_rate = options.issue_rate;
    limits.verify_rate = options.verify_rate;
    limits.global_verify_rate = options.global_verify_rate;
    limits.max_body =
        usize::try_from(options.max_body).map_err(|_| Failure::error("--max-body is too large"))?;
    limits.request_timeout = options.request_timeout;
    Ok(settings)
}

fn upkeep(options: &ServeOptions) -> Upkeep {
    let mut upkeep = Upkeep::default();
    upkeep.purge_every = options.purge_every;
    upkeep.retention = options.retention;
    upkeep
}

fn manage_clients(action: ClientsAction, path: &Path) -> Outcome {
    let now = SystemClock.now();
    match action {
        ClientsAction::Add { name, stdin } => {
            let name: ClientName = name.parse()?;
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                create_private_dir(parent)?;
            }
            if stdin {
                let key = input::secret_from_stdin("an API key")?;
                Clients::register(path, &name, &key, now)?;
                return stdout::write_done(format_args!("added {name}"));
            }
            stdout::check_not_discarded().map_err(|err| unshown_key(err, &name))?;
            let key = Clients::add(path, &name, now)?;
            let line = Zeroizing::new(format!("{}\n", key.expose_secret()));
            if let Err(err) = stdout::write_whole(&line) {
                // A key nobody saw is no use to anyone: take the client out again.
                Clients::revoke(path, &name)?;
                return Err(unshown_key(err, &name));
            }
            note(format_args!(
                "added {name}; its key is shown only now (the file keeps its hash)"
            ));
        }
        ClientsAction::List => {
            let mut out = std::io::stdout().lock();
            for entry in Clients::load(path)?.entries() {
                writeln!(out, "{} added {}", entry.name(), entry.created_at())?;
            }
            out.flush()?;
        }
        ClientsAction::Revoke { name } => {
            let name: ClientName = name.parse()?;
            Clients::revoke(path, &name).map_err(|err| match err {
                pssst_server::Error::UnknownClient(_) => Failure::no(err),
                other => other.into(),
            })?;
            stdout::write_done(format_args!("revoked {name}"))?;
        }
    }
    Ok(())
}

fn unshown_key(err: std::io::Error, name: &ClientName) -> Failure {
    Failure::error(format_args!(
        "cannot write the key ({err}): client {name} was not added"
    ))
}

/// `$XDG_CONFIG_HOME/pssst/clients`, else `~/.config/pssst/clients`: beside the key ring.
fn default_clients_path() -> Result<PathBuf, Failure> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(config) = var("XDG_CONFIG_HOME").filter(|p| p.is_absolute()) {
        return Ok(config.join("pssst/clients"));
    }
    match var("HOME").filter(|p| p.is_absolute()) {
        Some(home) => Ok(home.join(".config/pssst/clients")),
        None => Err(Failure::error(
            "no client file location: pass --clients or set PSSST_CLIENTS",
        )),
    }
}
