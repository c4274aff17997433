//! The analyst's batch path: a round's inputs as a long table, one row per unit × leaf × stage,
//! from rows of text cells (a data frame's columns) or from CSV text. Every bad row is reported
//! at once, each with its row number; nothing is half-loaded.

use crate::answer::Answer;
use crate::batch::load_round;
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::error::{Error, ErrorKind, parse_decimal};
use crate::round::Round;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

/// The columns of the long table, in their usual order. `unit`, `code` and `stage` are required
/// in every row; the others are filled as the row's stage and kind need. `round` (last) is
/// optional: it names the round of each row when one table holds many
/// ([`RoundsResults`](crate::RoundsResults)).
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
    "round",
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
/// - `round`: the round's label (a year, a round id), when one table holds many rounds.
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
    /// The round's label (a year, a round id), when one table holds many rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
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
pub(crate) mod col {
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
    pub const ROUND: usize = 13;
}

/// One row's cells, borrowed from where the table lies (CSV text, [`Row`]s, a data frame's
/// columns): every column of [`ROW_COLUMNS`] by position. Only a CSV cell with an escaped quote
/// is owned.
pub(crate) struct View<'a> {
    /// 1-based row number (blank CSV lines are skipped but counted).
    pub(crate) number: usize,
    cells: [Option<Cow<'a, str>>; 14],
}

