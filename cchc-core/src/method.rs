//! How a leaf's answer becomes points: the scoring methods of `docs/domain.md` §3 and `docs/scoring.md`.

use crate::tagged::internally_tagged;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One choice of an `options` or `survey` leaf: a label worth a share (in %) of the leaf's max.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Short identifier, unique within the leaf ("tot", "A").
    pub id: Cow<'static, str>,
    /// Vietnamese label as shown to the unit.
    pub label: Cow<'static, str>,
    /// Share of the leaf's max, in percent (0–100).
    #[serde(with = "crate::decimal::Str")]
    pub share: Decimal,
}

/// One condition of a `checklist` leaf, worth a fixed number of points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Short identifier, unique within the leaf.
    pub id: Cow<'static, str>,
    /// Vietnamese text of the condition.
    pub label: Cow<'static, str>,
    /// Points given when the condition is met.
    #[serde(with = "crate::decimal::Str")]
    pub points: Decimal,
}

/// One threshold of a `ratio-tiers` leaf: a rate at or above `at_least` % earns `points`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Lower bound of the rate, in percent, inclusive.
    #[serde(with = "crate::decimal::Str")]
    pub at_least: Decimal,
    /// Points for a rate in this tier.
    #[serde(with = "crate::decimal::Str")]
    pub points: Decimal,
}

internally_tagged! {
tag = "kind", twin = method_twin;
/// The scoring method of a leaf.
///
/// ```
/// use cchc_core::Method;
/// assert_eq!(Method::YesNo.kind(), "yes-no");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Method {
    /// Yes → max, no → 0.
    YesNo,
    /// Graded levels: the chosen option's share of the max.
    Options {
        /// The levels, best first as written in the table.
        options: Cow<'static, [Choice]>,
    },
    /// Several conditions, each worth fixed points; the items sum to the max.
    Checklist {
        /// The conditions.
        items: Cow<'static, [ChecklistItem]>,
    },
    /// A count of things done, `per_item` points each, capped.
    Count {
        /// Points per counted item.
        #[serde(with = "crate::decimal::Str")]
        per_item: Decimal,
        /// Cap on the points; the leaf's max when absent.
        #[serde(
            default,
            with = "crate::decimal::OptionStr",
            skip_serializing_if = "Option::is_none"
        )]
        cap: Option<Decimal>,
    },
    /// A rate (done / required) mapped to points by thresholds.
    RatioTiers {
        /// Thresholds, highest first.
        tiers: Cow<'static, [Tier]>,
    },
    /// Rate × max.
    Proportional,
    /// Judgement points given directly, in multiples of `step`.
    Points {
        /// The step points must be a multiple of.
        #[serde(with = "crate::decimal::Str")]
        step: Decimal,
    },
    /// Points taken off: `per_item` per violation, at most the leaf's max.
    Deduction {
        /// Points taken off per violation.
        #[serde(with = "crate::decimal::Str")]
        per_item: Decimal,
    },
    /// Survey answers mapped to shares of the max; the points are the respondents' mean share.
    Survey {
        /// The answer grades (e.g. A 100 %, B 60 %, C 20 %, D 0 %).
        options: Cow<'static, [Choice]>,
    },
}
}

impl Method {
    /// Every method kind's stable name, as written in data files.
    pub const KINDS: [&'static str; 9] = [
        "yes-no",
        "options",
        "checklist",
        "count",
        "ratio-tiers",
        "proportional",
        "points",
        "deduction",
        "survey",
    ];

    /// The method's stable name ("yes-no", "options", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Method::YesNo => "yes-no",
            Method::Options { .. } => "options",
            Method::Checklist { .. } => "checklist",
            Method::Count { .. } => "count",
            Method::RatioTiers { .. } => "ratio-tiers",
            Method::Proportional => "proportional",
            Method::Points { .. } => "points",
            Method::Deduction { .. } => "deduction",
            Method::Survey { .. } => "survey",
        }
    }
}
