//! Instants: always with an explicit UTC offset. Vietnam is UTC+07:00 with no daylight saving.

use crate::error::{Error, ErrorKind};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

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
        Err(_) if is_local_date_time(trimmed) => Err(format!(
            "instant {trimmed:?} has no UTC offset; write it with one, e.g. {trimmed}+07:00"
        )),
        Err(e) => Err(format!(
            "{trimmed:?} is not an instant such as 2019-01-02T23:59:59+07:00: {e}"
        )),
    }
}

/// Whether `text` is a date and time without an offset: what chrono's
/// `NaiveDateTime::parse_from_str` accepts with the formats `%Y-%m-%dT%H:%M:%S`,
/// `%Y-%m-%dT%H:%M:%S%.f` and `%Y-%m-%dT%H:%M`, scanned here as chrono scans them (whitespace
/// before each number, 1–2 digits a field, a 4-digit year or a signed one of any length, a
/// fraction of 1–9 digits and more ignored, second 60 a leap second), without chrono's format
/// strings (see [`day_month_year`]). A test compares the two on generated texts.
fn is_local_date_time(text: &str) -> bool {
    let mut rest = text;
    let Some(year) = year(&mut rest) else {
        return false;
    };
    let mut fields = [0_u32; 4];
    for (sep, field) in ["-", "-", "T", ":"].iter().zip(&mut fields) {
        let Some(after) = rest.strip_prefix(sep) else {
            return false;
        };
        rest = after;
        match number(&mut rest, 2) {
            Some(n) => *field = n as u32,
            None => return false,
        }
    }
    let [month, day, hour, minute] = fields;
    let (mut second, mut nano) = (0, 0);
    if let Some(after) = rest.strip_prefix(':') {
        rest = after;
        match number(&mut rest, 2) {
            Some(60) => (second, nano) = (59, 1_000_000_000),
            Some(n @ 0..=59) => second = n as u32,
            _ => return false,
        }
        if let Some(after) = rest.strip_prefix('.') {
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                return false;
            }
            let kept = &after[..digits.min(9)];
            let scale = 10_u32.pow(9 - kept.len() as u32);
            nano += kept.parse::<u32>().unwrap_or(0) * scale;
            rest = &after[digits..];
        }
    }
    rest.is_empty()
        && month <= 12
        && day <= 31
        && hour <= 23
        && minute <= 59
        && chrono::NaiveDate::from_ymd_opt(year, month, day).is_some()
        && chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nano).is_some()
}

/// chrono's `%Y`: whitespace, then a sign and any number of digits, or 1–4 digits.
fn year(rest: &mut &str) -> Option<i32> {
    *rest = rest.trim_start();
    if let Some(after) = rest.strip_prefix('-') {
        *rest = after;
        i32::try_from(0_i64.checked_sub(number(rest, usize::MAX)?)?).ok()
    } else if let Some(after) = rest.strip_prefix('+') {
        *rest = after;
        i32::try_from(number(rest, usize::MAX)?).ok()
    } else {
        i32::try_from(number(rest, 4)?).ok()
    }
}

