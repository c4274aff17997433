//! Answers, assessments, rounds, scorecards, results and the analysis views.

use crate::convert::{Details, answer_error, decimal_arg, invalid, name_arg, raise};
use crate::edition::{Edition, parse_group};
use crate::frame::{Cell, data_frame, frame_html};
use crate::{Handle, iterate, py_repr, quote};
use cchc_core::{Channel, ReportOptions, Worth};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyIterator, PyString};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

// --- answers ---------------------------------------------------------------------------------

/// An answer to one leaf (docs/scoring.md §1). Build one with a constructor named after its
/// kind (`Answer.yes_no(True)`, `Answer.rate("7", "9")`, …) or from its JSON form
/// (`Answer.from_dict({"kind": "option", "option": "tot"})`).
#[pyclass(frozen, eq, module = "cchc", name = "Answer")]
#[derive(Clone, PartialEq)]
pub struct Answer(pub(crate) cchc_core::Answer);

fn answer_from_json(py: Python<'_>, text: &str) -> PyResult<Answer> {
    cchc_core::Answer::from_json(text)
        .map(Answer)
        .map_err(|e| invalid(py, "InvalidInputError", "invalid-answer", e))
}

fn json_dumps(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    let kwargs = PyDict::new(py);
    // Decimals become their exact text; floats stay JSON numbers, which the core refuses.
    kwargs.set_item("default", py.import("builtins")?.getattr("str")?)?;
    py.import("json")?
        .getattr("dumps")?
        .call((value,), Some(&kwargs))?
        .extract()
}

fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((text,))
}

/// An `Answer`, or a mapping in the answers' JSON form.
pub(crate) fn answer_arg(value: &Bound<'_, PyAny>) -> PyResult<cchc_core::Answer> {
    if let Ok(answer) = value.cast::<Answer>() {
        return Ok(answer.get().0.clone());
    }
    if value.cast::<PyDict>().is_ok() {
        return answer_from_json(value.py(), &json_dumps(value)?).map(|a| a.0);
    }
    Err(invalid(
        value.py(),
        "InvalidInputError",
        "invalid-answer",
        format!(
            "{} is not an answer; pass a cchc.Answer or a dict such as {{\"kind\": \"yes-no\", \"yes\": True}}",
            value.repr()?
        ),
    ))
}

/// A non-negative or negative whole number, refusing floats and bools.
fn count_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<i64> {
    let py = value.py();
    if value.is_instance_of::<PyFloat>() {
        return Err(invalid(
            py,
            "FloatRefusedError",
            "float-refused",
            format!("{what} {} is a float; pass an int", value.repr()?),
        ));
    }
    if value.is_instance_of::<PyBool>() || value.is_instance_of::<PyString>() {
        return Err(invalid(
            py,
            "InvalidInputError",
            "not-an-integer",
            format!("{what} {} is not an int", value.repr()?),
        ));
    }
    value.extract::<i64>().map_err(|_| {
        invalid(
            py,
            "InvalidInputError",
            "not-an-integer",
            format!("{what} is not an int that fits 64 bits"),
        )
    })
}

#[pymethods]
impl Answer {
    /// For `yes-no` leaves.
    #[staticmethod]
    fn yes_no(yes: bool) -> Answer {
        Answer(cchc_core::Answer::YesNo { yes })
    }

    /// For `options` leaves: the chosen option's id.
    #[staticmethod]
    fn option(option: String) -> Answer {
        Answer(cchc_core::Answer::Choice { option })
    }

    /// For `checklist` leaves: the ids of the conditions met.
    #[staticmethod]
    fn checklist(ticked: Vec<String>) -> Answer {
        Answer(cchc_core::Answer::Checklist { ticked })
    }

    /// For `count` and `deduction` leaves.
    #[staticmethod]
    fn count(count: &Bound<'_, PyAny>) -> PyResult<Answer> {
        Ok(Answer(cchc_core::Answer::Count {
            count: count_arg(count, "count")?,
        }))
    }

    /// For `ratio-tiers` and `proportional` leaves: done / required (Decimal, int or str).
    #[staticmethod]
    fn rate(numerator: &Bound<'_, PyAny>, denominator: &Bound<'_, PyAny>) -> PyResult<Answer> {
        Ok(Answer(cchc_core::Answer::Rate {
            numerator: decimal_arg(numerator, "numerator")?,
            denominator: decimal_arg(denominator, "denominator")?,
        }))
    }

    /// For `points` leaves: judgement points (Decimal, int or str).
    #[staticmethod]
    fn points(points: &Bound<'_, PyAny>) -> PyResult<Answer> {
        Ok(Answer(cchc_core::Answer::Points {
            points: decimal_arg(points, "points")?,
        }))
    }

    /// For `survey` leaves: respondents per grade id.
    #[staticmethod]
    fn tally(tally: &Bound<'_, PyDict>) -> PyResult<Answer> {
        let mut counts = BTreeMap::new();
        for (grade, n) in tally.iter() {
            counts.insert(grade.extract::<String>()?, count_arg(&n, "respondents")?);
        }
        Ok(Answer(cchc_core::Answer::Tally { tally: counts }))
    }

    /// The leaf does not apply to the unit (where the leaf allows it).
    #[staticmethod]
    fn not_applicable() -> Answer {
        Answer(cchc_core::Answer::NotApplicable)
    }