impl<'a> View<'a> {
    /// Row `number`'s cells, each at its position in [`ROW_COLUMNS`].
    pub(crate) fn new(number: usize, cells: [Option<Cow<'a, str>>; 14]) -> View<'a> {
        View { number, cells }
    }

    /// A cell's trimmed text, kept as borrowed as it is (the unit and code outlive the row).
    pub(crate) fn key(&self, column: usize) -> Option<Cow<'a, str>> {
        match &self.cells[column] {
            Some(Cow::Borrowed(s)) => Some(Cow::Borrowed(s.trim())),
            Some(Cow::Owned(s)) => Some(Cow::Owned(s.trim().to_owned())),
            None => None,
        }
        .filter(|s| !s.is_empty())
    }

    /// A cell's trimmed text; `None` for an empty cell.
    pub(crate) fn get(&self, column: usize) -> Option<&str> {
        self.cells[column]
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub(crate) fn required(&self, column: usize) -> Result<&str, Error> {
        self.get(column).ok_or_else(|| {
            shape(
                "row",
                format!("the cell {:?} is empty", ROW_COLUMNS[column]),
            )
        })
    }
}

pub(crate) fn shape(what: &str, detail: String) -> Error {
    Error::invalid_shape(what, detail)
}

pub(crate) fn flag(what: &str, text: &str) -> Result<bool, Error> {
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
pub(crate) fn answer_of(row: &View<'_>) -> Result<Answer, Error> {
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
#[derive(Clone, Copy)]
pub(crate) enum Points {
    Appraisal,
    Final,
}

/// The stage a row names: an answer through an assessor, or points.
pub(crate) fn stage_of(stage: &str) -> Result<Result<Assessor, Points>, Error> {
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
pub(crate) fn about(error: Error, unit: &str, code: Option<&str>) -> Error {
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
        let has_round = rows.iter().any(|row| row.round.is_some());
        let views = rows.iter().enumerate().map(|(n, row)| {
            Ok(View {
                number: n + 1,
                cells: row.cells().map(|cell| cell.as_deref().map(Cow::Borrowed)),
            })
        });
        load_round(edition, has_round, views)
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
        let csv = Csv::new(text).map_err(Error::invalid_rows)?;
        load_round(edition, csv.has(col::ROUND), csv.rows(csv.body)).map_err(Error::invalid_rows)
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
        let table = Columns::new(columns).map_err(Error::invalid_rows)?;
        load_round(edition, table.has(col::ROUND), table.rows(0..table.length))
            .map_err(Error::invalid_rows)
    }
}

impl Round {
    /// The round's inputs as rows of the long table, unit after unit (in unit id order), each
    /// unit's answers (self, authority, survey), then the council's points and the final ones,
    /// code after code; `submitted` is `true` on a submitted unit's first row. `round` labels
    /// every row (`None`: no `round` cell). Read back by [`Round::from_rows`], the same round.
    ///
    /// ```
    /// # // Round::synthetic needs the `synthetic` feature (on in the workspace's tests).
    /// # #[cfg(feature = "synthetic")] {
    /// use cchc_core::Round;
    /// let edition = cchc_criteria::default_edition();
    /// let round = Round::synthetic(&edition, 7);
    /// let rows = round.to_rows(None);
    /// assert_eq!(Round::from_rows(&edition, &rows).unwrap(), round);
    /// assert_eq!(rows[0].stage.as_deref(), Some("self"));
    /// # }
    /// ```
    pub fn to_rows(&self, round: Option<&str>) -> Vec<Row> {
        let mut rows = Vec::new();
        for assessment in self.assessments() {
            let data = assessment.data();
            let first = rows.len();
            let row = |code: &str, stage: &str| Row {
                unit: Some(data.unit.clone()),
                code: Some(code.to_owned()),
                stage: Some(stage.to_owned()),
                round: round.map(str::to_owned),
                ..Row::default()
            };
            let channels = [
                ("self", &data.answers),
                ("authority", &data.authority),
                ("survey", &data.survey),
            ];
            for (stage, answers) in channels {
                for (code, answer) in answers {
                    let mut row = row(code, stage);
                    row.kind = Some(answer.kind().to_owned());
                    match answer {
                        Answer::YesNo { yes } => row.yes = Some(yes.to_string()),
                        Answer::Choice { option } => row.option = Some(option.clone()),
                        Answer::Checklist { ticked } => {
                            // None ticked: an empty cell, as CSV gives it back.
                            row.ticked = Some(ticked.join(";")).filter(|t| !t.is_empty());
                        }
                        Answer::Count { count } => row.count = Some(count.to_string()),
                        Answer::Rate {
                            numerator,
                            denominator,
                        } => {
                            row.numerator = Some(numerator.to_string());
                            row.denominator = Some(denominator.to_string());
                        }
                        Answer::Points { points } => row.points = Some(points.to_string()),
                        Answer::Tally { tally } => {
                            let parts: Vec<String> =
                                tally.iter().map(|(g, n)| format!("{g}={n}")).collect();
                            row.tally = Some(parts.join(";"));
                        }
                        Answer::NotApplicable => {}
                    }
                    rows.push(row);
                }
            }
            for (stage, points) in [
                ("appraisal", &data.appraisals),
                ("final", &data.final_points),
            ] {
                for (code, points) in points {
                    let mut row = row(code, stage);
                    row.points = Some(points.to_string());
                    rows.push(row);
                }
            }
            if let Some(row) = rows.get_mut(first).filter(|_| data.submitted) {
                row.submitted = Some("true".to_owned());
            }
        }
        rows
    }

    /// The round's inputs as the long table in CSV ([`Round::to_rows`]): a header naming the
    /// columns of [`ROW_COLUMNS`] (without `round` when `round` is `None`), then one line per
    /// row; a cell with a comma, a quote or a line end is quoted. Read back by
    /// [`Round::from_csv`], the same round.
    ///
    /// ```
    /// # // Round::synthetic needs the `synthetic` feature (on in the workspace's tests).
    /// # #[cfg(feature = "synthetic")] {
    /// use cchc_core::{Round, RoundsResults};
    /// let edition = cchc_criteria::default_edition();
    /// let round = Round::synthetic(&edition, 7);
    /// assert_eq!(Round::from_csv(&edition, &round.to_csv(None)).unwrap(), round);
    /// let labelled = round.to_csv(Some("2019"));
    /// assert!(labelled.starts_with("unit,code,stage,") && labelled.ends_with(",2019\n"));
    /// let results = RoundsResults::from_csv(&edition, &labelled, 1).unwrap();
    /// assert_eq!(results.rounds, ["2019"]);
    /// # }
    /// ```
    pub fn to_csv(&self, round: Option<&str>) -> String {
        let columns = if round.is_some() {
            ROW_COLUMNS
        } else {
            &ROW_COLUMNS[..col::ROUND]
        };
        let mut text = columns.join(",");
        text.push('\n');
        self.write_csv(round, columns.len(), &mut text);
        text
    }

    /// Writes the rows of [`Round::to_csv`], the first `columns` cells of each, without a header.
    fn write_csv(&self, round: Option<&str>, columns: usize, text: &mut String) {
        for row in self.to_rows(round) {
            for (i, cell) in row.cells().iter().take(columns).enumerate() {
                if i > 0 {
                    text.push(',');
                }
                let cell = cell.as_deref().unwrap_or("");
                if cell.contains([',', '"', '\n', '\r']) {
                    text.push('"');
                    text.push_str(&cell.replace('"', "\"\""));
                    text.push('"');
                } else {
                    text.push_str(cell);
                }
            }
            text.push('\n');
        }
    }
}

/// Many rounds as one long table in CSV: the header (every column of [`ROW_COLUMNS`], `round`
/// among them), then each round's rows as [`Round::to_csv`] writes them, labelled with its
/// round. What [`RoundsResults::from_csv`](crate::RoundsResults::from_csv) reads.
///
/// ```
/// # // Round::synthetic needs the `synthetic` feature (on in the workspace's tests).
/// # #[cfg(feature = "synthetic")] {
/// use cchc_core::{Round, RoundsResults, rounds_to_csv};
/// let edition = cchc_criteria::default_edition();
/// let (a, b) = (Round::synthetic(&edition, 1), Round::synthetic(&edition, 2));
/// let text = rounds_to_csv([("2019", &a), ("2020", &b)]);
/// let results = RoundsResults::from_csv(&edition, &text, 2).unwrap();
/// assert_eq!(results.rounds, ["2019", "2020"]);
/// # }
/// ```
pub fn rounds_to_csv<'r>(rounds: impl IntoIterator<Item = (&'r str, &'r Round)>) -> String {
    let mut text = ROW_COLUMNS.join(",");
    text.push('\n');
    for (label, round) in rounds {
        round.write_csv(Some(label), ROW_COLUMNS.len(), &mut text);
    }
    text
}

impl Row {
    /// The row's cells in the order of [`ROW_COLUMNS`].
    fn cells(&self) -> [&Option<String>; 14] {
        [
            &self.unit,
            &self.code,
            &self.stage,
            &self.kind,
            &self.yes,
            &self.option,
            &self.ticked,
            &self.count,
            &self.numerator,
            &self.denominator,
            &self.points,
            &self.tally,
            &self.submitted,
            &self.round,
        ]
    }
}

/// The rows a table's reader yields, and how many it read (blank CSV lines counted): the next
/// piece's rows are numbered after them.
pub(crate) trait Rows<'a>: Iterator<Item = Result<View<'a>, RowError>> {
    /// How many rows were read so far.
    fn read(&self) -> usize;
}

/// The long table's columns, checked: each named column's position in [`ROW_COLUMNS`], all of
/// one length.
pub(crate) struct Columns<'c, S> {
    columns: &'c [(&'c str, &'c [Option<S>])],
    positions: Vec<usize>,
    pub(crate) length: usize,
}

impl<'c, S: AsRef<str>> Columns<'c, S> {
    /// The columns, or the header's faults (row 0): a bad name, unequal lengths.
    pub(crate) fn new(columns: &'c [(&'c str, &'c [Option<S>])]) -> Result<Self, Vec<RowError>> {
        let positions = header(columns.iter().map(|(name, _)| *name))?;
        let length = columns.first().map_or(0, |(_, cells)| cells.len());
        if columns.iter().any(|(_, cells)| cells.len() != length) {
            return Err(vec![RowError {
                row: 0,
                error: shape("header", "the columns are of unequal lengths".into()),
            }]);
        }
        Ok(Columns {
            columns,
            positions,
            length,
        })
    }

    /// Whether the column at this position of [`ROW_COLUMNS`] is given.
    pub(crate) fn has(&self, column: usize) -> bool {
        self.positions.contains(&column)
    }

    /// A column's trimmed cell in row `n` (0-based).
    fn cell(&self, column: usize, n: usize) -> Option<&'c str> {
        let at = self.positions.iter().position(|&p| p == column)?;
        self.columns[at].1[n].as_ref().map(|s| s.as_ref().trim())
    }

    /// Up to `n` ranges of rows, cut between two (round, unit)s.
    pub(crate) fn pieces(&self, n: usize) -> Vec<Range<usize>> {
        let key = |i: usize| (self.cell(col::ROUND, i), self.cell(col::UNIT, i));
        cut(self.length, n, |at| {
            (at..self.length).find(|&i| i > 0 && key(i - 1) != key(i))
        })
    }

    /// The rows of one range, numbered from 1 within it.
    pub(crate) fn rows(&self, range: Range<usize>) -> ColumnRows<'_, 'c, S> {
        ColumnRows {
            table: self,
            start: range.start,
            next: range.start,
            end: range.end,
        }
    }
}

/// The rows of a range of [`Columns`].
pub(crate) struct ColumnRows<'t, 'c, S> {
    table: &'t Columns<'c, S>,
    start: usize,
    next: usize,
    end: usize,
}

impl<'c, S: AsRef<str>> Iterator for ColumnRows<'_, 'c, S> {
    type Item = Result<View<'c>, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let n = self.next;
        self.next += 1;
        let mut view = View {
            number: n - self.start + 1,
            cells: Default::default(),
        };
        for ((_, cells), &position) in self.table.columns.iter().zip(&self.table.positions) {
            view.cells[position] = cells[n].as_ref().map(|s| Cow::Borrowed(s.as_ref()));
        }
        Some(Ok(view))
    }
}

