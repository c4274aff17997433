//! Crash safety of the binary: killed with SIGKILL in the middle of a stream of answers and
//! started again, every acknowledged (201) event is in the log with the same content, the seq is
//! gapless and the hash chain (checked here from the table itself) is valid. A database whose
//! chain is broken, has a gap, or holds an event that does not replay refuses to start with exit
//! code 2 and a message naming the seq. The log the binary exports imports into a new database
//! with the same chain, and nowhere else.

mod common;

use cchc_core::Event;
use common::{ACCOUNTS, Client, IN_OFFICIAL, Server, TempDir, UNIT, YES_NO_LEAVES, answer};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_cchc-server");

/// How long a child may take to start or to exit before the test gives up on it.
const PATIENCE: Duration = Duration::from_secs(60);

/// The binary serving a database, its stderr collected by a thread.
struct Process {
    child: Child,
    stderr: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
    addr: SocketAddr,
}

impl Process {
    fn spawn(db: &Path, clock: &str) -> Process {
        // A free port: bound, read, released, given to the child.
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port");
        let mut child = Command::new(BINARY)
            .arg("serve")
            .arg("--db")
            .arg(db)
            .args(["--listen", &addr.to_string(), "--clock-override", clock])
            .arg("--insecure-cookies")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn cchc-server");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if let Ok(mut text) = sink.lock() {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        });
        Process {
            child,
            stderr,
            reader: Some(reader),
            addr,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Waits until `GET /health` answers 200 (the child exiting first fails the test).
    fn wait_ready(&mut self) {
        let client = Client::new(&self.url(), common::Auth::None);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "cchc-server exited ({status}) before serving: {}",
                    self.stderr()
                );
            }
            if std::net::TcpStream::connect(self.addr).is_ok() {
                let reply = client.get("/api/v1/health");
                assert_eq!(reply.status, 200, "{}", reply.body);
                return;
            }
            assert!(Instant::now() < deadline, "not serving: {}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the child to exit by itself (a start that is refused); returns its status and
    /// its whole stderr.
    fn wait_exit(&mut self) -> (ExitStatus, String) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // The reader thread ends when the pipe closes: then the text is whole.
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
                return (status, self.stderr());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("cchc-server still running: {}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the child with SIGKILL (std's `kill` on Unix); returns its whole stderr.
    fn kill(&mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.stderr()
    }

    fn client(&self, login: &str) -> Client {
        Client::new(&self.url(), common::Auth::None).log_in(login, &common::password_of(login))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hex_sha256(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads the events table and checks it as the contract defines it: seq 1..N, the first
/// `prev_hash` 64 zeros, each `hash` = hex SHA-256 of (`prev_hash` ‖ `event`), each `event` the
/// core's compact JSON. Returns the events.
fn verify_chain(db: &Path) -> Vec<Event> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open db");
    let mut statement = conn
        .prepare("SELECT seq, event, prev_hash, hash FROM events ORDER BY seq")
        .expect("the events table");
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    let mut previous = "0".repeat(64);
    let mut events = Vec::new();
    for (i, (seq, text, prev_hash, hash)) in rows.into_iter().enumerate() {
        assert_eq!(seq, i as i64 + 1, "gapless seq");
        assert_eq!(prev_hash, previous, "event {seq}: prev_hash");
        assert_eq!(
            hash,
            hex_sha256(&[prev_hash.as_bytes(), text.as_bytes()]),
            "event {seq}: hash"
        );
        let event: Event = serde_json::from_str(&text).expect("a core event");
        assert_eq!(event.seq, seq as u64);
        assert_eq!(
            serde_json::to_string(&event).ok(),
            Some(text),
            "compact JSON"
        );
        events.push(event);
        previous = hash;
    }
    events
}

#[test]
fn every_acknowledged_event_survives_a_sigkill() {
    let dir = TempDir::new("crash");
    let db = dir.db();
    cchc_server::import_accounts(&db, ACCOUNTS).expect("accounts");
    let mut process = Process::spawn(&db, IN_OFFICIAL);
    process.wait_ready();
    let editor = process.client("bien-tap");
    let (acks, acked) = mpsc::channel::<Event>();
    let sent = Arc::new(Mutex::new(Vec::new()));
    let sent_by_client = Arc::clone(&sent);
    let streamer = std::thread::spawn(move || {
        let mut refusals = Vec::new();
        for n in 0.. {
            let code = YES_NO_LEAVES[n % YES_NO_LEAVES.len()];
            let command = answer(UNIT, code, (n / YES_NO_LEAVES.len()) % 2 == 0);
            if let Ok(mut sent) = sent_by_client.lock() {
                sent.push(command.clone());
            }
            match editor.try_command(&command) {
                Ok(reply) if reply.status == 201 => {
                    let event =
                        serde_json::from_value(reply.json()["event"].clone()).expect("an event");
                    if acks.send(event).is_err() {
                        break;
                    }
                }
                Ok(reply) => {
                    refusals.push(format!("{} {}", reply.status, reply.body));
                    if refusals.len() == 10 {
                        break;
                    }
                }
                // The server is gone.
                Err(_) => break,
            }
        }
        refusals
    });
    // Kill once 200 answers are acknowledged, while the client keeps writing.
    let mut acknowledged: Vec<Event> = (0..200)
        .map(|_| acked.recv().expect("the client acknowledges answers"))
        .collect();
    let stderr = process.kill();
    // The override is announced loudly, in capitals.
    assert!(
        stderr.lines().any(|l| l.contains("CLOCK")
            && l.contains("OVERRIDDEN")
            && !l.chars().any(char::is_lowercase)),
        "{stderr}"
    );
    let refusals = streamer.join().expect("the client thread");
    acknowledged.extend(acked.try_iter());
    assert_eq!(refusals, Vec::<String>::new(), "every answer is accepted");

    // Restarted with its clock an hour on: the first run's clock ran past IN_OFFICIAL, and a
    // clock behind the last event would make the record refuse the next answer (out-of-order).
    let mut process = Process::spawn(&db, "2018-12-28T10:00:00+07:00");
    process.wait_ready();
    let log = common::events_of(&{
        let reply = process.client("quan-tri").get("/api/v1/log");
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    });
    let seqs: Vec<u64> = log.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=log.len() as u64).collect::<Vec<_>>(), "gapless");
    for (i, event) in acknowledged.iter().enumerate() {
        assert_eq!(event.seq, i as u64 + 1, "acknowledged in order");
        assert_eq!(
            log.get(i),
            Some(event),
            "acknowledged event {} kept",
            event.seq
        );
    }
    eprintln!(
        "killed after {} acknowledged answers; {} in the log",
        acknowledged.len(),
        log.len()
    );
    // At most the one answer in flight at the kill was written without its 201.
    assert!(
        log.len() == acknowledged.len() || log.len() == acknowledged.len() + 1,
        "{} in the log, {} acknowledged",
        log.len(),
        acknowledged.len()
    );
    let sent = sent.lock().map(|s| s.clone()).unwrap_or_default();
    for (event, command) in log.iter().zip(&sent) {
        assert_eq!(
            serde_json::to_value(&event.command).ok().as_ref(),
            Some(command)
        );
    }
    // The chain in the table, checked here as the contract defines it, is the log served.
    assert_eq!(verify_chain(&db), log);
    // The restarted server goes on where the log ended.
    let reply = process
        .client("bien-tap")
        .command(&answer(UNIT, "1.1.1", true));
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.json()["event"]["seq"],
        serde_json::json!(log.len() + 1)
    );
}

/// A database with 5 accepted answers (seq 1..5), written by the in-process server.
fn database_with_five_events(name: &str) -> (TempDir, Vec<Event>) {
    let server = Server::start(name, Some(IN_OFFICIAL));
    let editor = server.token("bien-tap");
    for code in &YES_NO_LEAVES[..5] {
        let reply = editor.command(&answer(UNIT, code, true));
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
    let events = server.events();
    (server.into_dir(), events)
}

/// Opens the stopped server's database, checks the append-only triggers refuse UPDATE and
/// DELETE, then drops them (as someone with the file could) so the test can tamper.
fn open_and_drop_triggers(db: &Path) -> Connection {
    let conn = Connection::open(db).expect("open db");
    let count = |conn: &Connection| {
        conn.query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0))
            .expect("the events table")
    };
    assert_eq!(count(&conn), 5);
    let update = conn.execute("UPDATE events SET event = event WHERE seq = 3", []);
    assert!(update.is_err(), "UPDATE of an event is refused");
    let delete = conn.execute("DELETE FROM events WHERE seq = 5", []);
    assert!(delete.is_err(), "DELETE of an event is refused");
    assert_eq!(count(&conn), 5);
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
        .and_then(|mut s| {
            s.query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("triggers");
    assert!(!triggers.is_empty());
    for trigger in triggers {
        conn.execute(&format!("DROP TRIGGER \"{trigger}\""), [])
            .expect("drop trigger");
    }
    conn
}

/// Starts the binary and the library on a damaged database: both refuse, the binary with exit
/// code 2, both naming one of `seqs` as "event N".
fn assert_refuses_to_start(db: &Path, seqs: &[u64]) -> String {
    let names_seq = |text: &str| {
        seqs.iter().any(|seq| {
            let needle = format!("event {seq}");
            text.match_indices(&needle).any(|(i, _)| {
                !text[i + needle.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
            })
        })
    };
    let mut process = Process::spawn(db, IN_OFFICIAL);
    let (status, stderr) = process.wait_exit();
    assert_eq!(status.code(), Some(2), "exit code; stderr: {stderr}");
    assert!(names_seq(&stderr), "stderr names event {seqs:?}: {stderr}");
    let mut config = cchc_server::Config::new(db);
    config.clock_override = Some(cchc_core::parse_instant(IN_OFFICIAL).expect("instant"));
    match cchc_server::start(config) {
        Ok(running) => {
            running.stop();
            panic!("the library started on a damaged database");
        }
        Err(e) => assert!(names_seq(&e.to_string()), "StartError names the seq: {e}"),
    }
    stderr
}

#[test]
fn a_tampered_event_refuses_to_start_naming_its_seq() {
    let (dir, events) = database_with_five_events("tamper");
    let conn = open_and_drop_triggers(&dir.db());
    let text: String = conn
        .query_row("SELECT event FROM events WHERE seq = 3", [], |r| r.get(0))
        .expect("event 3");
    assert!(text.contains(r#""yes":true"#), "{text}");
    let forged = text.replace(r#""yes":true"#, r#""yes":false"#);
    conn.execute("UPDATE events SET event = ?1 WHERE seq = 3", [&forged])
        .expect("tamper");
    drop(conn);
    assert_eq!(events.len(), 5);
    assert_refuses_to_start(&dir.db(), &[3]);
}

#[test]
fn a_gap_in_the_events_refuses_to_start_naming_the_seq() {
    let (dir, _) = database_with_five_events("gap");
    let conn = open_and_drop_triggers(&dir.db());
    conn.execute("DELETE FROM events WHERE seq = 3", [])
        .expect("delete");
    drop(conn);
    // The missing seq, or the row found in its place.
    assert_refuses_to_start(&dir.db(), &[3, 4]);
}

#[test]
fn an_event_that_does_not_replay_refuses_to_start_even_with_a_valid_chain() {
    let (dir, _) = database_with_five_events("replay");
    let conn = open_and_drop_triggers(&dir.db());
    // Event 3 becomes an answer for a unit the edition lacks; the chain is rehashed from there
    // on, so only the replay can find it.
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT seq, event FROM events ORDER BY seq")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("rows");
    let mut previous = "0".repeat(64);
    for (seq, text) in rows {
        let text = if seq == 3 {
            text.replace(UNIT, "so-khong-co")
        } else {
            text
        };
        let hash = hex_sha256(&[previous.as_bytes(), text.as_bytes()]);
        conn.execute(
            "UPDATE events SET event = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![text, previous, hash, seq],
        )
        .expect("rewrite");
        previous = hash;
    }
    drop(conn);
    verify_chain(&dir.db());
    assert_refuses_to_start(&dir.db(), &[3]);
}

/// Runs `cchc-server log ACTION --db DB [FILE]` to its end; returns (exit code, stdout, stderr).
fn log_command(action: &str, db: &Path, file: Option<&Path>) -> (Option<i32>, String, String) {
    let output = Command::new(BINARY)
        .args(["log", action, "--db"])
        .arg(db)
        .args(file)
        .stdin(Stdio::null())
        .output()
        .expect("run cchc-server");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_log_exported_by_the_binary_imports_into_a_new_database_and_nowhere_else() {
    let (dir, events) = database_with_five_events("log");
    let db = dir.db();
    let (code, log, stderr) = log_command("export", &db, None);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        common::events_of(&serde_json::from_str(&log).expect("JSON")),
        events
    );
    let file = dir.path().join("log.json");
    std::fs::write(&file, &log).expect("write the log");
    // Into a new database: the same log, the same chain.
    let copy = dir.path().join("copy.db");
    let (code, _, stderr) = log_command("import", &copy, Some(&file));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(verify_chain(&copy), events);
    // Not into a database that has events: refused, nothing added.
    let (code, _, stderr) = log_command("import", &db, Some(&file));
    assert_ne!(
        code,
        Some(0),
        "importing into a database with events: {stderr}"
    );
    assert!(!stderr.trim().is_empty());
    assert_eq!(verify_chain(&db), events);
    // A log that does not replay imports nothing.
    let broken = log.replacen(UNIT, "so-khong-co", 1);
    std::fs::write(&file, broken).expect("write the log");
    let empty = dir.path().join("empty.db");
    let (code, _, stderr) = log_command("import", &empty, Some(&file));
    assert_ne!(code, Some(0), "a log that does not replay: {stderr}");
    assert!(stderr.contains("invalid-log"), "{stderr}");
    if empty.exists() {
        assert_eq!(verify_chain(&empty), Vec::new(), "nothing imported");
    }
}