    /// Parses the JSON form, e.g. '{"kind": "rate", "numerator": "7", "denominator": "9"}'.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Answer> {
        answer_from_json(py, text)
    }

    /// Builds an answer from its JSON form as a dict (decimals as strings or Decimal).
    #[staticmethod]
    fn from_dict(value: &Bound<'_, PyAny>) -> PyResult<Answer> {
        answer_arg(value).map(Answer)
    }

    /// The answer's kind: "yes-no", "option", "checklist", "count", "rate", "points", "tally"
    /// or "not-applicable".
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind()
    }

    /// The JSON form (decimals as strings).
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The JSON form as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.0.to_json())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Answer.from_json({})",
            quote(py, &self.0.to_json())?
        ))
    }
}

fn worth(w: Worth) -> Option<Decimal> {
    match w {
        Worth::Points(p) => Some(p),
        Worth::NotApplicable => None,
    }
}

pub(crate) fn parse_channel(py: Python<'_>, text: &str) -> PyResult<Channel> {
    name_arg(
        py,
        text,
        "channel",
        &["self", "authority", "survey"],
        Channel::parse,
    )
}

fn options(decimal_comma: bool) -> ReportOptions {
    ReportOptions { decimal_comma }
}

// --- assessments -----------------------------------------------------------------------------

/// One unit's assessment: its own answers, the authority's and the survey's, the council's
/// appraisals and the explanation round's decisions, each checked when given (a refused input
/// raises `InvalidInputError` and changes nothing).
#[pyclass(module = "cchc", name = "Assessment")]
pub struct Assessment {
    pub(crate) edition: Handle,
    pub(crate) inner: cchc_core::Assessment,
}

fn decimal_map(map: &BTreeMap<String, Decimal>) -> BTreeMap<String, Decimal> {
    map.clone()
}

fn answer_map(map: &BTreeMap<String, cchc_core::Answer>) -> BTreeMap<String, Answer> {
    map.iter()
        .map(|(k, v)| (k.clone(), Answer(v.clone())))
        .collect()
}

#[pymethods]
impl Assessment {
    /// An empty assessment of one unit of the edition.
    #[new]
    fn new(py: Python<'_>, edition: &Edition, unit: &str) -> PyResult<Assessment> {
        cchc_core::Assessment::new(&edition.inner, unit)
            .map(|inner| Assessment {
                edition: edition.inner.clone(),
                inner,
            })
            .map_err(|e| answer_error(py, &e))
    }

    /// Parses an assessment from its JSON form and checks every input against the edition.
    #[staticmethod]
    fn from_json(py: Python<'_>, edition: &Edition, text: &str) -> PyResult<Assessment> {
        let inner = cchc_core::Assessment::from_json(text)
            .map_err(|e| invalid(py, "InvalidInputError", "invalid-assessment", e))?;
        inner
            .check(&edition.inner)
            .map_err(|e| answer_error(py, &e))?;
        Ok(Assessment {
            edition: edition.inner.clone(),
            inner,
        })
    }

    /// The JSON form (decimals as strings), as the golden cases write assessments.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The unit assessed.
    #[getter]
    fn unit(&self) -> &str {
        &self.inner.unit
    }

    /// Whether the unit head submitted the self-assessment.
    #[getter]
    fn get_submitted(&self) -> bool {
        self.inner.submitted
    }

    #[setter]
    fn set_submitted(&mut self, submitted: bool) {
        self.inner.submitted = submitted;
    }

    /// The unit's own answers, by leaf code.
    #[getter]
    fn answers(&self) -> BTreeMap<String, Answer> {
        answer_map(&self.inner.answers)
    }

    /// The authority's answers, by leaf code.
    #[getter]
    fn authority(&self) -> BTreeMap<String, Answer> {
        answer_map(&self.inner.authority)
    }

    /// The survey's tallies, by leaf code.
    #[getter]
    fn survey(&self) -> BTreeMap<String, Answer> {
        answer_map(&self.inner.survey)
    }

    /// The appraisal council's points, by leaf code.
    #[getter]
    fn appraisals(&self) -> BTreeMap<String, Decimal> {
        decimal_map(&self.inner.appraisals)
    }

    /// The explanation round's final points, by leaf code.
    #[getter]
    fn final_points(&self) -> BTreeMap<String, Decimal> {
        decimal_map(&self.inner.final_points)
    }

    /// Records the unit's own answer to a self-assessed leaf; returns its points, or None when
    /// the answer is "not applicable".
    fn answer(
        &mut self,
        py: Python<'_>,
        code: &str,
        answer: &Bound<'_, PyAny>,
    ) -> PyResult<Option<Decimal>> {
        self.give(py, code, answer, "self")
    }

    /// Records an answer through a channel ("self", "authority" or "survey"); returns its
    /// points, or None when the answer is "not applicable".
    #[pyo3(signature = (code, answer, *, channel = "self"))]
    fn give(
        &mut self,
        py: Python<'_>,
        code: &str,
        answer: &Bound<'_, PyAny>,
        channel: &str,
    ) -> PyResult<Option<Decimal>> {
        let channel = parse_channel(py, channel)?;
        let answer = answer_arg(answer)?;
        self.inner
            .give(&self.edition, channel, code, answer)
            .map(worth)
            .map_err(|e| answer_error(py, &e))
    }

    /// Records the appraisal council's points for a self-assessed leaf.
    fn appraise(
        &mut self,
        py: Python<'_>,
        code: &str,
        points: &Bound<'_, PyAny>,
    ) -> PyResult<Decimal> {
        let points = decimal_arg(points, "points")?;
        self.inner
            .appraise(&self.edition, code, points)
            .map_err(|e| answer_error(py, &e))
    }

    /// Records the explanation round's final points for a leaf.
    fn decide(
        &mut self,
        py: Python<'_>,
        code: &str,
        points: &Bound<'_, PyAny>,
    ) -> PyResult<Decimal> {
        let points = decimal_arg(points, "points")?;
        self.inner
            .decide(&self.edition, code, points)
            .map_err(|e| answer_error(py, &e))
    }

