//! `Assessment` and `Round`: one unit's inputs, and every unit's, bound to their edition.

use crate::convert::{check, decimal, input, name, out, raise, result};
use crate::edition::Edition;
use cchc_core::{Answer, AssessmentData, Assessor, Given};
use pyo3::prelude::*;
use pyo3::types::PyList;

/// One unit's inputs in one round (its answers, the authority's and the survey's, the
/// appraisals and the final decisions), bound to its edition. Every input is checked on entry.
#[pyclass(eq, module = "cchc")]
#[derive(Clone, PartialEq)]
pub struct Assessment(pub(crate) cchc_core::Assessment);

#[pymethods]
impl Assessment {
    /// An empty assessment of `unit`.
    #[new]
    fn new(py: Python<'_>, edition: &Edition, unit: &str) -> PyResult<Self> {
        check(py, cchc_core::Assessment::new(&edition.0, unit)).map(Assessment)
    }

    /// An assessment from its plain value (an `AssessmentData` or its dict), every input checked.
    #[staticmethod]
    fn from_data(py: Python<'_>, edition: &Edition, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let data: AssessmentData = input("assessment", data)?;
        check(py, cchc_core::Assessment::from_data(&edition.0, data)).map(Assessment)
    }

    /// An assessment from its JSON form (`to_json`).
    #[staticmethod]
    fn from_json(py: Python<'_>, edition: &Edition, text: &str) -> PyResult<Self> {
        check(py, cchc_core::Assessment::from_json(&edition.0, text)).map(Assessment)
    }

    /// A deterministic synthetic assessment of `unit` (the same for the same seed).
    #[staticmethod]
    fn synthetic(py: Python<'_>, edition: &Edition, unit: &str, seed: u64) -> PyResult<Self> {
        check(py, cchc_core::Assessment::synthetic(&edition.0, unit, seed)).map(Assessment)
    }

