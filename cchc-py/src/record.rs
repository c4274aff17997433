//! The round's record: actors, commands, the append-only event log, phases and reports.

use crate::convert::{decimal_arg, instant_arg, invalid, name_arg, record_error};
use crate::edition::Edition;
use crate::scoring::{Assessment, Results, Round, Scorecard, answer_arg};
use crate::{Handle, iterate, py_repr, quote};
use cchc_core::{ReportOptions, Role};
use chrono::{DateTime, FixedOffset, NaiveDate};
use pyo3::prelude::*;
use pyo3::types::PyIterator;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const ROLES: [&str; 4] = ["unit-editor", "unit-head", "appraiser", "admin"];

/// Someone acting on the record: an id, a role ("unit-editor", "unit-head", "appraiser",
/// "admin") and, for a unit's people, their unit.
#[pyclass(frozen, eq, module = "cchc", name = "Actor")]
#[derive(Clone, PartialEq)]
pub struct Actor(pub(crate) cchc_core::Actor);

#[pymethods]
impl Actor {
    #[new]
    #[pyo3(signature = (id, role, unit = None))]
    fn new(py: Python<'_>, id: String, role: &str, unit: Option<String>) -> PyResult<Actor> {
        let role = name_arg(py, role, "role", &ROLES, Role::parse)?;
        Ok(Actor(cchc_core::Actor { id, role, unit }))
    }
    /// A unit editor of `unit`.
    #[staticmethod]
    fn unit_editor(id: &str, unit: &str) -> Actor {
        Actor(cchc_core::Actor::unit_editor(id, unit))
    }
    /// The head of `unit` (who signs and submits).
    #[staticmethod]
    fn unit_head(id: &str, unit: &str) -> Actor {
        Actor(cchc_core::Actor::unit_head(id, unit))
    }
    /// A member of the appraisal council.
    #[staticmethod]
    fn appraiser(id: &str) -> Actor {
        Actor(cchc_core::Actor::appraiser(id))
    }
    /// An administrator of the Department of Home Affairs.
    #[staticmethod]
    fn admin(id: &str) -> Actor {
        Actor(cchc_core::Actor::admin(id))
    }
    /// Who (a login or a name).
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    /// The role's stable name.
    #[getter]
    fn role(&self) -> &'static str {
        self.0.role.as_str()
    }
    /// The unit of a unit editor or head.
    #[getter]
    fn unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Actor(id={}, role={}, unit={})",
            quote(py, &self.0.id)?,
            quote(py, self.0.role.as_str())?,
            py_repr(py, self.0.unit.as_deref())?
        ))
    }
}

/// A document attached as evidence (tài liệu kiểm chứng).
#[pyclass(frozen, eq, from_py_object, module = "cchc", name = "Evidence")]
#[derive(Clone, PartialEq)]
pub struct Evidence(pub(crate) cchc_core::Evidence);

#[pymethods]
impl Evidence {
    #[new]
    #[pyo3(signature = (number, date, title, link = None))]
    fn new(number: String, date: NaiveDate, title: String, link: Option<String>) -> Evidence {
        Evidence(cchc_core::Evidence {
            number,
            date,
            title,
            link,
        })
    }
    /// Document number and symbol ("125/KH-UBND").
    #[getter]
    fn number(&self) -> &str {
        &self.0.number
    }
    /// Date of the document.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// Title of the document.
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }
    /// Where it can be read, if online.
    #[getter]
    fn link(&self) -> Option<&str> {
        self.0.link.as_deref()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Evidence(number={}, date={}, title={}, link={})",
            quote(py, &self.0.number)?,
            py_repr(py, self.0.date)?,
            quote(py, &self.0.title)?,
            py_repr(py, self.0.link.as_deref())?
        ))
    }
}

/// A request to change the record; checked (role, window, limits) before it becomes an event.
/// Build one with the constructor named after it, e.g. `Command.answer(unit=…, code=…,
/// answer=…)`.
#[pyclass(frozen, eq, module = "cchc", name = "Command")]
#[derive(Clone, PartialEq)]
pub struct Command(pub(crate) cchc_core::Command);

