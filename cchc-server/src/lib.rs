//! `cchc-server`: the HTTP binding of cchc. It adds HTTP, durable storage (SQLite), accounts and
//! the server's clock around the core's [`cchc_core::RoundRecord`]; every scoring, window, phase,
//! role and read rule stays in the core.
//!
//! Start a server in-process (tests, benches) with [`start`]:
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("cchc-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let running = cchc_server::start(cchc_server::Config::new(dir.join("round.db"))).unwrap();
//! assert!(running.url().starts_with("http://127.0.0.1:"));
//! running.stop();
//! # std::fs::remove_dir_all(&dir).ok();
//! ```
//!
//! The API, the storage and the clock are described in `docs/server.md`.

#![forbid(unsafe_code)]

mod accounts;
pub mod api;
pub mod app;
pub mod clock;
mod error;
pub mod files;
pub mod openapi;
pub mod pages;
pub mod store;

pub use error::{ApiError, status_of};

use axum::Router;
use cchc_core::Edition;
use chrono::{DateTime, FixedOffset};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to start a server.
#[derive(Clone, Debug)]
pub struct Config {
    /// The SQLite database file (created on first start).
    pub db: PathBuf,
    /// Where to listen (`127.0.0.1:0` picks a free port).
    pub listen: SocketAddr,
    /// The edition of a new database (`None`: the embedded default); a database that exists
    /// keeps its own, and a different one here refuses to start.
    pub edition: Option<Edition>,
    /// Start an overridden clock at this instant (demos and tests only; announced on stderr).
    pub clock_override: Option<DateTime<FixedOffset>>,
    /// Session cookies without `Secure`, for plain HTTP (demos and tests).
    pub insecure_cookies: bool,
}

impl Config {
    /// A server on `127.0.0.1:0` for the database `db`, on the system clock, with secure cookies.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            edition: None,
            clock_override: None,
            insecure_cookies: false,
        }
    }
}

/// Why a server did not start. `Display` is the one-line message the binary prints (exit code 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartError {
    /// The database could not be opened or read.
    Database {
        /// The file.
        path: String,
        /// SQLite's message.
        message: String,
    },
    /// The edition stored does not load, or another one was given.
    Edition {
        /// What is wrong.
        message: String,
    },
    /// An event row is missing: the log is not gapless.
    Gap {
        /// The missing sequence number.
        seq: u64,
        /// The next sequence number stored.
        found: u64,
    },
    /// A row's hash or its link to the previous row does not match.
    BrokenChain {
        /// The event.
        seq: u64,
        /// The hash the chain requires.
        expected: String,
        /// The hash stored.
        stored: String,
        /// Which column broke: "hash" or "prev_hash".
        what: &'static str,
    },
    /// A row that is not an event, or an event the core refuses on replay.
    BadEvent {
        /// The event.
        seq: u64,
        /// What is wrong.
        message: String,
    },
    /// The address could not be bound.
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The system's message.
        message: String,
    },
    /// The server's runtime could not start.
    Runtime {
        /// What failed.
        message: String,
    },
}

