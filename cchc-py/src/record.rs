//! `RoundRecord`: the round as an append-only log of commands, bound to its edition.

use crate::convert::{check, input, instant, out, result};
use crate::edition::Edition;
use crate::session::Round;
use cchc_core::{Actor, Command, Event, Named};
use pyo3::prelude::*;

/// The round's record: who did what when (`Event`s), with the windows, roles and the automatic
/// lock enforced by the core. Instants are aware `datetime`s or RFC 3339 text.
#[pyclass(eq, module = "cchc")]
#[derive(Clone, PartialEq)]
pub struct RoundRecord(cchc_core::RoundRecord);

#[pymethods]
impl RoundRecord {
    /// An empty record.
    #[new]
    fn new(edition: &Edition) -> Self {
        RoundRecord(cchc_core::RoundRecord::new(&edition.0))
    }

    /// A record rebuilt by replaying events (`Event`s or their dicts).
    #[staticmethod]
    fn replay(py: Python<'_>, edition: &Edition, events: &Bound<'_, PyAny>) -> PyResult<Self> {
        let events: Vec<Event> = input("events", events)?;
        check(py, cchc_core::RoundRecord::replay(&edition.0, events)).map(RoundRecord)
    }

    /// A record from its stored log (`to_json`), replayed.
    #[staticmethod]
    fn from_json(py: Python<'_>, edition: &Edition, text: &str) -> PyResult<Self> {
        check(py, cchc_core::RoundRecord::from_json(&edition.0, text)).map(RoundRecord)
    }

    /// The stored log.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The edition it is bound to.
    #[getter]
    fn edition(&self) -> Edition {
        Edition(self.0.edition().clone())
    }

    /// Executes a command (a dict such as `{"type": "submit", "unit": "so-noi-vu"}`) by `actor`
    /// (an `Actor` or its dict) at instant `at`; returns the recorded `Event`.
    fn execute<'py>(
        &mut self,
        py: Python<'py>,
        actor: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
        command: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let actor: Actor = input("actor", actor)?;
        let at = instant(at)?;
        let command: Command = input("command", command)?;
        out(py, "Event", check(py, self.0.execute(&actor, at, command))?)
    }

    /// Every event, in order (a list of `Event`).
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "list[Event]", self.0.events())
    }

    /// The state the events built (`RoundState`).
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, "RoundState", self.0.state())
    }

    /// The phase of the round at an instant (`"trial"`, `"official"`, `"appraisal"`…).
    fn phase(&self, at: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        Ok(self.0.phase(instant(at)?).as_str())
    }

    /// What `actor` may see of one unit (`UnitRecord`).
    fn unit_view<'py>(
        &self,
        py: Python<'py>,
        actor: &Bound<'py, PyAny>,
        unit: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let actor: Actor = input("actor", actor)?;
        result(py, "UnitRecord", self.0.unit_view(&actor, unit))
    }

    /// The events of one unit that `actor` may see (a list of `Event`).
    fn unit_events<'py>(
        &self,
        py: Python<'py>,
        actor: &Bound<'py, PyAny>,
        unit: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let actor: Actor = input("actor", actor)?;
        result(py, "list[Event]", self.0.unit_events(&actor, unit))
    }

    /// The round of the official stage's inputs (a `Round`).
    fn round(&self) -> Round {
        Round(self.0.round())
    }

    /// The unit's official `Scorecard`.
    fn scorecard<'py>(&self, py: Python<'py>, unit: &str) -> PyResult<Bound<'py, PyAny>> {
        out(py, "Scorecard", &self.0.scorecard(unit))
    }

    /// The unit's trial-stage `Scorecard`.
    fn trial_scorecard<'py>(&self, py: Python<'py>, unit: &str) -> PyResult<Bound<'py, PyAny>> {
        out(py, "Scorecard", &self.0.trial_scorecard(unit))
    }

    /// The unit's `SelfAssessmentReport`.
    fn self_assessment_report<'py>(
        &self,
        py: Python<'py>,
        unit: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        out(
            py,
            "SelfAssessmentReport",
            &self.0.self_assessment_report(unit),
        )
    }

    /// The number of items (assessments, events).
    fn __len__(&self) -> usize {
        self.0.events().len()
    }

    /// How it shows in a console.
    fn __repr__(&self) -> String {
        let (id, n) = (self.0.edition().id(), self.0.events().len());
        format!("RoundRecord(edition={id:?}, events={n})")
    }
}
