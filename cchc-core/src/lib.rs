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

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod analysis;
mod answer;
mod assessment;
mod code;
#[cfg(feature = "compiled")]
#[doc(hidden)]
#[allow(missing_docs)]
pub mod compiled;
mod criteria;
mod decimal;
mod edition;
mod error;
mod instant;
mod json;
#[cfg(feature = "toml")]
mod load_toml;
mod method;
mod name;
mod problem;
mod record;
mod report;
mod results;
mod round;
mod rounding;
#[cfg(feature = "schema")]
mod schema;
mod scorecard;
#[cfg(feature = "synthetic")]
mod synthetic;
mod unit;
mod validate;

pub use analysis::{FieldLoss, Gap, GapReport, GapTotal, Priorities, Recoverable};
pub use answer::{Answer, Worth};
pub use assessment::{Assessment, AssessmentData, Given};
pub use error::{Category, Error, ErrorKind, parse_decimal};
pub use instant::{VIETNAM_OFFSET_SECONDS, parse_instant, vietnam};
pub use name::{Named, parse_name};
pub use record::{
    Actor, AttachedEvidence, Command, Contest, Event, Evidence, ExplanationRound, Extension,
    PERMISSIONS, Permission, Phase, RECORD_SCHEMA, Role, RoundRecord, RoundState, Ruling, Stage,
    StageKind, Submission, TEXT_LIMITS, UnitRecord, is_web_link, permissions_table,
};
pub use report::{ReportItem, ReportOptions, SelfAssessmentReport};
pub use results::{BandCount, GroupResults, Placement, Results, Summary};
pub use round::Round;
#[cfg(feature = "schema")]
pub use schema::{schema_files, schemas};
pub use scorecard::{FieldScore, NodeScore, Scorecard};

pub use code::Code;
pub use criteria::{
    Assessor, CriteriaSet, CriteriaView, Leaf, Node, NodeView, Section, TextStatus,
};
pub use edition::{Band, Decision, Edition, Schedule};
pub use method::{ChecklistItem, Choice, Method, Tier};
pub use problem::{Location, Problem, ProblemKind};
pub use rounding::Rounding;
pub use unit::{Appendix, Group, Unit};

/// Re-exported so callers can name decimals without a direct dependency.
pub use rust_decimal::Decimal;