#[pymethods]
impl Command {
    /// Declare or change the unit's answer to a self-assessed leaf.
    #[staticmethod]
    fn answer(unit: String, code: String, answer: &Bound<'_, PyAny>) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::Answer {
            unit,
            code,
            answer: answer_arg(answer)?,
        }))
    }
    /// Attach an evidence document to a leaf.
    #[staticmethod]
    fn attach_evidence(unit: String, code: String, evidence: Evidence) -> Command {
        Command(cchc_core::Command::AttachEvidence {
            unit,
            code,
            evidence: evidence.0,
        })
    }
    /// Withdraw an attached document by its id (the sequence number of the attaching event).
    #[staticmethod]
    fn withdraw_evidence(unit: String, code: String, evidence: u64) -> Command {
        Command(cchc_core::Command::WithdrawEvidence {
            unit,
            code,
            evidence,
        })
    }
    /// Write (or replace) the explanation of a leaf.
    #[staticmethod]
    fn explain(unit: String, code: String, text: String) -> Command {
        Command(cchc_core::Command::Explain { unit, code, text })
    }
    /// Submit the self-assessment (unit head only).
    #[staticmethod]
    fn submit(unit: String) -> Command {
        Command(cchc_core::Command::Submit { unit })
    }
    /// Appraise a self-assessed leaf (council).
    #[staticmethod]
    #[pyo3(signature = (unit, code, points, comment = String::new()))]
    fn appraise(
        unit: String,
        code: String,
        points: &Bound<'_, PyAny>,
        comment: String,
    ) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::Appraise {
            unit,
            code,
            points: decimal_arg(points, "points")?,
            comment,
        }))
    }
    /// Open the explanation round until an instant (exclusive).
    #[staticmethod]
    fn open_explanation_round(until: &Bound<'_, PyAny>) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::OpenExplanationRound {
            until: instant_arg(until, "until")?,
        }))
    }
    /// Contest an appraised leaf with an explanation and a proposed score.
    #[staticmethod]
    fn contest(
        unit: String,
        code: String,
        text: String,
        proposed: &Bound<'_, PyAny>,
    ) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::Contest {
            unit,
            code,
            text,
            proposed: decimal_arg(proposed, "proposed")?,
        }))
    }
    /// Decide a contest: the leaf's final points.
    #[staticmethod]
    #[pyo3(signature = (unit, code, points, comment = String::new()))]
    fn decide(
        unit: String,
        code: String,
        points: &Bound<'_, PyAny>,
        comment: String,
    ) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::Decide {
            unit,
            code,
            points: decimal_arg(points, "points")?,
            comment,
        }))
    }
    /// Record the survey's tally of a survey leaf.
    #[staticmethod]
    fn record_survey(unit: String, code: String, answer: &Bound<'_, PyAny>) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::RecordSurvey {
            unit,
            code,
            answer: answer_arg(answer)?,
        }))
    }
    /// Record the authority's answer on an authority-only or deduction leaf.
    #[staticmethod]
    fn record_authority(
        unit: String,
        code: String,
        answer: &Bound<'_, PyAny>,
    ) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::RecordAuthority {
            unit,
            code,
            answer: answer_arg(answer)?,
        }))
    }
    /// Give one unit until an instant to finish its self-assessment (admin).
    #[staticmethod]
    fn grant_extension(
        unit: String,
        until: &Bound<'_, PyAny>,
        reason: String,
    ) -> PyResult<Command> {
        Ok(Command(cchc_core::Command::GrantExtension {
            unit,
            until: instant_arg(until, "until")?,
            reason,
        }))
    }
    /// Publish the results: the record becomes final (admin).
    #[staticmethod]
    fn publish() -> Command {
        Command(cchc_core::Command::Publish)
    }
    /// Parses the JSON form, e.g. '{"type": "submit", "unit": "so-y-te"}'.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Command> {
        cchc_core::Command::from_json(text)
            .map(Command)
            .map_err(|e| invalid(py, "InvalidInputError", "invalid-command", e))
    }
    /// The JSON form (decimals as strings, instants with their offsets).
    fn to_json(&self) -> String {
        self.0.to_json()
    }
    /// The command's stable name ("answer", "submit", …).
    #[getter]
    fn name(&self) -> &'static str {
        self.0.name()
    }
    /// The unit the command concerns, if any.
    #[getter]
    fn unit(&self) -> Option<&str> {
        self.0.unit()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Command.from_json({})",
            quote(py, &self.0.to_json())?
        ))
    }
}

