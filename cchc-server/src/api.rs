//! The HTTP API under `/api/v1`: each handler identifies the caller, converts the request to a
//! core call, and converts the answer (or the core's error) back. No rule lives here.

use crate::app::{App, CSRF_HEADER, Caller};
use crate::error::ApiError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use cchc_core::{Command, Error, Named, ReportOptions, StageKind, may_administer, parse_instant};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// The largest JSON body accepted, in bytes (64 KiB).
pub const JSON_LIMIT: usize = 64 * 1024;
/// The largest evidence file accepted, in bytes (10 MiB, the core's limit).
pub const FILE_LIMIT: usize = crate::files::FILE_LIMIT;

type Shared = State<Arc<App>>;
type Body = Result<Bytes, BytesRejection>;

/// The routes of `/api/v1` (without the prefix).
pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/session", post(log_in).delete(log_out))
        .route("/me", get(me))
        .route("/tokens", get(list_tokens).post(new_token))
        .route("/tokens/{id}", axum::routing::delete(revoke_token))
        .route("/health", get(health))
        .route("/edition", get(edition))
        .route("/criteria/{appendix}", get(criteria))
        .route("/phase", get(phase))
        .route("/commands", post(command))
        .route("/units/{unit}/record", get(unit_record))
        .route("/units/{unit}/events", get(unit_events))
        .route("/units/{unit}/scorecard", get(unit_scorecard))
        .route("/units/{unit}/report.html", get(unit_report_html))
        .route("/units/{unit}/report.csv", get(unit_report_csv))
        .route("/results", get(results))
        .route("/results.html", get(results_html))
        .route("/results.csv", get(results_csv))
        .route("/log", get(log))
        .route("/clock", axum::routing::put(set_clock))
        .route("/openapi.json", get(openapi))
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .merge(crate::files::router())
}

/// Runs blocking work (SQLite, argon2) off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::from(Error::storage(format!("the request's worker stopped: {e}"))))?
}

/// A response with a JSON body.
pub(crate) fn json_response(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_string(value) {
        Ok(text) => with_type(status, text, "application/json"),
        Err(e) => {
            ApiError::from(Error::storage(format!("serializing the answer: {e}"))).into_response()
        }
    }
}

/// A response with a text body of a media type.
pub(crate) fn with_type(
    status: StatusCode,
    body: impl Into<axum::body::Body>,
    media: &'static str,
) -> Response {
    let mut response = (status, body.into()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    response
}

/// The body of a JSON request as text: within [`JSON_LIMIT`] ("too-large"), sent as
/// `application/json` ("unsupported-type"), UTF-8 ("invalid-json").
pub(crate) fn json_text(headers: &HeaderMap, body: Body, limit: usize) -> Result<String, ApiError> {
    let body = body.map_err(|r| match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Error::too_large("JSON body", limit),
        _ => Error::invalid_json("body", r.body_text()),
    })?;
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = media.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(Error::unsupported_type(media, &["application/json"]).into());
    }
    String::from_utf8(body.to_vec())
        .map_err(|e| Error::invalid_json("body", format!("not UTF-8: {e}")).into())
}

/// Parses a JSON value of `what`: "invalid-json" for text that is not JSON, "invalid-shape" for
/// JSON of another shape.
pub(crate) fn parse<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            Error::invalid_json(what, e)
        } else {
            Error::invalid_shape(what, e)
        }
    })
}

/// The unit named in a path must be in the edition: "unknown-unit", answered 404.
fn path_unit(app: &App, unit: &str) -> Result<(), ApiError> {
    app.edition
        .criteria_of(unit)
        .map(|_| ())
        .map_err(|e| ApiError::with_status(e, StatusCode::NOT_FOUND))
}

/// The core's errors on a path's unit: "unknown-unit" there is a 404.
fn on_path(e: Error) -> ApiError {
    if e.code() == "unknown-unit" {
        ApiError::with_status(e, StatusCode::NOT_FOUND)
    } else {
        ApiError::from(e)
    }
}

fn caller(app: &App, method: Method, headers: &HeaderMap) -> Result<Caller, ApiError> {
    app.caller(&method, headers)
}

// ---- session and tokens ------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LogIn {
    login: String,
    password: String,
}

