//! The durable record: one SQLite file (WAL, `synchronous=FULL`) holding the edition, the
//! append-only hash-chained event log, accounts, sessions, tokens and evidence files.
//!
//! The log is the truth: on open every row is read in order, the sequence is checked gapless, the
//! chain of hashes is recomputed and the events are replayed through the core. Anything wrong
//! refuses to open with a [`StartError`] naming the event.

use crate::StartError;
use cchc_core::{Actor, Command, Edition, Error, Event, Role, RoundRecord};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The version of the database layout, in `meta.schema_version`.
pub const SCHEMA_VERSION: &str = "1";

/// The `prev_hash` of the first event: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS editions(id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events(
    seq INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: no UPDATE'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: no DELETE'); END;
CREATE TABLE IF NOT EXISTS accounts(
    login TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    unit TEXT NULL,
    password TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions(
    id_hash TEXT PRIMARY KEY,
    login TEXT NOT NULL REFERENCES accounts(login),
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens(
    token_hash TEXT PRIMARY KEY,
    login TEXT NOT NULL REFERENCES accounts(login),
    label TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files(
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    created TEXT NOT NULL
);
";

/// Lowercase hex SHA-256 of `parts` joined.
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The chain hash of an event row: SHA-256 of `prev_hash` bytes then `event` bytes.
pub fn chain_hash(prev_hash: &str, event: &str) -> String {
    sha256_hex(&[prev_hash.as_bytes(), event.as_bytes()])
}

fn storage(what: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::storage(format!("{what}: {e}"))
}

/// An account as stored (the password is an argon2 PHC string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// The login.
    pub login: String,
    /// The role.
    pub role: Role,
    /// The unit of a unit role.
    pub unit: Option<String>,
    /// The argon2 PHC string.
    pub password: String,
}

impl Account {
    /// The actor this account acts as.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.login.clone(),
            role: self.role,
            unit: self.unit.clone(),
        }
    }
}

/// A stored evidence file's metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMeta {
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    /// The media type given on upload.
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
}

/// How many hex digits of a token's hash name it (its `id`).
pub const TOKEN_ID_LEN: usize = 16;

/// The id of a token: the first [`TOKEN_ID_LEN`] hex digits of its SHA-256 hash.
pub fn token_id(token_hash: &str) -> &str {
    token_hash.get(..TOKEN_ID_LEN).unwrap_or(token_hash)
}

/// A bearer token as the admin sees it: never the token itself.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TokenInfo {
    /// The first 16 hex digits of the token's SHA-256 hash (`DELETE /api/v1/tokens/{id}`).
    pub id: String,
    /// The account the token acts as.
    pub login: String,
    /// What the admin said it is for.
    pub label: String,
    /// When it was issued (RFC 3339).
    pub created: String,
}

/// The open database.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

