//! Problems found while loading an edition, and the error that lists them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong, as a stable machine code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The text is not valid TOML or JSON.
    Syntax,
    /// A file named by the edition was not given.
    MissingFile,
    /// A key the format does not define.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value of the wrong type (e.g. a string where a number belongs).
    WrongType,
    /// A value outside the allowed words or forms (unknown group, bad id, …).
    InvalidValue,
    /// A number that is not a plain decimal literal.
    BadNumber,
    /// A negative number.
    Negative,
    /// More than two decimals.
    Precision,
    /// A code that is not one to three dot-separated positive integers.
    MalformedCode,
    /// The same code twice in one appendix.
    DuplicateCode,
    /// A code whose parent does not exist (or comes later).
    OrphanCode,
    /// A node with children that has a method, a leaf without one, or a field without children.
    Structure,
    /// A parent's max differs from the sum of its children's, or the appendix max from its fields.
    MaxMismatch,
    /// Checklist items that do not sum to the leaf's max.
    ChecklistSum,
    /// Ratio tiers out of order.
    TierOrder,
    /// A value above the leaf's max (tier points, cap, per-item points).
    AboveMax,
    /// A share or rate outside 0–100 %.
    ShareOutOfRange,
    /// A step that is zero or does not divide the max.
    StepNotDividing,
    /// An option or item id repeated, or a method without any choice.
    ChoiceList,
    /// Who assesses a leaf does not fit its method or section.
    Assessor,
    /// A section on a node that is not a field, or a method not allowed in its field's section.
    SectionMismatch,
    /// Two units with one id.
    DuplicateUnit,
    /// A unit in no group, or in a group whose appendix the edition lacks.
    UnitGroup,
    /// An appendix file that declares another appendix, or is listed twice.
    AppendixMismatch,
    /// Schedule windows that overlap or run backwards.
    ScheduleOrder,
    /// An instant without a UTC offset.
    MissingOffset,
    /// Bands out of order, overlapping, or not reaching down to 0.
    BandOrder,
    /// Unsupported format version.
    FormatVersion,
}

impl ProblemKind {
    /// The stable code, e.g. "max-mismatch".
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "syntax",
            ProblemKind::MissingFile => "missing-file",
            ProblemKind::UnknownKey => "unknown-key",
            ProblemKind::MissingKey => "missing-key",
            ProblemKind::WrongType => "wrong-type",
            ProblemKind::InvalidValue => "invalid-value",
            ProblemKind::BadNumber => "bad-number",
            ProblemKind::Negative => "negative",
            ProblemKind::Precision => "precision",
            ProblemKind::MalformedCode => "malformed-code",
            ProblemKind::DuplicateCode => "duplicate-code",
            ProblemKind::OrphanCode => "orphan-code",
            ProblemKind::Structure => "structure",
            ProblemKind::MaxMismatch => "max-mismatch",
            ProblemKind::ChecklistSum => "checklist-sum",
            ProblemKind::TierOrder => "tier-order",
            ProblemKind::AboveMax => "above-max",
            ProblemKind::ShareOutOfRange => "share-out-of-range",
            ProblemKind::StepNotDividing => "step-not-dividing",
            ProblemKind::ChoiceList => "choice-list",
            ProblemKind::Assessor => "assessor",
            ProblemKind::SectionMismatch => "section-mismatch",
            ProblemKind::DuplicateUnit => "duplicate-unit",
            ProblemKind::UnitGroup => "unit-group",
            ProblemKind::AppendixMismatch => "appendix-mismatch",
            ProblemKind::ScheduleOrder => "schedule-order",
            ProblemKind::MissingOffset => "missing-offset",
            ProblemKind::BandOrder => "band-order",
            ProblemKind::FormatVersion => "format-version",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a problem is: the file, the line (when the parser gives one) and the subject
/// (a node code such as "1.2.3", a unit id, or a key such as "schedule.trial_end").
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Location {
    /// File name as given to the loader (`appendix-1.toml`, or `<json>` for JSON).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
}

/// One thing wrong with an edition's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Problem {
    /// The stable kind of problem (serialized as `code`).
    #[serde(rename = "code")]
    pub kind: ProblemKind,
    /// File and line.
    #[serde(flatten)]
    pub location: Location,
    /// The node code, unit id or key concerned, when there is one.
    pub subject: Option<String>,
    /// What is wrong, in words a data editor can act on.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location.file)?;
        if let Some(line) = self.location.line {
            write!(f, ":{line}")?;
        }
        if let Some(subject) = &self.subject {
            write!(f, " [{subject}]")?;
        }
        write!(f, " {}: {}", self.kind.code(), self.message)
    }
}
