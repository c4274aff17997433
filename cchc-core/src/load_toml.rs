//! Loading an edition from its TOML files, reporting every problem with file and line.

use crate::name::Named;
const FORMAT_VERSION: u32 = Edition::FORMAT_VERSION;
use crate::criteria::{Assessor, CriteriaSet, Leaf, Node, Section, TextStatus, Tree};
use crate::edition::{Band, Decision, Edition, EditionData, Schedule};
use crate::error::Error;
use crate::method::{ChecklistItem, Choice, Method, Tier};
use crate::problem::{Location, Problem, ProblemKind};
use crate::rounding::Rounding;
use crate::unit::{Appendix, Group, Unit};
use crate::validate::{Site, Sites, validate};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The file every edition folder starts from.
pub const EDITION_FILE: &str = "edition.toml";

impl Edition {
    /// Loads an edition from the text of its TOML files, given as `(file name, text)` pairs; one
    /// of them is `edition.toml`, which names the others. Every problem found in any file is
    /// reported at once, with its file and line.
    ///
    /// ```
    /// use cchc_core::Edition;
    /// let files = cchc_criteria::edition_files("soc-trang-2018").unwrap();
    /// let edition = Edition::from_toml_files(files).unwrap();
    /// assert_eq!(edition.id(), "soc-trang-2018");
    ///
    /// let err = Edition::from_toml_files(&[("edition.toml", "format = 1\nid = 7\n")]).unwrap_err();
    /// assert!(err.problems().iter().any(|p| p.kind.code() == "wrong-type"));
    /// ```
    pub fn from_toml_files(files: &[(&str, &str)]) -> Result<Edition, Error> {
        let mut loader = Loader {
            files,
            problems: Vec::new(),
            sites: Sites::for_file(EDITION_FILE),
            schedule_ok: true,
        };
        let edition = loader.edition();
        let Loader {
            mut problems,
            sites,
            schedule_ok,
            ..
        } = loader;
        if let Some(edition) = &edition {
            let mut semantic = validate(edition, &sites);
            if !schedule_ok {
                semantic.retain(|p| p.kind != ProblemKind::ScheduleOrder);
            }
            problems.extend(semantic);
        }
        if problems.is_empty() {
            if let Some(edition) = edition {
                return Ok(Edition::from_data(edition));
            }
        }
        let order: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        problems.sort_by_key(|p| {
            let file = order.iter().position(|f| *f == p.location.file);
            (file, p.location.line)
        });
        Err(Error::edition(problems))
    }
}

/// One TOML source with its line index.
struct Source<'a> {
    name: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    fn new(name: &'a str, text: &str) -> Source<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { name, line_starts }
    }
    fn location(&self, span: &Range<usize>) -> Location {
        let line = self.line_starts.partition_point(|&s| s <= span.start);
        Location {
            file: self.name.to_owned(),
            line: u32::try_from(line).ok(),
        }
    }
}

/// A table being read: the keys taken so far are remembered to report the rest as unknown.
struct Table<'t, 'i> {
    entries: &'t DeTable<'i>,
    span: Range<usize>,
    used: HashSet<&'t str>,
    /// What the problems in this table are about (a node code, a unit id).
    subject: Option<String>,
}

impl<'t, 'i> Table<'t, 'i> {
    fn new(entries: &'t DeTable<'i>, span: Range<usize>) -> Self {
        Table {
            entries,
            span,
            used: HashSet::new(),
            subject: None,
        }
    }
    fn get(&mut self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        let (k, v) = self
            .entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)?;
        self.used.insert(k.get_ref().as_ref());
        Some(v)
    }
    fn has(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, _)| k.get_ref().as_ref() == key)
    }
}

struct Reader<'s, 'p> {
    src: &'s Source<'s>,
    problems: &'p mut Vec<Problem>,
}