    /// Whether the leaf has an answer from whoever assesses it.
    fn is_answered(&self, code: &str) -> bool {
        self.inner.is_answered(code)
    }

    /// Whether the leaf was answered "not applicable".
    fn is_not_applicable(&self, code: &str) -> bool {
        self.inner.is_not_applicable(code)
    }

    /// Whether nothing at all was entered.
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Checks every input again; raises `InvalidInputError` on the first refusal.
    fn check(&self, py: Python<'_>) -> PyResult<()> {
        self.inner
            .check(&self.edition)
            .map_err(|e| answer_error(py, &e))
    }

    /// Scores the assessment.
    fn scorecard(&self) -> Scorecard {
        Scorecard {
            edition: self.edition.clone(),
            card: self.inner.scorecard(&self.edition),
        }
    }

    /// The self-assessment report of these answers (no evidence).
    fn report(&self) -> crate::record::SelfAssessmentReport {
        crate::record::SelfAssessmentReport(cchc_core::SelfAssessmentReport::from_assessment(
            &self.edition,
            &self.inner,
        ))
    }

    /// A copy.
    fn copy(&self) -> Assessment {
        Assessment {
            edition: self.edition.clone(),
            inner: self.inner.clone(),
        }
    }

    fn __eq__(&self, other: &Assessment) -> bool {
        self.edition.id() == other.edition.id() && self.inner == other.inner
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let a = &self.inner;
        Ok(format!(
            "Assessment(unit={}, submitted={}, answers={}, authority={}, survey={}, appraisals={}, final_points={})",
            quote(py, &a.unit)?,
            if a.submitted { "True" } else { "False" },
            a.answers.len(),
            a.authority.len(),
            a.survey.len(),
            a.appraisals.len(),
            a.final_points.len()
        ))
    }
}

/// A deterministic, valid synthetic assessment of one unit (the same unit and seed always give
/// the same answers), for demonstrations and tests.
#[pyfunction]
pub fn synthetic_assessment(
    py: Python<'_>,
    edition: &Edition,
    unit: &str,
    seed: u64,
) -> PyResult<Assessment> {
    cchc_core::synthetic_assessment(&edition.inner, unit, seed)
        .map(|inner| Assessment {
            edition: edition.inner.clone(),
            inner,
        })
        .map_err(|e| answer_error(py, &e))
}

// --- rounds ----------------------------------------------------------------------------------

/// The assessments of a round, by unit; units without one score as empty (not submitted).
#[pyclass(module = "cchc", name = "Round")]
pub struct Round {
    pub(crate) edition: Handle,
    pub(crate) inner: cchc_core::Round,
}

impl Round {
    fn cards(&self) -> Vec<Scorecard> {
        self.inner
            .scorecards(&self.edition)
            .into_iter()
            .map(|card| Scorecard {
                edition: self.edition.clone(),
                card,
            })
            .collect()
    }

    fn unit_assessment(
        &mut self,
        py: Python<'_>,
        unit: &str,
    ) -> PyResult<&mut cchc_core::Assessment> {
        self.inner
            .assessment(&self.edition, unit)
            .map_err(|e| answer_error(py, &e))
    }
}

#[pymethods]
impl Round {
    /// An empty round of the edition; `assessments` are inserted (and checked) in order.
    #[new]
    #[pyo3(signature = (edition, assessments = Vec::new()))]
    fn new(
        py: Python<'_>,
        edition: &Edition,
        assessments: Vec<PyRef<'_, Assessment>>,
    ) -> PyResult<Round> {
        let mut round = Round {
            edition: edition.inner.clone(),
            inner: cchc_core::Round::default(),
        };
        for a in assessments {
            round.insert(py, &a)?;
        }
        Ok(round)
    }

    /// A round of synthetic assessments of every unit of the edition (see
    /// `synthetic_assessment`).
    #[staticmethod]
    fn synthetic(py: Python<'_>, edition: &Edition, seed: u64) -> PyResult<Round> {
        let mut inner = cchc_core::Round::default();
        for unit in edition.inner.units() {
            let a = cchc_core::synthetic_assessment(&edition.inner, unit.id(), seed)
                .map_err(|e| answer_error(py, &e))?;
            inner
                .insert(&edition.inner, a)
                .map_err(|e| answer_error(py, &e))?;
        }
        Ok(Round {
            edition: edition.inner.clone(),
            inner,
        })
    }

    /// The edition's id.
    #[getter]
    fn edition(&self) -> &str {
        self.edition.id()
    }

    /// Adds (or replaces) a whole assessment after checking every input in it.
    fn insert(&mut self, py: Python<'_>, assessment: &Assessment) -> PyResult<()> {
        self.inner
            .insert(&self.edition, assessment.inner.clone())
            .map_err(|e| answer_error(py, &e))
    }

    /// A copy of a unit's assessment, or None when the unit has none.
    fn get(&self, unit: &str) -> Option<Assessment> {
        self.inner.get(unit).map(|a| Assessment {
            edition: self.edition.clone(),
            inner: a.clone(),
        })
    }

    /// Records a unit's answer through a channel ("self", "authority", "survey"); returns its
    /// points, or None for "not applicable".
    #[pyo3(signature = (unit, code, answer, *, channel = "self"))]
    fn give(
        &mut self,
        py: Python<'_>,
        unit: &str,
        code: &str,
        answer: &Bound<'_, PyAny>,
        channel: &str,
    ) -> PyResult<Option<Decimal>> {
        let channel = parse_channel(py, channel)?;
        let answer = answer_arg(answer)?;
        let edition = self.edition.clone();
        self.unit_assessment(py, unit)?
            .give(&edition, channel, code, answer)
            .map(worth)
            .map_err(|e| answer_error(py, &e))
    }

