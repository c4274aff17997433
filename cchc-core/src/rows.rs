//! The analyst's batch path: a round's inputs as a long table, one row per unit × leaf × stage,
//! from rows of text cells (a data frame's columns) or from CSV text. Every bad row is reported
//! at once, each with its row number; nothing is half-loaded.

use crate::answer::Answer;
use crate::assessment::Assessment;
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::error::{Error, ErrorKind, parse_decimal};
use crate::round::Round;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

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

fn cell(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn shape(what: &str, detail: String) -> Error {
    Error::invalid_shape(what, detail)
}

fn flag(what: &str, text: &str) -> Result<bool, Error> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(shape(
            what,
            format!("{what} must be true or false, not {text:?}"),
        )),
    }
}

fn integer(what: &str, text: &str) -> Result<i64, Error> {
    text.parse::<i64>()
        .map_err(|_| shape(what, format!("{what} must be a whole number, not {text:?}")))
}

fn required<'a>(row: &'a Row, column: &str, value: &'a Option<String>) -> Result<&'a str, Error> {
    let _ = row;
    cell(value).ok_or_else(|| shape("row", format!("the cell {column:?} is empty")))
}

/// The answer a row of stage self, authority or survey gives.
fn answer_of(row: &Row) -> Result<Answer, Error> {
    let kind = required(row, "kind", &row.kind)?;
    Ok(match kind {
        "yes-no" => Answer::YesNo {
            yes: flag("yes", required(row, "yes", &row.yes)?)?,
        },
        "option" => Answer::Choice {
            option: required(row, "option", &row.option)?.to_owned(),
        },
        "checklist" => Answer::Checklist {
            ticked: cell(&row.ticked)
                .map(|t| t.split(';').map(|s| s.trim().to_owned()).collect())
                .unwrap_or_default(),
        },
        "count" => Answer::Count {
            count: integer("count", required(row, "count", &row.count)?)?,
        },
        "rate" => Answer::Rate {
            numerator: parse_decimal("numerator", required(row, "numerator", &row.numerator)?)?,
            denominator: parse_decimal(
                "denominator",
                required(row, "denominator", &row.denominator)?,
            )?,
        },
        "points" => Answer::Points {
            points: parse_decimal("points", required(row, "points", &row.points)?)?,
        },
        "tally" => {
            let mut tally = BTreeMap::new();
            for part in required(row, "tally", &row.tally)?.split(';') {
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

/// Where a row goes: an answer through an assessor, the council's points or the final points.
enum Input {
    Given(Assessor, Answer),
    Appraisal(rust_decimal::Decimal),
    Final(rust_decimal::Decimal),
}

fn input_of(row: &Row, stage: &str) -> Result<Input, Error> {
    let points = || parse_decimal("points", required(row, "points", &row.points)?);
    Ok(match stage {
        "self" => Input::Given(Assessor::SelfAssessed, answer_of(row)?),
        "authority" => Input::Given(Assessor::Authority, answer_of(row)?),
        "survey" => Input::Given(Assessor::Survey, answer_of(row)?),
        "appraisal" => Input::Appraisal(points()?),
        "final" => Input::Final(points()?),
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
        let mut errors = Vec::new();
        let mut assessments: BTreeMap<&str, Assessment> = BTreeMap::new();
        let mut seen: HashSet<(&str, &str, &str)> = HashSet::with_capacity(rows.len());
        // Answers first, then the council's points, then the final ones: an appraisal is checked
        // against the leaf as answered (0 on a not-applicable leaf).
        let mut staged: [Vec<(usize, &str, &str, Input)>; 3] = Default::default();
        for (n, row) in rows.iter().enumerate() {
            let number = n + 1;
            let mut refuse = |error: Error| errors.push(RowError { row: number, error });
            let (Some(unit), Some(code), Some(stage)) =
                (cell(&row.unit), cell(&row.code), cell(&row.stage))
            else {
                refuse(shape(
                    "row",
                    "a row needs a unit, a code and a stage".into(),
                ));
                continue;
            };
            let assessment = match assessments.entry(unit) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    match Assessment::new(edition, unit) {
                        Ok(a) => e.insert(a),
                        Err(error) => {
                            refuse(about(error, unit, Some(code)));
                            continue;
                        }
                    }
                }
            };
            if let Some(text) = cell(&row.submitted) {
                match flag("submitted", text) {
                    Ok(true) => assessment.set_submitted(true),
                    Ok(false) => {}
                    Err(error) => {
                        refuse(about(error, unit, Some(code)));
                        continue;
                    }
                }
            }
            if !seen.insert((unit, code, stage)) {
                refuse(about(
                    shape(
                        "row",
                        format!("unit {unit}, code {code}, stage {stage} is given twice"),
                    ),
                    unit,
                    Some(code),
                ));
                continue;
            }
            match input_of(row, stage) {
                Ok(input) => {
                    let slot = match input {
                        Input::Given(..) => 0,
                        Input::Appraisal(_) => 1,
                        Input::Final(_) => 2,
                    };
                    staged[slot].push((number, unit, code, input));
                }
                Err(error) => refuse(about(error, unit, Some(code))),
            }
        }
        for stage in staged {
            for (number, unit, code, input) in stage {
                let Some(assessment) = assessments.get_mut(unit) else {
                    continue;
                };
                let result = match input {
                    Input::Given(assessor, answer) => {
                        assessment.give(assessor, code, answer).map(|_| ())
                    }
                    Input::Appraisal(points) => assessment.appraise(code, points).map(|_| ()),
                    Input::Final(points) => assessment.decide(code, points).map(|_| ()),
                };
                if let Err(error) = result {
                    errors.push(RowError {
                        row: number,
                        error: about(error, unit, Some(code)),
                    });
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            return Err(errors);
        }
        let mut round = Round::new(edition);
        for assessment in assessments.into_values() {
            round.put(assessment.into_data());
        }
        Ok(round)
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
        let rows = read_csv(text).map_err(Error::invalid_rows)?;
        Round::from_rows(edition, &rows).map_err(Error::invalid_rows)
    }
}

/// Reads the long table from CSV text into rows (see [`Round::from_csv`]); a header naming an
/// unknown or repeated column is reported as row 0, a row with too many cells by its number.
pub fn read_csv(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let mut records = Records::new(text.strip_prefix('\u{feff}').unwrap_or(text));
    let header = records.next().unwrap_or_default();
    let mut columns = Vec::with_capacity(header.len());
    let mut errors = Vec::new();
    for name in &header {
        let name = name.trim();
        match ROW_COLUMNS.iter().position(|c| *c == name) {
            Some(i) if !columns.contains(&i) => columns.push(i),
            _ => errors.push(RowError {
                row: 0,
                error: shape(
                    "header",
                    format!(
                        "column {name:?} is unknown or repeated; the columns are {}",
                        ROW_COLUMNS.join(", ")
                    ),
                ),
            }),
        }
    }
    for required in ["unit", "code", "stage"] {
        let i = ROW_COLUMNS.iter().position(|c| *c == required);
        if !i.is_some_and(|i| columns.contains(&i)) {
            errors.push(RowError {
                row: 0,
                error: shape("header", format!("the column {required:?} is missing")),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    for (n, record) in records.enumerate() {
        if record.iter().all(|c| c.is_empty()) {
            continue;
        }
        if record.len() > columns.len() {
            errors.push(RowError {
                row: n + 1,
                error: shape(
                    "row",
                    format!("{} cells under {} columns", record.len(), columns.len()),
                ),
            });
            continue;
        }
        let mut row = Row::default();
        for (value, &column) in record.into_iter().zip(&columns) {
            let slot = match column {
                0 => &mut row.unit,
                1 => &mut row.code,
                2 => &mut row.stage,
                3 => &mut row.kind,
                4 => &mut row.yes,
                5 => &mut row.option,
                6 => &mut row.ticked,
                7 => &mut row.count,
                8 => &mut row.numerator,
                9 => &mut row.denominator,
                10 => &mut row.points,
                11 => &mut row.tally,
                _ => &mut row.submitted,
            };
            *slot = (!value.is_empty()).then_some(value);
        }
        rows.push(row);
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The records of CSV text: cells split on commas, `"…"` quoting with `""` for a quote, lines
/// ended by `\n` or `\r\n`.
struct Records<'a> {
    rest: &'a str,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Records<'a> {
        Records { rest: text }
    }
}

impl Iterator for Records<'_> {
    type Item = Vec<String>;
    fn next(&mut self) -> Option<Vec<String>> {
        if self.rest.is_empty() {
            return None;
        }
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = self.rest.char_indices().peekable();
        let mut end = self.rest.len();
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
                (false, ',') => cells.push(std::mem::take(&mut cell)),
                (false, '\n') => {
                    end = i + 1;
                    break;
                }
                (false, '\r') if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
                (false, c) => cell.push(c),
            }
        }
        cells.push(cell);
        self.rest = &self.rest[end..];
        Some(cells)
    }
}