impl<'c, S: AsRef<str>> Rows<'c> for ColumnRows<'_, 'c, S> {
    fn read(&self) -> usize {
        self.next - self.start
    }
}

/// Up to `n` pieces of `0..length`, each cut where `boundary(at)` (the first place at or after
/// `at` between two (round, unit)s) says; one piece when `n` is 1 or the table is small.
pub(crate) fn cut(
    length: usize,
    n: usize,
    boundary: impl Fn(usize) -> Option<usize>,
) -> Vec<Range<usize>> {
    // The least piece worth a thread (bytes of text, or rows).
    const LEAST: usize = 4096;
    let mut starts = vec![0];
    if n > 1 && length >= LEAST {
        for k in 1..n {
            let at = length / n * k;
            match boundary(at.max(starts[starts.len() - 1] + LEAST)) {
                Some(b) if b < length => starts.push(b),
                _ => break,
            }
        }
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain([&length]))
        .map(|(&a, &b)| a..b)
        .collect()
}

/// The position in [`ROW_COLUMNS`] of each named column, or the header's faults (row 0): an
/// unknown or repeated column, a required one missing.
pub(crate) fn header<'a>(
    names: impl Iterator<Item = &'a str>,
) -> Result<Vec<usize>, Vec<RowError>> {
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

/// CSV text split into its header (each column's position in [`ROW_COLUMNS`], whose faults
/// are row 0) and its body.
pub(crate) struct Csv<'a> {
    columns: Vec<usize>,
    /// The text under the header.
    pub(crate) body: &'a str,
}

