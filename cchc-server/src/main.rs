//! The `cchc-server` binary: `serve`, `--demo`, `accounts import`, `log export` and
//! `log import` (see `docs/server.md`).

use cchc_server::{Config, StartError};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// The HTTP binding of cchc: the round's record over JSON, stored in SQLite.
#[derive(Parser)]
#[command(name = "cchc-server", version, about)]
struct Cli {
    /// Start a demo: a temporary database, the embedded edition, demo accounts, the clock
    /// overridden to 2019-01-02T20:00:00+07:00. Prints the URL and the accounts.
    #[arg(long)]
    demo: bool,
    /// Where the demo listens.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve a database (created on first start).
    Serve {
        /// The SQLite database file.
        #[arg(long)]
        db: PathBuf,
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// The edition of a new database, as edition JSON (default: the embedded edition).
        #[arg(long)]
        edition: Option<PathBuf>,
        /// Start an overridden clock at this instant (demos and tests only).
        #[arg(long)]
        clock_override: Option<String>,
        /// Session cookies without `Secure` (plain HTTP).
        #[arg(long)]
        insecure_cookies: bool,
    },
    /// Accounts of the province.
    Accounts {
        #[command(subcommand)]
        command: AccountsCmd,
    },
    /// Print the OpenAPI 3.1 document of the API (the committed cchc-server/openapi.json).
    Openapi,
    /// The round's event log.
    Log {
        #[command(subcommand)]
        command: LogCmd,
    },
}

#[derive(Subcommand)]
enum AccountsCmd {
    /// Create accounts from a CSV `login,role,unit,password` (empty password: generated; the
    /// generated ones are printed as CSV `login,password`).
    Import {
        /// The SQLite database file (created if missing).
        #[arg(long)]
        db: PathBuf,
        /// The CSV file.
        csv: PathBuf,
    },
}

#[derive(Subcommand)]
enum LogCmd {
    /// Print the record JSON (schemas/record.schema.json) to stdout.
    Export {
        /// The SQLite database file.
        #[arg(long)]
        db: PathBuf,
    },
    /// Import a record JSON into a database with no events (replayed first: a log that does
    /// not replay imports nothing).
    Import {
        /// The SQLite database file (created if missing).
        #[arg(long)]
        db: PathBuf,
        /// The log file.
        log: PathBuf,
    },
}

/// A failure: the message and the exit code.
struct Failure(String, u8);

impl From<StartError> for Failure {
    fn from(e: StartError) -> Failure {
        Failure(e.to_string(), 2)
    }
}

impl From<cchc_core::Error> for Failure {
    fn from(e: cchc_core::Error) -> Failure {
        // The message, then every item (e.g. each bad row of an accounts CSV) on its own line.
        let mut text = e.message();
        for item in e.items() {
            text.push_str("\n  ");
            text.push_str(item);
        }
        Failure(text, 1)
    }
}

fn read(path: &PathBuf) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display()), 1))
}

fn wait_for_ctrl_c() -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure(e.to_string(), 1))?;
    runtime
        .block_on(tokio::signal::ctrl_c())
        .map_err(|e| Failure(e.to_string(), 1))
}

fn serve(config: Config) -> Result<(), Failure> {
    let running = cchc_server::start(config)?;
    eprintln!("cchc-server listening on {}", running.url());
    wait_for_ctrl_c()?;
    running.stop();
    Ok(())
}

fn run(cli: Cli) -> Result<(), Failure> {
    if cli.demo {
        return demo(cli.listen);
    }
    match cli.command {
        None => Err(Failure(
            "nothing to do: give `serve --db FILE`, `--demo`, `accounts import` or `log export|import` (see --help)".into(),
            1,
        )),
        Some(Cmd::Serve {
            db,
            listen,
            edition,
            clock_override,
            insecure_cookies,
        }) => {
            let edition = match edition {
                Some(path) => Some(cchc_core::Edition::from_json(&read(&path)?)?),
                None => None,
            };
            let clock_override = match clock_override {
                Some(text) => Some(cchc_core::parse_instant(&text)?),
                None => None,
            };
            serve(Config {
                db,
                listen,
                edition,
                clock_override,
                insecure_cookies,
            })
        }
        Some(Cmd::Accounts {
            command: AccountsCmd::Import { db, csv },
        }) => {
            let generated = cchc_server::import_accounts(&db, &read(&csv)?)?;
            if !generated.is_empty() {
                println!("login,password");
                for (login, password) in generated {
                    println!("{login},{password}");
                }
            }
            Ok(())
        }
        Some(Cmd::Openapi) => {
            print!("{}", cchc_server::openapi::document_text());
            Ok(())
        }
        Some(Cmd::Log {
            command: LogCmd::Export { db },
        }) => {
            println!("{}", cchc_server::export_log(&db)?);
            Ok(())
        }
        Some(Cmd::Log {
            command: LogCmd::Import { db, log },
        }) => {
            let n = cchc_server::import_log(&db, &read(&log)?)?;
            eprintln!("imported {n} events into {}", db.display());
            Ok(())
        }
    }
}

/// The demo's accounts: `(login, role, unit, password)`.
const DEMO_ACCOUNTS: &[(&str, &str, &str, &str)] = &[
    ("noivu.nhap", "unit-editor", "so-noi-vu", "demo-noivu"),
    ("noivu.truong", "unit-head", "so-noi-vu", "demo-noivu"),
    ("tuphap.nhap", "unit-editor", "so-tu-phap", "demo-tuphap"),
    ("tuphap.truong", "unit-head", "so-tu-phap", "demo-tuphap"),
    (
        "taichinh.nhap",
        "unit-editor",
        "so-tai-chinh",
        "demo-taichinh",
    ),
    (
        "taichinh.truong",
        "unit-head",
        "so-tai-chinh",
        "demo-taichinh",
    ),
    ("thamdinh", "appraiser", "", "demo-thamdinh"),
    ("quantri", "admin", "", "demo-quantri"),
];

fn demo(listen: SocketAddr) -> Result<(), Failure> {
    let mut suffix = [0u8; 6];
    getrandom::fill(&mut suffix).map_err(|e| Failure(e.to_string(), 1))?;
    let dir = std::env::temp_dir().join(format!("cchc-demo-{}", cchc_server::store::hex(&suffix)));
    std::fs::create_dir_all(&dir).map_err(|e| Failure(format!("{}: {e}", dir.display()), 1))?;
    let db = dir.join("demo.db");
    let mut csv = String::from("login,role,unit,password\n");
    for (login, role, unit, password) in DEMO_ACCOUNTS {
        csv.push_str(&format!("{login},{role},{unit},{password}\n"));
    }
    cchc_server::import_accounts(&db, &csv)?;
    let at = cchc_core::parse_instant("2019-01-02T20:00:00+07:00")?;
    let running = cchc_server::start(Config {
        db: db.clone(),
        listen,
        edition: None,
        clock_override: Some(at),
        insecure_cookies: true,
    })?;
    println!("cchc-server demo: {}", running.url());
    println!("database: {} (temporary)", db.display());
    println!("accounts (login / password / role / unit):");
    for (login, role, unit, password) in DEMO_ACCOUNTS {
        println!("  {login:<16} {password:<14} {role:<12} {unit}");
    }
    println!("Ctrl-C stops the demo.");
    let waited = wait_for_ctrl_c();
    running.stop();
    let _ = std::fs::remove_dir_all(&dir);
    waited
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            eprintln!("cchc-server: {message}");
            ExitCode::from(code)
        }
    }
}