/// An accepted command: what happened, who did it and when. Events are never edited.
#[pyclass(frozen, eq, from_py_object, module = "cchc", name = "Event")]
#[derive(Clone, PartialEq)]
pub struct Event(pub(crate) cchc_core::Event);

#[pymethods]
impl Event {
    /// Position in the log, from 1.
    #[getter]
    fn seq(&self) -> u64 {
        self.0.seq
    }
    /// When, with its offset.
    #[getter]
    fn at(&self) -> DateTime<FixedOffset> {
        self.0.at
    }
    /// Who.
    #[getter]
    fn actor(&self) -> Actor {
        Actor(self.0.actor.clone())
    }
    /// What.
    #[getter]
    fn command(&self) -> Command {
        Command(self.0.command.clone())
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Event(seq={}, at={}, actor={}, command={})",
            self.0.seq,
            py_repr(py, self.0.at)?,
            self.actor().__repr__(py)?,
            self.command().__repr__(py)?
        ))
    }
}

mirror! {
    /// An evidence document as attached.
    AttachedEvidence from cchc_core::AttachedEvidence as a {
        /// Its id: the sequence number of the event that attached it.
        id: u64 = a.id,
        /// The document.
        evidence: Evidence = Evidence(a.evidence.clone()),
        /// When it was attached.
        at: DateTime<FixedOffset> = a.at,
    }
}

mirror! {
    /// Who submitted, and when.
    Submission from cchc_core::Submission as s {
        /// When.
        at: DateTime<FixedOffset> = s.at,
        /// The unit head who signed.
        by: String = s.by.clone(),
    }
}

mirror! {
    /// An extension granted to one unit.
    Extension from cchc_core::Extension as e {
        /// The unit may edit until this instant (exclusive).
        until: DateTime<FixedOffset> = e.until,
        /// Why.
        reason: String = e.reason.clone(),
        /// The admin who granted it.
        by: String = e.by.clone(),
        /// When.
        at: DateTime<FixedOffset> = e.at,
    }
}

mirror! {
    /// The council's ruling on a contest.
    Ruling from cchc_core::Ruling as r {
        /// Final points.
        points: Decimal = r.points,
        /// Reasons.
        comment: String = r.comment.clone(),
        /// Who decided.
        by: String = r.by.clone(),
        /// When.
        at: DateTime<FixedOffset> = r.at,
    }
}

mirror! {
    /// A unit's contest of an appraised leaf.
    Contest from cchc_core::Contest as c {
        /// The unit's explanation.
        text: String = c.text.clone(),
        /// The score the unit proposes.
        proposed: Decimal = c.proposed,
        /// When.
        at: DateTime<FixedOffset> = c.at,
        /// The ruling, once made.
        ruling: Option<Ruling> = c.ruling.as_ref().map(Ruling::from),
    }
}

mirror! {
    /// The explanation round (giải trình), once opened.
    ExplanationRound from cchc_core::ExplanationRound as e {
        /// When it opened.
        opened_at: DateTime<FixedOffset> = e.opened_at,
        /// Contests are accepted until this instant (exclusive).
        until: DateTime<FixedOffset> = e.until,
    }
}

