//! What the integration tests of `cchc-server` share: a server on a temporary database, clients
//! logged in by session (cookie + CSRF) or bearer token, commands, the log, and the HTTP status the
//! contract gives each error code.
//!
//! The tests are written against the contract (`docs/server.md`), not against the server's code:
//! every expectation about a command comes from the core (`RoundRecord::execute`, `unit_view`).

// Each test file uses a part of these helpers.
#![allow(dead_code)]

use cchc_core::{Event, parse_instant};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The unit most tests act on (a department: appendix I).
pub const UNIT: &str = "so-noi-vu";
/// Another department, for the "other unit" cases.
pub const OTHER_UNIT: &str = "so-tu-phap";
/// An instant inside the official window of the 2018 edition.
pub const IN_OFFICIAL: &str = "2018-12-28T09:00:00+07:00";

/// Accounts of [`UNIT`] and [`OTHER_UNIT`], an appraiser and an admin, with known passwords.
pub const ACCOUNTS: &str = "login,role,unit,password
bien-tap,unit-editor,so-noi-vu,mat-khau-bien-tap
thu-truong,unit-head,so-noi-vu,mat-khau-thu-truong
bien-tap-tp,unit-editor,so-tu-phap,mat-khau-bien-tap-tp
tham-dinh,appraiser,,mat-khau-tham-dinh
quan-tri,admin,,mat-khau-quan-tri
";

/// A directory under the system's temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new empty directory whose name says which test made it.
    pub fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "cchc-server-test-{name}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        TempDir(dir)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The database file in it.
    pub fn db(&self) -> PathBuf {
        self.0.join("round.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A server started in-process on 127.0.0.1:0 on a temporary database holding [`ACCOUNTS`].
pub struct Server {
    pub running: Option<cchc_server::Running>,
    pub dir: TempDir,
    pub url: String,
    /// The clock override the server was started with.
    pub clock: Option<String>,
}

impl Server {
    /// A new database with [`ACCOUNTS`], served with the clock overridden at `clock`.
    pub fn start(name: &str, clock: Option<&str>) -> Server {
        Server::start_with(name, clock, ACCOUNTS, false)
    }

    /// A new database with these accounts.
    pub fn start_with(name: &str, clock: Option<&str>, accounts: &str, secure: bool) -> Server {
        let dir = TempDir::new(name);
        let generated =
            cchc_server::import_accounts(&dir.db(), accounts).expect("import the test accounts");
        assert_eq!(generated, Vec::new(), "every test account has its password");
        let mut server = Server {
            running: None,
            dir,
            url: String::new(),
            clock: clock.map(str::to_owned),
        };
        server.restart_secure(secure);
        server
    }

    /// Starts the server again on the same database (after [`Server::stop`]).
    pub fn restart(&mut self) {
        self.restart_secure(false);
    }

    fn restart_secure(&mut self, secure: bool) {
        assert!(self.running.is_none(), "stop the server first");
        let mut config = cchc_server::Config::new(self.dir.db());
        config.clock_override = self
            .clock
            .as_deref()
            .map(|c| parse_instant(c).expect("a test instant"));
        config.insecure_cookies = !secure;
        let running = cchc_server::start(config).unwrap_or_else(|e| panic!("server start: {e}"));
        assert!(
            running.addr.ip().is_loopback(),
            "listens on {}",
            running.addr
        );
        self.url = running.url();
        assert_eq!(self.url, format!("http://{}", running.addr));
        self.running = Some(running);
    }

    /// Stops the server (the database stays).
    pub fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
        }
    }

    /// Stops the server and hands over its directory: the database outlives the server.
    pub fn into_dir(mut self) -> TempDir {
        self.stop();
        // The server's own field is left an empty path, which its drop does not touch.
        std::mem::replace(&mut self.dir, TempDir(PathBuf::new()))
    }

    /// A client with no credentials.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.url, Auth::None)
    }

    /// Logs in by `POST /api/v1/session`: a cookie session with its CSRF token.
    pub fn session(&self, login: &str) -> Client {
        self.anonymous().log_in(login, &password_of(login))
    }

    /// A bearer token for `login`, made by the admin (`POST /api/v1/tokens`).
    pub fn token(&self, login: &str) -> Client {
        let admin = self.session("quan-tri");
        let reply = admin.post_json(
            "/api/v1/tokens",
            &json!({"login": login, "label": format!("test {login}")}),
        );
        assert_eq!(reply.status, 201, "POST /tokens: {}", reply.body);
        let token = reply.json()["token"]
            .as_str()
            .expect("a token string")
            .to_owned();
        assert!(!token.is_empty());
        Client::new(&self.url, Auth::Bearer(token))
    }

    /// The record JSON (`GET /api/v1/log`, as the admin).
    pub fn log(&self) -> Value {
        let reply = self.session("quan-tri").get("/api/v1/log");
        assert_eq!(reply.status, 200, "GET /log: {}", reply.body);
        reply.json()
    }

    /// The events of the log.
    pub fn events(&self) -> Vec<Event> {
        events_of(&self.log())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The events of a record JSON, parsed by the core.
pub fn events_of(log: &Value) -> Vec<Event> {
    assert_eq!(log["schema"], 1, "record schema");
    serde_json::from_value(log["events"].clone()).expect("the log's events are core events")
}

/// The password of a test account of [`ACCOUNTS`] (or of any account named like them).
pub fn password_of(login: &str) -> String {
    format!("mat-khau-{login}")
}

/// How a client authenticates.
#[derive(Clone, Debug)]
pub enum Auth {
    None,
    Bearer(String),
    /// The `cchc_session` cookie's value and the session's CSRF token.
    Session {
        cookie: String,
        csrf: String,
    },
}

/// An HTTP client of one server, with one identity.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    pub base: String,
    pub auth: Auth,
}