    /// Records a unit's own answer; returns its points, or None for "not applicable".
    fn answer(
        &mut self,
        py: Python<'_>,
        unit: &str,
        code: &str,
        answer: &Bound<'_, PyAny>,
    ) -> PyResult<Option<Decimal>> {
        self.give(py, unit, code, answer, "self")
    }

    /// Records the council's points for a unit's self-assessed leaf.
    fn appraise(
        &mut self,
        py: Python<'_>,
        unit: &str,
        code: &str,
        points: &Bound<'_, PyAny>,
    ) -> PyResult<Decimal> {
        let points = decimal_arg(points, "points")?;
        let edition = self.edition.clone();
        self.unit_assessment(py, unit)?
            .appraise(&edition, code, points)
            .map_err(|e| answer_error(py, &e))
    }

    /// Records the explanation round's final points for a unit's leaf.
    fn decide(
        &mut self,
        py: Python<'_>,
        unit: &str,
        code: &str,
        points: &Bound<'_, PyAny>,
    ) -> PyResult<Decimal> {
        let points = decimal_arg(points, "points")?;
        let edition = self.edition.clone();
        self.unit_assessment(py, unit)?
            .decide(&edition, code, points)
            .map_err(|e| answer_error(py, &e))
    }

    /// Marks a unit's self-assessment as submitted (or not).
    #[pyo3(signature = (unit, submitted = true))]
    fn set_submitted(&mut self, py: Python<'_>, unit: &str, submitted: bool) -> PyResult<()> {
        self.unit_assessment(py, unit)?.submitted = submitted;
        Ok(())
    }

    /// Scorecards of every unit of the edition, in the edition's unit order.
    fn scorecards(&self) -> Vec<Scorecard> {
        self.cards()
    }

    /// The scorecard of one unit.
    fn scorecard(&self, py: Python<'_>, unit: &str) -> PyResult<Scorecard> {
        self.cards()
            .into_iter()
            .find(|c| c.card.unit == unit)
            .ok_or_else(|| {
                invalid(
                    py,
                    "InvalidInputError",
                    "unknown-unit",
                    format!("unit {unit:?} is not in edition {}", self.edition.id()),
                )
            })
    }

    /// Ranking, bands and summaries of every group.
    fn results(&self) -> Results {
        Results {
            edition: self.edition.clone(),
            inner: self.inner.results(&self.edition),
        }
    }

    /// Self vs appraised points across the round.
    fn self_vs_appraised(&self) -> GapReport {
        let cards = self.inner.scorecards(&self.edition);
        GapReport::from(&cchc_core::self_vs_appraised(&self.edition, &cards))
    }

    /// One row per unit with its totals and index, as a pandas DataFrame.
    #[pyo3(signature = (*, floats = false))]
    fn to_pandas<'py>(&self, py: Python<'py>, floats: bool) -> PyResult<Bound<'py, PyAny>> {
        let cards: Vec<cchc_core::Scorecard> = self.inner.scorecards(&self.edition);
        totals_frame(py, &cards, floats)
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<Option<String>> {
        frame_html(py, self.to_pandas(py, false))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, unit: &str) -> bool {
        self.inner.get(unit).is_some()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        let items: Vec<Assessment> = self
            .inner
            .assessments()
            .map(|a| Assessment {
                edition: self.edition.clone(),
                inner: a.clone(),
            })
            .collect();
        iterate(py, items)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Round(edition={}, assessments={})",
            quote(py, self.edition.id())?,
            self.inner.len()
        ))
    }
}

const TOTALS: [&str; 13] = [
    "unit",
    "name",
    "group",
    "appendix",
    "submitted",
    "applicable_max",
    "self_total",
    "appraised_total",
    "final_total",
    "deductions",
    "bonus",
    "total",
    "index",
];

fn totals_row(c: &cchc_core::Scorecard) -> Vec<Cell> {
    vec![
        Cell::Text(c.unit.clone()),
        Cell::Text(c.name.clone()),
        Cell::Text(c.group.as_str().to_owned()),
        Cell::Text(c.appendix.as_str().to_owned()),
        Cell::Bool(c.submitted),
        Cell::Number(c.applicable_max),
        Cell::Number(c.self_total),
        Cell::Number(c.appraised_total),
        Cell::Number(c.final_total),
        Cell::Number(c.deductions),
        Cell::Number(c.bonus),
        Cell::Number(c.total),
        Cell::Number(c.index),
    ]
}

fn totals_frame<'py>(
    py: Python<'py>,
    cards: &[cchc_core::Scorecard],
    floats: bool,
) -> PyResult<Bound<'py, PyAny>> {
    data_frame(py, &TOTALS, cards.iter().map(totals_row).collect(), floats)
}

/// One row per scorecard (unit, group, totals, index) as a pandas DataFrame.
#[pyfunction]
#[pyo3(signature = (scorecards, *, floats = false))]
pub fn scorecards_to_pandas<'py>(
    py: Python<'py>,
    scorecards: Vec<PyRef<'py, Scorecard>>,
    floats: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let cards: Vec<cchc_core::Scorecard> = scorecards.iter().map(|c| c.card.clone()).collect();
    totals_frame(py, &cards, floats)
}

// --- scorecards ------------------------------------------------------------------------------

