//! Refusals of commands on a round's record.

use crate::error::AnswerError;
use serde::Serialize;
use std::fmt;

/// Why a command was refused, as a stable machine code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RecordErrorKind {
    /// The answer, appraisal or decision itself was refused (see the answer error's code).
    InvalidInput,
    /// The actor's role may not give this command.
    PermissionDenied,
    /// A unit's actor acting on, or reading, another unit's record.
    OtherUnit,
    /// The unit's window is not open at this instant (before it, or after the lock).
    WindowClosed,
    /// The step of the process this command belongs to is not open (appraisal before the lock,
    /// a contest outside the explanation round, …).
    WrongPhase,
    /// The results were published: the record is final.
    Published,
    /// The self-assessment was already submitted.
    AlreadySubmitted,
    /// Evidence-required items claimed with neither evidence nor an explanation.
    EvidenceMissing,
    /// An evidence id the record does not have.
    UnknownEvidence,
    /// A contest of an item the council did not appraise, or a decision with no contest.
    NothingToContest,
    /// An instant earlier than the last event's: the log only moves forward in time.
    OutOfOrder,
    /// The unit is not in the edition.
    UnknownUnit,
    /// Text that must not be empty was empty, or an extension that ends before it starts.
    InvalidValue,
    /// A stored log that does not parse, has another schema or edition, or does not replay.
    InvalidLog,
}

impl RecordErrorKind {
    /// The stable code, e.g. "window-closed".
    pub fn code(self) -> &'static str {
        match self {
            RecordErrorKind::InvalidInput => "invalid-input",
            RecordErrorKind::PermissionDenied => "permission-denied",
            RecordErrorKind::OtherUnit => "other-unit",
            RecordErrorKind::WindowClosed => "window-closed",
            RecordErrorKind::WrongPhase => "wrong-phase",
            RecordErrorKind::Published => "published",
            RecordErrorKind::AlreadySubmitted => "already-submitted",
            RecordErrorKind::EvidenceMissing => "evidence-missing",
            RecordErrorKind::UnknownEvidence => "unknown-evidence",
            RecordErrorKind::NothingToContest => "nothing-to-contest",
            RecordErrorKind::OutOfOrder => "out-of-order",
            RecordErrorKind::UnknownUnit => "unknown-unit",
            RecordErrorKind::InvalidValue => "invalid-value",
            RecordErrorKind::InvalidLog => "invalid-log",
        }
    }
}

/// A command refused; the record is unchanged.
///
/// `code()` is the answer error's code for [`RecordErrorKind::InvalidInput`] (e.g. "above-max"),
/// else the kind's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct RecordError(Box<Details>);

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct Details {
    code: &'static str,
    kind: RecordErrorKind,
    unit: Option<String>,
    criterion: Option<String>,
    /// The limit broken: the lock instant, the role required, the missing items…
    limit: Option<String>,
    /// Items concerned (e.g. every evidence-required item lacking evidence).
    items: Vec<String>,
    detail: String,
    answer: Option<AnswerError>,
}

impl RecordError {
    pub(crate) fn new(kind: RecordErrorKind, unit: Option<&str>, detail: String) -> RecordError {
        RecordError(Box::new(Details {
            code: kind.code(),
            kind,
            unit: unit.map(str::to_owned),
            criterion: None,
            limit: None,
            items: Vec::new(),
            detail,
            answer: None,
        }))
    }
    pub(crate) fn with_criterion(mut self, code: &str) -> RecordError {
        self.0.criterion = Some(code.to_owned());
        self
    }
    pub(crate) fn with_limit(mut self, limit: String) -> RecordError {
        self.0.limit = Some(limit);
        self
    }
    pub(crate) fn with_items(mut self, items: Vec<String>) -> RecordError {
        self.0.items = items;
        self
    }

    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match &self.0.answer {
            Some(answer) => answer.code(),
            None => self.0.kind.code(),
        }
    }
    /// The kind of refusal.
    pub fn kind(&self) -> RecordErrorKind {
        self.0.kind
    }
    /// The unit concerned.
    pub fn unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }
    /// The criterion concerned.
    pub fn criterion(&self) -> Option<&str> {
        self.0.criterion.as_deref()
    }
    /// The limit that was broken (the lock instant, the role required, …).
    pub fn limit(&self) -> Option<&str> {
        self.0.limit.as_deref()
    }
    /// The items concerned (e.g. the evidence-required items lacking evidence).
    pub fn items(&self) -> &[String] {
        &self.0.items
    }
    /// The refused answer's error, for [`RecordErrorKind::InvalidInput`].
    pub fn answer_error(&self) -> Option<&AnswerError> {
        self.0.answer.as_ref()
    }
    /// What is wrong, in words.
    pub fn detail(&self) -> &str {
        &self.0.detail
    }
}

impl From<AnswerError> for RecordError {
    fn from(e: AnswerError) -> RecordError {
        RecordError(Box::new(Details {
            code: e.code(),
            kind: RecordErrorKind::InvalidInput,
            unit: e.unit().map(str::to_owned),
            criterion: e.criterion().map(str::to_owned),
            limit: e.limit().map(str::to_owned),
            items: Vec::new(),
            detail: e.detail().to_owned(),
            answer: Some(e),
        }))
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(answer) = &self.0.answer {
            return answer.fmt(f);
        }
        let d = &self.0;
        let mut context = Vec::new();
        if let Some(unit) = &d.unit {
            context.push(format!("unit {unit}"));
        }
        if let Some(code) = &d.criterion {
            context.push(format!("criterion {code}"));
        }
        if context.is_empty() {
            write!(f, "{}: {}", d.kind.code(), d.detail)
        } else {
            write!(f, "{}: {}: {}", d.kind.code(), context.join(", "), d.detail)
        }
    }
}
