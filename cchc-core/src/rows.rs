//! The analyst's batch path: a round's inputs as a long table, one row per unit × leaf × stage,
//! from rows of text cells (a data frame's columns) or from CSV text. Every bad row is reported
//! at once, each with its row number; nothing is half-loaded.

use crate::answer::Answer;
use crate::assessment::{AssessmentData, find_unit};
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::error::{Error, ErrorKind, parse_decimal};
use crate::round::Round;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: a quick hash for the short keys (unit, code, stage) that find a row given twice.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// The columns of the long table, in their usual order. `unit`, `code` and `stage` are required
/// in every row; the others are filled as the row's stage and kind need.
pub const ROW_COLUMNS: &[&str] = &[
    "unit",
    "code",
    "stage",
    "kind",
    "yes",
    "option",
    "ticked",
    "count",
    "numerator",
    "denominator",
    "points",
    "tally",
    "submitted",
];

/// One row of the long table, every cell as text (`None` or `""` for an empty cell).
///
/// - `stage`: `self`, `authority`, `survey` (an answer, of `kind`), `appraisal` or `final`
///   (`points` only).
/// - `kind`: `yes-no` (`yes`), `option` (`option`), `checklist` (`ticked`: item ids joined by
///   `;`), `count` (`count`), `rate` (`numerator`, `denominator`), `points` (`points`), `tally`
///   (`tally`: `grade=count` joined by `;`, e.g. `A=120;B=30`), `not-applicable`.
/// - `yes` and `submitted`: `true`/`false` (also `yes`/`no`, `1`/`0`, any case).
/// - decimals are written as text (`"7"`, `"1.25"`); counts as integers.
/// - `submitted`: a unit is submitted when any of its rows says so.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The unit's id (required).
    #[serde(default)]
    pub unit: Option<String>,
    /// The leaf's code (required).
    #[serde(default)]
    pub code: Option<String>,
    /// `self`, `authority`, `survey`, `appraisal` or `final` (required).
    #[serde(default)]
    pub stage: Option<String>,
    /// The answer's kind (answer stages).
    #[serde(default)]
    pub kind: Option<String>,
    /// For `yes-no`: `true` or `false`.
    #[serde(default)]
    pub yes: Option<String>,
    /// For `option`: the option's id.
    #[serde(default)]
    pub option: Option<String>,
    /// For `checklist`: item ids joined by `;`.
    #[serde(default)]
    pub ticked: Option<String>,
    /// For `count`: a whole number.
    #[serde(default)]
    pub count: Option<String>,
    /// For `rate`: what was done.
    #[serde(default)]
    pub numerator: Option<String>,
    /// For `rate`: what was required.
    #[serde(default)]
    pub denominator: Option<String>,
    /// For `points`, `appraisal` and `final`: a decimal.
    #[serde(default)]
    pub points: Option<String>,
    /// For `tally`: `grade=count` joined by `;`.
    #[serde(default)]
    pub tally: Option<String>,
    /// `true` on any row of a unit marks it submitted.
    #[serde(default)]
    pub submitted: Option<String>,
}

/// A bad row: its number (1 for the first row under the header) and why it was refused (the
/// error names the unit and the leaf code where the row gives them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based row number, not counting the header (`df.iloc[row - 1]`).
    pub row: usize,
    /// The refusal, with its stable code.
    pub error: Error,
}

impl RowError {
    /// `row 3, unit so-y-te, code 1.1.1: above-max`: the form of one item of `invalid-rows`.
    pub fn item(&self) -> String {
        format!(
            "row {}, unit {}, code {}: {}",
            self.row,
            self.error.unit().unwrap_or("-"),
            self.error.criterion().unwrap_or("-"),
            self.error.code()
        )
    }
}

impl Error {
    /// Every bad row of a table as one `invalid-rows` error: `items` lists each row as
    /// `row N, unit U, code C: error-code`, in row order.
    pub fn invalid_rows(mut rows: Vec<RowError>) -> Error {
        rows.sort_by_key(|r| r.row);
        let detail = match rows.first() {
            Some(first) => format!(
                "{} bad row(s); the first: row {}: {}",
                rows.len(),
                first.row,
                first.error.message()
            ),
            None => "no bad rows".to_owned(),
        };
        Error::new(ErrorKind::InvalidRows, None, detail)
            .with_items(rows.iter().map(RowError::item).collect())
    }
}