mirror! {
    /// Points of one node at every stage.
    NodeScore from cchc_core::NodeScore as n {
        /// The node's code.
        code: String = n.code.clone(),
        /// The node's max.
        max: Decimal = n.max,
        /// The max left once not-applicable leaves are removed.
        applicable_max: Decimal = n.applicable_max,
        /// The unit's own points (None on survey and authority leaves).
        self_points: Option<Decimal> = n.self_points,
        /// Points after appraisal.
        appraised: Decimal = n.appraised,
        /// Points after the explanation round.
        final_points: Decimal = n.final_points,
        /// Survey points (None where no survey leaf is below).
        survey: Option<Decimal> = n.survey,
        /// Whether the leaf has an answer from whoever assesses it (leaves only).
        answered: bool = n.answered,
        /// Whether the unit answered "not applicable" (leaves only).
        not_applicable: bool = n.not_applicable,
    }
}

mirror! {
    /// A field's points and sub-index.
    FieldScore from cchc_core::FieldScore as f {
        /// The field's code.
        code: String = f.code.clone(),
        /// The field's title.
        title: String = f.title.clone(),
        /// "scored", "deduction" or "bonus".
        section: String = f.section.as_str().to_owned(),
        /// The field's max.
        max: Decimal = f.max,
        /// The max left once not-applicable leaves are removed.
        applicable_max: Decimal = f.applicable_max,
        /// The unit's own points.
        self_points: Decimal = f.self_points,
        /// Points after appraisal.
        appraised: Decimal = f.appraised,
        /// Points after the explanation round.
        final_points: Decimal = f.final_points,
        /// final ÷ applicable max × 100, two decimals (None when not applicable).
        sub_index: Option<Decimal> = f.sub_index,
    }
}

repr_only!(NodeScore, FieldScore);

/// One unit's scorecard: points per node and stage, totals, index and sub-indices. Points are
/// normalized Decimals ("1.5"); indices have exactly two decimals ("86.75").
#[pyclass(frozen, module = "cchc", name = "Scorecard")]
pub struct Scorecard {
    pub(crate) edition: Handle,
    pub(crate) card: cchc_core::Scorecard,
}

#[pymethods]
impl Scorecard {
    /// The unit's id.
    #[getter]
    fn unit(&self) -> &str {
        &self.card.unit
    }
    /// The unit's name.
    #[getter]
    fn name(&self) -> &str {
        &self.card.name
    }
    /// The unit's group.
    #[getter]
    fn group(&self) -> &'static str {
        self.card.group.as_str()
    }
    /// The appendix scored against.
    #[getter]
    fn appendix(&self) -> &'static str {
        self.card.appendix.as_str()
    }
    /// Whether the self-assessment was submitted.
    #[getter]
    fn submitted(&self) -> bool {
        self.card.submitted
    }
    /// The scored fields' max less not-applicable leaves.
    #[getter]
    fn applicable_max(&self) -> Decimal {
        self.card.applicable_max
    }
    /// Sum of the unit's own points over the scored fields.
    #[getter]
    fn self_total(&self) -> Decimal {
        self.card.self_total
    }
    /// Sum of appraised points over the scored fields.
    #[getter]
    fn appraised_total(&self) -> Decimal {
        self.card.appraised_total
    }
    /// Sum of final points over the scored fields.
    #[getter]
    fn final_total(&self) -> Decimal {
        self.card.final_total
    }
    /// Points taken off by deductions.
    #[getter]
    fn deductions(&self) -> Decimal {
        self.card.deductions
    }
    /// Bonus points, outside the scale.
    #[getter]
    fn bonus(&self) -> Decimal {
        self.card.bonus
    }
    /// max(0, final_total − deductions).
    #[getter]
    fn total(&self) -> Decimal {
        self.card.total
    }
    /// total ÷ applicable max × 100, two decimals.
    #[getter]
    fn index(&self) -> Decimal {
        self.card.index
    }
    /// Every field, in table order.
    #[getter]
    fn fields(&self) -> Vec<FieldScore> {
        self.card.fields.iter().map(FieldScore::from).collect()
    }
    /// Every node, in table order.
    #[getter]
    fn nodes(&self) -> Vec<NodeScore> {
        self.card.nodes.iter().map(NodeScore::from).collect()
    }
    /// The score of the node with this code, or None.
    fn node(&self, code: &str) -> Option<NodeScore> {
        self.card.node(code).map(NodeScore::from)
    }
    /// The score of the field with this code, or None.
    fn field(&self, code: &str) -> Option<FieldScore> {
        self.card.field(code).map(FieldScore::from)
    }
    /// What to fix first: points lost per scored field, and the leaves with most to recover.
    fn priorities(&self) -> Priorities {
        Priorities::from(&self.card.priorities(&self.edition))
    }
    /// The scorecard as JSON (decimals as strings).
    fn to_json(&self) -> String {
        self.card.to_json()
    }

    /// The scorecard as a pandas DataFrame: one row per node (`level="nodes"`) or per field
    /// (`level="fields"`). `floats=True` gives float columns instead of `Decimal`.
    #[pyo3(signature = (*, level = "nodes", floats = false))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        level: &str,
        floats: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let card = &self.card;
        match level {
            "nodes" => {
                let set = self.edition.criteria(card.appendix);
                let rows = card
                    .nodes
                    .iter()
                    .map(|n| {
                        let node = set.and_then(|s| s.node(&n.code));
                        vec![
                            Cell::Text(card.unit.clone()),
                            Cell::Text(n.code.clone()),
                            Cell::Int(node.map_or(0, |x| i64::try_from(x.depth()).unwrap_or(0))),
                            Cell::Text(node.map(|x| x.title().to_owned()).unwrap_or_default()),
                            Cell::Number(n.max),
                            Cell::Number(n.applicable_max),
                            Cell::MaybeNumber(n.self_points),
                            Cell::Number(n.appraised),
                            Cell::Number(n.final_points),
                            Cell::MaybeNumber(n.survey),
                            Cell::Bool(n.answered),
                            Cell::Bool(n.not_applicable),
                        ]
                    })
                    .collect();
                data_frame(
                    py,
                    &[
                        "unit",
                        "code",
                        "depth",
                        "title",
                        "max",
                        "applicable_max",
                        "self_points",
                        "appraised",
                        "final_points",
                        "survey",
                        "answered",
                        "not_applicable",
                    ],
                    rows,
                    floats,
                )
            }
            "fields" => {
                let rows = card
                    .fields
                    .iter()
                    .map(|f| {
                        vec![
                            Cell::Text(card.unit.clone()),
                            Cell::Text(f.code.clone()),
                            Cell::Text(f.title.clone()),
                            Cell::Text(f.section.as_str().to_owned()),
                            Cell::Number(f.max),
                            Cell::Number(f.applicable_max),
                            Cell::Number(f.self_points),
                            Cell::Number(f.appraised),
                            Cell::Number(f.final_points),
                            Cell::MaybeNumber(f.sub_index),
                        ]
                    })
                    .collect();
                data_frame(
                    py,
                    &[
                        "unit",
                        "code",
                        "title",
                        "section",
                        "max",
                        "applicable_max",
                        "self_points",
                        "appraised",
                        "final_points",
                        "sub_index",
                    ],
                    rows,
                    floats,
                )
            }
            other => Err(level_error(py, other, &["nodes", "fields"])),
        }
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<Option<String>> {
        frame_html(py, self.to_pandas(py, "fields", false))
    }

    fn __len__(&self) -> usize {
        self.card.nodes.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        iterate(py, self.nodes())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let c = &self.card;
        Ok(format!(
            "Scorecard(unit={}, group={}, submitted={}, total={}, index={})",
            quote(py, &c.unit)?,
            quote(py, c.group.as_str())?,
            if c.submitted { "True" } else { "False" },
            py_repr(py, c.total)?,
            py_repr(py, c.index)?
        ))
    }
}

