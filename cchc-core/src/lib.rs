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
//! let edition: Edition = cchc_criteria::default_edition();
//! assert_eq!(edition.units().len(), 47);
//! assert_eq!(edition.units_in(Group::Department).count(), 21);
//! let appendix = edition.criteria(Appendix::II).unwrap();
//! assert_eq!(appendix.max().to_string(), "100");
//! ```
//!
//! ## The API in four handles and values
//! - [`Edition`] is a shared handle: clone it freely. [`Assessment`], [`Round`] and
//!   [`RoundRecord`] hold the edition they were made with, so no method takes it again.
//! - Everything they return is a plain value with a serde shape ([`Scorecard`], [`Results`],
//!   [`Priorities`], [`GapReport`], [`SelfAssessmentReport`], [`Event`], …) whose JSON Schema is
//!   derived from the type (feature `schema`); stored values come back in
//!   ([`Edition::rank`] takes stored scorecards).
//! - Every refusal is one [`Error`]: a stable code, a [`Category`], a message and the fields
//!   behind it (unit, criterion, method, limit, items, problems). Nothing refused is recorded.
//!
//! ```
//! use cchc_core::{Answer, Assessment, Category};
//!
//! let edition = cchc_criteria::default_edition();
//! let mut a = Assessment::new(&edition, "so-tu-phap")?;
//! a.answer("1.1.1", Answer::YesNo { yes: true })?;
//! assert_eq!(a.scorecard().total.to_string(), "0.5");
//!
//! let err = a.answer("1.1.1", Answer::Count { count: 3 }).unwrap_err();
//! assert_eq!((err.code(), err.category()), ("wrong-answer-kind", Category::Answer));
//! assert!(a.is_answered("1.1.1")); // the earlier answer is kept
//! # Ok::<(), cchc_core::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod analysis;
mod answer;
mod assessment;
mod batch;
mod code;
#[cfg(feature = "compiled")]
#[doc(hidden)]
#[allow(missing_docs)]
pub mod compiled;
mod criteria;
mod decimal;
mod edition;
mod error;
mod indexed;
mod instant;
mod json;
mod json_write;
#[cfg(feature = "toml")]
mod load_toml;
mod method;
mod name;
mod problem;
mod record;
mod relaxed;
mod report;
mod results;
mod round;
mod rounding;
mod rows;
#[cfg(feature = "schema")]
mod schema;
mod scorecard;
#[cfg(feature = "synthetic")]
mod synthetic;
mod tagged;
mod unit;
mod validate;

/// Numbers for the unit tests that draw many cases, the same on every run (xorshift64 from
/// `seed`): each call `next(n)` gives one below `n`.
#[cfg(test)]
pub(crate) fn test_numbers(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    }
}

pub use analysis::{FieldLoss, Gap, GapReport, GapTotal, Priorities, Recoverable};
pub use answer::{Answer, Worth};
pub use assessment::{Assessment, AssessmentData, Given};
pub use batch::{CodedColumn, Codes, RoundsResults};
pub use error::{Category, Error, ErrorKind, parse_decimal};
pub use instant::{VIETNAM_OFFSET_SECONDS, parse_instant, vietnam};
pub use json_write::{JsonWriteError, to_json_text};
pub use name::{Named, parse_name};
pub use record::{
    Actor, AttachedEvidence, Command, Contest, EVIDENCE_FILE_LIMIT, EVIDENCE_MEDIA_TYPES, Event,
    Evidence, EvidenceFile, ExplanationRound, Extension, PERMISSIONS, Permission, Phase,
    RECORD_SCHEMA, Role, RoundRecord, RoundState, Ruling, Stage, StageKind, Submission,
    TEXT_LIMITS, UnitRecord, is_web_link, may_administer, permissions_table,
};
pub use report::{ReportItem, ReportOptions, SelfAssessmentReport};
pub use results::{BandCount, GroupResults, Placement, Results, Summary};
pub use round::Round;
#[cfg(feature = "schema")]
pub use schema::{schema_files, schemas};
pub use scorecard::{CompactScorecard, FieldScore, NodePoints, NodeScore, Scorecard};

pub use code::Code;
pub use criteria::{
    Assessor, CriteriaSet, CriteriaView, Leaf, Node, NodeView, Section, TextStatus,
};
pub use edition::{Band, Decision, Edition, Schedule};
pub use method::{ChecklistItem, Choice, Method, Tier};
pub use problem::{Location, Problem, ProblemKind};
pub use rounding::Rounding;
pub use rows::{ROW_COLUMNS, Row, RowError, read_csv, rounds_to_csv};
pub use unit::{Appendix, Group, Unit};

/// Re-exported so callers can name decimals without a direct dependency.
pub use rust_decimal::Decimal;