/// The position of each column in [`ROW_COLUMNS`].
mod col {
    pub const UNIT: usize = 0;
    pub const CODE: usize = 1;
    pub const STAGE: usize = 2;
    pub const KIND: usize = 3;
    pub const YES: usize = 4;
    pub const OPTION: usize = 5;
    pub const TICKED: usize = 6;
    pub const COUNT: usize = 7;
    pub const NUMERATOR: usize = 8;
    pub const DENOMINATOR: usize = 9;
    pub const POINTS: usize = 10;
    pub const TALLY: usize = 11;
    pub const SUBMITTED: usize = 12;
}

/// One row's cells, borrowed from where the table lies (CSV text, [`Row`]s, a data frame's
/// columns): every column of [`ROW_COLUMNS`] by position. Only a CSV cell with an escaped quote
/// is owned.
struct View<'a> {
    /// 1-based row number (blank CSV lines are skipped but counted).
    number: usize,
    cells: [Option<Cow<'a, str>>; 13],
}

impl<'a> View<'a> {
    /// A cell's trimmed text, kept as borrowed as it is (the unit and code outlive the row).
    fn key(&self, column: usize) -> Option<Cow<'a, str>> {
        match &self.cells[column] {
            Some(Cow::Borrowed(s)) => Some(Cow::Borrowed(s.trim())),
            Some(Cow::Owned(s)) => Some(Cow::Owned(s.trim().to_owned())),
            None => None,
        }
        .filter(|s| !s.is_empty())
    }

    /// A cell's trimmed text; `None` for an empty cell.
    fn get(&self, column: usize) -> Option<&str> {
        self.cells[column]
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn required(&self, column: usize) -> Result<&str, Error> {
        self.get(column).ok_or_else(|| {
            shape(
                "row",
                format!("the cell {:?} is empty", ROW_COLUMNS[column]),
            )
        })
    }
}

fn shape(what: &str, detail: String) -> Error {
    Error::invalid_shape(what, detail)
}

fn flag(what: &str, text: &str) -> Result<bool, Error> {
    if ["true", "yes", "1"]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(text))
    {
        Ok(true)
    } else if ["false", "no", "0"]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(text))
    {
        Ok(false)
    } else {
        Err(shape(
            what,
            format!("{what} must be true or false, not {text:?}"),
        ))
    }
}

fn integer(what: &str, text: &str) -> Result<i64, Error> {
    text.parse::<i64>()
        .map_err(|_| shape(what, format!("{what} must be a whole number, not {text:?}")))
}

/// The answer a row of stage self, authority or survey gives.
fn answer_of(row: &View<'_>) -> Result<Answer, Error> {
    let kind = row.required(col::KIND)?;
    Ok(match kind {
        "yes-no" => Answer::YesNo {
            yes: flag("yes", row.required(col::YES)?)?,
        },
        "option" => Answer::Choice {
            option: row.required(col::OPTION)?.to_owned(),
        },
        "checklist" => Answer::Checklist {
            ticked: row
                .get(col::TICKED)
                .map(|t| t.split(';').map(|s| s.trim().to_owned()).collect())
                .unwrap_or_default(),
        },
        "count" => Answer::Count {
            count: integer("count", row.required(col::COUNT)?)?,
        },
        "rate" => Answer::Rate {
            numerator: parse_decimal("numerator", row.required(col::NUMERATOR)?)?,
            denominator: parse_decimal("denominator", row.required(col::DENOMINATOR)?)?,
        },
        "points" => Answer::Points {
            points: parse_decimal("points", row.required(col::POINTS)?)?,
        },
        "tally" => {
            let mut tally = BTreeMap::new();
            for part in row.required(col::TALLY)?.split(';') {
                let (grade, n) = part
                    .split_once('=')
                    .ok_or_else(|| shape("tally", format!("{part:?} is not grade=count")))?;
                tally.insert(grade.trim().to_owned(), integer("tally", n.trim())?);
            }
            Answer::Tally { tally }
        }
        "not-applicable" => Answer::NotApplicable,
        other => {
            return Err(Error::new(
                ErrorKind::UnknownName,
                None,
                format!("unknown answer kind {other:?}"),
            )
            .with_limit(
                "yes-no, option, checklist, count, rate, points, tally, not-applicable".into(),
            ));
        }
    })
}