repr_only!(
    AttachedEvidence,
    Submission,
    Extension,
    Ruling,
    Contest,
    ExplanationRound
);

/// One self-assessment of a unit (trial or official): answers, evidence, explanations.
#[pyclass(frozen, module = "cchc", name = "Stage")]
pub struct Stage {
    edition: Handle,
    inner: cchc_core::Stage,
}

#[pymethods]
impl Stage {
    /// The answers (and, for the official stage, the authority's, survey's and council's).
    #[getter]
    fn assessment(&self) -> Assessment {
        Assessment {
            edition: self.edition.clone(),
            inner: self.inner.assessment.clone(),
        }
    }
    /// Evidence per leaf.
    #[getter]
    fn evidence(&self) -> BTreeMap<String, Vec<AttachedEvidence>> {
        self.inner
            .evidence
            .iter()
            .map(|(k, v)| (k.clone(), v.iter().map(AttachedEvidence::from).collect()))
            .collect()
    }
    /// Explanations per leaf.
    #[getter]
    fn explanations(&self) -> BTreeMap<String, String> {
        self.inner.explanations.clone()
    }
    /// The submission, once made.
    #[getter]
    fn submitted(&self) -> Option<Submission> {
        self.inner.submitted.as_ref().map(Submission::from)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Stage(answers={}, evidence={}, explanations={}, submitted={})",
            self.inner.assessment.answers.len(),
            self.inner.evidence.len(),
            self.inner.explanations.len(),
            match &self.inner.submitted {
                Some(s) => Submission::from(s).repr_string(py)?,
                None => "None".to_owned(),
            }
        ))
    }
}

/// One unit's whole record: trial and official stages, extension, comments, contests.
#[pyclass(frozen, module = "cchc", name = "UnitRecord")]
pub struct UnitRecord {
    edition: Handle,
    inner: cchc_core::UnitRecord,
}

#[pymethods]
impl UnitRecord {
    /// The trial run: visible, never counted.
    #[getter]
    fn trial(&self) -> Stage {
        Stage {
            edition: self.edition.clone(),
            inner: self.inner.trial.clone(),
        }
    }
    /// The official self-assessment and what the authority and council added.
    #[getter]
    fn official(&self) -> Stage {
        Stage {
            edition: self.edition.clone(),
            inner: self.inner.official.clone(),
        }
    }
    /// The unit's extension, if granted.
    #[getter]
    fn extension(&self) -> Option<Extension> {
        self.inner.extension.as_ref().map(Extension::from)
    }
    /// The council's comments per appraised leaf.
    #[getter]
    fn appraisal_comments(&self) -> BTreeMap<String, String> {
        self.inner.appraisal_comments.clone()
    }
    /// Contests per leaf.
    #[getter]
    fn contests(&self) -> BTreeMap<String, Contest> {
        self.inner
            .contests
            .iter()
            .map(|(k, v)| (k.clone(), Contest::from(v)))
            .collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "UnitRecord(official_answers={}, trial_answers={}, contests={}, extension={})",
            self.inner.official.assessment.answers.len(),
            self.inner.trial.assessment.answers.len(),
            self.inner.contests.len(),
            if self.inner.extension.is_some() {
                "True"
            } else {
                "False"
            }
        )
    }
}

mirror! {
    /// One row of a self-assessment report: a field, a criterion or a leaf.
    ReportItem from cchc_core::ReportItem as r {
        /// The code.
        code: String = r.code.clone(),
        /// The Vietnamese title.
        title: String = r.title.clone(),
        /// 1 field, 2 criterion, 3 sub-criterion.
        depth: usize = r.depth,
        /// Maximum points.
        max: Decimal = r.max,
        /// Whether this is a leaf.
        leaf: bool = r.leaf,
        /// Who assesses the leaf; None for parents.
        assessed_by: Option<String> = r.assessed_by.clone(),
        /// The unit's answer in words, if answered.
        answer: Option<String> = r.answer.clone(),
        /// The unit's own points (None on survey and authority leaves).
        points: Option<Decimal> = r.points,
        /// The evidence attached.
        evidence: Vec<Evidence> = r.evidence.iter().cloned().map(Evidence).collect(),
        /// The unit's explanation, if any.
        explanation: Option<String> = r.explanation.clone(),
    }
}

