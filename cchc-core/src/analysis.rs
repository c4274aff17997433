//! Analysis users of the index ask for: what to fix first, and where self-scores run high.

use crate::criteria::{Assessor, Section};
use crate::edition::Edition;
use crate::scorecard::Scorecard;
use crate::unit::Appendix;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Points a unit lost in one scored field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldLoss {
    /// The field's code.
    pub code: String,
    /// The field's title.
    pub title: String,
    /// The field's applicable max.
    #[serde(with = "crate::decimal::Str")]
    pub applicable_max: Decimal,
    /// Final points.
    #[serde(rename = "final", with = "crate::decimal::Str")]
    pub final_points: Decimal,
    /// applicable max − final.
    #[serde(with = "crate::decimal::Str")]
    pub lost: Decimal,
}

/// A leaf with points still to gain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Recoverable {
    /// The leaf's code.
    pub code: String,
    /// The leaf's title.
    pub title: String,
    /// The leaf's applicable max.
    #[serde(with = "crate::decimal::Str")]
    pub applicable_max: Decimal,
    /// Final points.
    #[serde(rename = "final", with = "crate::decimal::Str")]
    pub final_points: Decimal,
    /// applicable max − final.
    #[serde(with = "crate::decimal::Str")]
    pub recoverable: Decimal,
}

/// What to fix first: losses per field and the leaves with most to recover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Priorities {
    /// The unit.
    pub unit: String,
    /// Losses per scored field, in table order.
    pub fields: Vec<FieldLoss>,
    /// Leaves of scored fields with points to recover, most first (ties in table order).
    pub items: Vec<Recoverable>,
}

/// Where a unit's own score and the council's differ on one leaf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gap {
    /// The unit.
    pub unit: String,
    /// The unit's appendix.
    pub appendix: Appendix,
    /// The leaf's code.
    pub code: String,
    /// The unit's own points.
    #[serde(rename = "self", with = "crate::decimal::Str")]
    pub self_points: Decimal,
    /// The appraised points.
    #[serde(with = "crate::decimal::Str")]
    pub appraised: Decimal,
    /// self − appraised: positive where the unit scored itself higher.
    #[serde(with = "crate::decimal::Str")]
    pub gap: Decimal,
}

/// A sum of gaps for one unit or one criterion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapTotal {
    /// The unit id, or the criterion code.
    pub key: String,
    /// The appendix (for criteria; the unit's for units).
    pub appendix: Appendix,
    /// Self points summed.
    #[serde(rename = "self", with = "crate::decimal::Str")]
    pub self_points: Decimal,
    /// Appraised points summed.
    #[serde(with = "crate::decimal::Str")]
    pub appraised: Decimal,
    /// Gaps summed.
    #[serde(with = "crate::decimal::Str")]
    pub gap: Decimal,
}

/// Self vs appraised across a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapReport {
    /// Every answered self-assessed leaf of every card ("not applicable" included, with gap 0),
    /// in card then table order.
    pub items: Vec<Gap>,
    /// Per unit, in card order.
    pub units: Vec<GapTotal>,
    /// Per appendix and criterion across units, in appendix then table order.
    pub criteria: Vec<GapTotal>,
}

impl Edition {
    /// What to fix first on a scorecard (fresh or stored): the points lost per scored field and
    /// the leaves with the most points recoverable.
    pub fn priorities(&self, card: &Scorecard) -> Priorities {
        priorities(self, card)
    }

    /// The gap between self and appraised points per leaf, per unit and per criterion, over
    /// scorecards (fresh or stored).
    pub fn self_vs_appraised(&self, cards: &[Scorecard]) -> GapReport {
        self_vs_appraised(self, cards)
    }
}

fn priorities(edition: &Edition, card: &Scorecard) -> Priorities {
    let set = edition.criteria(card.appendix);
    let fields = card
        .fields
        .iter()
        .filter(|f| f.section == Section::Scored)
        .map(|f| FieldLoss {
            code: f.code.clone(),
            title: f.title.clone(),
            applicable_max: f.applicable_max,
            final_points: f.final_points,
            lost: (f.applicable_max - f.final_points).normalize(),
        })
        .collect();
    let mut items: Vec<Recoverable> = Vec::new();
    if let Some(set) = set {
        for score in &card.nodes {
            let Some(node) = set.node(&score.code) else {
                continue;
            };
            if !node.is_leaf()
                || score.not_applicable
                || set.section_of(&score.code) != Some(Section::Scored)
            {
                continue;
            }
            let recoverable = (score.applicable_max - score.final_points).normalize();
            if recoverable > Decimal::ZERO {
                items.push(Recoverable {
                    code: score.code.clone(),
                    title: node.title().to_owned(),
                    applicable_max: score.applicable_max,
                    final_points: score.final_points,
                    recoverable,
                });
            }
        }
    }
    items.sort_by_key(|item| std::cmp::Reverse(item.recoverable));
    Priorities {
        unit: card.unit.clone(),
        fields,
        items,
    }
}

/// The gap between self and appraised points per leaf, per unit and per criterion.
fn self_vs_appraised(edition: &Edition, cards: &[Scorecard]) -> GapReport {
    let mut items = Vec::new();
    let mut units = Vec::new();
    for card in cards {
        let Some(set) = edition.criteria(card.appendix) else {
            continue;
        };
        let mut total = GapTotal {
            key: card.unit.clone(),
            appendix: card.appendix,
            self_points: Decimal::ZERO,
            appraised: Decimal::ZERO,
            gap: Decimal::ZERO,
        };
        for score in &card.nodes {
            let Some(leaf) = set.node(&score.code).and_then(|n| n.leaf()) else {
                continue;
            };
            let (Some(own), Assessor::SelfAssessed) = (score.self_points, leaf.assessed_by) else {
                continue;
            };
            if !score.answered || set.section_of(&score.code) != Some(Section::Scored) {
                continue;
            }
            let gap = (own - score.appraised).normalize();
            total.self_points += own;
            total.appraised += score.appraised;
            total.gap += gap;
            items.push(Gap {
                unit: card.unit.clone(),
                appendix: card.appendix,
                code: score.code.clone(),
                self_points: own,
                appraised: score.appraised,
                gap,
            });
        }
        total.self_points = total.self_points.normalize();
        total.appraised = total.appraised.normalize();
        total.gap = total.gap.normalize();
        units.push(total);
    }
    let mut by_leaf: HashMap<(Appendix, &str), (Decimal, Decimal, Decimal)> = HashMap::new();
    for g in &items {
        let entry = by_leaf.entry((g.appendix, g.code.as_str())).or_default();
        entry.0 += g.self_points;
        entry.1 += g.appraised;
        entry.2 += g.gap;
    }
    let mut criteria = Vec::new();
    for set in edition.criteria_sets() {
        for (node, _) in set.leaves() {
            if let Some((own, appraised, gap)) = by_leaf.get(&(set.appendix(), node.code())) {
                criteria.push(GapTotal {
                    key: node.code().to_owned(),
                    appendix: set.appendix(),
                    self_points: own.normalize(),
                    appraised: appraised.normalize(),
                    gap: gap.normalize(),
                });
            }
        }
    }
    GapReport {
        items,
        units,
        criteria,
    }
}