/// Where a row goes once its answer is given: the council's points or the final points.
enum Points {
    Appraisal,
    Final,
}

/// The stage a row names: an answer through an assessor, or points.
fn stage_of(stage: &str) -> Result<Result<Assessor, Points>, Error> {
    Ok(match stage {
        "self" => Ok(Assessor::SelfAssessed),
        "authority" => Ok(Assessor::Authority),
        "survey" => Ok(Assessor::Survey),
        "appraisal" => Err(Points::Appraisal),
        "final" => Err(Points::Final),
        other => {
            return Err(Error::new(
                ErrorKind::UnknownName,
                None,
                format!("unknown stage {other:?}"),
            )
            .with_limit("self, authority, survey, appraisal, final".into()));
        }
    })
}

/// Adds the row's unit and code to an error that lacks them.
fn about(error: Error, unit: &str, code: Option<&str>) -> Error {
    let error = if error.unit().is_none() {
        error.with_unit(unit)
    } else {
        error
    };
    match code {
        Some(code) if error.criterion().is_none() => error.with_criterion(code),
        _ => error,
    }
}

/// Points kept until every answer is given: row number, unit, code and the points.
type Staged<'a> = (usize, Cow<'a, str>, Cow<'a, str>, Decimal);

/// The round the rows give, or every bad row. Answers are given as their rows come; the
/// council's points, then the final ones, after every answer: an appraisal is checked against
/// the leaf as answered (0 on a not-applicable leaf).
fn load<'a>(
    edition: &Edition,
    rows: impl Iterator<Item = Result<View<'a>, RowError>>,
    capacity: usize,
) -> Result<Round, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut assessments: BTreeMap<Cow<'a, str>, AssessmentData> = BTreeMap::new();
    let mut seen: HashSet<(Cow<'a, str>, Cow<'a, str>, u8), BuildHasherDefault<Fnv>> =
        HashSet::with_capacity_and_hasher(capacity, BuildHasherDefault::default());
    let mut points: [Vec<Staged<'a>>; 2] = Default::default();
    for row in rows {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let number = row.number;
        let mut refuse = |error: Error| errors.push(RowError { row: number, error });
        let (Some(unit), Some(code), Some(stage)) =
            (row.key(col::UNIT), row.key(col::CODE), row.get(col::STAGE))
        else {
            refuse(shape(
                "row",
                "a row needs a unit, a code and a stage".into(),
            ));
            continue;
        };
        let data = match assessments.entry(unit.clone()) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => match find_unit(edition, &unit) {
                Ok(_) => e.insert(AssessmentData {
                    unit: unit.clone().into_owned(),
                    ..AssessmentData::default()
                }),
                Err(error) => {
                    refuse(about(error, &unit, Some(&code)));
                    continue;
                }
            },
        };
        if let Some(text) = row.get(col::SUBMITTED) {
            match flag("submitted", text) {
                Ok(submitted) => data.submitted |= submitted,
                Err(error) => {
                    refuse(about(error, &unit, Some(&code)));
                    continue;
                }
            }
        }
        let stage = stage_of(stage);
        let slot = match &stage {
            Ok(Ok(assessor)) => *assessor as u8,
            Ok(Err(Points::Appraisal)) => 3,
            Ok(Err(Points::Final)) => 4,
            Err(_) => 5,
        };
        if slot < 5 && !seen.insert((unit.clone(), code.clone(), slot)) {
            refuse(about(
                shape(
                    "row",
                    format!(
                        "unit {unit}, code {code}, stage {} is given twice",
                        row.get(col::STAGE).unwrap_or_default()
                    ),
                ),
                &unit,
                Some(&code),
            ));
            continue;
        }
        let given = stage.and_then(|stage| match stage {
            Ok(assessor) => {
                let answer = answer_of(&row)?;
                data.give(edition, assessor, &code, answer).map(|_| ())
            }
            Err(kind) => {
                let value = parse_decimal("points", row.required(col::POINTS)?)?;
                points[kind as usize].push((number, unit.clone(), code.clone(), value));
                Ok(())
            }
        });
        if let Err(error) = given {
            refuse(about(error, &unit, Some(&code)));
        }
    }
    for (kind, staged) in points.into_iter().enumerate() {
        for (number, unit, code, value) in staged {
            let Some(data) = assessments.get_mut(&unit) else {
                continue;
            };
            let result = if kind == 0 {
                data.appraise(edition, &code, value)
            } else {
                data.decide(edition, &code, value)
            };
            if let Err(error) = result {
                errors.push(RowError {
                    row: number,
                    error: about(error, &unit, Some(&code)),
                });
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(errors);
    }
    let mut round = Round::new(edition);
    for data in assessments.into_values() {
        round.put(data);
    }
    Ok(round)
}

impl Round {
    /// A round from the rows of a long table (one row per unit × leaf × stage). Every row is
    /// checked like the answer it carries; every bad row is returned, in row order, and then
    /// no round is made.
    ///
    /// ```
    /// use cchc_core::{Round, Row};
    /// let edition = cchc_criteria::default_edition();
    /// let row = |stage: &str, kind: &str, yes: &str| Row {
    ///     unit: Some("so-y-te".into()),
    ///     code: Some("1.1.1".into()),
    ///     stage: Some(stage.into()),
    ///     kind: Some(kind.into()),
    ///     yes: Some(yes.into()),
    ///     ..Row::default()
    /// };
    /// let round = Round::from_rows(&edition, &[row("self", "yes-no", "true")]).unwrap();
    /// assert_eq!(round.scorecard("so-y-te").unwrap().total.to_string(), "0.5");
    /// let bad = Round::from_rows(&edition, &[row("self", "yes-no", "maybe"), row("selv", "", "")]);
    /// let rows = bad.unwrap_err();
    /// assert_eq!((rows[0].row, rows[0].error.code()), (1, "invalid-shape"));
    /// assert_eq!((rows[1].row, rows[1].error.code()), (2, "unknown-name"));
    /// ```
    pub fn from_rows(edition: &Edition, rows: &[Row]) -> Result<Round, Vec<RowError>> {
        let views = rows.iter().enumerate().map(|(n, row)| {
            fn c(cell: &Option<String>) -> Option<Cow<'_, str>> {
                cell.as_deref().map(Cow::Borrowed)
            }
            Ok(View {
                number: n + 1,
                cells: [
                    c(&row.unit),
                    c(&row.code),
                    c(&row.stage),
                    c(&row.kind),
                    c(&row.yes),
                    c(&row.option),
                    c(&row.ticked),
                    c(&row.count),
                    c(&row.numerator),
                    c(&row.denominator),
                    c(&row.points),
                    c(&row.tally),
                    c(&row.submitted),
                ],
            })
        });
        load(edition, views, rows.len())
    }

    /// A round from the long table as CSV text (a header row naming the columns of
    /// [`ROW_COLUMNS`], in any order; quoted cells as in RFC 4180). Every bad row, or a bad
    /// header, is reported in one `invalid-rows` error.
    ///
    /// ```
    /// use cchc_core::Round;
    /// let edition = cchc_criteria::default_edition();
    /// let csv = "unit,code,stage,kind,yes,points\n\
    ///            so-y-te,1.1.1,self,yes-no,true,\n\
    ///            so-y-te,1.1.1,appraisal,,,0\n";
    /// let round = Round::from_csv(&edition, csv).unwrap();
    /// assert_eq!(round.scorecard("so-y-te").unwrap().total.to_string(), "0");
    /// let err = Round::from_csv(&edition, "unit,code,stage,kind,points\nso-y-te,1.1.1,self,points,9\n")
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "invalid-rows");
    /// assert_eq!(err.items(), ["row 1, unit so-y-te, code 1.1.1: wrong-answer-kind"]);
    /// ```
    pub fn from_csv(edition: &Edition, text: &str) -> Result<Round, Error> {
        let views = csv_views(text).map_err(Error::invalid_rows)?;
        // About one row per 48 bytes of text.
        load(edition, views, text.len() / 48).map_err(Error::invalid_rows)
    }

    /// A round from the long table's columns: each named column (of [`ROW_COLUMNS`], in any
    /// order) with one cell per row, `None` for an empty cell (a data frame handed over column
    /// by column). Every bad row, or a bad or missing column, or columns of unequal lengths, is
    /// reported in one `invalid-rows` error, as by [`Round::from_csv`].
    ///
    /// ```
    /// use cchc_core::Round;
    /// let edition = cchc_criteria::default_edition();
    /// let unit = [Some("so-y-te"), Some("so-y-te")];
    /// let code = [Some("1.1.1"), Some("1.1.1")];
    /// let stage = [Some("self"), Some("appraisal")];
    /// let kind = [Some("yes-no"), None];
    /// let yes = [Some("true"), None];
    /// let points = [None, Some("0.25")];
    /// let columns: [(&str, &[Option<&str>]); 6] = [("unit", &unit), ("code", &code),
    ///     ("stage", &stage), ("kind", &kind), ("yes", &yes), ("points", &points)];
    /// let round = Round::from_columns(&edition, &columns).unwrap();
    /// assert_eq!(round.scorecard("so-y-te").unwrap().total.to_string(), "0.25");
    /// let err = Round::from_columns(&edition, &columns[..2]).unwrap_err();
    /// assert_eq!(err.items(), ["row 0, unit -, code -: invalid-shape"]);
    /// ```
    pub fn from_columns<S: AsRef<str>>(
        edition: &Edition,
        columns: &[(&str, &[Option<S>])],
    ) -> Result<Round, Error> {
        let positions =
            header(columns.iter().map(|(name, _)| *name)).map_err(Error::invalid_rows)?;
        let length = columns.first().map_or(0, |(_, cells)| cells.len());
        if columns.iter().any(|(_, cells)| cells.len() != length) {
            return Err(Error::invalid_rows(vec![RowError {
                row: 0,
                error: shape("header", "the columns are of unequal lengths".into()),
            }]));
        }
        let views = (0..length).map(|n| {
            let mut view = View {
                number: n + 1,
                cells: Default::default(),
            };
            for ((_, cells), &position) in columns.iter().zip(&positions) {
                view.cells[position] = cells[n].as_ref().map(|s| Cow::Borrowed(s.as_ref()));
            }
            Ok(view)
        });
        load(edition, views, length).map_err(Error::invalid_rows)
    }
}