repr_only!(ReportItem);

/// The self-assessment report a unit head signs, rendered by the core as HTML or CSV.
#[pyclass(frozen, module = "cchc", name = "SelfAssessmentReport")]
pub struct SelfAssessmentReport(pub(crate) cchc_core::SelfAssessmentReport);

#[pymethods]
impl SelfAssessmentReport {
    /// The unit's id.
    #[getter]
    fn unit(&self) -> &str {
        &self.0.unit
    }
    /// The unit's name.
    #[getter]
    fn unit_name(&self) -> &str {
        &self.0.unit_name
    }
    /// The appendix ("I" to "IV").
    #[getter]
    fn appendix(&self) -> &str {
        &self.0.appendix
    }
    /// The appendix's max.
    #[getter]
    fn max(&self) -> Decimal {
        self.0.max
    }
    /// The applicable max.
    #[getter]
    fn applicable_max(&self) -> Decimal {
        self.0.applicable_max
    }
    /// The unit's own total.
    #[getter]
    fn self_total(&self) -> Decimal {
        self.0.self_total
    }
    /// The submission, if the stage was submitted.
    #[getter]
    fn submitted(&self) -> Option<Submission> {
        self.0.submitted.as_ref().map(Submission::from)
    }
    /// The rows: every node of the unit's appendix, in table order.
    #[getter]
    fn items(&self) -> Vec<ReportItem> {
        self.0.items.iter().map(ReportItem::from).collect()
    }
    /// Whether any item text is a reconstruction rather than the official text.
    #[getter]
    fn reconstructed(&self) -> bool {
        self.0.reconstructed
    }
    /// The report as a printable HTML page.
    #[pyo3(signature = (*, decimal_comma = false))]
    fn to_html(&self, decimal_comma: bool) -> String {
        self.0.to_html(&ReportOptions { decimal_comma })
    }
    /// The report as CSV (with `decimal_comma`, decimals as "1,5" and fields separated by ';').
    #[pyo3(signature = (*, decimal_comma = false))]
    fn to_csv(&self, decimal_comma: bool) -> String {
        self.0.to_csv(&ReportOptions { decimal_comma })
    }
    fn __len__(&self) -> usize {
        self.0.items.len()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "SelfAssessmentReport(unit={}, appendix={}, self_total={}, items={})",
            quote(py, &self.0.unit)?,
            quote(py, &self.0.appendix)?,
            py_repr(py, self.0.self_total)?,
            self.0.items.len()
        ))
    }
}

/// One round's record: an append-only log of checked commands, and the state it folds to.
/// The caller passes every instant (timezone-aware); the record never reads a clock.
#[pyclass(module = "cchc", name = "RoundRecord")]
pub struct RoundRecord {
    edition: Handle,
    inner: cchc_core::RoundRecord,
}

#[pymethods]
impl RoundRecord {
    /// An empty record of a round of this edition.
    #[new]
    fn new(edition: &Edition) -> RoundRecord {
        RoundRecord {
            edition: edition.inner.clone(),
            inner: cchc_core::RoundRecord::new(&edition.inner),
        }
    }

    /// Parses a stored log and replays it against the edition (`InvalidLogError` if it does
    /// not replay).
    #[staticmethod]
    fn from_json(py: Python<'_>, edition: &Edition, text: &str) -> PyResult<RoundRecord> {
        cchc_core::RoundRecord::from_json(&edition.inner, text)
            .map(|inner| RoundRecord {
                edition: edition.inner.clone(),
                inner,
            })
            .map_err(|e| record_error(py, &e))
    }

