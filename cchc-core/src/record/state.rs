//! The state a record's events fold to, and the checks every command passes before it is
//! applied.

use super::command::{Actor, Command, Evidence};
use super::rules::{may_give, safe_texts};
use crate::answer::{Answer, Worth};
use crate::assessment::AssessmentData;
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::error::{Error, ErrorKind};
use crate::name::Named;
use crate::name::named;
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the round stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Before the trial window, or between the trial and the official window.
    Before,
    /// The trial window: entries are kept as trial and never counted.
    Trial,
    /// The official self-assessment window.
    Official,
    /// Locked: the council appraises.
    Appraisal,
    /// The explanation round is open (or was, and decisions are being made).
    Explanation,
    /// The results are published; the record is final.
    Published,
}

named!(Phase, "phase", {
    Before => "before",
    Trial => "trial",
    Official => "official",
    Appraisal => "appraisal",
    Explanation => "explanation",
    Published => "published",
});

/// Which of a unit's two self-assessments a unit command goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum StageKind {
    /// The trial run.
    Trial,
    /// The official self-assessment.
    Official,
}

/// An evidence document as attached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AttachedEvidence {
    /// Its id: the sequence number of the event that attached it.
    pub id: u64,
    /// The document.
    pub evidence: Evidence,
    /// When it was attached.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub at: DateTime<FixedOffset>,
}

/// Who submitted, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Submission {
    /// When.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// The unit head who signed.
    pub by: String,
}

/// One self-assessment of a unit (trial or official).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Stage {
    /// Answers (and, for the official stage, the authority's, the survey's, the council's).
    pub assessment: AssessmentData,
    /// Evidence per leaf.
    pub evidence: BTreeMap<String, Vec<AttachedEvidence>>,
    /// Explanations per leaf.
    pub explanations: BTreeMap<String, String>,
    /// The submission, once made.
    pub submitted: Option<Submission>,
}

/// An extension granted to one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Extension {
    /// The unit may edit until this instant (exclusive).
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub until: DateTime<FixedOffset>,
    /// Why.
    pub reason: String,
    /// The admin who granted it.
    pub by: String,
    /// When.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub at: DateTime<FixedOffset>,
}

/// The council's ruling on a contest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ruling {
    /// Final points.
    #[serde(with = "crate::decimal::Str")]
    pub points: Decimal,
    /// Reasons.
    pub comment: String,
    /// Who decided.
    pub by: String,
    /// When.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub at: DateTime<FixedOffset>,
}

/// A unit's contest of an appraised leaf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contest {
    /// The unit's explanation.
    pub text: String,
    /// The score the unit proposes.
    #[serde(with = "crate::decimal::Str")]
    pub proposed: Decimal,
    /// When.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub at: DateTime<FixedOffset>,
    /// The ruling, once made.
    pub ruling: Option<Ruling>,
}

/// One unit's whole record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitRecord {
    /// The trial run: visible, never counted.
    pub trial: Stage,
    /// The official self-assessment and everything the authority and council added.
    pub official: Stage,
    /// The unit's extension, if granted.
    pub extension: Option<Extension>,
    /// The council's comments per appraised leaf.
    pub appraisal_comments: BTreeMap<String, String>,
    /// Contests per leaf.
    pub contests: BTreeMap<String, Contest>,
}

/// The explanation round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExplanationRound {
    /// When it opened.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub opened_at: DateTime<FixedOffset>,
    /// Contests are accepted until this instant (exclusive).
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub until: DateTime<FixedOffset>,
}

/// What a command handler needs besides the command: the edition, the event's number, who
/// acts and when.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    edition: &'a Edition,
    seq: u64,
    actor: &'a Actor,
    at: DateTime<FixedOffset>,
}