/// An answer: its status, its headers and its body as text.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {:?}", self.status, self.body))
    }

    /// The values of a header (lowercase name).
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Asserts the status and that the body is the core's error JSON with this code; returns it.
    pub fn error(&self, status: u16, code: &str) -> Value {
        assert_eq!(
            (self.status, self.code().as_str()),
            (status, code),
            "body: {}",
            self.body
        );
        let error = self.json();
        assert_error_shape(&error);
        error
    }

    /// The `code` of an error body ("" when none).
    pub fn code(&self) -> String {
        serde_json::from_str::<Value>(&self.body)
            .ok()
            .and_then(|v| v["code"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Checks an error body has every key of the core's error JSON, and a message.
pub fn assert_error_shape(error: &Value) {
    let keys: Vec<&str> = error
        .as_object()
        .expect("an error object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "category",
            "code",
            "criterion",
            "items",
            "limit",
            "message",
            "method",
            "problems",
            "unit"
        ],
        "{error}"
    );
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{error}"
    );
}

impl Client {
    pub fn new(base: &str, auth: Auth) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .max_redirects(0)
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
            base: base.to_owned(),
            auth,
        }
    }

    /// The same identity, another auth (e.g. a session's cookie without its CSRF token).
    pub fn with_auth(&self, auth: Auth) -> Client {
        Client {
            agent: self.agent.clone(),
            base: self.base.clone(),
            auth,
        }
    }

    /// `POST /api/v1/session` with a login and a password; panics unless 200.
    pub fn log_in(&self, login: &str, password: &str) -> Client {
        let reply = self.post_json(
            "/api/v1/session",
            &json!({"login": login, "password": password}),
        );
        assert_eq!(reply.status, 200, "log in {login}: {}", reply.body);
        let csrf = reply.json()["csrf"]
            .as_str()
            .expect("a csrf token")
            .to_owned();
        let cookie = session_cookie(&reply).expect("a cchc_session cookie");
        self.with_auth(Auth::Session { cookie, csrf })
    }

    /// Sends a request: `method` on `path`, with a body of this content type (none: no header).
    pub fn send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Option<&[u8]>,
    ) -> Reply {
        self.send_with(method, path, content_type, body, &[])
    }

    /// [`Client::send`] with extra headers.
    pub fn send_with(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.try_send(method, path, content_type, body, headers)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// `POST /api/v1/commands`, or the transport's error (the server is gone).
    pub fn try_command(&self, command: &Value) -> Result<Reply, String> {
        let text = command.to_string();
        self.try_send(
            "POST",
            "/api/v1/commands",
            Some("application/json"),
            Some(text.as_bytes()),
            &[],
        )
    }

    fn try_send(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> Result<Reply, String> {
        let url = format!("{}{path}", self.base);
        let mut request = http_request(method, &url);
        match &self.auth {
            Auth::None => {}
            Auth::Bearer(token) => {
                request = request.header("Authorization", format!("Bearer {token}"));
            }
            Auth::Session { cookie, csrf } => {
                request = request.header("Cookie", format!("cchc_session={cookie}"));
                if method != "GET" && !csrf.is_empty() {
                    request = request.header("X-CSRF-Token", csrf.as_str());
                }
            }
        }
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = match body {
            Some(body) => self
                .agent
                .run(request.body(body.to_vec()).expect("a request")),
            None => self.agent.run(request.body(()).expect("a request")),
        }
        .map_err(|e| e.to_string())?;
        reply_of(response)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None, None)
    }

    pub fn delete(&self, path: &str) -> Reply {
        self.send("DELETE", path, None, None)
    }

    pub fn post_json(&self, path: &str, body: &Value) -> Reply {
        let text = body.to_string();
        self.send(
            "POST",
            path,
            Some("application/json"),
            Some(text.as_bytes()),
        )
    }

    pub fn put_json(&self, path: &str, body: &Value) -> Reply {
        let text = body.to_string();
        self.send("PUT", path, Some("application/json"), Some(text.as_bytes()))
    }

    /// `POST /api/v1/commands`.
    pub fn command(&self, command: &Value) -> Reply {
        self.post_json("/api/v1/commands", command)
    }

    /// `PUT /api/v1/clock` (the admin, on a server whose clock is overridden); panics unless 200.
    pub fn set_clock(&self, now: &str) {
        // Frozen: the instant holds however long the next request takes on a loaded machine.
        let reply = self.put_json("/api/v1/clock", &json!({ "now": now, "frozen": true }));
        assert_eq!(reply.status, 200, "PUT /clock {now}: {}", reply.body);
    }

    /// `GET /api/v1/me`'s actor; panics unless 200.
    pub fn actor(&self) -> cchc_core::Actor {
        let reply = self.get("/api/v1/me");
        assert_eq!(reply.status, 200, "GET /me: {}", reply.body);
        serde_json::from_value(reply.json()["actor"].clone()).expect("an actor")
    }
}

