//! Dates and instants read as chrono's `FromStr` reads them (its serde does the same), without
//! chrono's generic parser: every `NaiveDate` and `DateTime<FixedOffset>` the core reads from
//! JSON (the edition's decision and schedule, commands, events, the record's state, reports) is
//! read here, through `#[serde(deserialize_with)]`. `NaiveDate::from_str` ("2019-01-02", whitespace allowed around each
//! number and before each dash) and `DateTime<FixedOffset>::from_str` (RFC 3339 relaxed: `T`,
//! `t` or a space between date and time, a fraction of any length, whitespace between parts,
//! `Z`, `UTC` or an offset with or without its colon, U+2212 as a minus sign). chrono's parser
//! takes any format string, so all of it (RFC 2822, month and weekday names, …) was compiled
//! into the WASM modules: in the browser's, only to read the report's `Evidence.date` and
//! `Submission.at`, 7.6 KB gzipped. The same texts are accepted and refused, with chrono's messages; a test
//! compares the two on generated texts.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde::Deserializer;
use serde::de::{self, Visitor};
use std::fmt;
use std::ops::RangeInclusive;

/// Why a text is refused: chrono's `ParseErrorKind`, with its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    OutOfRange,
    Impossible,
    Invalid,
    TooShort,
    TooLong,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Failure::OutOfRange => "input is out of range",
            Failure::Impossible => "no possible date and time matching input",
            Failure::Invalid => "input contains invalid characters",
            Failure::TooShort => "premature end of input",
            Failure::TooLong => "trailing input",
        })
    }
}

type Scan<'a, T> = Result<(&'a str, T), Failure>;

/// chrono's `scan::number` with a minimum of one digit: up to `max` ASCII digits.
fn digits(s: &str, max: usize) -> Scan<'_, i64> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return Err(Failure::TooShort);
    }
    let mut n = 0_i64;
    for (i, &c) in bytes.iter().take(max).enumerate() {
        if !c.is_ascii_digit() {
            return if i == 0 {
                Err(Failure::Invalid)
            } else {
                Ok((&s[i..], n))
            };
        }
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(i64::from(c - b'0')))
            .ok_or(Failure::OutOfRange)?;
    }
    Ok((&s[max.min(bytes.len())..], n))
}

/// A numeric item of two digits at most after whitespace, in `range` (chrono's setters).
fn field(s: &str, range: RangeInclusive<i64>) -> Scan<'_, u32> {
    let (s, n) = digits(s.trim_start(), 2)?;
    match u32::try_from(n) {
        Ok(v) if range.contains(&n) => Ok((s, v)),
        _ => Err(Failure::OutOfRange),
    }
}

/// The year item: whitespace, then a sign and any number of digits, or up to four digits.
fn year(s: &str) -> Scan<'_, i32> {
    let s = s.trim_start();
    let (s, n) = if let Some(rest) = s.strip_prefix('-') {
        let (s, n) = digits(rest, usize::MAX)?;
        (s, -n)
    } else if let Some(rest) = s.strip_prefix('+') {
        digits(rest, usize::MAX)?
    } else {
        digits(s, 4)?
    };
    Ok((s, i32::try_from(n).map_err(|_| Failure::OutOfRange)?))
}

/// A literal after optional whitespace (chrono's `Space("")` then `Literal`).
fn literal<'a>(s: &'a str, text: &str) -> Result<&'a str, Failure> {
    let s = s.trim_start();
    if s.len() < text.len() {
        Err(Failure::TooShort)
    } else {
        s.strip_prefix(text).ok_or(Failure::Invalid)
    }
}

/// Year, month and day as `NaiveDate::from_str` reads them, before its trailing check.
fn ymd(s: &str) -> Scan<'_, (i32, u32, u32)> {
    let (s, y) = year(s)?;
    let (s, m) = field(literal(s, "-")?, 1..=12)?;
    let (s, d) = field(literal(s, "-")?, 1..=31)?;
    Ok((s, (y, m, d)))
}

fn to_date((y, m, d): (i32, u32, u32)) -> Result<NaiveDate, Failure> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Failure::OutOfRange)
}

/// A date as `NaiveDate::from_str` reads it.
pub(crate) fn date(text: &str) -> Result<NaiveDate, Failure> {
    let (rest, ymd) = ymd(text)?;
    if !rest.trim_start().is_empty() {
        return Err(Failure::TooLong);
    }
    to_date(ymd)
}

