//! Errors of answers and scoring: a stable code, the unit, the criterion, the method and the limit.

use serde::Serialize;
use std::fmt;

/// Why an answer or a score was refused, as a stable machine code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AnswerErrorKind {
    /// The unit is not in the edition.
    UnknownUnit,
    /// The code is not a leaf of the unit's appendix.
    UnknownCriterion,
    /// The answer's kind does not fit the leaf's method.
    WrongAnswerKind,
    /// An option or survey grade the leaf does not list.
    UnknownOption,
    /// A checklist item the leaf does not list, or one ticked twice.
    UnknownItem,
    /// A negative count, numerator, denominator or points.
    NegativeValue,
    /// A rate with denominator 0.
    ZeroDenominator,
    /// A rate with numerator above denominator.
    NumeratorAboveDenominator,
    /// Points above the leaf's (applicable) max.
    AboveMax,
    /// Points not a multiple of the leaf's step.
    OffStep,
    /// More than two decimals.
    TooPrecise,
    /// "Not applicable" on a leaf that does not allow it.
    NotApplicableRefused,
    /// A unit's own answer on a survey or authority-only leaf.
    NotSelfAssessed,
    /// A survey tally with no respondents.
    NoRespondents,
    /// An authority answer on a leaf not assessed by the authority, or a tally on a non-survey leaf.
    WrongAssessor,
}

impl AnswerErrorKind {
    /// The stable code, e.g. "above-max".
    pub fn code(self) -> &'static str {
        match self {
            AnswerErrorKind::UnknownUnit => "unknown-unit",
            AnswerErrorKind::UnknownCriterion => "unknown-criterion",
            AnswerErrorKind::WrongAnswerKind => "wrong-answer-kind",
            AnswerErrorKind::UnknownOption => "unknown-option",
            AnswerErrorKind::UnknownItem => "unknown-item",
            AnswerErrorKind::NegativeValue => "negative-value",
            AnswerErrorKind::ZeroDenominator => "zero-denominator",
            AnswerErrorKind::NumeratorAboveDenominator => "numerator-above-denominator",
            AnswerErrorKind::AboveMax => "above-max",
            AnswerErrorKind::OffStep => "off-step",
            AnswerErrorKind::TooPrecise => "too-precise",
            AnswerErrorKind::NotApplicableRefused => "not-applicable-refused",
            AnswerErrorKind::NotSelfAssessed => "not-self-assessed",
            AnswerErrorKind::NoRespondents => "no-respondents",
            AnswerErrorKind::WrongAssessor => "wrong-assessor",
        }
    }
}

impl fmt::Display for AnswerErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An answer, appraisal or decision refused; nothing was recorded.
///
/// ```
/// use cchc_core::{Answer, Assessment};
/// let edition = cchc_criteria::default_edition();
/// let mut assessment = Assessment::new(edition, "so-tu-phap").unwrap();
/// let err = assessment
///     .answer(edition, "1.1.1", Answer::Count { count: 2 })
///     .unwrap_err();
/// assert_eq!(err.code(), "wrong-answer-kind");
/// assert_eq!(err.unit(), Some("so-tu-phap"));
/// assert_eq!(err.criterion(), Some("1.1.1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(transparent)]
pub struct AnswerError(Box<Details>);

/// The data behind an [`AnswerError`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct Details {
    code: &'static str,
    kind: AnswerErrorKind,
    unit: Option<String>,
    criterion: Option<String>,
    method: Option<String>,
    limit: Option<String>,
    detail: String,
}

impl AnswerError {
    pub(crate) fn new(
        kind: AnswerErrorKind,
        unit: Option<&str>,
        criterion: Option<&str>,
        method: Option<&str>,
        limit: Option<String>,
        detail: String,
    ) -> AnswerError {
        AnswerError(Box::new(Details {
            code: kind.code(),
            kind,
            unit: unit.map(str::to_owned),
            criterion: criterion.map(str::to_owned),
            method: method.map(str::to_owned),
            limit,
            detail,
        }))
    }

    /// The stable error code, e.g. "above-max".
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }
    /// What went wrong.
    pub fn kind(&self) -> AnswerErrorKind {
        self.0.kind
    }
    /// The unit, when known.
    pub fn unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }
    /// The criterion code, when there is one.
    pub fn criterion(&self) -> Option<&str> {
        self.0.criterion.as_deref()
    }
    /// The leaf's method, when there is one.
    pub fn method(&self) -> Option<&str> {
        self.0.method.as_deref()
    }
    /// The limit that was broken (a max, a step, the allowed options…), as text.
    pub fn limit(&self) -> Option<&str> {
        self.0.limit.as_deref()
    }
    /// What is wrong, in words.
    pub fn detail(&self) -> &str {
        &self.0.detail
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        let mut context = Vec::new();
        if let Some(unit) = &d.unit {
            context.push(format!("unit {unit}"));
        }
        if let Some(code) = &d.criterion {
            match &d.method {
                Some(method) => context.push(format!("criterion {code} ({method})")),
                None => context.push(format!("criterion {code}")),
            }
        }
        if context.is_empty() {
            write!(f, "{}: {}", d.kind.code(), d.detail)
        } else {
            write!(f, "{}: {}: {}", d.kind.code(), context.join(", "), d.detail)
        }
    }
}
