//! The round's record: an append-only log of events per round, checked commands, roles, the
//! windows and the automatic lock. The state is a fold over the events.

mod command;
mod rules;
mod state;

use crate::error::{Error, ErrorKind};
use crate::name::Named;
pub use command::{Actor, Command, Event, Evidence, EvidenceFile, Role};
pub use rules::{
    EVIDENCE_FILE_LIMIT, EVIDENCE_MEDIA_TYPES, PERMISSIONS, Permission, TEXT_LIMITS, is_web_link,
    may_administer, permissions_table,
};
pub use state::{
    AttachedEvidence, Contest, ExplanationRound, Extension, Phase, RoundState, Ruling, Stage,
    StageKind, Submission, UnitRecord,
};

use crate::edition::Edition;
use crate::report::SelfAssessmentReport;
use crate::results::Results;
use crate::round::Round;
use crate::scorecard::Scorecard;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

fn may_read(actor: &Actor, unit: &str) -> Result<(), Error> {
    if actor.role.is_unit_role() && actor.unit.as_deref() != Some(unit) {
        return Err(Error::new(
            ErrorKind::OtherUnit,
            Some(unit),
            format!(
                "{} of {} may not read the record of {unit}",
                actor.role.as_str(),
                actor.unit.as_deref().unwrap_or("no unit")
            ),
        ));
    }
    Ok(())
}

/// The version of the stored log format (`schemas/record.schema.json`).
pub const RECORD_SCHEMA: u32 = 1;

/// One round's record: every event, in order, and the state they fold to.
///
/// ```
/// use cchc_core::{Actor, Answer, Command, RoundRecord, parse_instant};
/// let edition = cchc_criteria::default_edition();
/// let mut record = RoundRecord::new(&edition);
/// let editor = Actor::unit_editor("lan", "so-noi-vu");
/// let answer = Command::Answer {
///     unit: "so-noi-vu".into(),
///     code: "1.1.1".into(),
///     answer: Answer::YesNo { yes: true },
/// };
/// // Inside the official window: accepted.
/// let at = parse_instant("2019-01-02T23:59:59+07:00").unwrap();
/// record.execute(&editor, at, answer.clone()).unwrap();
/// // One second later the record has locked itself.
/// let at = parse_instant("2019-01-03T00:00:00+07:00").unwrap();
/// let err = record.execute(&editor, at, answer).unwrap_err();
/// assert_eq!(err.code(), "window-closed");
/// assert_eq!(err.limit(), Some("2019-01-03T00:00:00+07:00"));
/// assert_eq!(record.events().len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundRecord {
    edition: Edition,
    events: Vec<Event>,
    state: RoundState,
}

/// The stored log of a round: `{"schema": 1, "edition": id, "events": [...]}`.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Stored {
    schema: u32,
    edition: String,
    events: Vec<Event>,
}

impl RoundRecord {
    /// An empty record of a round of this edition.
    pub fn new(edition: &Edition) -> RoundRecord {
        RoundRecord {
            edition: edition.clone(),
            events: Vec::new(),
            state: RoundState::default(),
        }
    }

    /// The edition the record belongs to.
    pub fn edition(&self) -> &Edition {
        &self.edition
    }

    /// Every event, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The state the events fold to (everything, for appraisers, admins and tools).
    pub fn state(&self) -> &RoundState {
        &self.state
    }

    /// Checks a command and, if it is accepted, appends it as an event. A refused command
    /// changes nothing.
    pub fn execute(
        &mut self,
        actor: &Actor,
        at: DateTime<FixedOffset>,
        command: Command,
    ) -> Result<&Event, Error> {
        let seq = self.events.len() as u64 + 1;
        self.state.apply(&self.edition, seq, actor, at, &command)?;
        self.events.push(Event {
            seq,
            at,
            actor: actor.clone(),
            command,
        });
        Ok(&self.events[self.events.len() - 1])
    }