/// The position in [`ROW_COLUMNS`] of each named column, or the header's faults (row 0): an
/// unknown or repeated column, a required one missing.
fn header<'a>(names: impl Iterator<Item = &'a str>) -> Result<Vec<usize>, Vec<RowError>> {
    let mut columns = Vec::with_capacity(ROW_COLUMNS.len());
    let mut errors = Vec::new();
    let mut refuse = |detail: String| {
        errors.push(RowError {
            row: 0,
            error: shape("header", detail),
        })
    };
    for name in names {
        let name = name.trim();
        match ROW_COLUMNS.iter().position(|c| *c == name) {
            Some(i) if !columns.contains(&i) => columns.push(i),
            _ => refuse(format!(
                "column {name:?} is unknown or repeated; the columns are {}",
                ROW_COLUMNS.join(", ")
            )),
        }
    }
    for required in [col::UNIT, col::CODE, col::STAGE] {
        if !columns.contains(&required) {
            refuse(format!("the column {:?} is missing", ROW_COLUMNS[required]));
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

/// The rows of CSV text, their cells borrowed from it, after its header (whose faults are
/// row 0); a row with too many cells is refused by its number, blank lines are skipped.
fn csv_views(text: &str) -> Result<CsvRows<'_>, Vec<RowError>> {
    let mut records = Records {
        rest: text.strip_prefix('\u{feff}').unwrap_or(text),
    };
    let mut cells = Vec::with_capacity(ROW_COLUMNS.len());
    records.next_into(&mut cells);
    let columns = header(cells.iter().map(|c| c.as_ref()))?;
    Ok(CsvRows {
        records,
        columns,
        cells,
        number: 0,
    })
}

/// The rows of CSV text under its header, one [`View`] at a time.
struct CsvRows<'a> {
    records: Records<'a>,
    /// The position in [`ROW_COLUMNS`] of each column of the header.
    columns: Vec<usize>,
    cells: Vec<Cow<'a, str>>,
    number: usize,
}

impl<'a> Iterator for CsvRows<'a> {
    type Item = Result<View<'a>, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if !self.records.next_into(&mut self.cells) {
                return None;
            }
            self.number += 1;
            if self.cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            if self.cells.len() > self.columns.len() {
                let detail = format!(
                    "{} cells under {} columns",
                    self.cells.len(),
                    self.columns.len()
                );
                return Some(Err(RowError {
                    row: self.number,
                    error: shape("row", detail),
                }));
            }
            let mut view = View {
                number: self.number,
                cells: Default::default(),
            };
            for (value, &column) in self.cells.drain(..).zip(&self.columns) {
                view.cells[column] = (!value.is_empty()).then_some(value);
            }
            return Some(Ok(view));
        }
    }
}