fn level_error(py: Python<'_>, level: &str, allowed: &[&str]) -> PyErr {
    raise(
        py,
        "InvalidInputError",
        format!(
            "unknown-name: unknown level {level:?}; expected one of: {}",
            allowed.join(", ")
        ),
        Details {
            code: "unknown-name".into(),
            detail: format!("unknown level {level:?}"),
            ..Details::default()
        },
    )
}

// --- results ---------------------------------------------------------------------------------

mirror! {
    /// One unit's place in its group.
    Placement from cchc_core::Placement as p {
        /// Rank in the group: ties share a rank and the next rank skips (1, 2, 2, 4).
        rank: u32 = p.rank,
        /// The unit's id.
        unit: String = p.unit.clone(),
        /// The unit's name.
        name: String = p.name.clone(),
        /// The index, two decimals.
        index: Decimal = p.index,
        /// The band's id.
        band: String = p.band.clone(),
        /// The band's label.
        band_label: String = p.band_label.clone(),
        /// Whether the unit submitted.
        submitted: bool = p.submitted,
    }
}

mirror! {
    /// How many units fell in one band.
    BandCount from cchc_core::BandCount as b {
        /// The band's id.
        band: String = b.band.clone(),
        /// The band's label.
        label: String = b.label.clone(),
        /// Units in it.
        count: usize = b.count,
    }
}

mirror! {
    /// A group's summary: units per band and the spread of indices.
    Summary from cchc_core::Summary as s {
        /// Units ranked.
        count: usize = s.count,
        /// Units per band, every band listed, highest first.
        bands: Vec<BandCount> = s.bands.iter().map(BandCount::from).collect(),
        /// Mean index, rounded by the edition's rule.
        mean: Option<Decimal> = s.mean,
        /// Median index, rounded by the edition's rule.
        median: Option<Decimal> = s.median,
        /// Lowest index.
        min: Option<Decimal> = s.min,
        /// Highest index.
        max: Option<Decimal> = s.max,
    }
}

repr_only!(Placement, BandCount, Summary);

const PLACEMENT_COLUMNS: [&str; 9] = [
    "group",
    "appendix",
    "rank",
    "unit",
    "name",
    "index",
    "band",
    "band_label",
    "submitted",
];

fn placement_rows(g: &cchc_core::GroupResults) -> Vec<Vec<Cell>> {
    g.ranking
        .iter()
        .map(|p| {
            vec![
                Cell::Text(g.group.as_str().to_owned()),
                Cell::Text(g.appendix.as_str().to_owned()),
                Cell::Int(i64::from(p.rank)),
                Cell::Text(p.unit.clone()),
                Cell::Text(p.name.clone()),
                Cell::Number(p.index),
                Cell::Text(p.band.clone()),
                Cell::Text(p.band_label.clone()),
                Cell::Bool(p.submitted),
            ]
        })
        .collect()
}

/// One group's ranking and summary. Iterating gives the placements in rank order.
#[pyclass(frozen, module = "cchc", name = "GroupResults")]
pub struct GroupResults {
    inner: cchc_core::GroupResults,
}