fn open_connection(path: &Path) -> Result<Connection, StartError> {
    let fail = |e: rusqlite::Error| StartError::Database {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let conn = Connection::open(path).map_err(fail)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(fail)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(fail)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(fail)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(fail)?;
    conn.execute_batch(SCHEMA).map_err(fail)?;
    Ok(conn)
}

impl Store {
    /// Opens (or creates) the database at `path`, with `edition` for a new one (the embedded
    /// default when `None`), verifies the chain and replays the log.
    ///
    /// A database that already has an edition keeps it; `edition` must then be `None` or the
    /// same edition.
    pub fn open(path: &Path, edition: Option<Edition>) -> Result<(Store, RoundRecord), StartError> {
        let conn = open_connection(path)?;
        let store = Store { conn };
        let edition = store.edition_or_init(path, edition)?;
        let record = store.replay(&edition)?;
        Ok((store, record))
    }

    fn edition_or_init(&self, path: &Path, given: Option<Edition>) -> Result<Edition, StartError> {
        let db_error = |e: rusqlite::Error| StartError::Database {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT e.json FROM meta m JOIN editions e ON e.id = m.value WHERE m.key = 'edition'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_error)?;
        match stored {
            Some(json) => {
                let edition = Edition::from_json(&json).map_err(|e| StartError::Edition {
                    message: format!("the edition stored in the database does not load: {e}"),
                })?;
                if let Some(given) = given {
                    if given != edition {
                        return Err(StartError::Edition {
                            message: format!(
                                "the database holds edition {}; it cannot be started with another edition ({})",
                                edition.id(),
                                given.id()
                            ),
                        });
                    }
                }
                Ok(edition)
            }
            None => {
                let edition = given.unwrap_or_else(cchc_criteria::default_edition);
                self.conn
                    .execute_batch("BEGIN IMMEDIATE")
                    .map_err(db_error)?;
                let init = || -> Result<(), rusqlite::Error> {
                    self.conn.execute(
                        "INSERT OR REPLACE INTO editions(id, json) VALUES (?1, ?2)",
                        params![edition.id(), edition.to_json()],
                    )?;
                    self.conn.execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES ('edition', ?1), ('schema_version', ?2)",
                        params![edition.id(), SCHEMA_VERSION],
                    )?;
                    Ok(())
                };
                match init() {
                    Ok(()) => self.conn.execute_batch("COMMIT").map_err(db_error)?,
                    Err(e) => {
                        let _ = self.conn.execute_batch("ROLLBACK");
                        return Err(db_error(e));
                    }
                }
                Ok(edition)
            }
        }
    }

    /// The edition this database holds.
    pub fn edition(&self) -> Result<Edition, Error> {
        let json: String = self
            .conn
            .query_row(
                "SELECT e.json FROM meta m JOIN editions e ON e.id = m.value WHERE m.key = 'edition'",
                [],
                |r| r.get(0),
            )
            .map_err(storage("reading the edition"))?;
        Edition::from_json(&json)
    }

    /// Reads every event row in order, checks the sequence and the chain, and replays the events
    /// through the core.
    pub fn replay(&self, edition: &Edition) -> Result<RoundRecord, StartError> {
        let db_error = |e: rusqlite::Error| StartError::Database {
            path: String::from("(open database)"),
            message: e.to_string(),
        };
        let mut statement = self
            .conn
            .prepare("SELECT seq, event, prev_hash, hash FROM events ORDER BY seq")
            .map_err(db_error)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(db_error)?;
        let mut record = RoundRecord::new(edition);
        let mut prev = GENESIS.to_owned();
        for (expected, row) in (1_i64..).zip(rows) {
            let (seq, event, prev_hash, hash) = row.map_err(db_error)?;
            let seq_u = u64::try_from(seq).unwrap_or(0);
            if seq != expected {
                return Err(StartError::Gap {
                    seq: u64::try_from(expected).unwrap_or(0),
                    found: seq_u,
                });
            }
            if prev_hash != prev {
                return Err(StartError::BrokenChain {
                    seq: seq_u,
                    expected: prev,
                    stored: prev_hash,
                    what: "prev_hash",
                });
            }
            let computed = chain_hash(&prev_hash, &event);
            if computed != hash {
                return Err(StartError::BrokenChain {
                    seq: seq_u,
                    expected: computed,
                    stored: hash,
                    what: "hash",
                });
            }
            let parsed: Event = serde_json::from_str(&event).map_err(|e| StartError::BadEvent {
                seq: seq_u,
                message: format!("not an event: {e}"),
            })?;
            if parsed.seq != seq_u {
                return Err(StartError::BadEvent {
                    seq: seq_u,
                    message: format!("the event says it is number {}", parsed.seq),
                });
            }
            let Event {
                at, actor, command, ..
            } = parsed;
            record
                .execute(&actor, at, command)
                .map_err(|e| StartError::BadEvent {
                    seq: seq_u,
                    message: format!("does not replay: {e}"),
                })?;
            prev = hash;
        }
        Ok(record)
    }

    /// The number of events stored (the last seq).
    pub fn last_seq(&self) -> Result<u64, Error> {
        let n: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(storage("reading the last event"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Checks `command` against `record` and appends it, in one `BEGIN IMMEDIATE` transaction:
    /// if another process appended events since `record` was read, `record` is first rebuilt from
    /// the database. A refused command rolls back and writes nothing. If the insert or the commit
    /// fails, `record` is rebuilt from the database and the error is "storage".
    pub fn execute(
        &mut self,
        record: &mut RoundRecord,
        actor: &Actor,
        at: DateTime<FixedOffset>,
        command: Command,
    ) -> Result<Event, Error> {
        self.execute_now(record, actor, &|| at, command)
    }

    /// [`execute`](Store::execute) at the instant `now` reads once the database's write lock is
    /// held (and any other process's events caught up): the server passes its clock, so that an
    /// event is never stamped earlier than one another process wrote while this one waited for
    /// the lock (which the core would refuse as `out-of-order`).
    pub fn execute_now(
        &mut self,
        record: &mut RoundRecord,
        actor: &Actor,
        now: &dyn Fn() -> DateTime<FixedOffset>,
        command: Command,
    ) -> Result<Event, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(storage("starting a transaction"))?;
        let (last, prev): (i64, String) = tx
            .query_row(
                "SELECT COALESCE(MAX(seq), 0), COALESCE((SELECT hash FROM events ORDER BY seq DESC LIMIT 1), ?1) FROM events",
                params![GENESIS],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(storage("reading the last event"))?;
        if u64::try_from(last).unwrap_or(0) != record.events().len() as u64 {
            // Another process wrote: catch up before checking.
            drop(tx);
            *record = self.reload(record.edition())?;
            return self.execute_now(record, actor, now, command);
        }
        // Refused: the transaction is dropped (rolled back) and nothing was written.
        let event = record.execute(actor, now(), command)?.clone();
        let text = serde_json::to_string(&event)
            .map_err(|e| Error::storage(format!("serializing the event: {e}")));
        let written = text.and_then(|text| {
            let hash = chain_hash(&prev, &text);
            tx.execute(
                "INSERT INTO events(seq, event, prev_hash, hash) VALUES (?1, ?2, ?3, ?4)",
                params![last + 1, text, prev, hash],
            )
            .map_err(storage("writing the event"))?;
            tx.commit().map_err(storage("committing the event"))
        });
        match written {
            Ok(()) => Ok(event),
            Err(e) => {
                *record = self.reload(record.edition())?;
                Err(e)
            }
        }
    }

    /// Rebuilds the record from the database (after a failed write, or another process's).
    pub fn reload(&self, edition: &Edition) -> Result<RoundRecord, Error> {
        self.replay(edition)
            .map_err(|e| Error::storage(format!("rebuilding the record from the database: {e}")))
    }

    /// Imports a whole log into a database with no events: every event is replayed through the
    /// core first; a log that does not replay imports nothing.
    pub fn import_log(&mut self, edition: &Edition, log: &str) -> Result<usize, Error> {
        let record = RoundRecord::from_json(edition, log)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(storage("starting a transaction"))?;
        let n: i64 = tx
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .map_err(storage("counting events"))?;
        if n != 0 {
            return Err(Error::invalid_value(
                None,
                format!(
                    "the database already has {n} events; a log imports only into an empty record"
                ),
            ));
        }
        let mut prev = GENESIS.to_owned();
        for event in record.events() {
            let text = serde_json::to_string(event)
                .map_err(|e| Error::storage(format!("serializing event {}: {e}", event.seq)))?;
            let hash = chain_hash(&prev, &text);
            tx.execute(
                "INSERT INTO events(seq, event, prev_hash, hash) VALUES (?1, ?2, ?3, ?4)",
                params![
                    i64::try_from(event.seq).unwrap_or(i64::MAX),
                    text,
                    prev,
                    hash
                ],
            )
            .map_err(storage("writing an event"))?;
            prev = hash;
        }
        tx.commit().map_err(storage("committing the log"))?;
        Ok(record.events().len())
    }

    // ---- accounts, sessions, tokens -------------------------------------------------------

    /// Every login already present.
    pub fn logins(&self) -> Result<Vec<String>, Error> {
        let mut s = self
            .conn
            .prepare("SELECT login FROM accounts ORDER BY login")
            .map_err(storage("reading accounts"))?;
        let rows = s
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(storage("reading accounts"))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(storage("reading accounts"))
    }

    /// Inserts accounts in one transaction (all or nothing).
    pub fn insert_accounts(&mut self, accounts: &[Account]) -> Result<(), Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(storage("starting a transaction"))?;
        for a in accounts {
            tx.execute(
                "INSERT INTO accounts(login, role, unit, password) VALUES (?1, ?2, ?3, ?4)",
                params![a.login, role_name(a.role), a.unit, a.password],
            )
            .map_err(storage("writing an account"))?;
        }
        tx.commit().map_err(storage("committing accounts"))
    }

    /// One account by login.
    pub fn account(&self, login: &str) -> Result<Option<Account>, Error> {
        self.conn
            .query_row(
                "SELECT login, role, unit, password FROM accounts WHERE login = ?1",
                params![login],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()
            .map_err(storage("reading an account"))?
            .map(|(login, role, unit, password)| {
                Ok(Account {
                    login,
                    role: cchc_core::parse_name::<Role>(&role)?,
                    unit,
                    password,
                })
            })
            .transpose()
    }

    /// Stores a session (by the hash of its id).
    pub fn insert_session(
        &self,
        id_hash: &str,
        login: &str,
        csrf: &str,
        created: &str,
        expires: &str,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO sessions(id_hash, login, csrf, created, expires) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id_hash, login, csrf, created, expires],
            )
            .map(|_| ())
            .map_err(storage("writing a session"))
    }

    /// A session's account, csrf token and expiry (RFC 3339), by the hash of its id.
    pub fn session(&self, id_hash: &str) -> Result<Option<(Account, String, String)>, Error> {
        let found: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT login, csrf, expires FROM sessions WHERE id_hash = ?1",
                params![id_hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(storage("reading a session"))?;
        let Some((login, csrf, expires)) = found else {
            return Ok(None);
        };
        Ok(self.account(&login)?.map(|a| (a, csrf, expires)))
    }

    /// Removes a session (log out).
    pub fn delete_session(&self, id_hash: &str) -> Result<(), Error> {
        self.conn
            .execute("DELETE FROM sessions WHERE id_hash = ?1", params![id_hash])
            .map(|_| ())
            .map_err(storage("removing a session"))
    }

    /// Stores a bearer token (by its hash).
    pub fn insert_token(
        &self,
        token_hash: &str,
        login: &str,
        label: &str,
        created: &str,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO tokens(token_hash, login, label, created) VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, login, label, created],
            )
            .map(|_| ())
            .map_err(storage("writing a token"))
    }

    /// Every bearer token, oldest first: its id (the first 16 hex digits of its hash: never the
    /// token itself, which is stored only as a hash), account, label and when it was issued.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>, Error> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT token_hash, login, label, created FROM tokens ORDER BY created, token_hash",
            )
            .map_err(storage("reading the tokens"))?;
        let rows = statement
            .query_map([], |r| {
                let hash: String = r.get(0)?;
                Ok(TokenInfo {
                    id: token_id(&hash).to_owned(),
                    login: r.get(1)?,
                    label: r.get(2)?,
                    created: r.get(3)?,
                })
            })
            .map_err(storage("reading the tokens"))?;
        rows.collect::<Result<_, _>>()
            .map_err(storage("reading the tokens"))
    }

    /// Revokes the bearer token of id `id` (see [`Store::tokens`]): whether there was one.
    pub fn delete_token(&self, id: &str) -> Result<bool, Error> {
        if id.len() != TOKEN_ID_LEN || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Ok(false);
        }
        self.conn
            .execute(
                "DELETE FROM tokens WHERE substr(token_hash, 1, ?2) = ?1",
                params![id, TOKEN_ID_LEN as i64],
            )
            .map(|n| n > 0)
            .map_err(storage("revoking a token"))
    }

    /// Removes the sessions that expired at or before `now` (and any whose expiry does not
    /// read as an instant, which no request would accept): how many.
    pub fn purge_sessions(&self, now: chrono::DateTime<chrono::Utc>) -> Result<usize, Error> {
        let mut statement = self
            .conn
            .prepare("SELECT id_hash, expires FROM sessions")
            .map_err(storage("reading the sessions"))?;
        let expired: Vec<String> = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(storage("reading the sessions"))?
            .filter_map(|row| match row {
                Ok((id, expires)) => chrono::DateTime::parse_from_rfc3339(&expires)
                    .map_or(true, |e| e <= now)
                    .then_some(Ok(id)),
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()
            .map_err(storage("reading the sessions"))?;
        for id in &expired {
            self.delete_session(id)?;
        }
        Ok(expired.len())
    }

    /// A token's account, by the token's hash.
    pub fn token(&self, token_hash: &str) -> Result<Option<Account>, Error> {
        let login: Option<String> = self
            .conn
            .query_row(
                "SELECT login FROM tokens WHERE token_hash = ?1",
                params![token_hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage("reading a token"))?;
        match login {
            Some(login) => self.account(&login),
            None => Ok(None),
        }
    }

    // ---- files ------------------------------------------------------------------------------

    /// Stores a file by its content hash (the same bytes twice are stored once).
    pub fn put_file(
        &self,
        media_type: &str,
        data: &[u8],
        created: &str,
    ) -> Result<FileMeta, Error> {
        let sha256 = sha256_hex(&[data]);
        self.conn
            .execute(
                "INSERT OR IGNORE INTO files(sha256, media_type, size, data, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![sha256, media_type, data.len() as i64, data, created],
            )
            .map_err(storage("writing a file"))?;
        Ok(FileMeta {
            sha256,
            media_type: media_type.to_owned(),
            size: data.len() as u64,
        })
    }

    /// A stored file's metadata.
    pub fn file_meta(&self, sha256: &str) -> Result<Option<FileMeta>, Error> {
        self.conn
            .query_row(
                "SELECT sha256, media_type, size FROM files WHERE sha256 = ?1",
                params![sha256],
                |r| {
                    Ok(FileMeta {
                        sha256: r.get(0)?,
                        media_type: r.get(1)?,
                        size: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    })
                },
            )
            .optional()
            .map_err(storage("reading a file"))
    }

    /// A stored file's bytes and media type.
    pub fn file(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, Error> {
        self.conn
            .query_row(
                "SELECT media_type, data FROM files WHERE sha256 = ?1",
                params![sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(storage("reading a file"))
    }

    /// The raw connection, for tests of the triggers.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// A role's name as stored.
pub fn role_name(role: Role) -> &'static str {
    use cchc_core::Named;
    role.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_core::{Answer, parse_instant};

    fn temp_db(name: &str) -> (std::path::PathBuf, impl Drop) {
        struct Dir(std::path::PathBuf);
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let dir = std::env::temp_dir().join(format!("cchc-store-{name}-{}", hex(&bytes)));
        std::fs::create_dir_all(&dir).unwrap();
        (dir.join("round.db"), Dir(dir))
    }

    fn answer(code: &str) -> Command {
        Command::Answer {
            unit: "so-noi-vu".into(),
            code: code.into(),
            answer: Answer::YesNo { yes: true },
        }
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        parse_instant(text).unwrap()
    }

    /// A database with three accepted answers of so-noi-vu.
    fn three_events(path: &Path) {
        let (mut store, mut record) = Store::open(path, None).unwrap();
        let editor = Actor::unit_editor("lan", "so-noi-vu");
        for (i, code) in ["1.1.1", "2.1.2", "2.3.2"].iter().enumerate() {
            let event = store
                .execute(
                    &mut record,
                    &editor,
                    at(&format!("2019-01-02T20:00:0{i}+07:00")),
                    answer(code),
                )
                .unwrap();
            assert_eq!(event.seq, i as u64 + 1);
        }
    }

    fn rows(store: &Store) -> Vec<(i64, String, String, String)> {
        let mut s = store
            .connection()
            .prepare("SELECT seq, event, prev_hash, hash FROM events ORDER BY seq")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn events_are_chained_and_restart_replays() {
        let (path, _dir) = temp_db("chain");
        three_events(&path);
        let (store, record) = Store::open(&path, None).unwrap();
        assert_eq!(record.events().len(), 3);
        assert_eq!(store.last_seq().unwrap(), 3);
        let rows = rows(&store);
        assert_eq!(rows[0].2, GENESIS);
        for (i, (seq, event, prev, hash)) in rows.iter().enumerate() {
            assert_eq!(*seq, i as i64 + 1);
            assert_eq!(*hash, chain_hash(prev, event));
            if i > 0 {
                assert_eq!(*prev, rows[i - 1].3);
            }
            let parsed: Event = serde_json::from_str(event).unwrap();
            assert_eq!(&parsed, &record.events()[i]);
        }
        // The stored event is the core's compact JSON.
        assert!(
            rows[0]
                .1
                .starts_with(r#"{"seq":1,"at":"2019-01-02T20:00:00+07:00","#)
        );
        // The replayed state is the state before the restart.
        let view = record
            .unit_view(&Actor::admin("root"), "so-noi-vu")
            .unwrap();
        assert_eq!(view.official.assessment.answers.len(), 3);
    }

    #[test]
    fn expired_sessions_are_purged_and_tokens_listed_and_revoked_by_id() {
        let (path, _dir) = temp_db("sessions");
        let (mut store, _) = Store::open(&path, None).unwrap();
        store
            .insert_accounts(&[Account {
                login: "quan-tri".into(),
                role: Role::Admin,
                unit: None,
                password: "$argon2id$x".into(),
            }])
            .unwrap();
        let now = chrono::Utc::now();
        let past = (now - chrono::Duration::seconds(1))
            .fixed_offset()
            .to_rfc3339();
        let future = (now + chrono::Duration::hours(1))
            .fixed_offset()
            .to_rfc3339();
        store
            .insert_session("a", "quan-tri", "c", &past, &past)
            .unwrap();
        store
            .insert_session("b", "quan-tri", "c", &past, &future)
            .unwrap();
        store
            .insert_session("c", "quan-tri", "c", &past, "not an instant")
            .unwrap();
        assert_eq!(store.purge_sessions(now).unwrap(), 2);
        assert!(store.session("a").unwrap().is_none());
        assert!(store.session("b").unwrap().is_some());
        assert!(store.session("c").unwrap().is_none());
        assert_eq!(store.purge_sessions(now).unwrap(), 0);

        let hash = sha256_hex(&[b"the token"]);
        store
            .insert_token(&hash, "quan-tri", "cổng tỉnh", &past)
            .unwrap();
        let listed = store.tokens().unwrap();
        assert_eq!(
            listed,
            vec![TokenInfo {
                id: hash[..16].to_owned(),
                login: "quan-tri".into(),
                label: "cổng tỉnh".into(),
                created: past.clone(),
            }]
        );
        // Only the exact 16 lowercase hex digits name it.
        for wrong in [
            "",
            &hash[..15],
            &hash[..17],
            &hash[..16].to_uppercase(),
            "%",
        ] {
            assert!(!store.delete_token(wrong).unwrap(), "{wrong:?}");
        }
        assert!(store.token(&hash).unwrap().is_some());
        assert!(store.delete_token(&hash[..16]).unwrap());
        assert!(store.token(&hash).unwrap().is_none());
        assert!(!store.delete_token(&hash[..16]).unwrap());
        assert_eq!(store.tokens().unwrap(), vec![]);
    }

    #[test]
    fn chain_hash_is_sha256_of_prev_then_event() {
        // SHA-256 of the empty string, and of "abc", known values.
        assert_eq!(
            sha256_hex(&[b""]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(chain_hash("a", "bc"), sha256_hex(&[b"abc"]));
        assert_eq!(
            chain_hash("a", "bc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn triggers_refuse_update_and_delete() {
        let (path, _dir) = temp_db("triggers");
        three_events(&path);
        let (store, _) = Store::open(&path, None).unwrap();
        let update = store
            .connection()
            .execute("UPDATE events SET event = 'x' WHERE seq = 2", [])
            .unwrap_err();
        assert!(
            update.to_string().contains("append-only: no UPDATE"),
            "{update}"
        );
        let delete = store
            .connection()
            .execute("DELETE FROM events WHERE seq = 3", [])
            .unwrap_err();
        assert!(
            delete.to_string().contains("append-only: no DELETE"),
            "{delete}"
        );
        assert_eq!(rows(&store).len(), 3);
    }

    /// Edits the events table behind the triggers' back (as an attacker with the file would).
    fn tamper(path: &Path, sql: &str) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; {sql}"
        ))
        .unwrap();
    }

    #[test]
    fn a_tampered_event_refuses_to_start_naming_the_seq() {
        let (path, _dir) = temp_db("tamper");
        three_events(&path);
        tamper(
            &path,
            "UPDATE events SET event = replace(event, '2.1.2', '4.1.2') WHERE seq = 2",
        );
        let err = Store::open(&path, None).unwrap_err();
        assert!(
            matches!(err, StartError::BrokenChain { seq: 2, .. }),
            "{err}"
        );
        let message = err.to_string();
        assert!(
            message.starts_with("event 2: hash does not match the chain (expected "),
            "{message}"
        );
    }

    #[test]
    fn a_rehashed_tampered_event_breaks_the_next_link() {
        let (path, _dir) = temp_db("rehash");
        three_events(&path);
        // Change event 2 and recompute its own hash: event 3's prev_hash no longer matches.
        let conn = Connection::open(&path).unwrap();
        let (event, prev): (String, String) = conn
            .query_row(
                "SELECT event, prev_hash FROM events WHERE seq = 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        drop(conn);
        let forged = event.replace("2.1.2", "4.1.2");
        let hash = chain_hash(&prev, &forged);
        tamper(
            &path,
            &format!("UPDATE events SET event = '{forged}', hash = '{hash}' WHERE seq = 2"),
        );
        let err = Store::open(&path, None).unwrap_err();
        assert!(
            matches!(err, StartError::BrokenChain { seq: 3, .. }),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("event 3: prev_hash does not match")
        );
    }

    #[test]
    fn a_gap_refuses_to_start_naming_the_missing_seq() {
        let (path, _dir) = temp_db("gap");
        three_events(&path);
        tamper(&path, "DELETE FROM events WHERE seq = 2");
        let err = Store::open(&path, None).unwrap_err();
        assert_eq!(err, StartError::Gap { seq: 2, found: 3 });
        assert_eq!(
            err.to_string(),
            "event 2: missing from the log (the next stored event is 3)"
        );
    }

    #[test]
    fn an_event_that_does_not_replay_refuses_to_start() {
        let (path, _dir) = temp_db("replay");
        three_events(&path);
        // A well-chained row whose command the core refuses (a unit editor publishing).
        let conn = Connection::open(&path).unwrap();
        let prev: String = conn
            .query_row("SELECT hash FROM events WHERE seq = 3", [], |r| r.get(0))
            .unwrap();
        let event = r#"{"seq":4,"at":"2019-01-02T20:00:09+07:00","actor":{"id":"lan","role":"unit-editor","unit":"so-noi-vu"},"command":{"type":"publish"}}"#;
        conn.execute(
            "INSERT INTO events(seq, event, prev_hash, hash) VALUES (4, ?1, ?2, ?3)",
            params![event, prev, chain_hash(&prev, event)],
        )
        .unwrap();
        drop(conn);
        let err = Store::open(&path, None).unwrap_err();
        assert!(matches!(err, StartError::BadEvent { seq: 4, .. }), "{err}");
        assert!(err.to_string().contains("permission-denied"), "{err}");
    }

    #[test]
    fn a_refused_command_writes_nothing() {
        let (path, _dir) = temp_db("refused");
        three_events(&path);
        let (mut store, mut record) = Store::open(&path, None).unwrap();
        let before = rows(&store);
        let editor = Actor::unit_editor("lan", "so-noi-vu");
        // After the lock: window-closed.
        let err = store
            .execute(
                &mut record,
                &editor,
                at("2019-01-03T00:00:00+07:00"),
                answer("4.1.1"),
            )
            .unwrap_err();
        assert_eq!(err.code(), "window-closed");
        // Another unit: other-unit.
        let other = Command::Answer {
            unit: "so-y-te".into(),
            code: "1.1.1".into(),
            answer: Answer::YesNo { yes: true },
        };
        let err = store
            .execute(&mut record, &editor, at("2019-01-02T21:00:00+07:00"), other)
            .unwrap_err();
        assert_eq!(err.code(), "other-unit");
        assert_eq!(rows(&store), before);
        assert_eq!(record.events().len(), 3);
        // The write lock was released: the next good command is number 4.
        let event = store
            .execute(
                &mut record,
                &editor,
                at("2019-01-02T21:00:00+07:00"),
                answer("4.1.1"),
            )
            .unwrap();
        assert_eq!(event.seq, 4);
    }

    #[test]
    fn a_failed_insert_answers_storage_and_rebuilds_the_record() {
        let (path, _dir) = temp_db("failing");
        three_events(&path);
        let (mut store, mut record) = Store::open(&path, None).unwrap();
        // The disk refuses the next row (as a full disk or an I/O error would).
        store
            .connection()
            .execute_batch(
                "CREATE TEMP TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
            )
            .unwrap();
        let editor = Actor::unit_editor("lan", "so-noi-vu");
        let err = store
            .execute(
                &mut record,
                &editor,
                at("2019-01-02T21:00:00+07:00"),
                answer("4.1.1"),
            )
            .unwrap_err();
        assert_eq!(err.code(), "storage");
        assert!(err.message().contains("disk full"), "{}", err.message());
        // The accepted-in-memory event was dropped: memory equals the database again.
        assert_eq!(record.events().len(), 3);
        assert_eq!(store.last_seq().unwrap(), 3);
        store
            .connection()
            .execute_batch("DROP TRIGGER temp.refuse")
            .unwrap();
        let event = store
            .execute(
                &mut record,
                &editor,
                at("2019-01-02T21:00:00+07:00"),
                answer("4.1.1"),
            )
            .unwrap();
        assert_eq!(event.seq, 4);
    }

    #[test]
    fn another_writer_is_caught_up_before_the_check() {
        let (path, _dir) = temp_db("two");
        let (mut a, mut record_a) = Store::open(&path, None).unwrap();
        let (mut b, mut record_b) = Store::open(&path, None).unwrap();
        let editor = Actor::unit_editor("lan", "so-noi-vu");
        let t = at("2019-01-02T20:00:00+07:00");
        a.execute(&mut record_a, &editor, t, answer("1.1.1"))
            .unwrap();
        let event = b
            .execute(&mut record_b, &editor, t, answer("2.1.2"))
            .unwrap();
        assert_eq!(event.seq, 2);
        assert_eq!(record_b.events().len(), 2);
        drop((a, b));
        let (_, record) = Store::open(&path, None).unwrap();
        assert_eq!(record, record_b);
    }

    #[test]
    fn the_edition_is_stored_and_another_is_refused() {
        let (path, _dir) = temp_db("edition");
        let (store, record) = Store::open(&path, None).unwrap();
        let default = cchc_criteria::default_edition();
        assert_eq!(record.edition(), &default);
        assert_eq!(store.edition().unwrap(), default);
        drop(store);
        // The same edition again is fine.
        assert!(Store::open(&path, Some(default.clone())).is_ok());
    }

    #[test]
    fn log_imports_only_into_an_empty_record_and_only_if_it_replays() {
        let (path, _dir) = temp_db("import-src");
        three_events(&path);
        let (_, record) = Store::open(&path, None).unwrap();
        let log = record.to_json();
        let (path2, _dir2) = temp_db("import-dst");
        let (mut store, _) = Store::open(&path2, None).unwrap();
        let edition = store.edition().unwrap();
        // A log that does not replay imports nothing.
        let bad = log.replace("\"seq\": 2", "\"seq\": 7");
        assert_eq!(
            store.import_log(&edition, &bad).unwrap_err().code(),
            "invalid-log"
        );
        assert_eq!(store.last_seq().unwrap(), 0);
        assert_eq!(store.import_log(&edition, &log).unwrap(), 3);
        // Not twice.
        assert_eq!(
            store.import_log(&edition, &log).unwrap_err().code(),
            "invalid-value"
        );
        drop(store);
        let (_, imported) = Store::open(&path2, None).unwrap();
        assert_eq!(imported, record);
    }

    #[test]
    fn files_are_stored_once_by_content_hash() {
        let (path, _dir) = temp_db("files");
        let (store, _) = Store::open(&path, None).unwrap();
        let a = store
            .put_file(
                "application/pdf",
                b"%PDF-1.4 a",
                "2019-01-02T20:00:00+07:00",
            )
            .unwrap();
        let b = store
            .put_file(
                "application/pdf",
                b"%PDF-1.4 a",
                "2019-01-02T20:00:01+07:00",
            )
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.sha256, sha256_hex(&[b"%PDF-1.4 a"]));
        assert_eq!(a.size, 10);
        let (media, data) = store.file(&a.sha256).unwrap().unwrap();
        assert_eq!(media, "application/pdf");
        assert_eq!(data, b"%PDF-1.4 a");
        assert_eq!(store.file(GENESIS).unwrap(), None);
    }
}