/// chrono's numeric field: whitespace, then 1 to `max` ASCII digits (`None` past `i64`).
fn number(rest: &mut &str, max: usize) -> Option<i64> {
    *rest = rest.trim_start();
    let digits = rest
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let mut n = 0_i64;
    for b in rest[..digits].bytes() {
        n = n.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    *rest = &rest[digits..];
    Some(n)
}

/// A date as chrono's `%d/%m/%Y` writes it ("02/01/2019"; a year outside 0–9999 with its
/// sign, "+10000"), without chrono's format strings: their parser and formatter, with chrono's
/// locale tables, were ~10 KB of the gzipped WASM module. A test compares the two.
pub(crate) fn day_month_year(date: NaiveDate) -> String {
    let year = date.year();
    if (0..=9999).contains(&year) {
        format!("{:02}/{:02}/{year:04}", date.day(), date.month())
    } else {
        format!("{:02}/{:02}/{year:+05}", date.day(), date.month())
    }
}

/// An instant as chrono's `%H:%M ngày %d/%m/%Y` and `%:z` write it, in Vietnamese:
/// "23:59 ngày 02/01/2019 (UTC+07:00)" (the offset rounded to the minute, as chrono does).
pub(crate) fn time_and_date_vn(at: &DateTime<FixedOffset>) -> String {
    let offset = at.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = (offset.unsigned_abs() + 30) / 60;
    format!(
        "{:02}:{:02} ngày {} (UTC{sign}{:02}:{:02})",
        at.hour(),
        at.minute(),
        day_month_year(at.date_naive()),
        minutes / 60,
        minutes % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// chrono's answer, which `is_local_date_time` replaces.
    fn chrono_says(text: &str) -> bool {
        [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
        ]
        .iter()
        .any(|format| chrono::NaiveDateTime::parse_from_str(text, format).is_ok())
    }

    #[test]
    fn a_date_and_time_without_offset_is_recognised_as_chrono_recognises_it() {
        let parts: [&[&str]; 9] = [
            &[
                "2019",
                "2020",
                "1900",
                "2000",
                "19",
                "0",
                "+2019",
                "-2019",
                "+123456",
                "-0001",
                "99999",
                "+99999999999999999999",
                " 2019",
                "\u{3000}2019",
                "20a9",
                "",
            ],
            &["-", "/", " -", "--", ""],
            &[
                "01", "1", "02", "2", "12", "13", "0", " 1", "001", "a", "\t2",
            ],
            &["-", " -", ""],
            &["02", "2", "28", "29", "30", "31", "32", "0", " 2", "002"],
            &["T", "t", " ", "T ", "", "TT"],
            &["23", "0", "24", " 7", "007", "1"],
            &[":59", ":60", ":5", ": 5", ":", "59", ":599"],
            &[
                "",
                ":59",
                ":60",
                ":61",
                ":5",
                ": 5",
                ":59.",
                ":59.1",
                ":59.123456789",
                ":59.1234567891234",
                ".5",
                ":59.a",
                ":59Z",
                ":59+07:00",
                " ",
                ":59 ",
                ":59. 1",
                ":059",
                ":59.000000000000000000001",
            ],
        ];
        // Every combination would be 60 million texts: walk a deterministic sample of them.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut checked = 0;
        // Three picks in four from the first options of a part, which read as a date and time.
        let likely = [7, 1, 5, 1, 6, 1, 2, 3, 9];
        for _ in 0..300_000 {
            let mut text = String::new();
            for (options, likely) in parts.iter().zip(likely) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let from = if state % 4 == 0 {
                    options.len()
                } else {
                    likely
                };
                text.push_str(options[(state / 4 % from as u64) as usize]);
            }
            assert_eq!(is_local_date_time(&text), chrono_says(&text), "{text:?}");
            checked += usize::from(chrono_says(&text));
        }
        assert!(
            checked > 1_000,
            "too few accepted texts in the sample: {checked}"
        );
    }

    #[test]
    fn dates_and_instants_are_written_as_chrono_writes_them() {
        let years = [
            -262_143, -10_000, -9_999, -1_000, -999, -1, 0, 1, 9, 99, 999, 1_000, 2019, 9_999,
            10_000, 262_142,
        ];
        let offsets = [
            -86_399, -86_370, -86_369, -25_200, -3_600, -90, -31, -30, -29, 0, 29, 30, 59, 60,
            25_200, 25_230, 36_000, 86_369, 86_370, 86_399,
        ];
        for year in years {
            for (month, day) in [(1, 1), (2, 28), (9, 30), (12, 31)] {
                let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
                    continue;
                };
                assert_eq!(day_month_year(date), date.format("%d/%m/%Y").to_string());
                for offset in offsets {
                    let Some(offset) = FixedOffset::east_opt(offset) else {
                        continue;
                    };
                    for (h, m) in [(0, 0), (7, 5), (23, 59)] {
                        let local = date.and_hms_opt(h, m, 59).unwrap_or_default();
                        let Some(at) = local.and_local_timezone(offset).single() else {
                            continue;
                        };
                        let chrono = format!(
                            "{} (UTC{})",
                            at.format("%H:%M ngày %d/%m/%Y"),
                            at.format("%:z")
                        );
                        assert_eq!(time_and_date_vn(&at), chrono, "{at:?}");
                    }
                }
            }
        }
    }
}
