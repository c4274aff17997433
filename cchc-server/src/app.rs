//! The server's shared state: the store and the in-memory record behind one mutex, the clock, and
//! who is asking (sessions, CSRF, bearer tokens).

use crate::accounts::{random_hex, verify_password};
use crate::clock::Clock;
use crate::error::ApiError;
use crate::store::{Account, Store, sha256_hex};
use axum::http::{HeaderMap, Method, header};
use cchc_core::{Actor, Edition, Error, RoundRecord};
use chrono::{DateTime, FixedOffset, Utc};
use std::sync::{Arc, Mutex, MutexGuard};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "cchc_session";
/// The header a cookie-authenticated change must carry.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// How long a session lasts, in hours.
pub const SESSION_HOURS: i64 = 12;

/// The store and the record it replays to, changed only together.
#[derive(Debug)]
pub struct Inner {
    /// The database.
    pub store: Store,
    /// The record, equal to a replay of the database's events.
    pub record: RoundRecord,
}

/// Everything a request handler needs.
#[derive(Debug)]
pub struct App {
    inner: Mutex<Inner>,
    /// The round's edition.
    pub edition: Edition,
    /// The only clock.
    pub clock: Clock,
    /// Cookies without `Secure` (plain-HTTP demos and tests).
    pub insecure_cookies: bool,
    /// A PHC string to verify against when a login does not exist (same time as a wrong
    /// password).
    dummy_hash: String,
}

/// Who is asking, and how.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The account's actor.
    pub actor: Actor,
    /// The session's CSRF token (`None` for a bearer token).
    pub csrf: Option<String>,
    /// The hash of the session id, when by cookie.
    pub session: Option<String>,
}

impl App {
    /// Shared state around an opened store.
    pub fn new(
        store: Store,
        record: RoundRecord,
        clock: Clock,
        insecure_cookies: bool,
    ) -> Result<Arc<App>, Error> {
        let edition = record.edition().clone();
        let dummy_hash = crate::accounts::hash_password(&random_hex(16)?)?;
        Ok(Arc::new(App {
            inner: Mutex::new(Inner { store, record }),
            edition,
            clock,
            insecure_cookies,
            dummy_hash,
        }))
    }

    /// The store and record, locked. A mutex poisoned by a panic is recovered by rebuilding the
    /// record from the database, so memory never drifts from the log.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                let mut guard = poisoned.into_inner();
                if let Ok(record) = guard.store.reload(&self.edition) {
                    guard.record = record;
                }
                self.inner.clear_poison();
                guard
            }
        }
    }

    /// Identifies the caller of a request: a bearer token, else the session cookie (and then, on
    /// POST/PUT/DELETE, the CSRF header must equal the session's token).
    pub fn caller(&self, method: &Method, headers: &HeaderMap) -> Result<Caller, ApiError> {
        if let Some(value) = headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    Error::unauthenticated("the Authorization header must be `Bearer TOKEN`")
                })?;
            let account = self
                .lock()
                .store
                .token(&sha256_hex(&[token.as_bytes()]))?
                .ok_or_else(|| Error::unauthenticated("the bearer token is not valid"))?;
            return Ok(Caller {
                actor: account.actor(),
                csrf: None,
                session: None,
            });
        }
        let id = session_cookie(headers).ok_or_else(|| {
            Error::unauthenticated("log in first: no session cookie and no bearer token")
        })?;
        let id_hash = sha256_hex(&[id.as_bytes()]);
        let (account, csrf, expires) = self
            .lock()
            .store
            .session(&id_hash)?
            .ok_or_else(|| Error::unauthenticated("the session is not valid; log in again"))?;
        let expired = DateTime::parse_from_rfc3339(&expires).map_or(true, |e| e <= Utc::now());
        if expired {
            return Err(Error::unauthenticated("the session has expired; log in again").into());
        }
        if is_unsafe(method) {
            let given = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), csrf.as_bytes())) {
                return Err(Error::csrf(CSRF_HEADER).into());
            }
        }
        Ok(Caller {
            actor: account.actor(),
            csrf: Some(csrf),
            session: Some(id_hash),
        })
    }

    /// Checks a login and password; on success opens a session and returns
    /// `(actor, session id, csrf token)`. A wrong login and a wrong password get the same
    /// answer, after the same work.
    pub fn log_in(&self, login: &str, password: &str) -> Result<(Actor, String, String), Error> {
        let account: Option<Account> = self.lock().store.account(login)?;
        let hash = account
            .as_ref()
            .map_or(self.dummy_hash.as_str(), |a| a.password.as_str());
        // Argon2 runs outside the lock: other requests go on meanwhile.
        let ok = verify_password(password, hash);
        let account = match account {
            Some(a) if ok => a,
            _ => return Err(Error::unauthenticated("wrong login or password")),
        };
        let id = random_hex(32)?;
        let csrf = random_hex(32)?;
        let now = Utc::now();
        let created = now.fixed_offset();
        let expires = created + chrono::Duration::hours(SESSION_HOURS);
        let inner = self.lock();
        // Sessions past their expiry are refused anyway; each log-in clears them away.
        inner.store.purge_sessions(now)?;
        inner.store.insert_session(
            &sha256_hex(&[id.as_bytes()]),
            &account.login,
            &csrf,
            &created.to_rfc3339(),
            &expires.to_rfc3339(),
        )?;
        Ok((account.actor(), id, csrf))
    }

    /// The `Set-Cookie` value of a session (or, with an empty id, of its removal).
    pub fn cookie(&self, id: &str) -> String {
        let secure = if self.insecure_cookies {
            ""
        } else {
            "; Secure"
        };
        let age = if id.is_empty() {
            "; Max-Age=0".to_owned()
        } else {
            format!("; Max-Age={}", SESSION_HOURS * 3600)
        };
        format!("{SESSION_COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/{age}{secure}")
    }

    /// The clock's instant now.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session id from the `Cookie` headers, if any.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; cchc_session=abc ; b=2"),
        );
        assert_eq!(session_cookie(&headers).as_deref(), Some("abc"));
        headers.insert(header::COOKIE, HeaderValue::from_static("cchc_session="));
        assert_eq!(session_cookie(&headers), None);
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