#[pymethods]
impl GroupResults {
    /// The group.
    #[getter]
    fn group(&self) -> &'static str {
        self.inner.group.as_str()
    }
    /// Its appendix.
    #[getter]
    fn appendix(&self) -> &'static str {
        self.inner.appendix.as_str()
    }
    /// Units by rank; ties in the edition's unit order.
    #[getter]
    fn ranking(&self) -> Vec<Placement> {
        self.inner.ranking.iter().map(Placement::from).collect()
    }
    /// The group's summary.
    #[getter]
    fn summary(&self) -> Summary {
        Summary::from(&self.inner.summary)
    }
    /// The ranking as a pandas DataFrame (one row per unit).
    #[pyo3(signature = (*, floats = false))]
    fn to_pandas<'py>(&self, py: Python<'py>, floats: bool) -> PyResult<Bound<'py, PyAny>> {
        data_frame(py, &PLACEMENT_COLUMNS, placement_rows(&self.inner), floats)
    }
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<Option<String>> {
        frame_html(py, self.to_pandas(py, false))
    }
    fn __len__(&self) -> usize {
        self.inner.ranking.len()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        iterate(py, self.ranking())
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "GroupResults(group={}, units={}, summary={})",
            quote(py, self.inner.group.as_str())?,
            self.inner.ranking.len(),
            self.summary().repr_string(py)?
        ))
    }
}

/// The results of a round: every group with units, in group order. Iterating gives the groups.
#[pyclass(frozen, module = "cchc", name = "Results")]
pub struct Results {
    pub(crate) edition: Handle,
    pub(crate) inner: cchc_core::Results,
}

#[pymethods]
impl Results {
    /// The edition's id.
    #[getter]
    fn edition(&self) -> &str {
        &self.inner.edition
    }
    /// One entry per group with units.
    #[getter]
    fn groups(&self) -> Vec<GroupResults> {
        self.inner
            .groups
            .iter()
            .map(|g| GroupResults { inner: g.clone() })
            .collect()
    }
    /// The results of one group ("department", …), or None when it has no units.
    fn group(&self, py: Python<'_>, group: &str) -> PyResult<Option<GroupResults>> {
        let group = parse_group(py, group)?;
        Ok(self
            .inner
            .group(group)
            .map(|g| GroupResults { inner: g.clone() }))
    }
    /// The results as JSON (decimals as strings).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }
    /// The published results table as a printable HTML page (the core's report).
    #[pyo3(signature = (*, decimal_comma = false))]
    fn to_html(&self, decimal_comma: bool) -> String {
        self.inner.to_html(&self.edition, &options(decimal_comma))
    }
    /// The published results as CSV, one row per unit (the core's report).
    #[pyo3(signature = (*, decimal_comma = false))]
    fn to_csv(&self, decimal_comma: bool) -> String {
        self.inner.to_csv(&options(decimal_comma))
    }
    /// Every placement of every group as a pandas DataFrame (one row per unit).
    #[pyo3(signature = (*, floats = false))]
    fn to_pandas<'py>(&self, py: Python<'py>, floats: bool) -> PyResult<Bound<'py, PyAny>> {
        let rows = self.inner.groups.iter().flat_map(placement_rows).collect();
        data_frame(py, &PLACEMENT_COLUMNS, rows, floats)
    }
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<Option<String>> {
        frame_html(py, self.to_pandas(py, false))
    }
    fn __len__(&self) -> usize {
        self.inner.groups.len()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        iterate(py, self.groups())
    }
    fn __getitem__(&self, py: Python<'_>, group: &str) -> PyResult<GroupResults> {
        self.group(py, group)?.ok_or_else(|| {
            pyo3::exceptions::PyKeyError::new_err(format!("no units in group {group:?}"))
        })
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let groups: Vec<String> = self
            .inner
            .groups
            .iter()
            .map(|g| format!("{}: {}", g.group.as_str(), g.ranking.len()))
            .collect();
        Ok(format!(
            "Results(edition={}, groups={{{}}})",
            quote(py, &self.inner.edition)?,
            groups.join(", ")
        ))
    }
}