impl<'a> Csv<'a> {
    /// The header read, or its faults.
    pub(crate) fn new(text: &'a str) -> Result<Csv<'a>, Vec<RowError>> {
        let mut records = Records {
            rest: text.strip_prefix('\u{feff}').unwrap_or(text),
        };
        let mut cells = Vec::with_capacity(ROW_COLUMNS.len());
        records.next_into(&mut cells);
        let columns = header(cells.iter().map(|c| c.as_ref()))?;
        Ok(Csv {
            columns,
            body: records.rest,
        })
    }

    /// Whether the column at this position of [`ROW_COLUMNS`] is given.
    pub(crate) fn has(&self, column: usize) -> bool {
        self.columns.contains(&column)
    }

    /// The position in [`ROW_COLUMNS`] of each column of the header, in the header's order.
    pub(crate) fn columns(&self) -> &[usize] {
        &self.columns
    }

    /// The rows of a piece of the body (numbered from 1 within it).
    pub(crate) fn rows(&self, piece: &'a str) -> CsvRows<'a> {
        CsvRows {
            records: Records { rest: piece },
            columns: self.columns.clone(),
            cells: Vec::with_capacity(ROW_COLUMNS.len()),
            number: 0,
        }
    }

    /// Up to `n` pieces of the body, cut at line ends between two (round, unit)s, as if the body
    /// had no quote: a quoted cell may hold a line end, so pieces of a body with a quote are not
    /// to be read apart (the batch reader, meeting one, reads the whole body again).
    pub(crate) fn pieces(&self, n: usize) -> Vec<&'a str> {
        let body = self.body;
        if n < 2 {
            return vec![body];
        }
        // The round and unit cells of the line starting at `at` (no quotes: cells split on commas).
        let key = |at: usize| {
            let line = body[at..].split('\n').next().unwrap_or("");
            let mut key = (None, None);
            for (cell, &column) in line.split(',').zip(&self.columns) {
                match column {
                    col::ROUND => key.0 = Some(cell.trim()),
                    col::UNIT => key.1 = Some(cell.trim()),
                    _ => {}
                }
            }
            key
        };
        let bytes = body.as_bytes();
        // The start of the line after the one holding `at`.
        let next_line = |at: usize| {
            bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|i| at + i + 1)
        };
        let ranges = cut(body.len(), n, |at| {
            let mut start = at.checked_sub(1).map_or(Some(0), next_line)?;
            let mut previous = key(body[..start.saturating_sub(1)]
                .rfind('\n')
                .map_or(0, |i| i + 1));
            while start < body.len() {
                let here = key(start);
                if here != previous {
                    return Some(start);
                }
                previous = here;
                start = next_line(start)?;
            }
            None
        });
        ranges.into_iter().map(|r| &body[r]).collect()
    }
}

