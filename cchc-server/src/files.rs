//! Evidence files: uploaded raw (`POST /files`), stored once by content hash, read
//! (`GET /files/{sha256}`) by those the core lets read them. The types and the size limit are the
//! core's ([`cchc_core::EVIDENCE_MEDIA_TYPES`], [`cchc_core::EVIDENCE_FILE_LIMIT`]).

use crate::api::{blocking, json_response, with_type};
use crate::app::App;
use crate::error::ApiError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use cchc_core::{Command, EVIDENCE_FILE_LIMIT, EVIDENCE_MEDIA_TYPES, Error};
use std::sync::Arc;

/// The largest upload, in bytes: the core's [`EVIDENCE_FILE_LIMIT`].
pub const FILE_LIMIT: usize = EVIDENCE_FILE_LIMIT as usize;

/// The routes `/files` and `/files/{sha256}` (with the file body limit).
pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/files", post(upload))
        .route("/files/{sha256}", get(download))
        .layer(DefaultBodyLimit::max(FILE_LIMIT))
}

/// Checks that a file an `attach-evidence` command cites was uploaded, with the size and type
/// the command gives ("invalid-value" otherwise). The file's form is the core's check.
pub(crate) fn check_cited_file(app: &App, command: &Command) -> Result<(), Error> {
    let Some((unit, code, file)) = command.evidence_file() else {
        return Ok(());
    };
    let stored = app.lock().store.file_meta(&file.sha256)?;
    let problem = match stored {
        None => format!(
            "the file {} was not uploaded; upload it with POST /api/v1/files first",
            file.sha256
        ),
        Some(meta) if meta.size != file.size || meta.media_type != file.media_type => format!(
            "the file {} was uploaded as {} of {} bytes, not {} of {} bytes",
            file.sha256, meta.media_type, meta.size, file.media_type, file.size
        ),
        Some(_) => return Ok(()),
    };
    Err(Error::invalid_value(Some(unit), problem).with_criterion(code))
}

async fn upload(
    State(app): State<Arc<App>>,
    method: Method,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let meta = blocking(move || {
        app.caller(&method, &headers)?;
        let media = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essence = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let Some(media_type) = EVIDENCE_MEDIA_TYPES.iter().find(|t| **t == essence) else {
            return Err(Error::unsupported_type(media, EVIDENCE_MEDIA_TYPES).into());
        };
        let body = body.map_err(|r| match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Error::too_large("file", FILE_LIMIT),
            _ => Error::invalid_value(
                None,
                format!("the file could not be read: {}", r.body_text()),
            ),
        })?;
        if body.is_empty() {
            return Err(Error::invalid_value(None, "the file is empty").into());
        }
        let now = app.now().to_rfc3339();
        Ok(app.lock().store.put_file(media_type, &body, &now)?)
    })
    .await?;
    Ok(json_response(
        StatusCode::CREATED,
        &serde_json::json!({"sha256": meta.sha256, "size": meta.size, "media_type": meta.media_type}),
    ))
}

async fn download(
    State(app): State<Arc<App>>,
    Path(sha256): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (media, data) = blocking(move || {
        let caller = app.caller(&method, &headers)?;
        let inner = app.lock();
        inner.record.may_read_file(&caller.actor, &sha256)?;
        inner
            .store
            .file(&sha256)?
            .ok_or_else(|| Error::not_found(&format!("file {sha256}")).into())
    })
    .await?;
    let mut response = with_type(StatusCode::OK, data, "application/octet-stream");
    if let Ok(value) = HeaderValue::from_str(&media) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment"),
    );
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}