    /// The JSON form.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The plain value (an `AssessmentData`).
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "AssessmentData", self.0.data())
    }

    /// The edition it is bound to.
    #[getter]
    fn edition(&self) -> Edition {
        Edition(self.0.edition().clone())
    }

    /// The unit assessed.
    #[getter]
    fn unit(&self) -> &str {
        self.0.unit()
    }

    /// Whether the unit submitted its self-assessment.
    #[getter]
    fn get_submitted(&self) -> bool {
        self.0.is_submitted()
    }

    /// Marks the self-assessment submitted (or not).
    #[setter]
    fn set_submitted(&mut self, submitted: bool) {
        self.0.set_submitted(submitted);
    }

    /// The unit's own answer to a leaf; returns what it is worth (a `Worth`).
    fn answer<'py>(
        &mut self,
        py: Python<'py>,
        code: &str,
        answer: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.give(py, "self", code, answer)
    }

    /// An answer by `assessor` (`"self"`, `"authority"` or `"survey"`); returns a `Worth`.
    fn give<'py>(
        &mut self,
        py: Python<'py>,
        assessor: &str,
        code: &str,
        answer: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let assessor: Assessor = name(py, assessor)?;
        let answer: Answer = input("answer", answer)?;
        result(py, "Worth", self.0.give(assessor, code, answer))
    }

    /// Many answers (`{"assessor", "code", "answer"}` each); one result per answer, in order: its
    /// `Worth`, or the `cchc.Error` that refused it (nothing is raised for a refused answer).
    fn give_all<'py>(
        &mut self,
        py: Python<'py>,
        answers: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        // Each answer converts on its own: one of the wrong shape is refused in its slot only.
        let (mut given, mut shapes) = (Vec::new(), Vec::new());
        for item in answers.try_iter()? {
            match input::<Given>("answer", &item?) {
                Ok(g) => {
                    given.push(g);
                    shapes.push(None);
                }
                Err(e) => shapes.push(Some(e)),
            }
        }
        let mut done = self.0.give_many(given).into_iter();
        let mut results = Vec::new();
        for shape in shapes {
            let refused = match shape {
                Some(e) => e,
                None => match done.next() {
                    Some(Ok(w)) => {
                        results.push(out(py, "Worth", &w)?);
                        continue;
                    }
                    Some(Err(e)) => raise(py, &e),
                    None => break, // one result per answer: never reached
                },
            };
            results.push(refused.into_value(py).into_bound(py).into_any());
        }
        PyList::new(py, results)
    }

    /// The appraisal council's points for a leaf (a `decimal.Decimal` or `str`).
    fn appraise(
        &mut self,
        py: Python<'_>,
        code: &str,
        points: &Bound<'_, PyAny>,
    ) -> PyResult<rust_decimal::Decimal> {
        let points = decimal("points", points)?;
        check(py, self.0.appraise(code, points))
    }

    /// The final points decided for a contested leaf (a `decimal.Decimal` or `str`).
    fn decide(
        &mut self,
        py: Python<'_>,
        code: &str,
        points: &Bound<'_, PyAny>,
    ) -> PyResult<rust_decimal::Decimal> {
        let points = decimal("points", points)?;
        check(py, self.0.decide(code, points))
    }

    /// Removes every input on one leaf; whether there was any.
    fn clear(&mut self, code: &str) -> bool {
        self.0.clear(code)
    }

    /// Removes every input of the unit (it stays the same unit).
    fn clear_all(&mut self) {
        self.0.clear_all();
    }

    /// Whether the leaf was answered "not applicable".
    fn is_not_applicable(&self, code: &str) -> bool {
        self.0.is_not_applicable(code)
    }

    /// Whether the leaf has an answer.
    fn is_answered(&self, code: &str) -> bool {
        self.0.is_answered(code)
    }

    /// Whether there is no input at all.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The unit's `Scorecard`.
    fn scorecard<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "Scorecard", &self.0.scorecard())
    }

    /// Where the unit lost points (`Priorities`).
    fn priorities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "Priorities", &self.0.priorities())
    }

    /// The self-assessment report (`SelfAssessmentReport`).
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "SelfAssessmentReport", &self.0.report())
    }

    /// How it shows in a console.
    fn __repr__(&self) -> String {
        let (unit, n) = (self.0.unit(), self.0.data().answers.len());
        format!("Assessment(unit={unit:?}, answers={n})")
    }
}

/// Every unit's assessment in one round, bound to its edition.
#[pyclass(eq, module = "cchc")]
#[derive(Clone, PartialEq)]
pub struct Round(pub(crate) cchc_core::Round);

#[pymethods]
impl Round {
    /// An empty round.
    #[new]
    fn new(edition: &Edition) -> Self {
        Round(cchc_core::Round::new(&edition.0))
    }

    /// A round from its JSON form (`to_json`).
    #[staticmethod]
    fn from_json(py: Python<'_>, edition: &Edition, text: &str) -> PyResult<Self> {
        check(py, cchc_core::Round::from_json(&edition.0, text)).map(Round)
    }

    /// A round from the long table as CSV text (`docs/batch.md`): every bad row in one
    /// `invalid-rows` error. Parses and checks without the GIL.
    #[staticmethod]
    fn from_csv(py: Python<'_>, edition: &Edition, text: &str) -> PyResult<Self> {
        let round = py.detach(|| cchc_core::Round::from_csv(&edition.0, text));
        check(py, round).map(Round)
    }

    /// A round from the long table's rows (mappings of column to text or `None`).
    #[staticmethod]
    fn from_rows(py: Python<'_>, edition: &Edition, rows: &Bound<'_, PyAny>) -> PyResult<Self> {
        let rows: Vec<cchc_core::Row> = input("rows", rows)?;
        let round = py.detach(|| cchc_core::Round::from_rows(&edition.0, &rows));
        check(py, round.map_err(cchc_core::Error::invalid_rows)).map(Round)
    }