/// The rows of CSV text under its header, one [`View`] at a time.
pub(crate) struct CsvRows<'a> {
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
            if let Some(row) = self.plain_line() {
                match row {
                    Some(row) => return Some(row),
                    None => continue,
                }
            }
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

impl<'a> CsvRows<'a> {
    /// The next line when it has no quote (most lines): its cells split on commas, borrowed;
    /// `Some(None)` for a blank line (counted, skipped); `None` when the line has a quote (or the
    /// text ends), to be read by [`Records`].
    fn plain_line(&mut self) -> Option<Option<Result<View<'a>, RowError>>> {
        let rest = self.records.rest;
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let mut view = View {
            number: self.number + 1,
            cells: Default::default(),
        };
        let (mut cells, mut filled, mut start) = (0, false, 0);
        let mut put = |from: usize, to: usize| {
            let cell = &rest[from..to];
            if let Some(&column) = self.columns.get(cells) {
                if !cell.is_empty() {
                    view.cells[column] = Some(Cow::Borrowed(cell));
                    filled = true;
                }
            } else {
                filled |= !cell.is_empty();
            }
            cells += 1;
        };
        let mut after = bytes.len();
        // One pass over the line's bytes (commas, quotes and the line end are ASCII, so every
        // cut is on a char boundary).
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b',' => {
                    put(start, i);
                    start = i + 1;
                }
                b'\n' => {
                    let end = if i > start && bytes[i - 1] == b'\r' {
                        i - 1
                    } else {
                        i
                    };
                    put(start, end);
                    after = i + 1;
                    start = usize::MAX;
                    break;
                }
                b'"' => return None,
                _ => {}
            }
        }
        if start != usize::MAX {
            let end = if bytes.ends_with(b"\r") {
                bytes.len() - 1
            } else {
                bytes.len()
            };
            put(start.min(end), end);
        }
        self.records.rest = &rest[after..];
        self.number += 1;
        if !filled {
            return Some(None);
        }
        if cells > self.columns.len() {
            let detail = format!("{cells} cells under {} columns", self.columns.len());
            return Some(Some(Err(RowError {
                row: self.number,
                error: shape("row", detail),
            })));
        }
        Some(Some(Ok(view)))
    }
}

impl<'a> Rows<'a> for CsvRows<'a> {
    fn read(&self) -> usize {
        self.number
    }
}

/// Reads the long table from CSV text into rows (see [`Round::from_csv`]); a header naming an
/// unknown or repeated column is reported as row 0, a row with too many cells by its number.
/// Blank lines are skipped.
pub fn read_csv(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let own = |view: &View<'_>, column: usize| view.cells[column].as_deref().map(str::to_owned);
    let csv = Csv::new(text)?;
    let (views, errors): (Vec<_>, Vec<_>) = csv.rows(csv.body).partition(Result::is_ok);
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
            round: own(&v, col::ROUND),
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

#[cfg(test)]
mod tests {
    use super::Csv;

    /// The pieces a text is read in on many threads: cut at line ends between two (round, unit)s,
    /// nothing lost; text with a quote stays whole.
    #[test]
    fn pieces_are_cut_between_round_unit_pairs() {
        let mut text = String::from("round,unit,code,stage\r\n");
        for r in 0..3 {
            for u in 0..20 {
                for c in 0..50 {
                    text += &format!("y{r},u{u},1.{c},self\r\n");
                }
            }
        }
        let csv = Csv::new(&text).unwrap();
        let pieces = csv.pieces(3);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces.concat(), csv.body);
        let key = |line: &str| line.split(',').take(2).collect::<Vec<_>>().join(",");
        for pair in pieces.windows(2) {
            let last = pair[0].lines().last().unwrap();
            let first = pair[1].lines().next().unwrap();
            assert!(pair[0].ends_with('\n'));
            assert_ne!(key(last), key(first), "{last} | {first}");
        }
        assert_eq!(csv.pieces(1), [csv.body]);
    }
}
