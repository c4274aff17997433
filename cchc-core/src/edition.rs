//! An edition: one province's round of the index, tying units, appendices, schedule and bands.

use crate::criteria::{CriteriaSet, TextStatus, Tree};
use crate::rounding::Rounding;
use crate::unit::{Appendix, Group, Unit};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// The act that issued the index (e.g. Decision 3267/QĐ-UBND of 11/12/2018).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Number and symbol ("3267/QĐ-UBND").
    pub number: Cow<'static, str>,
    /// Date of issue.
    #[serde(deserialize_with = "crate::relaxed::de_date")]
    pub date: NaiveDate,
    /// Issuing body.
    pub issuer: Cow<'static, str>,
    /// Title of the decision.
    pub title: Cow<'static, str>,
}

/// The round's windows as instants with an explicit offset. Windows are half-open `[start, end)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Start of the trial window (thử nghiệm).
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub trial_start: DateTime<FixedOffset>,
    /// End of the trial window, exclusive.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub trial_end: DateTime<FixedOffset>,
    /// Start of the official self-assessment window.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub official_start: DateTime<FixedOffset>,
    /// End of the official window, exclusive: the automatic lock.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub official_end: DateTime<FixedOffset>,
    /// The signed paper report must arrive before this instant.
    #[serde(deserialize_with = "crate::relaxed::de_instant")]
    pub report_due: DateTime<FixedOffset>,
    /// The document that sets the schedule.
    pub reference: Cow<'static, str>,
    /// Official or reconstructed.
    pub status: TextStatus,
}

/// A classification band: indices from its lower bound up to the next band's lower bound.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Stable identifier ("1", "A", …).
    pub id: Cow<'static, str>,
    /// Label as published ("Nhóm 1").
    pub label: Cow<'static, str>,
    /// Exclusive lower bound in % ("trên 90%").
    #[serde(
        default,
        with = "crate::decimal::OptionStr",
        skip_serializing_if = "Option::is_none"
    )]
    pub above: Option<Decimal>,
    /// Inclusive lower bound in % ("từ 80%").
    #[serde(
        default,
        with = "crate::decimal::OptionStr",
        skip_serializing_if = "Option::is_none"
    )]
    pub at_least: Option<Decimal>,
    /// Official or reconstructed.
    pub status: TextStatus,
    /// The document the band rests on.
    pub reference: Cow<'static, str>,
}

impl Band {
    /// The lower bound and whether it is inclusive.
    pub fn lower_bound(&self) -> (Decimal, bool) {
        match (self.at_least, self.above) {
            (Some(v), _) => (v, true),
            (None, Some(v)) => (v, false),
            (None, None) => (Decimal::ZERO, true),
        }
    }

    /// Whether an index (in %) reaches this band's lower bound.
    pub fn admits(&self, index: Decimal) -> bool {
        let (bound, inclusive) = self.lower_bound();
        if inclusive {
            index >= bound
        } else {
            index > bound
        }
    }
}

/// One province's round of the PAR Index: a validated whole, shared.
///
/// Build one with [`Edition::from_toml_files`] or [`Edition::from_json`]; both refuse invalid data
/// with every problem listed. An `Edition` is a handle: cloning it is cheap and every clone is
/// the same edition. Assessments, rounds and records keep the handle of the edition they were
/// made with, so they can never be scored against another one.
///
/// ```
/// let edition = cchc_criteria::default_edition();
/// let same = edition.clone();
/// assert_eq!(same.id(), "soc-trang-2018");
/// assert_eq!(same, edition);
/// ```
#[derive(Clone, Debug)]
pub struct Edition(Arc<EditionData>);

impl PartialEq for Edition {
    fn eq(&self, other: &Edition) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}
impl Eq for Edition {}

impl Serialize for Edition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// The data of an edition, validated before it is wrapped in an [`Edition`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct EditionData {
    pub(crate) id: Cow<'static, str>,
    pub(crate) year: u16,
    pub(crate) province: Cow<'static, str>,
    pub(crate) title: Cow<'static, str>,
    pub(crate) rounding: Rounding,
    pub(crate) decision: Decision,
    pub(crate) schedule: Schedule,
    pub(crate) bands: Cow<'static, [Band]>,
    pub(crate) units: Cow<'static, [Unit]>,
    pub(crate) criteria: Cow<'static, [CriteriaSet]>,
}

impl Edition {
    /// The version of the edition data format (TOML and JSON) this build reads and writes.
    pub const FORMAT_VERSION: u32 = 1;

    /// Wraps validated data, building the criteria sets' indices.
    pub(crate) fn from_data(mut data: EditionData) -> Edition {
        for set in data.criteria.to_mut() {
            set.index = Tree::build(&set.nodes);
        }
        Edition::from_validated(data)
    }
    /// Wraps validated data whose criteria sets' indices are built.
    pub(crate) fn from_validated(data: EditionData) -> Edition {
        Edition(Arc::new(data))
    }
    pub(crate) fn data(&self) -> &EditionData {
        &self.0
    }
    /// Whether two handles are the very same edition (not merely equal data).
    pub fn same_as(&self, other: &Edition) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
    /// The edition's identifier ("soc-trang-2018").
    pub fn id(&self) -> &str {
        &self.0.id
    }
    /// The year assessed.
    pub fn year(&self) -> u16 {
        self.0.year
    }
    /// The province.
    pub fn province(&self) -> &str {
        &self.0.province
    }
    /// The edition's title.
    pub fn title(&self) -> &str {
        &self.0.title
    }
    /// The rounding rule for computed values.
    pub fn rounding(&self) -> Rounding {
        self.0.rounding
    }
    /// The issuing decision.
    pub fn decision(&self) -> &Decision {
        &self.0.decision
    }
    /// The round's schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.0.schedule
    }
    /// Classification bands, highest first.
    pub fn bands(&self) -> &[Band] {
        &self.0.bands
    }
    /// The band an index (in %) falls in.
    ///
    /// ```
    /// let edition = cchc_criteria::default_edition();
    /// let band = edition.band_for("90".parse().unwrap()).unwrap();
    /// assert_eq!(band.label, "Nhóm 2"); // "trên 90%" excludes 90 itself
    /// ```
    pub fn band_for(&self, index: Decimal) -> Option<&Band> {
        self.0.bands.iter().find(|b| b.admits(index))
    }
    /// All units, in the order of the official list.
    pub fn units(&self) -> &[Unit] {
        &self.0.units
    }
    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.0.units.iter().find(|u| u.id == id)
    }
    /// The units of one group, in list order.
    pub fn units_in(&self, group: Group) -> impl Iterator<Item = &Unit> + '_ {
        self.0.units.iter().filter(move |u| u.group == group)
    }
    /// The criteria sets the edition provides, in appendix order.
    pub fn criteria_sets(&self) -> &[CriteriaSet] {
        &self.0.criteria
    }
    /// One appendix's criteria set.
    pub fn criteria(&self, appendix: Appendix) -> Option<&CriteriaSet> {
        self.0.criteria.iter().find(|c| c.appendix == appendix)
    }
    /// The criteria set a unit is scored against.
    pub fn criteria_for(&self, unit: &Unit) -> Option<&CriteriaSet> {
        self.criteria(unit.group.appendix())
    }
}
