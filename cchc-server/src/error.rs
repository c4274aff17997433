//! Every error answer is the core's error JSON with the HTTP status of its code.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use cchc_core::{Category, Error};

/// The HTTP status of a core error (see `docs/server.md`).
///
/// ```
/// use cchc_server::status_of;
/// let err = cchc_core::Error::unauthenticated("no session");
/// assert_eq!(status_of(&err).as_u16(), 401);
/// ```
pub fn status_of(error: &Error) -> StatusCode {
    match error.code() {
        "unauthenticated" => StatusCode::UNAUTHORIZED,
        "permission-denied" | "other-unit" | "csrf" => StatusCode::FORBIDDEN,
        "window-closed" => StatusCode::LOCKED,
        "wrong-phase" | "published" | "already-submitted" | "evidence-missing"
        | "nothing-to-contest" | "out-of-order" | "unknown-evidence" => StatusCode::CONFLICT,
        "too-large" => StatusCode::PAYLOAD_TOO_LARGE,
        "unsupported-type" => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "not-found" => StatusCode::NOT_FOUND,
        "storage" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => match error.category() {
            Category::Answer | Category::Input | Category::Edition | Category::Record => {
                StatusCode::BAD_REQUEST
            }
        },
    }
}

/// A core error on its way out as an HTTP answer; `status` overrides the code's status (an
/// unknown unit named in a path is 404, not 400).
#[derive(Debug)]
pub struct ApiError {
    /// The error.
    pub error: Error,
    /// The status, when not the code's.
    pub status: Option<StatusCode>,
}

impl ApiError {
    /// The error answered with `status` instead of its code's.
    pub fn with_status(error: Error, status: StatusCode) -> ApiError {
        ApiError {
            error,
            status: Some(status),
        }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> ApiError {
        ApiError {
            error,
            status: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status.unwrap_or_else(|| status_of(&self.error));
        let mut response = (status, self.error.to_json()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_of_the_contract() {
        let cases: Vec<(Error, u16)> = vec![
            (Error::unauthenticated("x"), 401),
            (Error::csrf("X-CSRF-Token"), 403),
            (Error::too_large("body", 65536), 413),
            (
                Error::unsupported_type("text/plain", &["application/json"]),
                415,
            ),
            (Error::not_found("route"), 404),
            (Error::storage("disk"), 500),
            (Error::invalid_json("command", "eof"), 400),
            (Error::invalid_shape("command", "missing type"), 400),
            (Error::invalid_value(None, "empty"), 400),
        ];
        for (error, status) in cases {
            assert_eq!(status_of(&error).as_u16(), status, "{}", error.code());
        }
    }

    #[test]
    fn record_refusals_have_their_statuses() {
        use cchc_core::{Actor, Answer, Command, RoundRecord, parse_instant};
        let edition = cchc_criteria::default_edition();
        let mut record = RoundRecord::new(&edition);
        let answer = Command::Answer {
            unit: "so-noi-vu".into(),
            code: "1.1.1".into(),
            answer: Answer::YesNo { yes: true },
        };
        let locked = parse_instant("2019-01-03T00:00:00+07:00").unwrap();
        let open = parse_instant("2019-01-02T20:00:00+07:00").unwrap();
        let editor = Actor::unit_editor("lan", "so-noi-vu");
        let err = record.execute(&editor, locked, answer.clone()).unwrap_err();
        assert_eq!(
            (err.code(), status_of(&err).as_u16()),
            ("window-closed", 423)
        );
        let err = record
            .execute(&Actor::unit_editor("x", "so-y-te"), open, answer.clone())
            .unwrap_err();
        assert_eq!((err.code(), status_of(&err).as_u16()), ("other-unit", 403));
        let err = record.execute(&editor, open, Command::Publish).unwrap_err();
        assert_eq!(
            (err.code(), status_of(&err).as_u16()),
            ("permission-denied", 403)
        );
        let err = record
            .execute(
                &Actor::appraiser("h"),
                open,
                Command::Appraise {
                    unit: "so-noi-vu".into(),
                    code: "1.1.1".into(),
                    points: cchc_core::Decimal::ONE,
                    comment: String::new(),
                },
            )
            .unwrap_err();
        assert_eq!((err.code(), status_of(&err).as_u16()), ("wrong-phase", 409));
    }

    #[test]
    fn the_body_is_the_core_error_json() {
        let response = ApiError::from(Error::not_found("route GET /x")).into_response();
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            HeaderValue::from_static("application/json")
        );
    }
}