    /// A round from the long table's columns (`(name, [text or None, ...])` pairs: a data
    /// frame handed over column by column). Parses and checks without the GIL.
    #[staticmethod]
    fn from_columns(
        py: Python<'_>,
        edition: &Edition,
        columns: Vec<(String, Vec<Option<String>>)>,
    ) -> PyResult<Self> {
        let round = py.detach(|| {
            let columns: Vec<_> = columns.iter().map(|(n, c)| (n.as_str(), &c[..])).collect();
            cchc_core::Round::from_columns(&edition.0, &columns)
        });
        check(py, round).map(Round)
    }

    /// A deterministic synthetic round of every unit (the same for the same seed).
    #[staticmethod]
    fn synthetic(edition: &Edition, seed: u64) -> Self {
        Round(cchc_core::Round::synthetic(&edition.0, seed))
    }

    /// The JSON form.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The inputs as the long table in CSV (`docs/batch.md`), read back by `from_csv`; with
    /// `round`, a `round` column holding it on every row (tables of many rounds).
    #[pyo3(signature = (round = None))]
    fn to_csv(&self, round: Option<&str>) -> String {
        self.0.to_csv(round)
    }

    /// The inputs as rows of the long table (dicts of column to text or `None`), read back by
    /// `from_rows`; with `round`, every row's `round` cell.
    #[pyo3(signature = (round = None))]
    fn to_rows<'py>(&self, py: Python<'py>, round: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.0.to_rows(round))?)
    }

    /// The edition it is bound to.
    #[getter]
    fn edition(&self) -> Edition {
        Edition(self.0.edition().clone())
    }

    /// A copy of the unit's assessment (empty on first use); put it back with `insert`.
    fn assessment(&mut self, py: Python<'_>, unit: &str) -> PyResult<Assessment> {
        check(py, self.0.assessment(unit)).map(|a| Assessment(a.clone()))
    }

    /// Puts an assessment in (an `Assessment`, an `AssessmentData` or its dict), replacing the
    /// unit's; every input is checked against the round's edition.
    fn insert(&mut self, py: Python<'_>, assessment: &Bound<'_, PyAny>) -> PyResult<()> {
        let data = match assessment.cast::<Assessment>() {
            Ok(a) => a.borrow().0.data().clone(),
            Err(_) => input("assessment", assessment)?,
        };
        check(py, self.0.insert(data))
    }

    /// A copy of the unit's assessment, or `None`.
    fn get(&self, unit: &str) -> Option<Assessment> {
        self.0.get(unit).cloned().map(Assessment)
    }

    /// Copies of every assessment, in the edition's order.
    fn assessments(&self) -> Vec<Assessment> {
        self.0.assessments().cloned().map(Assessment).collect()
    }

    /// The number of items (assessments, events).
    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// Whether the round holds an assessment of the unit.
    fn __contains__(&self, unit: &str) -> bool {
        self.0.get(unit).is_some()
    }

    /// Every unit's `Scorecard`, in the edition's order.
    fn scorecards<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "list[Scorecard]", &self.0.scorecards())
    }

    /// One unit's `Scorecard`.
    fn scorecard<'py>(&self, py: Python<'py>, unit: &str) -> PyResult<Bound<'py, PyAny>> {
        result(py, "Scorecard", self.0.scorecard(unit))
    }

    /// One unit's `Priorities`.
    fn priorities<'py>(&self, py: Python<'py>, unit: &str) -> PyResult<Bound<'py, PyAny>> {
        result(py, "Priorities", self.0.priorities(unit))
    }

    /// The ranking and summaries of every group (`Results`).
    fn results<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let results = py.detach(|| self.0.results());
        out(py, "Results", &results)
    }

    /// How it shows in a console.
    fn __repr__(&self) -> String {
        let (id, n) = (self.0.edition().id(), self.0.len());
        format!("Round(edition={id:?}, assessments={n})")
    }
}