    /// Rebuilds a record by replaying events, each checked as when first given.
    #[staticmethod]
    fn replay(py: Python<'_>, edition: &Edition, events: Vec<Event>) -> PyResult<RoundRecord> {
        let events = events.into_iter().map(|e| e.0).collect();
        cchc_core::RoundRecord::replay(&edition.inner, events)
            .map(|inner| RoundRecord {
                edition: edition.inner.clone(),
                inner,
            })
            .map_err(|e| record_error(py, &e))
    }

    /// The stored form: {"schema": 1, "edition": id, "events": [...]}.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The edition's id.
    #[getter]
    fn edition(&self) -> &str {
        self.inner.edition_id()
    }

    /// Checks a command given by `actor` at instant `at` and appends it as an event; a refused
    /// command raises (InvalidInputError, PermissionDeniedError, WindowClosedError,
    /// WrongPhaseError or RecordError) and changes nothing.
    fn execute(
        &mut self,
        py: Python<'_>,
        actor: &Actor,
        at: &Bound<'_, PyAny>,
        command: &Command,
    ) -> PyResult<Event> {
        let at = instant_arg(at, "at")?;
        self.inner
            .execute(&self.edition, &actor.0, at, command.0.clone())
            .map(|e| Event(e.clone()))
            .map_err(|e| record_error(py, &e))
    }

    /// Every event, in order.
    #[getter]
    fn events(&self) -> Vec<Event> {
        self.inner.events().iter().cloned().map(Event).collect()
    }

    /// The phase of the round at an instant: "before", "trial", "official", "appraisal",
    /// "explanation" or "published".
    fn phase(&self, at: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        let at = instant_arg(at, "at")?;
        Ok(self.inner.phase(&self.edition, at).as_str())
    }

    /// When the results were published, or None.
    #[getter]
    fn published_at(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.state().published_at
    }

    /// The explanation round, once opened.
    #[getter]
    fn explanation_round(&self) -> Option<ExplanationRound> {
        self.inner
            .state()
            .explanation_round
            .as_ref()
            .map(ExplanationRound::from)
    }

    /// The units with any event, in id order.
    #[getter]
    fn units(&self) -> Vec<String> {
        self.inner.state().units.keys().cloned().collect()
    }

    /// One unit's record, as `actor` may read it (a unit's people read only their own unit).
    fn unit_view(&self, py: Python<'_>, actor: &Actor, unit: &str) -> PyResult<UnitRecord> {
        self.inner
            .unit_view(&actor.0, unit)
            .map(|inner| UnitRecord {
                edition: self.edition.clone(),
                inner,
            })
            .map_err(|e| record_error(py, &e))
    }

    /// The official assessments of every unit that has one, as a scoring round.
    fn round(&self) -> Round {
        Round {
            edition: self.edition.clone(),
            inner: self.inner.round(),
        }
    }

    /// The official scorecard of a unit.
    fn scorecard(&self, unit: &str) -> Scorecard {
        Scorecard {
            edition: self.edition.clone(),
            card: self.inner.scorecard(&self.edition, unit),
        }
    }

    /// The trial scorecard of a unit: visible, never counted.
    fn trial_scorecard(&self, unit: &str) -> Scorecard {
        Scorecard {
            edition: self.edition.clone(),
            card: self.inner.trial_scorecard(&self.edition, unit),
        }
    }

    /// The results of the official assessments.
    fn results(&self) -> Results {
        Results {
            edition: self.edition.clone(),
            inner: self.inner.round().results(&self.edition),
        }
    }

    /// The official self-assessment report of a unit, with its evidence and explanations.
    fn self_assessment_report(&self, unit: &str) -> SelfAssessmentReport {
        SelfAssessmentReport(self.inner.self_assessment_report(&self.edition, unit))
    }

    fn __len__(&self) -> usize {
        self.inner.events().len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        iterate(py, self.events())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RoundRecord(edition={}, events={})",
            quote(py, self.inner.edition_id())?,
            self.inner.events().len()
        ))
    }
}