impl Reader<'_, '_> {
    fn push(
        &mut self,
        kind: ProblemKind,
        span: &Range<usize>,
        subject: Option<&str>,
        message: String,
    ) {
        self.problems.push(Problem {
            kind,
            location: self.src.location(span),
            subject: subject.map(str::to_owned),
            message,
        });
    }

    fn missing(&mut self, table: &Table<'_, '_>, key: &str, what: &str) {
        let subject = table.subject.clone();
        self.push(
            ProblemKind::MissingKey,
            &table.span.clone(),
            subject.as_deref(),
            format!("missing `{key}` ({what})"),
        );
    }

    fn wrong_type(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
    ) {
        let subject = table.subject.clone();
        let found = type_name(value.get_ref());
        self.push(
            ProblemKind::WrongType,
            &value.span(),
            subject.as_deref(),
            format!("`{key}` must be {expected}, found {found}"),
        );
    }

    /// A required text of the edition: empty (and reported) when missing or not a string.
    fn text(&mut self, table: &mut Table<'_, '_>, key: &str) -> Cow<'static, str> {
        self.value::<String>(table, key, true)
            .unwrap_or_default()
            .into()
    }

    /// The value of `key` read as a `T`: every typed getter of the loader. A missing required
    /// key, a value of the wrong type and a value of the right type that is not valid are each
    /// reported once, with the key's location.
    fn value<T: FromToml>(
        &mut self,
        table: &mut Table<'_, '_>,
        key: &str,
        required: bool,
    ) -> Option<T> {
        let Some(value) = table.get(key) else {
            if required {
                self.missing(table, key, T::MISSING);
            }
            return None;
        };
        match T::from_toml(value.get_ref(), key) {
            Ok(v) => Some(v),
            Err(None) => {
                self.wrong_type(table, key, value, T::EXPECTED);
                None
            }
            Err(Some((kind, message))) => {
                let subject = table.subject.clone();
                self.push(kind, &value.span(), subject.as_deref(), message);
                None
            }
        }
    }

    fn table<'t, 'i>(
        &mut self,
        parent: &mut Table<'t, 'i>,
        key: &str,
        required: bool,
    ) -> Option<Table<'t, 'i>> {
        let Some(value) = parent.get(key) else {
            if required {
                self.missing(parent, key, "a table");
            }
            return None;
        };
        match value.get_ref() {
            DeValue::Table(t) => {
                let mut table = Table::new(t, value.span());
                table.subject = parent.subject.clone();
                Some(table)
            }
            _ => {
                self.wrong_type(parent, key, value, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[key]]`).
    fn tables<'t, 'i>(&mut self, parent: &mut Table<'t, 'i>, key: &str) -> Vec<Table<'t, 'i>> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(parent, key, value, "an array of tables ([[...]])");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::Table(t) => {
                    let mut table = Table::new(t, item.span());
                    table.subject = parent.subject.clone();
                    out.push(table);
                }
                _ => self.wrong_type(parent, key, item, "an array of tables ([[...]])"),
            }
        }
        out
    }

    fn status(&mut self, table: &mut Table<'_, '_>) -> TextStatus {
        let span = table.get("status").map(Spanned::span);
        match self.value::<String>(table, "status", true).as_deref() {
            Some("official") => TextStatus::Official,
            Some("reconstructed") | None => TextStatus::Reconstructed,
            Some(other) => {
                let subject = table.subject.clone();
                self.push(
                    ProblemKind::InvalidValue,
                    &span.unwrap_or(table.span.clone()),
                    subject.as_deref(),
                    format!("status {other:?} must be \"official\" or \"reconstructed\""),
                );
                TextStatus::Reconstructed
            }
        }
    }

    /// Reports every key that was not taken, with a hint when it belongs elsewhere.
    fn finish(&mut self, table: &Table<'_, '_>, hint: &dyn Fn(&str) -> Option<String>) {
        for (key, _) in table.entries.iter() {
            let name = key.get_ref().as_ref();
            if !table.used.contains(name) {
                let message = hint(name).unwrap_or_else(|| format!("unknown key `{name}`"));
                self.push(
                    ProblemKind::UnknownKey,
                    &key.span(),
                    table.subject.as_deref(),
                    message,
                );
            }
        }
    }
}

/// A TOML value read into a Rust type by [`Reader::value`].
trait FromToml: Sized {
    /// What the key should hold, said when it is missing ("a string").
    const MISSING: &'static str;
    /// What the key should hold, said when its value has another type.
    const EXPECTED: &'static str = Self::MISSING;
    /// The value; `Err(None)` for a value of another type, `Err(Some(problem))` for a value of
    /// the right type that is not valid.
    fn from_toml(value: &DeValue<'_>, key: &str) -> Result<Self, Option<(ProblemKind, String)>>;
}

impl FromToml for String {
    const MISSING: &'static str = "a string";
    fn from_toml(value: &DeValue<'_>, _: &str) -> Result<Self, Option<(ProblemKind, String)>> {
        match value {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(None),
        }
    }
}

impl FromToml for bool {
    const MISSING: &'static str = "true or false";
    fn from_toml(value: &DeValue<'_>, _: &str) -> Result<Self, Option<(ProblemKind, String)>> {
        match value {
            DeValue::Boolean(b) => Ok(*b),
            _ => Err(None),
        }
    }
}

impl FromToml for i64 {
    const MISSING: &'static str = "an integer";
    fn from_toml(value: &DeValue<'_>, key: &str) -> Result<Self, Option<(ProblemKind, String)>> {
        match value {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .map_err(|_| {
                    let message = format!(
                        "`{key}` = {} is not an integer this format reads",
                        i.as_str()
                    );
                    Some((ProblemKind::BadNumber, message))
                }),
            _ => Err(None),
        }
    }
}

/// A decimal written as a TOML number: its literal text is read, never a binary float.
impl FromToml for Decimal {
    const MISSING: &'static str = "a number";
    fn from_toml(value: &DeValue<'_>, key: &str) -> Result<Self, Option<(ProblemKind, String)>> {
        let literal = match value {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
            DeValue::Float(f) => f.as_str(),
            DeValue::String(s) => {
                let message =
                    format!("`{key}` must be a number written without quotes (e.g. {key} = {s})");
                return Err(Some((ProblemKind::WrongType, message)));
            }
            _ => return Err(None),
        };
        let clean = literal.replace('_', "");
        let parsed = if clean.contains(['e', 'E', 'i', 'n']) {
            None
        } else {
            Decimal::from_str_exact(&clean).ok()
        };
        parsed.ok_or_else(|| {
            let message = format!("`{key}` = {literal} is not a plain decimal number such as 14.5");
            Some((ProblemKind::BadNumber, message))
        })
    }
}

impl FromToml for DateTime<FixedOffset> {
    const MISSING: &'static str = "an instant such as 2018-12-24T00:00:00+07:00";
    const EXPECTED: &'static str = "an offset date-time such as 2018-12-24T00:00:00+07:00";
    fn from_toml(value: &DeValue<'_>, key: &str) -> Result<Self, Option<(ProblemKind, String)>> {
        match value {
            DeValue::Datetime(dt)
                if dt.offset.is_some() && dt.time.is_some() && dt.date.is_some() =>
            {
                DateTime::parse_from_rfc3339(&dt.to_string()).map_err(|e| {
                    let message = format!("`{key}` = {dt} is not a valid instant: {e}");
                    Some((ProblemKind::InvalidValue, message))
                })
            }
            DeValue::Datetime(dt) => {
                let message = format!(
                    "`{key}` = {dt} has no UTC offset; write it as e.g. 2018-12-24T00:00:00+07:00"
                );
                Err(Some((ProblemKind::MissingOffset, message)))
            }
            _ => Err(None),
        }
    }
}

impl FromToml for NaiveDate {
    const MISSING: &'static str = "a date such as 2018-12-11";
    fn from_toml(value: &DeValue<'_>, key: &str) -> Result<Self, Option<(ProblemKind, String)>> {
        match value {
            DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => {
                NaiveDate::parse_from_str(&dt.to_string(), "%Y-%m-%d").map_err(|e| {
                    let message = format!("`{key}` = {dt} is not a valid date: {e}");
                    Some((ProblemKind::InvalidValue, message))
                })
            }
            _ => Err(None),
        }
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

const NO_HINT: &dyn Fn(&str) -> Option<String> = &|_| None;

struct Loader<'f> {
    files: &'f [(&'f str, &'f str)],
    problems: Vec<Problem>,
    sites: Sites,
    schedule_ok: bool,
}

impl<'f> Loader<'f> {
    /// The file with this name; `named_at` is where the edition names it.
    fn file(&mut self, name: &str, named_at: Option<Location>) -> Option<(&'f str, &'f str)> {
        let found = self.files.iter().find(|(n, _)| *n == name).copied();
        if found.is_none() {
            self.problems.push(Problem {
                kind: ProblemKind::MissingFile,
                location: named_at.unwrap_or(Location {
                    file: name.to_owned(),
                    line: None,
                }),
                subject: None,
                message: format!("file {name:?} was not given to the loader"),
            });
        }
        found
    }

    /// Parses one file; syntax errors are reported and `None` returned.
    fn parse<'t>(&mut self, name: &str, text: &'t str) -> Option<Spanned<DeTable<'t>>> {
        let src = Source::new(name, text);
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(table);
        }
        for error in errors {
            let location = match error.span() {
                Some(span) => src.location(&span),
                None => Location {
                    file: name.to_owned(),
                    line: None,
                },
            };
            self.problems.push(Problem {
                kind: ProblemKind::Syntax,
                location,
                subject: None,
                message: format!("not valid TOML: {}", error.message().trim()),
            });
        }
        None
    }

    fn edition(&mut self) -> Option<EditionData> {
        let (name, text) = self.file(EDITION_FILE, None)?;
        let doc = self.parse(name, text)?;
        let src = Source::new(name, text);
        let mut problems = Vec::new();
        let mut r = Reader {
            src: &src,
            problems: &mut problems,
        };
        let mut root = Table::new(doc.get_ref(), doc.span());
        if let Some(v) = root.get("id") {
            self.sites
                .map
                .insert(Site::Key("id".into()), src.location(&v.span()));
        }

        match r.value::<i64>(&mut root, "format", true) {
            Some(v) if v == i64::from(FORMAT_VERSION) => {}
            Some(v) => {
                let span = root
                    .get("format")
                    .map(Spanned::span)
                    .unwrap_or(root.span.clone());
                r.push(
                    ProblemKind::FormatVersion,
                    &span,
                    None,
                    format!(
                        "format {v} is not supported; this build reads format {FORMAT_VERSION}"
                    ),
                );
            }
            None => {}
        }
        let id = r.value::<String>(&mut root, "id", true).unwrap_or_default();
        let year = r.value::<i64>(&mut root, "year", true).unwrap_or_default();
        let year = u16::try_from(year).unwrap_or_else(|_| {
            let span = root
                .get("year")
                .map(Spanned::span)
                .unwrap_or(root.span.clone());
            r.push(
                ProblemKind::InvalidValue,
                &span,
                None,
                format!("year {year} is out of range"),
            );
            0
        });
        let province = r
            .value::<String>(&mut root, "province", true)
            .unwrap_or_default();
        let title = r
            .value::<String>(&mut root, "title", true)
            .unwrap_or_default();
        let rounding_span = root.get("rounding").map(Spanned::span);
        let rounding = match r.value::<String>(&mut root, "rounding", true) {
            Some(text) => Rounding::parse(&text).unwrap_or_else(|| {
                r.push(
                    ProblemKind::InvalidValue,
                    &rounding_span.clone().unwrap_or(root.span.clone()),
                    None,
                    format!("rounding {text:?} must be \"half-up\", \"half-even\" or \"down\""),
                );
                Rounding::default()
            }),
            None => Rounding::default(),
        };
        let units_at = root.get("units").map(|v| src.location(&v.span()));
        let units_file = r.value::<String>(&mut root, "units", true);

        let decision = match r.table(&mut root, "decision", true) {
            Some(mut t) => {
                let d = Decision {
                    number: r.text(&mut t, "number"),
                    date: r
                        .value::<NaiveDate>(&mut t, "date", true)
                        .unwrap_or_default(),
                    issuer: r.text(&mut t, "issuer"),
                    title: r.text(&mut t, "title"),
                };
                r.finish(&t, NO_HINT);
                d
            }
            None => Decision {
                number: String::new().into(),
                date: NaiveDate::default(),
                issuer: String::new().into(),
                title: String::new().into(),
            },
        };

        let mut schedule = None;
        if let Some(mut t) = r.table(&mut root, "schedule", true) {
            t.subject = Some("schedule".into());
            let mut instant = |r: &mut Reader<'_, '_>, key: &str| {
                if let Some(v) = t.get(key) {
                    self.sites.map.insert(
                        Site::Key(format!("schedule.{key}")),
                        src.location(&v.span()),
                    );
                }
                r.value::<DateTime<FixedOffset>>(&mut t, key, true)
            };
            let trial_start = instant(&mut r, "trial_start");
            let trial_end = instant(&mut r, "trial_end");
            let official_start = instant(&mut r, "official_start");
            let official_end = instant(&mut r, "official_end");
            let report_due = instant(&mut r, "report_due");
            let reference = r
                .value::<String>(&mut t, "reference", true)
                .unwrap_or_default();
            let status = r.status(&mut t);
            r.finish(&t, NO_HINT);
            if let (Some(a), Some(b), Some(c), Some(d), Some(e)) = (
                trial_start,
                trial_end,
                official_start,
                official_end,
                report_due,
            ) {
                schedule = Some(Schedule {
                    trial_start: a,
                    trial_end: b,
                    official_start: c,
                    official_end: d,
                    report_due: e,
                    reference: reference.into(),
                    status,
                });
            }
        }
        if schedule.is_none() {
            self.schedule_ok = false;
        }

        let mut bands = Vec::new();
        for mut t in r.tables(&mut root, "band") {
            self.sites
                .map
                .insert(Site::Band(bands.len()), src.location(&t.span));
            let id = r.value::<String>(&mut t, "id", true).unwrap_or_default();
            t.subject = Some(format!("band {id}"));
            bands.push(Band {
                label: r.text(&mut t, "label"),
                above: r.value::<Decimal>(&mut t, "above", false),
                at_least: r.value::<Decimal>(&mut t, "at_least", false),
                status: r.status(&mut t),
                reference: r.text(&mut t, "reference"),
                id: id.into(),
            });
            r.finish(&t, NO_HINT);
        }
        if !root.has("band") {
            self.sites
                .map
                .insert(Site::Key("band".into()), src.location(&root.span));
        }

        let mut appendix_files: Vec<(Appendix, String, Option<Location>)> = Vec::new();
        if let Some(mut t) = r.table(&mut root, "appendices", true) {
            for &numeral in Appendix::ALL {
                let at = t.get(numeral.as_str()).map(|v| src.location(&v.span()));
                if let Some(file) = r.value::<String>(&mut t, numeral.as_str(), false) {
                    appendix_files.push((numeral, file, at));
                }
            }
            r.finish(&t, &|key| {
                Some(format!(
                    "unknown appendix `{key}`: the appendices are I, II, III and IV"
                ))
            });
        }
        r.finish(&root, NO_HINT);
        self.problems.extend(problems);

        let units = match units_file {
            Some(file) => self.units(&file, units_at),
            None => Vec::new(),
        };
        let mut criteria = Vec::new();
        for (appendix, file, at) in appendix_files {
            if let Some(set) = self.criteria_set(appendix, &file, at) {
                criteria.push(set);
            }
        }
        Some(EditionData {
            id: id.into(),
            year,
            province: province.into(),
            title: title.into(),
            rounding,
            decision,
            schedule: schedule.unwrap_or_else(placeholder_schedule),
            bands: bands.into(),
            units: units.into(),
            criteria: criteria.into(),
        })
    }

    fn units(&mut self, file: &str, named_at: Option<Location>) -> Vec<Unit> {
        let Some((name, text)) = self.file(file, named_at) else {
            return Vec::new();
        };
        let Some(doc) = self.parse(name, text) else {
            return Vec::new();
        };
        let src = Source::new(name, text);
        let mut problems = Vec::new();
        let mut r = Reader {
            src: &src,
            problems: &mut problems,
        };
        let mut root = Table::new(doc.get_ref(), doc.span());
        let mut units = Vec::new();
        for mut t in r.tables(&mut root, "unit") {
            let id = r.value::<String>(&mut t, "id", true).unwrap_or_default();
            t.subject = Some(id.clone());
            let name = r.value::<String>(&mut t, "name", true).unwrap_or_default();
            let group_span = t.get("group").map(Spanned::span);
            let group = match r.value::<String>(&mut t, "group", false) {
                None if group_span.is_none() => {
                    r.push(
                        ProblemKind::UnitGroup,
                        &t.span,
                        Some(&id),
                        format!("unit {id:?} is in no group: add `group` (department, district-committee, public-service-unit or central-agency)"),
                    );
                    None
                }
                None => None,
                Some(text) => {
                    let group = Group::parse(&text);
                    if group.is_none() {
                        r.push(
                            ProblemKind::UnitGroup,
                            &group_span.unwrap_or(t.span.clone()),
                            Some(&id),
                            format!("unit {id:?} names unknown group {text:?}: use department, district-committee, public-service-unit or central-agency"),
                        );
                    }
                    group
                }
            };
            r.finish(&t, NO_HINT);
            if let Some(group) = group {
                self.sites
                    .map
                    .insert(Site::Unit(units.len()), src.location(&t.span));
                units.push(Unit {
                    id: id.into(),
                    name: name.into(),
                    group,
                });
            }
        }
        if units.is_empty() && !root.has("unit") {
            r.push(
                ProblemKind::MissingKey,
                &root.span,
                None,
                "no [[unit]] entries".into(),
            );
        }
        r.finish(&root, NO_HINT);
        self.problems.extend(problems);
        units
    }

    fn criteria_set(
        &mut self,
        appendix: Appendix,
        file: &str,
        named_at: Option<Location>,
    ) -> Option<CriteriaSet> {
        self.sites.unreadable.insert(appendix);
        let (name, text) = self.file(file, named_at)?;
        let doc = self.parse(name, text)?;
        self.sites.unreadable.remove(&appendix);
        let src = Source::new(name, text);
        let mut problems = Vec::new();
        let mut r = Reader {
            src: &src,
            problems: &mut problems,
        };
        let mut root = Table::new(doc.get_ref(), doc.span());
        self.sites
            .map
            .insert(Site::Set(appendix), src.location(&(0..0)));
        let declared_span = root.get("appendix").map(Spanned::span);
        if let Some(declared) = r.value::<String>(&mut root, "appendix", true) {
            if declared != appendix.as_str() {
                r.push(
                    ProblemKind::AppendixMismatch,
                    &declared_span.unwrap_or(root.span.clone()),
                    None,
                    format!("file declares appendix {declared:?} but edition.toml lists it as appendix {appendix}"),
                );
            }
        }
        let title = r
            .value::<String>(&mut root, "title", true)
            .unwrap_or_default();
        if let Some(v) = root.get("max") {
            self.sites
                .map
                .insert(Site::Set(appendix), src.location(&v.span()));
        }
        let max = r
            .value::<Decimal>(&mut root, "max", true)
            .unwrap_or_default();
        let mut nodes = Vec::new();
        for mut t in r.tables(&mut root, "node") {
            let index = nodes.len();
            self.sites
                .map
                .insert(Site::Node(appendix, index), src.location(&t.span));
            for key in ["code", "max"] {
                if let Some(v) = t.entries.iter().find(|(k, _)| k.get_ref().as_ref() == key) {
                    self.sites.map.insert(
                        Site::NodeKey(appendix, index, key),
                        src.location(&v.1.span()),
                    );
                }
            }
            let before = r.problems.len();
            let node = read_node(&mut r, &mut t);
            if r.problems.len() != before {
                self.sites.tainted.insert((appendix, index));
            }
            nodes.push(node);
        }
        if !root.has("node") {
            r.push(
                ProblemKind::MissingKey,
                &root.span,
                None,
                "no [[node]] entries".into(),
            );
        }
        r.finish(&root, NO_HINT);
        self.problems.extend(problems);
        Some(CriteriaSet {
            appendix,
            title: title.into(),
            max,
            nodes: nodes.into(),
            index: Tree::default(),
        })
    }
}

const METHOD_KEYS: [&str; 6] = ["option", "item", "tier", "per_item", "cap", "step"];
const LEAF_KEYS: [&str; 3] = ["assessed_by", "evidence", "not_applicable"];

fn read_node(r: &mut Reader<'_, '_>, t: &mut Table<'_, '_>) -> Node {
    let code = r.value::<String>(t, "code", true).unwrap_or_default();
    t.subject = Some(code.clone());
    let title = r.value::<String>(t, "title", true).unwrap_or_default();
    let title_en = r.value::<String>(t, "title_en", false);
    let max = r.value::<Decimal>(t, "max", true).unwrap_or_default();
    let section_span = t.get("section").map(Spanned::span);
    let section = match r.value::<String>(t, "section", false).as_deref() {
        None | Some("scored") => Section::Scored,
        Some("deduction") => Section::Deduction,
        Some("bonus") => Section::Bonus,
        Some(other) => {
            r.push(
                ProblemKind::InvalidValue,
                &section_span.unwrap_or(t.span.clone()),
                Some(&code),
                format!("section {other:?} must be \"scored\", \"deduction\" or \"bonus\""),
            );
            Section::Scored
        }
    };
    let method_span = t.get("method").map(Spanned::span);
    let method_name = r.value::<String>(t, "method", false);
    let leaf = match method_name.as_deref() {
        None => None,
        Some(name) => {
            let method = read_method(r, t, name, method_span.unwrap_or(t.span.clone()));
            let assessed_span = t.get("assessed_by").map(Spanned::span);
            let assessed_by = match r.value::<String>(t, "assessed_by", false).as_deref() {
                None | Some("self") => Some(Assessor::SelfAssessed),
                Some("survey") => Some(Assessor::Survey),
                Some("authority") => Some(Assessor::Authority),
                Some(other) => {
                    r.push(
                        ProblemKind::InvalidValue,
                        &assessed_span.unwrap_or(t.span.clone()),
                        Some(&code),
                        format!(
                            "assessed_by {other:?} must be \"self\", \"survey\" or \"authority\""
                        ),
                    );
                    None
                }
            };
            let evidence = r.value::<bool>(t, "evidence", false).unwrap_or(false);
            let not_applicable = r.value::<bool>(t, "not_applicable", false).unwrap_or(false);
            match (method, assessed_by) {
                (Some(method), Some(assessed_by)) => Some(Leaf {
                    method,
                    assessed_by,
                    evidence,
                    not_applicable,
                }),
                _ => None,
            }
        }
    };
    let status = r.status(t);
    let reference = r.value::<String>(t, "reference", true).unwrap_or_default();
    let method_for_hint = method_name.clone();
    r.finish(t, &|key| {
        if METHOD_KEYS.contains(&key) {
            Some(match &method_for_hint {
                Some(m) => format!("key `{key}` does not belong to method {m:?}"),
                None => format!("key `{key}` belongs to a method, but this node has none"),
            })
        } else if LEAF_KEYS.contains(&key) {
            Some(format!(
                "key `{key}` applies only to a leaf (a node with a method)"
            ))
        } else {
            None
        }
    });
    Node {
        code: code.into(),
        title: title.into(),
        title_en: title_en.map(Into::into),
        max,
        section,
        leaf,
        status,
        reference: reference.into(),
    }
}

fn read_method(
    r: &mut Reader<'_, '_>,
    t: &mut Table<'_, '_>,
    name: &str,
    span: Range<usize>,
) -> Option<Method> {
    let choices = |r: &mut Reader<'_, '_>, t: &mut Table<'_, '_>| -> Option<Vec<Choice>> {
        let before = r.problems.len();
        let mut out = Vec::new();
        if !t.has("option") {
            r.missing(
                t,
                "option",
                "[[node.option]] entries with id, label and share",
            );
        }
        for mut o in r.tables(t, "option") {
            out.push(Choice {
                id: r.text(&mut o, "id"),
                label: r.text(&mut o, "label"),
                share: r
                    .value::<Decimal>(&mut o, "share", true)
                    .unwrap_or_default(),
            });
            r.finish(&o, NO_HINT);
        }
        (r.problems.len() == before).then_some(out)
    };
    match name {
        "yes-no" => Some(Method::YesNo),
        "proportional" => Some(Method::Proportional),
        "options" => choices(r, t).map(|options| Method::Options {
            options: options.into(),
        }),
        "survey" => choices(r, t).map(|options| Method::Survey {
            options: options.into(),
        }),
        "checklist" => {
            let before = r.problems.len();
            if !t.has("item") {
                r.missing(t, "item", "[[node.item]] entries with id, label and points");
            }
            let mut items = Vec::new();
            for mut o in r.tables(t, "item") {
                items.push(ChecklistItem {
                    id: r.text(&mut o, "id"),
                    label: r.text(&mut o, "label"),
                    points: r
                        .value::<Decimal>(&mut o, "points", true)
                        .unwrap_or_default(),
                });
                r.finish(&o, NO_HINT);
            }
            (r.problems.len() == before).then_some(Method::Checklist {
                items: items.into(),
            })
        }
        "ratio-tiers" => {
            let before = r.problems.len();
            if !t.has("tier") {
                r.missing(t, "tier", "[[node.tier]] entries with at_least and points");
            }
            let mut tiers = Vec::new();
            for mut o in r.tables(t, "tier") {
                tiers.push(Tier {
                    at_least: r
                        .value::<Decimal>(&mut o, "at_least", true)
                        .unwrap_or_default(),
                    points: r
                        .value::<Decimal>(&mut o, "points", true)
                        .unwrap_or_default(),
                });
                r.finish(&o, NO_HINT);
            }
            (r.problems.len() == before).then_some(Method::RatioTiers {
                tiers: tiers.into(),
            })
        }
        "count" => {
            let per_item = r.value::<Decimal>(t, "per_item", true);
            let cap = r.value::<Decimal>(t, "cap", false);
            per_item.map(|per_item| Method::Count { per_item, cap })
        }
        "deduction" => r
            .value::<Decimal>(t, "per_item", true)
            .map(|per_item| Method::Deduction { per_item }),
        "points" => r
            .value::<Decimal>(t, "step", true)
            .map(|step| Method::Points { step }),
        other => {
            let subject = t.subject.clone();
            r.push(
                ProblemKind::InvalidValue,
                &span,
                subject.as_deref(),
                format!(
                    "unknown method {other:?}; the methods are {}",
                    Method::KINDS.join(", ")
                ),
            );
            None
        }
    }
}

/// Stands in for an unreadable schedule so the rest can still be checked; never returned.
fn placeholder_schedule() -> Schedule {
    let epoch = DateTime::<FixedOffset>::default();
    Schedule {
        trial_start: epoch,
        trial_end: epoch,
        official_start: epoch,
        official_end: epoch,
        report_due: epoch,
        reference: String::new().into(),
        status: TextStatus::Reconstructed,
    }
}
