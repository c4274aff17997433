//! Results of a round: ranking and classification per group, with a summary.

use crate::edition::Edition;
use crate::name::Named;
use crate::scorecard::Scorecard;
use crate::unit::{Appendix, Group};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One unit's place in its group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Placement {
    /// Rank in the group: ties share a rank and the next rank skips (1, 2, 2, 4).
    pub rank: u32,
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// The index, two decimals.
    #[serde(with = "crate::decimal::Str")]
    pub index: Decimal,
    /// The band's id.
    pub band: String,
    /// The band's label.
    pub band_label: String,
    /// Whether the unit submitted.
    pub submitted: bool,
}

/// How many units fell in one band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BandCount {
    /// The band's id.
    pub band: String,
    /// The band's label.
    pub label: String,
    /// Units in it.
    pub count: usize,
}

/// A group's summary: units per band and the spread of indices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// Units ranked.
    pub count: usize,
    /// Units per band, every band listed, highest first.
    pub bands: Vec<BandCount>,
    /// Mean index, rounded by the edition's rule.
    #[serde(with = "crate::decimal::OptionStr")]
    pub mean: Option<Decimal>,
    /// Median index (mean of the two middle ones when even), rounded by the edition's rule.
    #[serde(with = "crate::decimal::OptionStr")]
    pub median: Option<Decimal>,
    /// Lowest index.
    #[serde(with = "crate::decimal::OptionStr")]
    pub min: Option<Decimal>,
    /// Highest index.
    #[serde(with = "crate::decimal::OptionStr")]
    pub max: Option<Decimal>,
}

/// One group's ranking and summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupResults {
    /// The group.
    pub group: Group,
    /// Its appendix.
    pub appendix: Appendix,
    /// Units by rank; ties in the edition's unit order.
    pub ranking: Vec<Placement>,
    /// The group's summary.
    pub summary: Summary,
}

/// The published results of a round: every group that has units, in group order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Results {
    /// The edition's id.
    pub edition: String,
    /// One entry per group with units.
    pub groups: Vec<GroupResults>,
}

impl Results {
    /// The results of one group.
    pub fn group(&self, group: Group) -> Option<&GroupResults> {
        self.groups.iter().find(|g| g.group == group)
    }
    /// The results as JSON (decimals as strings).
    pub fn to_json(&self) -> String {
        crate::to_json_text(self, true).unwrap_or_default()
    }
}

fn two_places(mut value: Decimal) -> Decimal {
    value.rescale(2);
    value
}

/// Ranks and classifies scorecards. Cards are matched to units by id; a unit of the edition
/// without a card is ranked on an empty one (index 0.00, not submitted). Cards of units the
/// edition lacks are ignored.
impl Edition {
    /// Ranks scorecards (fresh or stored) inside each group of the edition.
    pub fn rank(&self, cards: &[Scorecard]) -> Results {
        let position: std::collections::HashMap<&str, usize> = self
            .units()
            .iter()
            .enumerate()
            .map(|(i, unit)| (unit.id(), i))
            .collect();
        let mut scores: Vec<Option<(Decimal, bool)>> = vec![None; self.units().len()];
        for card in cards {
            // The first card of a unit counts.
            if let Some(slot) = position
                .get(card.unit.as_str())
                .and_then(|&i| scores.get_mut(i))
            {
                slot.get_or_insert((card.index, card.submitted));
            }
        }
        rank(self, &scores)
    }
}

/// One unit's place in its group, by the unit's position in the edition: what [`rank`] and the
/// batch path's columns (`crate::batch`) are made of.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    /// The unit's position in [`Edition::units`].
    pub(crate) order: usize,
    /// Rank in the group: ties share a rank and the next rank skips.
    pub(crate) rank: u32,
    /// The index, two decimals.
    pub(crate) index: Decimal,
    /// Whether the unit submitted.
    pub(crate) submitted: bool,
}

/// The places of one group's units, by rank (ties in the edition's unit order), given each
/// unit's index and whether it submitted, in the edition's unit order (`None`: an empty card,
/// index 0.00, not submitted). Empty for a group without units.
pub(crate) fn places(
    edition: &Edition,
    scores: &[Option<(Decimal, bool)>],
    group: Group,
) -> Vec<Place> {
    let mut entries: Vec<Place> = Vec::new();
    for (order, unit) in edition.units().iter().enumerate() {
        if unit.group() != group {
            continue;
        }
        let (index, submitted) = scores
            .get(order)
            .copied()
            .flatten()
            .unwrap_or((Decimal::new(0, 2), false));
        entries.push(Place {
            order,
            rank: 0,
            index,
            submitted,
        });
    }
    // Stable sort: equal indices keep the edition's unit order.
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.index));
    for position in 0..entries.len() {
        entries[position].rank = match position.checked_sub(1).map(|p| entries[p]) {
            Some(prev) if prev.index == entries[position].index => prev.rank,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
    }
    entries
}

/// Ranks units given, in the edition's unit order, each unit's index and whether it submitted
/// (`None`: ranked on an empty card, index 0.00, not submitted).
pub(crate) fn rank(edition: &Edition, scores: &[Option<(Decimal, bool)>]) -> Results {
    let mut groups = Vec::new();
    for &group in Group::ALL {
        let entries = places(edition, scores, group);
        if entries.is_empty() {
            continue;
        }
        let ranking: Vec<Placement> = entries
            .iter()
            .map(|place| {
                let unit = &edition.units()[place.order];
                let band = edition.band_for(place.index);
                Placement {
                    rank: place.rank,
                    unit: unit.id().to_owned(),
                    name: unit.name().to_owned(),
                    index: place.index,
                    band: band.map(|b| b.id.to_string()).unwrap_or_default(),
                    band_label: band.map(|b| b.label.to_string()).unwrap_or_default(),
                    submitted: place.submitted,
                }
            })
            .collect();
        let summary = summarize(edition, &ranking);
        groups.push(GroupResults {
            group,
            appendix: group.appendix(),
            ranking,
            summary,
        });
    }
    Results {
        edition: edition.id().to_owned(),
        groups,
    }
}

fn summarize(edition: &Edition, ranking: &[Placement]) -> Summary {
    let bands = edition
        .bands()
        .iter()
        .map(|b| BandCount {
            band: b.id.to_string(),
            label: b.label.to_string(),
            count: ranking.iter().filter(|p| p.band == b.id).count(),
        })
        .collect();
    let mut values: Vec<Decimal> = ranking.iter().map(|p| p.index).collect();
    values.sort();
    let n = values.len();
    let round = |v: Decimal| two_places(edition.rounding().round(v));
    let mean = (n > 0).then(|| round(values.iter().sum::<Decimal>() / Decimal::from(n)));
    let median = (n > 0).then(|| {
        if n % 2 == 1 {
            values[n / 2]
        } else {
            round((values[n / 2 - 1] + values[n / 2]) / Decimal::TWO)
        }
    });
    Summary {
        count: n,
        bands,
        mean,
        median,
        min: values.first().copied(),
        max: values.last().copied(),
    }
}
