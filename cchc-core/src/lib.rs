//! # cchc-core
//!
//! The pure core of **cchc**, the library that scores Vietnam's provincial PAR Index
//! (Chỉ số cải cách hành chính): units and their groups, the four criteria appendices, scoring
//! methods, schedules and classification bands, bound together in an [`Edition`].
//!
//! The core does no I/O and never reads a clock: callers pass text in and instants in.
//! Numbers are exact decimals ([`rust_decimal::Decimal`]), never floats.
//!
//! ```
//! use cchc_core::{Appendix, Edition, Group};
//!
//! let edition: &Edition = cchc_criteria::default_edition();
//! assert_eq!(edition.units().len(), 47);
//! assert_eq!(edition.units_in(Group::Department).count(), 21);
//! let appendix = edition.criteria(Appendix::II).unwrap();
//! assert_eq!(appendix.max().to_string(), "100");
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod analysis;
mod answer;
mod assessment;
mod code;
mod criteria;
mod edition;
mod error;
mod instant;
mod json;
mod load_toml;
mod method;
mod problem;
mod record;
mod report;
mod results;
mod round;
mod rounding;
mod scorecard;
mod synthetic;
mod unit;
mod validate;

pub use analysis::{
    FieldLoss, Gap, GapReport, GapTotal, Priorities, Recoverable, self_vs_appraised,
};
pub use answer::{Answer, Worth};
pub use assessment::{Assessment, Channel};
pub use error::{AnswerError, AnswerErrorKind};
pub use instant::{VIETNAM_OFFSET_SECONDS, parse_instant, vietnam};
pub use record::{
    Actor, AttachedEvidence, Command, Contest, Event, Evidence, ExplanationRound, Extension, Phase,
    RECORD_SCHEMA, RecordError, RecordErrorKind, Role, RoundRecord, RoundState, Ruling, Stage,
    StageKind, Submission, UnitRecord,
};
pub use report::{ReportItem, ReportOptions, SelfAssessmentReport};
pub use results::{BandCount, GroupResults, Placement, Results, Summary, rank};
pub use round::Round;
pub use scorecard::{FieldScore, NodeScore, Scorecard, score};
pub use synthetic::{SplitMix64, synthetic_assessment};

pub use code::Code;
pub use criteria::{Assessor, CriteriaSet, Leaf, Node, Section, TextStatus};
pub use edition::{Band, Decision, Edition, Schedule};
pub use method::{ChecklistItem, Choice, Method, Tier};
pub use problem::{EditionError, Location, Problem, ProblemKind};
pub use rounding::Rounding;
pub use unit::{Appendix, Group, Unit};

/// Re-exported so callers can name decimals without a direct dependency.
pub use rust_decimal::Decimal;

/// The version of the edition data format (TOML and JSON) this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