/// Reads the long table from CSV text into rows (see [`Round::from_csv`]); a header naming an
/// unknown or repeated column is reported as row 0, a row with too many cells by its number.
/// Blank lines are skipped.
pub fn read_csv(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let own = |view: &View<'_>, column: usize| view.cells[column].as_deref().map(str::to_owned);
    let (views, errors): (Vec<_>, Vec<_>) = csv_views(text)?.partition(Result::is_ok);
    if !errors.is_empty() {
        return Err(errors.into_iter().filter_map(Result::err).collect());
    }
    Ok(views
        .into_iter()
        .flatten()
        .map(|v| Row {
            unit: own(&v, col::UNIT),
            code: own(&v, col::CODE),
            stage: own(&v, col::STAGE),
            kind: own(&v, col::KIND),
            yes: own(&v, col::YES),
            option: own(&v, col::OPTION),
            ticked: own(&v, col::TICKED),
            count: own(&v, col::COUNT),
            numerator: own(&v, col::NUMERATOR),
            denominator: own(&v, col::DENOMINATOR),
            points: own(&v, col::POINTS),
            tally: own(&v, col::TALLY),
            submitted: own(&v, col::SUBMITTED),
        })
        .collect())
}

/// The records of CSV text: cells split on commas, `"…"` quoting with `""` for a quote, lines
/// ended by `\n` or `\r\n`. A cell is borrowed from the text unless it has quotes.
struct Records<'a> {
    rest: &'a str,
}