/// An offset as chrono's `scan::timezone_offset` reads it (`Z` allowed, the colon or spaces
/// optional, minutes required, U+2212 a minus sign), in seconds.
fn offset(s: &str) -> Scan<'_, i32> {
    if let Some(rest) = s.strip_prefix(['Z', 'z']) {
        return Ok((rest, 0));
    }
    let (s, negative) = if let Some(rest) = s.strip_prefix('+') {
        (rest, false)
    } else if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        (rest, true)
    } else if s.is_empty() {
        return Err(Failure::TooShort);
    } else {
        return Err(Failure::Invalid);
    };
    let two = |s: &str| match s.as_bytes() {
        [a, b, ..] => Ok((*a, *b)),
        _ => Err(Failure::TooShort),
    };
    let hours = match two(s)? {
        (a @ b'0'..=b'9', b @ b'0'..=b'9') => i32::from((a - b'0') * 10 + (b - b'0')),
        _ => return Err(Failure::Invalid),
    };
    let s = s[2..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let minutes = match two(s)? {
        (a @ b'0'..=b'5', b @ b'0'..=b'9') => i32::from((a - b'0') * 10 + (b - b'0')),
        (b'6'..=b'9', b'0'..=b'9') => return Err(Failure::OutOfRange),
        _ => return Err(Failure::Invalid),
    };
    let seconds = hours * 3600 + minutes * 60;
    Ok((&s[2..], if negative { -seconds } else { seconds }))
}

/// An instant as `DateTime<FixedOffset>::from_str` reads it.
pub(crate) fn instant(text: &str) -> Result<DateTime<FixedOffset>, Failure> {
    let (s, ymd) = ymd(text)?;
    let s = match s.as_bytes().first() {
        Some(b't' | b'T' | b' ') => &s[1..],
        Some(_) => return Err(Failure::Invalid),
        None => return Err(Failure::TooShort),
    };
    let (s, hour) = field(s, 0..=23)?;
    let (s, minute) = field(literal(s, ":")?, 0..=59)?;
    let (mut s, second) = field(literal(s, ":")?, 0..=60)?;
    let mut nano = 0;
    if let Some(rest) = s.strip_prefix('.') {
        let (rest, n) = digits(rest, 9)?;
        let scale = 10_i64.pow(9 - (s.len() - 1 - rest.len()) as u32);
        nano = u32::try_from(n * scale).map_err(|_| Failure::OutOfRange)?;
        s = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let s = s.trim_start();
    let (s, offset) = match s.get(..3) {
        Some(utc) if utc.eq_ignore_ascii_case("UTC") => (&s[3..], 0),
        _ => offset(s)?,
    };
    if !s.trim_start().is_empty() {
        return Err(Failure::TooLong);
    }
    let date = to_date(ymd)?;
    let (second, leap) = if second == 60 {
        (59, 1_000_000_000)
    } else {
        (second, 0)
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, leap + nano)
        .ok_or(Failure::OutOfRange)?;
    let offset = FixedOffset::east_opt(offset).ok_or(Failure::OutOfRange)?;
    offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .ok_or(Failure::Impossible)
}

/// A string visitor with chrono's serde wording (`expected …`) and reading.
struct Text<T>(&'static str, fn(&str) -> Result<T, Failure>);

impl<T> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        (self.1)(value).map_err(E::custom)
    }
}

/// `#[serde(deserialize_with)]` for a `NaiveDate`, as chrono's serde reads it.
pub(crate) fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(Text("a formatted date string", date))
}

/// `#[serde(deserialize_with)]` for a `DateTime<FixedOffset>`, as chrono's serde reads it.
pub(crate) fn de_instant<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<DateTime<FixedOffset>, D::Error> {
    d.deserialize_str(Text("an RFC 3339 formatted date and time string", instant))
}