fn cards_of(scorecards: &[PyRef<'_, Scorecard>]) -> Vec<cchc_core::Scorecard> {
    scorecards.iter().map(|c| c.card.clone()).collect()
}

/// Ranks and classifies scorecards (a unit without one ranks on an empty card).
#[pyfunction]
pub fn rank(edition: &Edition, scorecards: Vec<PyRef<'_, Scorecard>>) -> Results {
    Results {
        edition: edition.inner.clone(),
        inner: cchc_core::rank(&edition.inner, &cards_of(&scorecards)),
    }
}

// --- analysis --------------------------------------------------------------------------------

mirror! {
    /// Points a unit lost in one scored field.
    FieldLoss from cchc_core::FieldLoss as f {
        /// The field's code.
        code: String = f.code.clone(),
        /// The field's title.
        title: String = f.title.clone(),
        /// The field's applicable max.
        applicable_max: Decimal = f.applicable_max,
        /// Final points.
        final_points: Decimal = f.final_points,
        /// applicable max − final.
        lost: Decimal = f.lost,
    }
}

mirror! {
    /// A leaf with points still to gain.
    Recoverable from cchc_core::Recoverable as r {
        /// The leaf's code.
        code: String = r.code.clone(),
        /// The leaf's title.
        title: String = r.title.clone(),
        /// The leaf's applicable max.
        applicable_max: Decimal = r.applicable_max,
        /// Final points.
        final_points: Decimal = r.final_points,
        /// applicable max − final.
        recoverable: Decimal = r.recoverable,
    }
}

mirror! {
    /// What to fix first: losses per scored field, and the leaves with most to recover.
    Priorities from cchc_core::Priorities as p {
        /// The unit.
        unit: String = p.unit.clone(),
        /// Losses per scored field, in table order.
        fields: Vec<FieldLoss> = p.fields.iter().map(FieldLoss::from).collect(),
        /// Leaves with points to recover, most first (ties in table order).
        items: Vec<Recoverable> = p.items.iter().map(Recoverable::from).collect(),
    }
}

mirror! {
    /// Where a unit's own score and the council's differ on one leaf.
    Gap from cchc_core::Gap as g {
        /// The unit.
        unit: String = g.unit.clone(),
        /// The unit's appendix.
        appendix: String = g.appendix.as_str().to_owned(),
        /// The leaf's code.
        code: String = g.code.clone(),
        /// The unit's own points.
        self_points: Decimal = g.self_points,
        /// The appraised points.
        appraised: Decimal = g.appraised,
        /// self − appraised: positive where the unit scored itself higher.
        gap: Decimal = g.gap,
    }
}

mirror! {
    /// A sum of gaps for one unit or one criterion.
    GapTotal from cchc_core::GapTotal as t {
        /// The unit id, or the criterion code.
        key: String = t.key.clone(),
        /// The appendix.
        appendix: String = t.appendix.as_str().to_owned(),
        /// Self points summed.
        self_points: Decimal = t.self_points,
        /// Appraised points summed.
        appraised: Decimal = t.appraised,
        /// Gaps summed.
        gap: Decimal = t.gap,
    }
}

mirror! {
    /// Self vs appraised across a round: per leaf and unit, per unit, per criterion.
    GapReport from cchc_core::GapReport as r {
        /// Every answered self-assessed leaf of every card, in card then table order.
        items: Vec<Gap> = r.items.iter().map(Gap::from).collect(),
        /// Per unit, in card order.
        units: Vec<GapTotal> = r.units.iter().map(GapTotal::from).collect(),
        /// Per appendix and criterion across units, in appendix then table order.
        criteria: Vec<GapTotal> = r.criteria.iter().map(GapTotal::from).collect(),
    }
}

repr_only!(FieldLoss, Recoverable, Gap, GapTotal);

#[pymethods]
impl Priorities {
    /// The leaves to recover (`level="items"`) or the losses per field (`level="fields"`) as a
    /// pandas DataFrame.
    #[pyo3(signature = (*, level = "items", floats = false))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        level: &str,
        floats: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        match level {
            "items" => {
                let rows = self
                    .items
                    .iter()
                    .map(|r| {
                        vec![
                            Cell::Text(self.unit.clone()),
                            Cell::Text(r.code.clone()),
                            Cell::Text(r.title.clone()),
                            Cell::Number(r.applicable_max),
                            Cell::Number(r.final_points),
                            Cell::Number(r.recoverable),
                        ]
                    })
                    .collect();
                let columns = [
                    "unit",
                    "code",
                    "title",
                    "applicable_max",
                    "final_points",
                    "recoverable",
                ];
                data_frame(py, &columns, rows, floats)
            }
            "fields" => {
                let rows = self
                    .fields
                    .iter()
                    .map(|f| {
                        vec![
                            Cell::Text(self.unit.clone()),
                            Cell::Text(f.code.clone()),
                            Cell::Text(f.title.clone()),
                            Cell::Number(f.applicable_max),
                            Cell::Number(f.final_points),
                            Cell::Number(f.lost),
                        ]
                    })
                    .collect();
                let columns = [
                    "unit",
                    "code",
                    "title",
                    "applicable_max",
                    "final_points",
                    "lost",
                ];
                data_frame(py, &columns, rows, floats)
            }
            other => Err(level_error(py, other, &["items", "fields"])),
        }
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<Option<String>> {
        frame_html(py, self.to_pandas(py, "items", false))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Priorities(unit={}, fields={}, items={})",
            quote(py, &self.unit)?,
            self.fields.len(),
            self.items.len()
        ))
    }
}

fn total_rows(totals: &[GapTotal]) -> Vec<Vec<Cell>> {
    totals
        .iter()
        .map(|t| {
            vec![
                Cell::Text(t.key.clone()),
                Cell::Text(t.appendix.clone()),
                Cell::Number(t.self_points),
                Cell::Number(t.appraised),
                Cell::Number(t.gap),
            ]
        })
        .collect()
}

#[pymethods]
impl GapReport {
    /// One level of the report as a pandas DataFrame: `"items"` (per leaf and unit),
    /// `"units"` or `"criteria"`.
    #[pyo3(signature = (*, level = "units", floats = false))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        level: &str,
        floats: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        match level {
            "items" => {
                let rows = self
                    .items
                    .iter()
                    .map(|g| {
                        vec![
                            Cell::Text(g.unit.clone()),
                            Cell::Text(g.appendix.clone()),
                            Cell::Text(g.code.clone()),
                            Cell::Number(g.self_points),
                            Cell::Number(g.appraised),
                            Cell::Number(g.gap),
                        ]
                    })
                    .collect();
                let columns = [
                    "unit",
                    "appendix",
                    "code",
                    "self_points",
                    "appraised",
                    "gap",
                ];
                data_frame(py, &columns, rows, floats)
            }
            "units" => {
                let columns = ["unit", "appendix", "self_points", "appraised", "gap"];
                data_frame(py, &columns, total_rows(&self.units), floats)
            }
            "criteria" => {
                let columns = ["code", "appendix", "self_points", "appraised", "gap"];
                data_frame(py, &columns, total_rows(&self.criteria), floats)
            }
            other => Err(level_error(py, other, &["items", "units", "criteria"])),
        }
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<Option<String>> {
        frame_html(py, self.to_pandas(py, "units", false))
    }

    fn __len__(&self) -> usize {
        self.items.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "GapReport(items={}, units={}, criteria={})",
            self.items.len(),
            self.units.len(),
            self.criteria.len()
        )
    }
}

/// The gap between self and appraised points per leaf, per unit and per criterion.
#[pyfunction]
pub fn self_vs_appraised(edition: &Edition, scorecards: Vec<PyRef<'_, Scorecard>>) -> GapReport {
    GapReport::from(&cchc_core::self_vs_appraised(
        &edition.inner,
        &cards_of(&scorecards),
    ))
}