async fn log_in(State(app): Shared, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let text = json_text(&headers, body, JSON_LIMIT)?;
    let request: LogIn = parse("login", &text)?;
    let app2 = app.clone();
    let (actor, id, csrf) =
        blocking(move || Ok(app2.log_in(&request.login, &request.password)?)).await?;
    let mut response = json_response(
        StatusCode::OK,
        &serde_json::json!({"actor": actor, "csrf": csrf}),
    );
    if let Ok(cookie) = HeaderValue::from_str(&app.cookie(&id)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

async fn log_out(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let app2 = app.clone();
    blocking(move || {
        let caller = caller(&app2, method, &headers)?;
        match caller.session {
            Some(id_hash) => Ok(app2.lock().store.delete_session(&id_hash)?),
            None => Err(Error::unauthenticated(
                "DELETE /session ends a cookie session; a bearer token has none",
            )
            .into()),
        }
    })
    .await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(cookie) = HeaderValue::from_str(&app.cookie("")) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

async fn me(State(app): Shared, method: Method, headers: HeaderMap) -> Result<Response, ApiError> {
    let caller = blocking(move || caller(&app, method, &headers)).await?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({"actor": caller.actor, "csrf": caller.csrf}),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewToken {
    login: String,
    label: String,
}

async fn new_token(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let token = blocking(move || {
        let caller = caller(&app, method, &headers)?;
        may_administer(&caller.actor, "issue tokens")?;
        let text = json_text(&headers, body, JSON_LIMIT)?;
        let request: NewToken = parse("token request", &text)?;
        if request.label.chars().count() > 200 {
            return Err(
                Error::invalid_value(None, "a token's label has at most 200 characters").into(),
            );
        }
        let inner = app.lock();
        if inner.store.account(&request.login)?.is_none() {
            return Err(Error::not_found(&format!("account {:?}", request.login)).into());
        }
        let token = crate::accounts::random_hex(32)?;
        let hash = crate::store::sha256_hex(&[token.as_bytes()]);
        inner.store.insert_token(
            &hash,
            &request.login,
            &request.label,
            &chrono::Utc::now().fixed_offset().to_rfc3339(),
        )?;
        Ok((token, crate::store::token_id(&hash).to_owned()))
    })
    .await?;
    Ok(json_response(
        StatusCode::CREATED,
        &serde_json::json!({"token": token.0, "id": token.1}),
    ))
}

async fn list_tokens(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let tokens = blocking(move || {
        let caller = caller(&app, method, &headers)?;
        may_administer(&caller.actor, "list tokens")?;
        Ok(app.lock().store.tokens()?)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &tokens))
}

async fn revoke_token(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    blocking(move || {
        let caller = caller(&app, method, &headers)?;
        may_administer(&caller.actor, "revoke tokens")?;
        if app.lock().store.delete_token(&id)? {
            Ok(())
        } else {
            Err(Error::not_found(&format!("token {id:?}")).into())
        }
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---- round-wide reads --------------------------------------------------------------------------

async fn health(State(app): Shared) -> Result<Response, ApiError> {
    let app2 = app.clone();
    let events = blocking(move || Ok(app2.lock().record.events().len())).await?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({
            "status": "ok",
            "edition": app.edition.id(),
            "now": app.now(),
            "clock": app.clock.name(),
            "events": events,
        }),
    ))
}

async fn edition(State(app): Shared) -> Response {
    with_type(StatusCode::OK, app.edition.to_json(), "application/json")
}

/// One appendix's criteria as the core lays them out for a form: every node with its depth and
/// section (`Edition::criteria_view`). An appendix that is not a name is 400 `unknown-name`; one
/// the edition does not have is 404 `not-found`.
async fn criteria(
    State(app): Shared,
    axum::extract::Path(appendix): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let appendix: cchc_core::Appendix = cchc_core::parse_name(&appendix)?;
    let view = app.edition.criteria_view(appendix).ok_or_else(|| {
        Error::not_found(&format!("criteria of appendix {appendix} in this edition"))
    })?;
    Ok(json_response(StatusCode::OK, &view))
}

async fn phase(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let value = blocking(move || {
        caller(&app, method, &headers)?;
        let now = app.now();
        let inner = app.lock();
        let state = inner.record.state();
        let schedule = app.edition.schedule();
        Ok(serde_json::json!({
            "now": now,
            "phase": inner.record.phase(now).as_str(),
            "clock": app.clock.name(),
            "official_end": schedule.official_end,
            "explanation_until": state.explanation_round.as_ref().map(|e| e.until),
            "published_at": state.published_at,
            "events": inner.record.events().len(),
        }))
    })
    .await?;
    Ok(json_response(StatusCode::OK, &value))
}

// ---- commands ----------------------------------------------------------------------------------

/// The answer to an accepted command (fields in this order, as the core writes them).
#[derive(serde::Serialize)]
struct CommandAnswer {
    event: cchc_core::Event,
    scorecard: Option<cchc_core::Scorecard>,
}

async fn command(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let value = blocking(move || {
        let caller = caller(&app, method, &headers)?;
        let text = json_text(&headers, body, JSON_LIMIT)?;
        let command = Command::from_json(&text)?;
        crate::files::check_cited_file(&app, &command)?;
        let mut inner = app.lock();
        let crate::app::Inner { store, record } = &mut *inner;
        // The clock is read inside the store's transaction, once the write lock is held.
        let event = store.execute_now(record, &caller.actor, &|| app.now(), command)?;
        let scorecard = record.stage_of(&event).map(|(unit, stage)| match stage {
            StageKind::Official => record.scorecard(unit),
            StageKind::Trial => record.trial_scorecard(unit),
        });
        Ok(CommandAnswer { event, scorecard })
    })
    .await?;
    Ok(json_response(StatusCode::CREATED, &value))
}

// ---- one unit ----------------------------------------------------------------------------------

/// Runs a read as the caller, with the record locked, off the async workers.
async fn read_as<T: Send + 'static>(
    app: Arc<App>,
    method: Method,
    headers: HeaderMap,
    read: impl FnOnce(&App, &cchc_core::RoundRecord, &Caller) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    blocking(move || {
        let caller = caller(&app, method, &headers)?;
        let inner = app.lock();
        read(&app, &inner.record, &caller)
    })
    .await
}

async fn unit_record(
    State(app): Shared,
    Path(unit): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let view = read_as(app, method, headers, move |app, record, caller| {
        path_unit(app, &unit)?;
        Ok(record.unit_view(&caller.actor, &unit)?)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &view))
}

async fn unit_events(
    State(app): Shared,
    Path(unit): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let events = read_as(app, method, headers, move |app, record, caller| {
        path_unit(app, &unit)?;
        let events = record.unit_events(&caller.actor, &unit)?;
        serde_json::to_value(events)
            .map_err(|e| Error::storage(format!("serializing events: {e}")).into())
    })
    .await?;
    Ok(json_response(StatusCode::OK, &events))
}

/// The `stage` query parameter: "official" (default) or "trial".
fn stage_param(query: Option<&str>) -> Result<StageKind, Error> {
    let mut stage = StageKind::Official;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match (key, value) {
            ("stage", "official") => stage = StageKind::Official,
            ("stage", "trial") => stage = StageKind::Trial,
            ("stage", other) => {
                return Err(Error::invalid_shape(
                    "stage",
                    format!("{other:?} is not a stage; expected official or trial"),
                ));
            }
            (other, _) => {
                return Err(Error::invalid_shape(
                    "query",
                    format!("unknown parameter {other:?}; expected stage"),
                ));
            }
        }
    }
    Ok(stage)
}

async fn unit_scorecard(
    State(app): Shared,
    Path(unit): Path<String>,
    RawQuery(query): RawQuery,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let card = read_as(app, method, headers, move |_, record, caller| {
        let stage = stage_param(query.as_deref())?;
        record
            .scorecard_for(&caller.actor, &unit, stage)
            .map_err(on_path)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &card))
}

async fn unit_report(
    app: Arc<App>,
    unit: String,
    method: Method,
    headers: HeaderMap,
) -> Result<cchc_core::SelfAssessmentReport, ApiError> {
    read_as(app, method, headers, move |_, record, caller| {
        record.report_for(&caller.actor, &unit).map_err(on_path)
    })
    .await
}

async fn unit_report_html(
    State(app): Shared,
    Path(unit): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let report = unit_report(app, unit, method, headers).await?;
    Ok(with_type(
        StatusCode::OK,
        report.to_html(&ReportOptions::default()),
        "text/html; charset=utf-8",
    ))
}

async fn unit_report_csv(
    State(app): Shared,
    Path(unit): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let report = unit_report(app, unit, method, headers).await?;
    Ok(with_type(
        StatusCode::OK,
        report.to_csv(&ReportOptions::default()),
        "text/csv; charset=utf-8",
    ))
}

// ---- results, log, clock -----------------------------------------------------------------------

async fn results_value(
    app: Arc<App>,
    method: Method,
    headers: HeaderMap,
) -> Result<cchc_core::Results, ApiError> {
    read_as(app, method, headers, move |app, record, caller| {
        Ok(record.results_for(&caller.actor, app.now())?)
    })
    .await
}

async fn results(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let results = results_value(app, method, headers).await?;
    Ok(json_response(StatusCode::OK, &results))
}

async fn results_html(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let edition = app.edition.clone();
    let results = results_value(app, method, headers).await?;
    Ok(with_type(
        StatusCode::OK,
        results.to_html(&edition, &ReportOptions::default()),
        "text/html; charset=utf-8",
    ))
}

async fn results_csv(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let results = results_value(app, method, headers).await?;
    Ok(with_type(
        StatusCode::OK,
        results.to_csv(&ReportOptions::default()),
        "text/csv; charset=utf-8",
    ))
}

async fn log(State(app): Shared, method: Method, headers: HeaderMap) -> Result<Response, ApiError> {
    let text = read_as(app, method, headers, move |_, record, caller| {
        may_administer(&caller.actor, "export the log")?;
        Ok(record.to_json())
    })
    .await?;
    Ok(with_type(StatusCode::OK, text, "application/json"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetClock {
    now: String,
    /// Read `now` until set again, instead of advancing with real time from it.
    #[serde(default)]
    frozen: bool,
}

async fn set_clock(
    State(app): Shared,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    if !app.clock.is_override() {
        return Err(Error::not_found("clock to set: the server runs on the system clock").into());
    }
    let now = blocking(move || {
        let caller = caller(&app, method, &headers)?;
        may_administer(&caller.actor, "move the clock")?;
        let text = json_text(&headers, body, JSON_LIMIT)?;
        let request: SetClock = parse("clock", &text)?;
        let at = parse_instant(&request.now)?;
        // Under the lock: no command reads the clock while it moves.
        let _inner = app.lock();
        app.clock.set(at, request.frozen);
        Ok(app.now())
    })
    .await?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::json!({"now": now, "clock": "override"}),
    ))
}

async fn openapi() -> Response {
    with_type(
        StatusCode::OK,
        crate::openapi::document_text(),
        "application/json",
    )
}

/// The answer to a path no route serves: "not-found", 404.
pub async fn not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    Error::not_found(&format!("route {method} {}", uri.path())).into()
}

/// The answer to a method a path does not serve: "not-found", 405.
pub async fn method_not_allowed(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::with_status(
        Error::not_found(&format!("route {method} {}", uri.path())),
        StatusCode::METHOD_NOT_ALLOWED,
    )
}

/// The CSRF header's name, for the pages.
pub const CSRF: &str = CSRF_HEADER;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_parameter() {
        assert_eq!(stage_param(None).unwrap(), StageKind::Official);
        assert_eq!(stage_param(Some("stage=trial")).unwrap(), StageKind::Trial);
        assert_eq!(
            stage_param(Some("stage=final")).unwrap_err().code(),
            "invalid-shape"
        );
        assert_eq!(
            stage_param(Some("x=1")).unwrap_err().code(),
            "invalid-shape"
        );
    }

    #[test]
    fn json_errors_are_told_apart() {
        assert_eq!(
            parse::<LogIn>("login", "{").err().map(|e| e.code()),
            Some("invalid-json")
        );
        assert_eq!(
            parse::<LogIn>("login", r#"{"login": "a"}"#)
                .err()
                .map(|e| e.code()),
            Some("invalid-shape")
        );
    }

    #[test]
    fn content_type_and_size() {
        let mut headers = HeaderMap::new();
        let ok = json_text(&headers, Ok(Bytes::from_static(b"{}")), JSON_LIMIT);
        assert_eq!(ok.unwrap_err().error.code(), "unsupported-type");
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert_eq!(
            json_text(&headers, Ok(Bytes::from_static(b"{}")), JSON_LIMIT).unwrap(),
            "{}"
        );
        let bad = json_text(&headers, Ok(Bytes::from_static(b"\xff")), JSON_LIMIT);
        assert_eq!(bad.unwrap_err().error.code(), "invalid-json");
    }
}