/// `#[serde(default, deserialize_with)]` for an `Option<DateTime<FixedOffset>>`: `null` is
/// `None`, as serde reads an `Option`.
pub(crate) fn de_instant_opt<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<DateTime<FixedOffset>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("option")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            de_instant(d).map(Some)
        }
    }
    d.deserialize_option(Opt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// Texts around valid dates and instants: every character replaced, removed or doubled,
    /// and pseudo-random texts over the characters chrono's reading cares about.
    fn texts() -> Vec<String> {
        let seeds = [
            "2019-01-02",
            " 2019 - 1 -2 ",
            "+12019-01-02",
            "-0044-03-15",
            "2019-02-29",
            "2020-02-29",
            "2019-01-02T23:59:59+07:00",
            "2019-01-02t23:59:59.123456789123z",
            "2019-01-02 23:59:60.5 UTC",
            "2018-12-31T23:59:60Z",
            "2019-01-02T23:59:59.1 − 07 30",
            "2019-01-02T00:00:00+23:59",
            "2019-01-02T00:00:00-24:00",
            "+262142-12-31T23:59:59-01:00",
            "-262143-01-01T00:00:00+01:00",
            "99999999999-01-01",
            "2019-1-2T3:4:5+0700",
            "2019-01-02T23:59:59 +07:00 ",
        ];
        let alphabet: Vec<char> = "0123456789-+:.TtZzUTCutc \t\u{2212}\u{a0}x"
            .chars()
            .collect();
        let mut out: Vec<String> = seeds.iter().map(|s| (*s).to_owned()).collect();
        for seed in seeds {
            let chars: Vec<char> = seed.chars().collect();
            for i in 0..=chars.len() {
                out.push(chars[..i].iter().collect());
                if i < chars.len() {
                    let mut removed = chars.clone();
                    removed.remove(i);
                    out.push(removed.iter().collect());
                    let mut doubled = chars.clone();
                    doubled.insert(i, chars[i]);
                    out.push(doubled.iter().collect());
                    for &c in &alphabet {
                        let mut changed = chars.clone();
                        changed[i] = c;
                        out.push(changed.iter().collect());
                    }
                }
            }
        }
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 8 + (state % 28) as usize;
            let seed = seeds[(state >> 40) as usize % seeds.len()];
            text.extend(seed.chars().take(len / 2));
            for _ in text.chars().count()..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            out.push(text);
        }
        out
    }

    #[test]
    fn dates_are_read_as_chrono_reads_them() {
        let (mut ok, mut refused) = (0, 0);
        for text in texts() {
            let ours = date(&text).map_err(|e| e.to_string());
            let chrono = NaiveDate::from_str(&text).map_err(|e| e.to_string());
            assert_eq!(ours, chrono, "{text:?}");
            if ours.is_ok() { ok += 1 } else { refused += 1 }
        }
        assert!(ok > 100 && refused > 1000, "{ok} read, {refused} refused");
    }

    #[test]
    fn instants_are_read_as_chrono_reads_them() {
        let (mut ok, mut refused) = (0, 0);
        for text in texts() {
            let ours = instant(&text).map_err(|e| e.to_string());
            let chrono = DateTime::<FixedOffset>::from_str(&text).map_err(|e| e.to_string());
            assert_eq!(ours, chrono, "{text:?}");
            if ours.is_ok() { ok += 1 } else { refused += 1 }
        }
        assert!(ok > 100 && refused > 1000, "{ok} read, {refused} refused");
    }

    #[test]
    fn serde_reads_and_refuses_as_chrono_serde_does() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Ours {
            #[serde(deserialize_with = "de_date")]
            date: NaiveDate,
            #[serde(deserialize_with = "de_instant")]
            at: DateTime<FixedOffset>,
            #[serde(default, deserialize_with = "de_instant_opt")]
            last: Option<DateTime<FixedOffset>>,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Chrono {
            date: NaiveDate,
            at: DateTime<FixedOffset>,
            last: Option<DateTime<FixedOffset>>,
        }
        for json in [
            r#"{"date": "2019-01-02", "at": "2019-01-02T23:59:59+07:00"}"#,
            r#"{"date": "2019-02-30", "at": "2019-01-02T23:59:59+07:00"}"#,
            r#"{"date": "2019-01-02", "at": "2019-01-02T23:59:59"}"#,
            r#"{"date": 20190102, "at": "2019-01-02T23:59:59+07:00"}"#,
            r#"{"date": "2019-01-02", "at": 1.5}"#,
            r#"{"date": null, "at": "2019-01-02T23:59:59+07:00"}"#,
            r#"{"date": "2019-01-02", "at": "2019-01-02T23:59:59+07:00", "last": null}"#,
            r#"{"date": "2019-01-02", "at": "2019-01-02T23:59:59Z", "last": "2019-01-03 00:00:00 UTC"}"#,
            r#"{"date": "2019-01-02", "at": "2019-01-02T23:59:59Z", "last": "2019-01-03"}"#,
            r#"{"date": "2019-01-02", "at": "2019-01-02T23:59:59Z", "last": 5}"#,
        ] {
            let ours = serde_json::from_str::<Ours>(json)
                .map(|o| (o.date, o.at, o.last))
                .map_err(|e| e.to_string());
            let chrono = serde_json::from_str::<Chrono>(json)
                .map(|c| (c.date, c.at, c.last))
                .map_err(|e| e.to_string());
            assert_eq!(ours, chrono, "{json}");
        }
    }
}