    /// Rebuilds a record by replaying events, checking each exactly as when it was first given.
    pub fn replay(edition: &Edition, events: Vec<Event>) -> Result<RoundRecord, Error> {
        let mut record = RoundRecord::new(edition);
        for event in events {
            let expected = record.events.len() as u64 + 1;
            if event.seq != expected {
                return Err(Error::new(
                    ErrorKind::InvalidLog,
                    event.command.unit(),
                    format!(
                        "event {} is out of sequence (expected {expected})",
                        event.seq
                    ),
                ));
            }
            let Event {
                at, actor, command, ..
            } = event;
            record.execute(&actor, at, command).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidLog,
                    e.unit(),
                    format!("event {expected} does not replay: {e}"),
                )
            })?;
        }
        Ok(record)
    }

    /// The stored form: `{"schema": 1, "edition": id, "events": [...]}`, decimals as strings,
    /// instants with their offsets.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            schema: RECORD_SCHEMA,
            edition: self.edition.id().to_owned(),
            events: self.events.clone(),
        };
        crate::to_json_text(&stored, true).unwrap_or_default()
    }

    /// Parses a stored log and replays it against the edition.
    pub fn from_json(edition: &Edition, text: &str) -> Result<RoundRecord, Error> {
        let stored: Stored = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::InvalidLog,
                None,
                format!("not a record log: {e}"),
            )
        })?;
        if stored.schema != RECORD_SCHEMA {
            return Err(Error::new(
                ErrorKind::InvalidLog,
                None,
                format!(
                    "log schema {} is not supported; this build reads schema {RECORD_SCHEMA}",
                    stored.schema
                ),
            ));
        }
        if stored.edition != edition.id() {
            return Err(Error::new(
                ErrorKind::InvalidLog,
                None,
                format!(
                    "the log is of edition {}, not {}",
                    stored.edition,
                    edition.id()
                ),
            ));
        }
        RoundRecord::replay(edition, stored.events)
    }

    /// The phase of the round at an instant.
    pub fn phase(&self, at: DateTime<FixedOffset>) -> Phase {
        self.state.phase(&self.edition, at)
    }

    /// One unit's record, as `actor` may read it: a unit's people read only their own unit.
    pub fn unit_view(&self, actor: &Actor, unit: &str) -> Result<UnitRecord, Error> {
        may_read(actor, unit)?;
        Ok(self.state.units.get(unit).cloned().unwrap_or_default())
    }

    /// The events of one unit's record, in order, as `actor` may read them.
    pub fn unit_events(&self, actor: &Actor, unit: &str) -> Result<Vec<&Event>, Error> {
        may_read(actor, unit)?;
        Ok(self
            .events
            .iter()
            .filter(|e| e.command.unit() == Some(unit))
            .collect())
    }

    /// The official assessments of every unit that has one, as a scoring round.
    pub fn round(&self) -> Round {
        let mut round = Round::new(&self.edition);
        for (unit, record) in &self.state.units {
            let mut assessment = record.official.assessment.clone();
            assessment.unit = unit.clone();
            round.put(assessment);
        }
        round
    }

    /// The official scorecard of a unit (a unit that entered nothing scores 0, not submitted).
    pub fn scorecard(&self, unit: &str) -> Scorecard {
        let mut assessment = self
            .state
            .units
            .get(unit)
            .map(|r| r.official.assessment.clone())
            .unwrap_or_default();
        assessment.unit = unit.to_owned();
        crate::scorecard::score(&self.edition, &assessment)
    }

    /// The trial scorecard of a unit: visible, never counted.
    pub fn trial_scorecard(&self, unit: &str) -> Scorecard {
        let mut assessment = self
            .state
            .units
            .get(unit)
            .map(|r| r.trial.assessment.clone())
            .unwrap_or_default();
        assessment.unit = unit.to_owned();
        crate::scorecard::score(&self.edition, &assessment)
    }

    /// The stage a unit's event changed, for the scorecard a client shows after it: the trial
    /// or official self-assessment for the unit's own commands (whichever window they fell in),
    /// the official one for the council's commands on a unit, `None` for round-wide commands.
    ///
    /// ```
    /// use cchc_core::{Actor, Answer, Command, RoundRecord, StageKind, parse_instant};
    /// let edition = cchc_criteria::default_edition();
    /// let mut record = RoundRecord::new(&edition);
    /// let answer = Command::Answer {
    ///     unit: "so-noi-vu".into(),
    ///     code: "1.1.1".into(),
    ///     answer: Answer::YesNo { yes: true },
    /// };
    /// let at = parse_instant("2019-01-02T20:00:00+07:00").unwrap();
    /// let event = record.execute(&Actor::unit_editor("lan", "so-noi-vu"), at, answer).unwrap().clone();
    /// assert_eq!(record.stage_of(&event), Some(("so-noi-vu", StageKind::Official)));
    /// ```
    pub fn stage_of<'e>(&self, event: &'e Event) -> Option<(&'e str, StageKind)> {
        let unit = event.command.unit()?;
        let kind = match event.command {
            Command::Answer { .. }
            | Command::AttachEvidence { .. }
            | Command::WithdrawEvidence { .. }
            | Command::Explain { .. }
            | Command::Submit { .. } => self
                .state
                .unit_stage(&self.edition, unit, event.at)
                .unwrap_or(StageKind::Official),
            _ => StageKind::Official,
        };
        Some((unit, kind))
    }

    /// A unit's scorecard of one stage, as `actor` may read it: the unit must be in the edition
    /// ("unknown-unit") and a unit's people read only their own unit ("other-unit").
    pub fn scorecard_for(
        &self,
        actor: &Actor,
        unit: &str,
        stage: StageKind,
    ) -> Result<Scorecard, Error> {
        self.edition.criteria_of(unit)?;
        may_read(actor, unit)?;
        Ok(match stage {
            StageKind::Official => self.scorecard(unit),
            StageKind::Trial => self.trial_scorecard(unit),
        })
    }

    /// A unit's official self-assessment report, as `actor` may read it (same rule as
    /// [`RoundRecord::scorecard_for`]).
    pub fn report_for(&self, actor: &Actor, unit: &str) -> Result<SelfAssessmentReport, Error> {
        self.edition.criteria_of(unit)?;
        may_read(actor, unit)?;
        Ok(self.self_assessment_report(unit))
    }

    /// The round's results, as `actor` may read them at `at`: the council (appraisers, admins)
    /// at any time; a unit's people only once the results are published ("permission-denied"
    /// before, naming the phase).
    ///
    /// ```
    /// use cchc_core::{Actor, RoundRecord, parse_instant};
    /// let edition = cchc_criteria::default_edition();
    /// let record = RoundRecord::new(&edition);
    /// let at = parse_instant("2019-01-03T10:00:00+07:00").unwrap();
    /// assert!(record.results_for(&Actor::appraiser("hoa"), at).is_ok());
    /// let err = record.results_for(&Actor::unit_head("mai", "so-y-te"), at).unwrap_err();
    /// assert_eq!(err.code(), "permission-denied");
    /// ```
    pub fn results_for(&self, actor: &Actor, at: DateTime<FixedOffset>) -> Result<Results, Error> {
        let phase = self.phase(at);
        if actor.role.is_unit_role() && phase != Phase::Published {
            return Err(Error::new(
                ErrorKind::PermissionDenied,
                actor.unit.as_deref(),
                format!(
                    "a {} may read the results only once they are published; the round is in phase {}",
                    actor.role.as_str(),
                    phase.as_str()
                ),
            )
            .with_limit("published".to_owned()));
        }
        Ok(self.round().results())
    }

    /// Whether `actor` may read an uploaded file (by its SHA-256): the council (appraisers,
    /// admins) any file; a unit's people a file that evidence attached to their own unit's record
    /// (trial or official) cites. Anything else is "permission-denied".
    pub fn may_read_file(&self, actor: &Actor, sha256: &str) -> Result<(), Error> {
        if !actor.role.is_unit_role() {
            return Ok(());
        }
        let cited = actor
            .unit
            .as_deref()
            .and_then(|unit| self.state.units.get(unit))
            .is_some_and(|record| {
                [&record.trial, &record.official].iter().any(|stage| {
                    stage.evidence.values().flatten().any(|attached| {
                        attached
                            .evidence
                            .file
                            .as_ref()
                            .is_some_and(|f| f.sha256 == sha256)
                    })
                })
            });
        if cited {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::PermissionDenied,
            actor.unit.as_deref(),
            format!(
                "the file {sha256} is not cited by the evidence of {}",
                actor.unit.as_deref().unwrap_or("the actor's unit")
            ),
        )
        .with_limit("a file cited by the unit's own evidence".to_owned()))
    }
}