/// What the events fold to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundState {
    /// Per unit, for units with any event.
    pub units: BTreeMap<String, UnitRecord>,
    /// The explanation round, once opened.
    pub explanation_round: Option<ExplanationRound>,
    /// When the results were published.
    #[serde(default, deserialize_with = "crate::relaxed::de_instant_opt")]
    pub published_at: Option<DateTime<FixedOffset>>,
    /// The instant of the last event.
    #[serde(default, deserialize_with = "crate::relaxed::de_instant_opt")]
    pub last_at: Option<DateTime<FixedOffset>>,
}

fn vn(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339()
}

impl RoundState {
    /// The phase at an instant.
    pub fn phase(&self, edition: &Edition, at: DateTime<FixedOffset>) -> Phase {
        let s = edition.schedule();
        if self.published_at.is_some_and(|p| p <= at) {
            Phase::Published
        } else if self
            .explanation_round
            .as_ref()
            .is_some_and(|e| e.opened_at <= at)
        {
            Phase::Explanation
        } else if at < s.trial_start {
            Phase::Before
        } else if at < s.trial_end {
            Phase::Trial
        } else if at < s.official_start {
            Phase::Before
        } else if at < s.official_end {
            Phase::Official
        } else {
            Phase::Appraisal
        }
    }

    /// Where a unit's command at `at` goes, or why it is refused.
    pub(crate) fn unit_stage(
        &self,
        edition: &Edition,
        unit: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<StageKind, Error> {
        let s = edition.schedule();
        if s.trial_start <= at && at < s.trial_end {
            return Ok(StageKind::Trial);
        }
        if s.official_start <= at && at < s.official_end {
            return Ok(StageKind::Official);
        }
        let extension = self.units.get(unit).and_then(|u| u.extension.as_ref());
        if at >= s.official_end {
            if let Some(ext) = extension {
                if at < ext.until {
                    return Ok(StageKind::Official);
                }
            }
            let (end, why) = match extension {
                Some(ext) => (ext.until, "its extension ended"),
                None => (s.official_end, "the record locked automatically"),
            };
            return Err(Error::new(
                ErrorKind::WindowClosed,
                Some(unit),
                format!(
                    "the self-assessment is closed: {why} at {}; what was recorded before is kept",
                    vn(end)
                ),
            )
            .with_limit(vn(end)));
        }
        let opens = if at < s.trial_start {
            s.trial_start
        } else {
            s.official_start
        };
        Err(Error::new(
            ErrorKind::WindowClosed,
            Some(unit),
            format!(
                "the self-assessment is not open yet; it opens at {}",
                vn(opens)
            ),
        )
        .with_limit(vn(opens)))
    }

    /// Whether a unit's own window (official, or its extension) is over at `at`.
    fn unit_closed(&self, edition: &Edition, unit: &str, at: DateTime<FixedOffset>) -> bool {
        let end = self
            .units
            .get(unit)
            .and_then(|u| u.extension.as_ref())
            .map_or(edition.schedule().official_end, |e| {
                e.until.max(edition.schedule().official_end)
            });
        at >= end
    }

    /// Checks a command and applies it; on error nothing has changed.
    pub(crate) fn apply(
        &mut self,
        edition: &Edition,
        seq: u64,
        actor: &Actor,
        at: DateTime<FixedOffset>,
        command: &Command,
    ) -> Result<(), Error> {
        let unit = command.unit();
        if let Some(last) = self.last_at {
            if at < last {
                return Err(Error::new(
                    ErrorKind::OutOfOrder,
                    unit,
                    format!(
                        "{} is earlier than the last event ({}); the record only moves forward",
                        vn(at),
                        vn(last)
                    ),
                )
                .with_limit(vn(last)));
            }
        }
        if let Some(published) = self.published_at {
            return Err(Error::new(
                ErrorKind::Published,
                unit,
                format!(
                    "the results were published at {}; the record is final",
                    vn(published)
                ),
            )
            .with_limit(vn(published)));
        }
        if let Some(unit) = unit {
            if edition.unit(unit).is_none() {
                return Err(Error::new(
                    ErrorKind::UnknownUnit,
                    Some(unit),
                    format!("unit {unit:?} is not in edition {}", edition.id()),
                ));
            }
            if actor.role.is_unit_role() {
                match actor.unit.as_deref() {
                    Some(own) if own == unit => {}
                    own => {
                        return Err(Error::new(
                            ErrorKind::OtherUnit,
                            Some(unit),
                            format!(
                                "{} of {} may not act on the record of {unit}",
                                actor.role.as_str(),
                                own.unwrap_or("no unit")
                            ),
                        ));
                    }
                }
            }
        }
        let existed = unit.is_none_or(|u| self.units.contains_key(u));
        match self.check_and_apply(edition, seq, actor, at, command) {
            Ok(()) => {
                self.last_at = Some(at);
                Ok(())
            }
            Err(e) => {
                // A refused command may have made an empty entry for a new unit: drop it, so
                // nothing changed.
                if let (false, Some(unit)) = (existed, unit) {
                    self.units.remove(unit);
                }
                Err(e)
            }
        }
    }

    fn unit_mut(&mut self, unit: &str) -> &mut UnitRecord {
        self.units.entry(unit.to_owned()).or_insert_with(|| {
            let mut record = UnitRecord::default();
            record.trial.assessment.unit = unit.to_owned();
            record.official.assessment.unit = unit.to_owned();
            record
        })
    }

    fn stage_mut(&mut self, unit: &str, kind: StageKind) -> &mut Stage {
        let record = self.unit_mut(unit);
        match kind {
            StageKind::Trial => &mut record.trial,
            StageKind::Official => &mut record.official,
        }
    }

    /// The stage a unit's people may change now.
    fn open_stage(
        &self,
        edition: &Edition,
        unit: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<StageKind, Error> {
        let kind = self.unit_stage(edition, unit, at)?;
        let stage = self.units.get(unit).map(|u| match kind {
            StageKind::Trial => &u.trial,
            StageKind::Official => &u.official,
        });
        if let Some(submitted) = stage.and_then(|s| s.submitted.as_ref()) {
            return Err(Error::new(
                ErrorKind::AlreadySubmitted,
                Some(unit),
                format!(
                    "the {} self-assessment was submitted at {} by {}; it can no longer change",
                    if kind == StageKind::Trial {
                        "trial"
                    } else {
                        "official"
                    },
                    vn(submitted.at),
                    submitted.by
                ),
            )
            .with_limit(vn(submitted.at)));
        }
        Ok(kind)
    }

    fn check_and_apply(
        &mut self,
        edition: &Edition,
        seq: u64,
        actor: &Actor,
        at: DateTime<FixedOffset>,
        command: &Command,
    ) -> Result<(), Error> {
        may_give(actor, command)?;
        safe_texts(command)?;
        let cx = &Ctx {
            edition,
            seq,
            actor,
            at,
        };
        match command {
            Command::Answer { unit, code, answer } => self.answer(cx, unit, code, answer),
            Command::AttachEvidence {
                unit,
                code,
                evidence,
            } => self.attach_evidence(cx, unit, code, evidence),
            Command::WithdrawEvidence {
                unit,
                code,
                evidence,
            } => self.withdraw_evidence(cx, unit, code, *evidence),
            Command::Explain { unit, code, text } => self.explain(cx, unit, code, text),
            Command::Submit { unit } => self.submit(cx, unit),
            Command::Appraise {
                unit,
                code,
                points,
                comment,
            } => self.appraise(cx, unit, code, points, comment),
            Command::OpenExplanationRound { until } => self.open_explanation_round(cx, until),
            Command::Contest {
                unit,
                code,
                text,
                proposed,
            } => self.contest(cx, unit, code, text, proposed),
            Command::Decide {
                unit,
                code,
                points,
                comment,
            } => self.decide(cx, unit, code, points, comment),
            Command::RecordSurvey { unit, code, answer } => {
                self.record_given(cx, Assessor::Survey, unit, code, answer)
            }
            Command::RecordAuthority { unit, code, answer } => {
                self.record_given(cx, Assessor::Authority, unit, code, answer)
            }
            Command::GrantExtension {
                unit,
                until,
                reason,
            } => self.grant_extension(cx, unit, until, reason),
            Command::Publish => self.publish(cx),
        }
    }

    fn answer(
        &mut self,
        cx: &Ctx<'_>,
        unit: &str,
        code: &str,
        answer: &Answer,
    ) -> Result<(), Error> {
        let Ctx { edition, at, .. } = *cx;
        let kind = self.open_stage(edition, unit, at)?;
        self.stage_mut(unit, kind).assessment.give(
            edition,
            Assessor::SelfAssessed,
            code,
            answer.clone(),
        )?;
        Ok(())
    }

    fn attach_evidence(
        &mut self,
        cx: &Ctx<'_>,
        unit: &str,
        code: &str,
        evidence: &Evidence,
    ) -> Result<(), Error> {
        let Ctx {
            edition, seq, at, ..
        } = *cx;
        let kind = self.open_stage(edition, unit, at)?;
        leaf_of(edition, unit, code)?;
        if evidence.number.trim().is_empty() || evidence.title.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                Some(unit),
                "evidence needs the document's number and title".into(),
            )
            .with_criterion(code));
        }
        self.stage_mut(unit, kind)
            .evidence
            .entry(code.to_owned())
            .or_default()
            .push(AttachedEvidence {
                id: seq,
                evidence: evidence.clone(),
                at,
            });
        Ok(())
    }

    fn withdraw_evidence(
        &mut self,
        cx: &Ctx<'_>,
        unit: &str,
        code: &str,
        evidence: u64,
    ) -> Result<(), Error> {
        let Ctx { edition, at, .. } = *cx;
        let kind = self.open_stage(edition, unit, at)?;
        let stage = self.stage_mut(unit, kind);
        let list = stage.evidence.get_mut(code);
        let position = list
            .as_ref()
            .and_then(|l| l.iter().position(|e| e.id == evidence));
        match (list, position) {
            (Some(list), Some(i)) => {
                list.remove(i);
                if list.is_empty() {
                    stage.evidence.remove(code);
                }
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::UnknownEvidence,
                    Some(unit),
                    format!("no evidence {evidence} is attached to {code}"),
                )
                .with_criterion(code));
            }
        }
        Ok(())
    }

    fn explain(&mut self, cx: &Ctx<'_>, unit: &str, code: &str, text: &str) -> Result<(), Error> {
        let Ctx { edition, at, .. } = *cx;
        let kind = self.open_stage(edition, unit, at)?;
        leaf_of(edition, unit, code)?;
        let stage = self.stage_mut(unit, kind);
        if text.trim().is_empty() {
            stage.explanations.remove(code);
        } else {
            stage.explanations.insert(code.to_owned(), text.to_owned());
        }
        Ok(())
    }

    fn submit(&mut self, cx: &Ctx<'_>, unit: &str) -> Result<(), Error> {
        let Ctx {
            edition, actor, at, ..
        } = *cx;
        let kind = self.open_stage(edition, unit, at)?;
        let missing = self
            .units
            .get(unit)
            .map(|u| {
                let stage = match kind {
                    StageKind::Trial => &u.trial,
                    StageKind::Official => &u.official,
                };
                missing_evidence(edition, unit, stage)
            })
            .unwrap_or_default();
        if !missing.is_empty() {
            return Err(Error::new(
                ErrorKind::EvidenceMissing,
                Some(unit),
                format!(
                    "{} item(s) claim points without evidence or an explanation: {}",
                    missing.len(),
                    missing.join(", ")
                ),
            )
            .with_items(missing));
        }
        let stage = self.stage_mut(unit, kind);
        stage.submitted = Some(Submission {
            at,
            by: actor.id.clone(),
        });
        stage.assessment.submitted = true;
        Ok(())
    }

    fn appraise(
        &mut self,
        cx: &Ctx<'_>,
        unit: &str,
        code: &str,
        points: &Decimal,
        comment: &str,
    ) -> Result<(), Error> {
        let Ctx { edition, at, .. } = *cx;
        if !self.unit_closed(edition, unit, at) {
            return Err(Error::new(
                ErrorKind::WrongPhase,
                Some(unit),
                "appraisal starts when the unit's self-assessment has closed".into(),
            )
            .with_criterion(code));
        }
        if self.explanation_round.is_some() {
            return Err(Error::new(
                ErrorKind::WrongPhase,
                Some(unit),
                "the explanation round is open: change a score by deciding a contest".into(),
            )
            .with_criterion(code));
        }
        self.stage_mut(unit, StageKind::Official)
            .assessment
            .appraise(edition, code, *points)?;
        let record = self.unit_mut(unit);
        if comment.trim().is_empty() {
            record.appraisal_comments.remove(code);
        } else {
            record
                .appraisal_comments
                .insert(code.to_owned(), comment.to_owned());
        }
        Ok(())
    }

    fn open_explanation_round(
        &mut self,
        cx: &Ctx<'_>,
        until: &DateTime<FixedOffset>,
    ) -> Result<(), Error> {
        let Ctx { edition, at, .. } = *cx;
        if at < edition.schedule().official_end {
            return Err(Error::new(
                ErrorKind::WrongPhase,
                None,
                format!(
                    "the explanation round follows the appraisal; the record locks at {}",
                    vn(edition.schedule().official_end)
                ),
            )
            .with_limit(vn(edition.schedule().official_end)));
        }
        if let Some(open) = &self.explanation_round {
            return Err(Error::new(
                ErrorKind::WrongPhase,
                None,
                format!("the explanation round was opened at {}", vn(open.opened_at)),
            ));
        }
        if *until <= at {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                None,
                format!("the explanation round must end after it opens ({})", vn(at)),
            ));
        }
        self.explanation_round = Some(ExplanationRound {
            opened_at: at,
            until: *until,
        });
        Ok(())
    }

    fn contest(
        &mut self,
        cx: &Ctx<'_>,
        unit: &str,
        code: &str,
        text: &str,
        proposed: &Decimal,
    ) -> Result<(), Error> {
        let Ctx { edition, at, .. } = *cx;
        match &self.explanation_round {
            Some(round) if at < round.until => {}
            Some(round) => {
                return Err(Error::new(
                    ErrorKind::WrongPhase,
                    Some(unit),
                    format!("the explanation round closed at {}", vn(round.until)),
                )
                .with_limit(vn(round.until)));
            }
            None => {
                return Err(Error::new(
                    ErrorKind::WrongPhase,
                    Some(unit),
                    "the explanation round is not open".into(),
                ));
            }
        }
        let official = self.units.get(unit).map(|u| &u.official);
        let appraised = official.is_some_and(|s| s.assessment.appraisals.contains_key(code));
        if !appraised {
            return Err(Error::new(
                ErrorKind::NothingToContest,
                Some(unit),
                format!("the council did not appraise {code}; there is nothing to contest"),
            )
            .with_criterion(code));
        }
        if text.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                Some(unit),
                "a contest needs an explanation".into(),
            )
            .with_criterion(code));
        }
        // The proposal must be a score the council could give.
        let mut probe = official.map(|s| s.assessment.clone()).unwrap_or_default();
        probe.decide(edition, code, *proposed)?;
        self.unit_mut(unit).contests.insert(
            code.to_owned(),
            Contest {
                text: text.to_owned(),
                proposed: *proposed,
                at,
                ruling: None,
            },
        );
        Ok(())
    }

    fn decide(
        &mut self,
        cx: &Ctx<'_>,
        unit: &str,
        code: &str,
        points: &Decimal,
        comment: &str,
    ) -> Result<(), Error> {
        let Ctx {
            edition, actor, at, ..
        } = *cx;
        if self.explanation_round.is_none() {
            return Err(Error::new(
                ErrorKind::WrongPhase,
                Some(unit),
                "the explanation round is not open".into(),
            ));
        }
        let contested = self
            .units
            .get(unit)
            .is_some_and(|u| u.contests.contains_key(code));
        if !contested {
            return Err(Error::new(
                ErrorKind::NothingToContest,
                Some(unit),
                format!("{unit} did not contest {code}"),
            )
            .with_criterion(code));
        }
        let points = self
            .stage_mut(unit, StageKind::Official)
            .assessment
            .decide(edition, code, *points)?;
        if let Some(contest) = self.unit_mut(unit).contests.get_mut(code) {
            contest.ruling = Some(Ruling {
                points,
                comment: comment.to_owned(),
                by: actor.id.clone(),
                at,
            });
        }
        Ok(())
    }

    /// `record-survey` and `record-authority`: the council records what the survey or the
    /// authority gives a leaf of the official stage.
    fn record_given(
        &mut self,
        cx: &Ctx<'_>,
        assessor: Assessor,
        unit: &str,
        code: &str,
        answer: &Answer,
    ) -> Result<(), Error> {
        self.stage_mut(unit, StageKind::Official).assessment.give(
            cx.edition,
            assessor,
            code,
            answer.clone(),
        )?;
        Ok(())
    }

    fn grant_extension(
        &mut self,
        cx: &Ctx<'_>,
        unit: &str,
        until: &DateTime<FixedOffset>,
        reason: &str,
    ) -> Result<(), Error> {
        let Ctx {
            edition, actor, at, ..
        } = *cx;
        if *until <= at || *until <= edition.schedule().official_end {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                Some(unit),
                format!(
                    "an extension must end after now and after the lock ({})",
                    vn(edition.schedule().official_end)
                ),
            ));
        }
        if reason.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                Some(unit),
                "an extension needs a reason".into(),
            ));
        }
        if self.explanation_round.is_some() {
            return Err(Error::new(
                ErrorKind::WrongPhase,
                Some(unit),
                "the explanation round is open; extensions are over".into(),
            ));
        }
        self.unit_mut(unit).extension = Some(Extension {
            until: *until,
            reason: reason.to_owned(),
            by: actor.id.clone(),
            at,
        });
        Ok(())
    }

    fn publish(&mut self, cx: &Ctx<'_>) -> Result<(), Error> {
        let Ctx { edition, at, .. } = *cx;
        let open: Vec<String> = edition
            .units()
            .iter()
            .filter(|u| !self.unit_closed(edition, u.id(), at))
            .map(|u| u.id().to_owned())
            .collect();
        if !open.is_empty() {
            return Err(Error::new(
                ErrorKind::WrongPhase,
                None,
                format!(
                    "self-assessment is still open for {}; publish after it closes",
                    open.join(", ")
                ),
            )
            .with_items(open));
        }
        self.published_at = Some(at);
        Ok(())
    }
}