/// What ends a cell.
#[derive(PartialEq)]
enum End {
    Cell,
    Record,
}

impl<'a> Records<'a> {
    /// Reads the next record into `cells` (cleared first); false at the end of the text.
    fn next_into(&mut self, cells: &mut Vec<Cow<'a, str>>) -> bool {
        cells.clear();
        if self.rest.is_empty() {
            return false;
        }
        loop {
            let (cell, end) = self.cell();
            cells.push(cell);
            if end == End::Record {
                return true;
            }
        }
    }

    /// One cell and what ends it; the text is consumed past its end.
    fn cell(&mut self) -> (Cow<'a, str>, End) {
        let text = self.rest;
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let (cut, skip, end) = match b {
                b',' => (i, 1, End::Cell),
                b'\n' if i > 0 && bytes[i - 1] == b'\r' => (i - 1, 2, End::Record),
                b'\n' => (i, 1, End::Record),
                b'"' => return self.quoted(),
                _ => continue,
            };
            self.rest = &text[cut + skip..];
            return (Cow::Borrowed(&text[..cut]), end);
        }
        self.rest = "";
        (Cow::Borrowed(text), End::Record)
    }

    /// A cell with quotes in it, read char by char from its start.
    fn quoted(&mut self) -> (Cow<'a, str>, End) {
        let text = self.rest;
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match (quoted, c) {
                (true, '"') => {
                    if chars.peek().is_some_and(|&(_, n)| n == '"') {
                        cell.push('"');
                        chars.next();
                    } else {
                        quoted = false;
                    }
                }
                (true, c) => cell.push(c),
                (false, '"') => quoted = true,
                (false, ',') => {
                    self.rest = &text[i + 1..];
                    return (Cow::Owned(cell), End::Cell);
                }
                (false, '\n') => {
                    self.rest = &text[i + 1..];
                    return (Cow::Owned(cell), End::Record);
                }
                (false, '\r') if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
                (false, c) => cell.push(c),
            }
        }
        self.rest = "";
        (Cow::Owned(cell), End::Record)
    }
}
