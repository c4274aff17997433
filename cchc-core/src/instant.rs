//! Instants: always with an explicit UTC offset. Vietnam is UTC+07:00 with no daylight saving.

use crate::error::{Error, ErrorKind};
use chrono::{DateTime, FixedOffset};

/// Vietnam's offset from UTC, +07:00 (no daylight saving).
pub const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// Vietnam's offset as a chrono offset.
pub fn vietnam() -> FixedOffset {
    // 25,200 s is within chrono's ±24 h range, so this is always Some.
    FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS)
        .unwrap_or(*DateTime::<FixedOffset>::default().offset())
}

/// Parses an RFC 3339 / ISO 8601 instant that carries its offset, e.g.
/// `2019-01-02T23:59:59+07:00` or `2019-01-02T16:59:59Z`. An instant without an offset is
/// refused: the same wall-clock time means different instants in different places.
///
/// ```
/// use cchc_core::parse_instant;
/// let t = parse_instant("2019-01-02T23:59:59+07:00").unwrap();
/// assert_eq!(t.to_rfc3339(), "2019-01-02T23:59:59+07:00");
/// let err = parse_instant("2019-01-02T23:59:59").unwrap_err();
/// assert_eq!(err.code(), "invalid-instant");
/// assert!(err.message().contains("no UTC offset"));
/// ```
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>, Error> {
    parse(text).map_err(|detail| {
        Error::new(ErrorKind::InvalidInstant, None, detail).with_limit(
            "an RFC 3339 instant with its offset, e.g. 2019-01-02T23:59:59+07:00".into(),
        )
    })
}

fn parse(text: &str) -> Result<DateTime<FixedOffset>, String> {
    let trimmed = text.trim();
    match DateTime::parse_from_rfc3339(trimmed) {
        Ok(t) => Ok(t),
        Err(_)
            if chrono::NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S").is_ok()
                || chrono::NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f")
                    .is_ok()
                || chrono::NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M").is_ok() =>
        {
            Err(format!(
                "instant {trimmed:?} has no UTC offset; write it with one, e.g. {trimmed}+07:00"
            ))
        }
        Err(e) => Err(format!(
            "{trimmed:?} is not an instant such as 2019-01-02T23:59:59+07:00: {e}"
        )),
    }
}