fn short(hash: &str) -> String {
    format!("{}…", hash.chars().take(12).collect::<String>())
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Database { path, message } => {
                write!(f, "database {path}: {message}")
            }
            StartError::Edition { message } => write!(f, "edition: {message}"),
            StartError::Gap { seq, found } => write!(
                f,
                "event {seq}: missing from the log (the next stored event is {found})"
            ),
            StartError::BrokenChain {
                seq,
                expected,
                stored,
                what,
            } => write!(
                f,
                "event {seq}: {what} does not match the chain (expected {}, stored {})",
                short(expected),
                short(stored)
            ),
            StartError::BadEvent { seq, message } => write!(f, "event {seq}: {message}"),
            StartError::Bind { addr, message } => write!(f, "cannot listen on {addr}: {message}"),
            StartError::Runtime { message } => write!(f, "cannot start the server: {message}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A server serving on a background thread; [`Running::stop`] (or dropping it) shuts it down.
#[derive(Debug)]
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The base URL, e.g. `http://127.0.0.1:8080`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving and waits for the server's thread to end.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The whole router: the API under `/api/v1`, the pages, and the API's "not-found" everywhere
/// else.
pub fn router(app: Arc<app::App>) -> Router {
    Router::new()
        .nest("/api/v1", api::router())
        .merge(pages::router())
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(app)
}

/// Opens (or creates) the database, verifies and replays it, binds, and serves on a background
/// thread with its own tokio runtime; returns once the socket is listening.
pub fn start(config: Config) -> Result<Running, StartError> {
    let (store, record) = store::Store::open(&config.db, config.edition.clone())?;
    let clock = match config.clock_override {
        Some(at) => {
            eprintln!("{}", clock::override_banner(at));
            clock::Clock::overridden(at)
        }
        None => clock::Clock::System,
    };
    let app = app::App::new(store, record, clock, config.insecure_cookies).map_err(|e| {
        StartError::Runtime {
            message: e.to_string(),
        }
    })?;
    let listener = std::net::TcpListener::bind(config.listen).map_err(|e| StartError::Bind {
        addr: config.listen,
        message: e.to_string(),
    })?;
    let addr = listener.local_addr().map_err(|e| StartError::Bind {
        addr: config.listen,
        message: e.to_string(),
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| StartError::Bind {
            addr,
            message: e.to_string(),
        })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("cchc-server")
        .build()
        .map_err(|e| StartError::Runtime {
            message: e.to_string(),
        })?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let router = router(app);
    let thread = std::thread::Builder::new()
        .name("cchc-server".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("cchc-server: cannot listen: {e}");
                        return;
                    }
                };
                let served = axum::serve(listener, router)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
                if let Err(e) = served {
                    eprintln!("cchc-server: {e}");
                }
            });
        })
        .map_err(|e| StartError::Runtime {
            message: e.to_string(),
        })?;
    Ok(Running {
        addr,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

/// Accounts from CSV (`login,role,unit,password`), creating the database with the default
/// edition if it does not exist; returns `(login, generated password)` for rows whose password
/// was empty. Every row is checked first (unknown unit, bad role, unit missing for a unit role or
/// given for another, duplicate login): every bad row is reported in one "invalid-rows" error and
/// nothing is imported.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("cchc-doc-acc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let csv = "login,role,unit,password\nlan,unit-editor,so-noi-vu,\nroot,admin,,s3cret\n";
/// let generated = cchc_server::import_accounts(&dir.join("round.db"), csv).unwrap();
/// assert_eq!(generated.len(), 1);
/// assert_eq!(generated[0].0, "lan");
/// # std::fs::remove_dir_all(&dir).ok();
/// ```
pub fn import_accounts(db: &Path, csv: &str) -> Result<Vec<(String, String)>, cchc_core::Error> {
    let (mut store, record) =
        store::Store::open(db, None).map_err(|e| cchc_core::Error::storage(e.to_string()))?;
    let edition = record.edition().clone();
    accounts::import(&mut store, &edition, csv)
}

/// The record of a database as the record JSON (`schemas/record.schema.json`), for
/// `cchc-server log export`.
pub fn export_log(db: &Path) -> Result<String, StartError> {
    let (_, record) = store::Store::open(db, None)?;
    Ok(record.to_json())
}

/// Imports a record JSON log (`schemas/record.schema.json`) into a database with no events (a
/// new database is created with the default edition; the log must be of the database's
/// edition). The log is replayed through the core first and a log that does not replay imports
/// nothing ("invalid-log"). Returns the number of events imported.
pub fn import_log(db: &Path, log: &str) -> Result<usize, cchc_core::Error> {
    let (mut store, record) =
        store::Store::open(db, None).map_err(|e| cchc_core::Error::storage(e.to_string()))?;
    let edition = record.edition().clone();
    store.import_log(&edition, log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// One HTTP/1.1 request over a fresh connection: (status, headers, body).
    fn http(addr: SocketAddr, request: &str) -> (u16, String, String) {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let status = head[9..12].parse().unwrap();
        (status, head.to_owned(), body.to_owned())
    }

    fn post(addr: SocketAddr, path: &str, extra: &str, body: &str) -> (u16, String, String) {
        http(
            addr,
            &format!(
                "POST /api/v1{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        )
    }

    #[test]
    fn a_session_gives_commands_and_a_restart_replays_them() {
        let dir =
            std::env::temp_dir().join(format!("cchc-lib-{}", accounts::random_hex(6).unwrap()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("round.db");
        import_accounts(
            &db,
            "login,role,unit,password\nlan,unit-editor,so-noi-vu,pw\n",
        )
        .unwrap();
        let mut config = Config::new(&db);
        config.clock_override =
            Some(cchc_core::parse_instant("2019-01-02T20:00:00+07:00").unwrap());
        let running = start(config.clone()).unwrap();
        let addr = running.addr;

        let (status, head, body) = post(addr, "/session", "", r#"{"login":"lan","password":"no"}"#);
        assert_eq!(status, 401, "{body}");
        assert!(body.contains(r#""code":"unauthenticated""#));
        assert!(!head.contains("Set-Cookie"));
        let (status, head, body) = post(addr, "/session", "", r#"{"login":"lan","password":"pw"}"#);
        assert_eq!(status, 200, "{body}");
        let cookie = head
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: "))
            .unwrap()
            .to_owned();
        assert!(
            cookie.contains("HttpOnly; SameSite=Strict; Path=/"),
            "{cookie}"
        );
        assert!(cookie.ends_with("; Secure"), "{cookie}");
        let id = cookie.split(';').next().unwrap().to_owned();
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        let csrf = value["csrf"].as_str().unwrap().to_owned();

        let command = r#"{"type":"answer","unit":"so-noi-vu","code":"1.1.1","answer":{"kind":"yes-no","yes":true}}"#;
        let (status, _, body) = post(addr, "/commands", &format!("Cookie: {id}\r\n"), command);
        assert_eq!(status, 403);
        assert!(body.contains(r#""code":"csrf""#), "{body}");
        let auth = format!("Cookie: {id}\r\nX-CSRF-Token: {csrf}\r\n");
        let (status, _, body) = post(addr, "/commands", &auth, command);
        assert_eq!(status, 201, "{body}");
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["event"]["seq"], 1);
        // The overridden clock started at 20:00:00 and advances with real time.
        let at = value["event"]["at"].as_str().unwrap();
        assert!(
            at.starts_with("2019-01-02T20:0") && at.ends_with("+07:00"),
            "{at}"
        );
        assert_eq!(value["scorecard"]["unit"], "so-noi-vu");
        let (status, _, body) = post(addr, "/commands", &auth, "{");
        assert_eq!(status, 400);
        assert!(body.contains(r#""code":"invalid-json""#), "{body}");
        running.stop();

        // Restarted on the same file: the event is replayed, the session still holds.
        let running = start(config).unwrap();
        let (status, _, body) = http(
            running.addr,
            "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert_eq!(status, 200);
        assert!(body.contains(r#""events":1"#), "{body}");
        assert!(body.contains(r#""clock":"override""#), "{body}");
        let (status, _, body) = http(
            running.addr,
            &format!(
                "GET /api/v1/units/so-noi-vu/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {id}\r\n\r\n"
            ),
        );
        assert_eq!(status, 200, "{body}");
        let events: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(events.as_array().map(Vec::len), Some(1));
        running.stop();
        std::fs::remove_dir_all(&dir).ok();
    }
}