fn http_request(method: &str, url: &str) -> ureq::http::request::Builder {
    ureq::http::Request::builder().method(method).uri(url)
}

fn reply_of(mut response: ureq::http::Response<ureq::Body>) -> Result<Reply, String> {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| format!("reading the body: {e}"))?;
    Ok(Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// The value of the `cchc_session` cookie a reply sets.
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply.header("set-cookie").iter().find_map(|c| {
        let first = c.split(';').next()?.trim();
        first
            .strip_prefix("cchc_session=")
            .map(|v| v.trim().to_owned())
    })
}

/// A `yes-no` answer command of `unit` on `code`.
pub fn answer(unit: &str, code: &str, yes: bool) -> Value {
    json!({"type": "answer", "unit": unit, "code": code, "answer": {"kind": "yes-no", "yes": yes}})
}

/// The `yes-no`, self-assessed leaves of appendix I (departments), to answer in a loop.
pub const YES_NO_LEAVES: &[&str] = &[
    "1.1.1", "2.1.2", "2.3.2", "4.1.1", "4.1.2", "4.3.1", "5.5.3", "6.1.1", "6.1.2", "6.3.1",
    "6.3.2", "7.1.1", "7.4.1",
];

/// The HTTP status `docs/server.md` ("Errors") gives an error body.
pub fn status_of(error: &Value) -> u16 {
    let code = error["code"].as_str().unwrap_or_default();
    match code {
        "unauthenticated" => 401,
        "permission-denied" | "other-unit" | "csrf" => 403,
        "not-found" => 404,
        "window-closed" => 423,
        "wrong-phase" | "published" | "already-submitted" | "evidence-missing"
        | "nothing-to-contest" | "out-of-order" | "unknown-evidence" => 409,
        "text-too-long" | "unsafe-link" | "invalid-value" | "invalid-log" | "invalid-edition" => {
            400
        }
        "too-large" => 413,
        "unsupported-type" => 415,
        "storage" => 500,
        _ => match error["category"].as_str() {
            Some("input" | "answer") => 400,
            other => panic!("the contract gives no status to {code} ({other:?})"),
        },
    }
}

/// An error of the core as the JSON the server must answer, without the message (which may
/// name an instant a few milliseconds apart).
pub fn without_message(error: &Value) -> Value {
    let mut error = error.clone();
    if let Some(object) = error.as_object_mut() {
        object.remove("message");
    }
    error
}

/// One raw HTTP/1.1 request over a fresh TCP connection, the body written on another thread while
/// the answer is read (a server may answer a too-large body before reading it, and close).
/// Returns the status and the body of the answer.
pub fn raw_request(addr: SocketAddr, head: &str, body: Vec<u8>) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    stream.write_all(head.as_bytes()).expect("write the head");
    let mut writer = stream.try_clone().expect("clone the stream");
    let sender = std::thread::spawn(move || {
        // The server may stop reading and close: a failed write is expected then.
        let _ = writer.write_all(&body);
        let _ = writer.flush();
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    let (status, body) = loop {
        match stream.read(&mut buf) {
            Ok(0) => break parse_raw(&answer).expect("a complete answer before the close"),
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                if let Some(done) = parse_raw(&answer) {
                    break done;
                }
            }
            Err(e) => match parse_raw(&answer) {
                Some(done) => break done,
                None => panic!(
                    "reading the answer: {e}; got {:?}",
                    String::from_utf8_lossy(&answer)
                ),
            },
        }
    };
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    (status, body)
}

/// A complete HTTP answer (with a Content-Length, chunked, or neither: empty body), or None
/// while it is incomplete.
fn parse_raw(data: &[u8]) -> Option<(u16, String)> {
    let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&data[..end]);
    let status: u16 = head.split_whitespace().nth(1)?.parse().ok()?;
    let header = |wanted: &str| {
        head.lines().find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case(wanted)
                .then(|| value.trim().to_ascii_lowercase())
        })
    };
    let rest = &data[end + 4..];
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        let mut body = Vec::new();
        let mut at = 0;
        loop {
            let line_end = rest[at..].windows(2).position(|w| w == b"\r\n")? + at;
            let size_text = String::from_utf8_lossy(&rest[at..line_end]);
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            let chunk = rest.get(line_end + 2..line_end + 2 + size)?;
            body.extend_from_slice(chunk);
            at = line_end + 2 + size + 2;
            if size == 0 {
                return Some((status, String::from_utf8_lossy(&body).into_owned()));
            }
        }
    }
    let length = header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let body = rest.get(..length)?;
    Some((status, String::from_utf8_lossy(body).into_owned()))
}