fn leaf_of(edition: &Edition, unit: &str, code: &str) -> Result<(), Error> {
    crate::assessment::find_leaf_of_unit(edition, unit, code)?;
    Ok(())
}

/// Evidence-required, self-assessed leaves claimed for points with neither evidence nor an
/// explanation.
fn missing_evidence(edition: &Edition, unit: &str, stage: &Stage) -> Vec<String> {
    let Some(set) = edition.unit(unit).and_then(|u| edition.criteria_for(u)) else {
        return Vec::new();
    };
    let mut missing = Vec::new();
    for (node, leaf) in set.leaves() {
        if !leaf.evidence || leaf.assessed_by != Assessor::SelfAssessed {
            continue;
        }
        let code = node.code();
        let Some(answer) = stage.assessment.answers.get(code) else {
            continue;
        };
        if matches!(answer, Answer::NotApplicable) {
            continue;
        }
        let claims_points = matches!(
            crate::assessment::worth_of(edition, unit, code, answer),
            Some(Worth::Points(p)) if p > Decimal::ZERO
        );
        let documented = stage.evidence.get(code).is_some_and(|l| !l.is_empty())
            || stage.explanations.contains_key(code);
        if claims_points && !documented {
            missing.push(code.to_owned());
        }
    }
    missing
}
