//! The scorecard of one unit: points per node and stage, totals, index and sub-indices.

use crate::answer::{Answer, Subject, Worth, worth};
use crate::assessment::{AssessmentData, find_unit};
use crate::criteria::{Assessor, Section};
use crate::edition::Edition;
use crate::unit::{Appendix, Group};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Points of one node at every stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NodeScore {
    /// The node's code.
    pub code: String,
    /// The node's max.
    #[serde(with = "crate::decimal::Str")]
    pub max: Decimal,
    /// The max left once not-applicable leaves are removed.
    #[serde(with = "crate::decimal::Str")]
    pub applicable_max: Decimal,
    /// The unit's own points (absent on survey and authority leaves).
    #[serde(rename = "self", with = "crate::decimal::OptionStr")]
    pub self_points: Option<Decimal>,
    /// Points after appraisal.
    #[serde(with = "crate::decimal::Str")]
    pub appraised: Decimal,
    /// Points after the explanation round.
    #[serde(rename = "final", with = "crate::decimal::Str")]
    pub final_points: Decimal,
    /// Survey points (absent where no survey leaf is below).
    #[serde(with = "crate::decimal::OptionStr")]
    pub survey: Option<Decimal>,
    /// Whether the leaf has an answer from whoever assesses it (leaves only).
    pub answered: bool,
    /// Whether the unit answered "not applicable" (leaves only).
    pub not_applicable: bool,
}

/// A field's points and its sub-index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldScore {
    /// The field's code ("1").
    pub code: String,
    /// The field's Vietnamese title.
    pub title: String,
    /// Scored, deduction or bonus.
    pub section: Section,
    /// The field's max.
    #[serde(with = "crate::decimal::Str")]
    pub max: Decimal,
    /// The max left once not-applicable leaves are removed.
    #[serde(with = "crate::decimal::Str")]
    pub applicable_max: Decimal,
    /// The unit's own points.
    #[serde(rename = "self", with = "crate::decimal::Str")]
    pub self_points: Decimal,
    /// Points after appraisal.
    #[serde(with = "crate::decimal::Str")]
    pub appraised: Decimal,
    /// Points after the explanation round.
    #[serde(rename = "final", with = "crate::decimal::Str")]
    pub final_points: Decimal,
    /// final ÷ applicable max × 100, two decimals (scored fields with an applicable max only).
    #[serde(with = "crate::decimal::OptionStr")]
    pub sub_index: Option<Decimal>,
}

/// One unit's scorecard. Points are normalized decimals; indices have exactly two decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scorecard {
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// The unit's group.
    pub group: Group,
    /// The appendix scored against.
    pub appendix: Appendix,
    /// Whether the self-assessment was submitted.
    pub submitted: bool,
    /// The scored fields' max less not-applicable leaves.
    #[serde(with = "crate::decimal::Str")]
    pub applicable_max: Decimal,
    /// Sum of the unit's own points over the scored fields.
    #[serde(with = "crate::decimal::Str")]
    pub self_total: Decimal,
    /// Sum of appraised points over the scored fields.
    #[serde(with = "crate::decimal::Str")]
    pub appraised_total: Decimal,
    /// Sum of final points over the scored fields.
    #[serde(with = "crate::decimal::Str")]
    pub final_total: Decimal,
    /// Points taken off by deduction leaves.
    #[serde(with = "crate::decimal::Str")]
    pub deductions: Decimal,
    /// Bonus points, outside the scale.
    #[serde(with = "crate::decimal::Str")]
    pub bonus: Decimal,
    /// max(0, final_total − deductions).
    #[serde(with = "crate::decimal::Str")]
    pub total: Decimal,
    /// total ÷ applicable max × 100, two decimals.
    #[serde(with = "crate::decimal::Str")]
    pub index: Decimal,
    /// Every field, in table order.
    pub fields: Vec<FieldScore>,
    /// Every node, in table order.
    pub nodes: Vec<NodeScore>,
}

impl Scorecard {
    /// The score of the node with this code.
    pub fn node(&self, code: &str) -> Option<&NodeScore> {
        self.nodes.iter().find(|n| n.code == code)
    }
    /// The score of the field with this code.
    pub fn field(&self, code: &str) -> Option<&FieldScore> {
        self.fields.iter().find(|f| f.code == code)
    }
    /// The scorecard as JSON (decimals as strings).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// `part ÷ whole × 100`, rounded once by the edition's rule and written with two decimals.
pub(crate) fn percent(edition: &Edition, part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let mut value = edition
        .rounding()
        .round(part * Decimal::ONE_HUNDRED / whole);
    value.rescale(2);
    Some(value)
}

/// An amount of points in hundredths. Every point value has at most two decimals, so sums of
/// them are exact in integer cents; this keeps the per-node arithmetic cheap.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cents(i64);

impl Cents {
    fn of(value: Decimal, rounding: crate::rounding::Rounding) -> Cents {
        // Checked inputs have at most two decimals; anything finer is rounded by the rule.
        let cents = rounding.round(value) * Decimal::ONE_HUNDRED;
        Cents(i64::try_from(cents.trunc()).unwrap_or(i64::MAX))
    }
    /// The normalized decimal ("1", "1.5", "0.25").
    fn decimal(self) -> Decimal {
        let c = self.0;
        if c % 100 == 0 {
            Decimal::from(c / 100)
        } else if c % 10 == 0 {
            Decimal::new(c / 10, 1)
        } else {
            Decimal::new(c, 2)
        }
    }
}

impl std::ops::AddAssign for Cents {
    fn add_assign(&mut self, other: Cents) {
        self.0 = self.0.saturating_add(other.0);
    }
}

#[derive(Clone, Copy, Default)]
struct Acc {
    applicable_max: Cents,
    self_points: Cents,
    appraised: Cents,
    final_points: Cents,
    survey: Cents,
    has_self: bool,
    has_survey: bool,
    answered: bool,
    not_applicable: bool,
}

/// Points an input is worth, 0 when it no longer fits (inputs are checked when given).
fn points_of(s: &Subject<'_>, answer: Option<&Answer>, edition: &Edition) -> Decimal {
    match answer.map(|a| worth(s, a, edition.rounding())) {
        Some(Ok(Worth::Points(p))) => p,
        _ => Decimal::ZERO,
    }
}

/// Scores one unit's inputs against its appendix. Inputs of a unit the edition lacks score as
/// an empty card of no appendix (bound assessments never have one).
pub(crate) fn score(edition: &Edition, assessment: &AssessmentData) -> Scorecard {
    let Ok((unit, set)) = find_unit(edition, &assessment.unit) else {
        return Scorecard {
            unit: assessment.unit.clone(),
            name: String::new(),
            group: Group::Department,
            appendix: Appendix::I,
            submitted: assessment.submitted,
            applicable_max: Decimal::ZERO,
            self_total: Decimal::ZERO,
            appraised_total: Decimal::ZERO,
            final_total: Decimal::ZERO,
            deductions: Decimal::ZERO,
            bonus: Decimal::ZERO,
            total: Decimal::ZERO,
            index: Decimal::new(0, 2),
            fields: Vec::new(),
            nodes: Vec::new(),
        };
    };
    let nodes = set.nodes();
    let rounding = edition.rounding();
    let mut acc = vec![Acc::default(); nodes.len()];
    // Index every input by node once (a hash lookup per input), rather than searching the
    // input maps for every leaf. An input counts only through the channel of its leaf's assessor.
    let mut base: Vec<Option<&Answer>> = vec![None; nodes.len()];
    let channels = [
        (&assessment.answers, Assessor::SelfAssessed),
        (&assessment.authority, Assessor::Authority),
        (&assessment.survey, Assessor::Survey),
    ];
    for (map, assessor) in channels {
        for (code, answer) in map {
            if let Some(i) = set.index_of(code) {
                if nodes[i].leaf().is_some_and(|l| l.assessed_by == assessor) {
                    base[i] = Some(answer);
                }
            }
        }
    }
    let mut appraised: Vec<Option<Decimal>> = vec![None; nodes.len()];
    let mut decided: Vec<Option<Decimal>> = vec![None; nodes.len()];
    for (map, slots) in [
        (&assessment.appraisals, &mut appraised),
        (&assessment.final_points, &mut decided),
    ] {
        for (code, points) in map {
            if let Some(i) = set.index_of(code) {
                slots[i] = Some(*points);
            }
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        let Some(leaf) = node.leaf() else { continue };
        let s = Subject {
            unit: Some(&assessment.unit),
            node,
            leaf,
        };
        let a = &mut acc[i];
        a.answered = base[i].is_some();
        if matches!(base[i], Some(Answer::NotApplicable)) {
            a.not_applicable = true;
            a.has_self = leaf.assessed_by == Assessor::SelfAssessed;
            // docs/scoring.md §4: `survey` is present (0) on every survey leaf, as `self` is on
            // every self-assessed one, "not applicable" included.
            a.has_survey = leaf.assessed_by == Assessor::Survey;
            continue;
        }
        a.applicable_max = Cents::of(node.max(), rounding);
        let points = Cents::of(points_of(&s, base[i], edition), rounding);
        match leaf.assessed_by {
            Assessor::SelfAssessed => {
                a.self_points = points;
                a.has_self = true;
            }
            Assessor::Authority => {}
            Assessor::Survey => {
                a.survey = points;
                a.has_survey = true;
            }
        }
        a.appraised = appraised[i].map_or(points, |p| Cents::of(p, rounding));
        a.final_points = decided[i].map_or(a.appraised, |p| Cents::of(p, rounding));
    }
    // Children come after their parents: summing in reverse order reaches every ancestor.
    for i in (0..nodes.len()).rev() {
        if let Some(p) = set.parent_index(i) {
            let child = acc[i];
            let parent = &mut acc[p];
            parent.applicable_max += child.applicable_max;
            parent.self_points += child.self_points;
            parent.appraised += child.appraised;
            parent.final_points += child.final_points;
            parent.survey += child.survey;
            parent.has_survey |= child.has_survey;
        }
    }

    let mut card_fields = Vec::new();
    let (mut applicable_max, mut self_total, mut appraised_total, mut final_total) =
        (Cents(0), Cents(0), Cents(0), Cents(0));
    let (mut deductions, mut bonus) = (Cents(0), Cents(0));
    for field in set.fields() {
        let Some(i) = set.index_of(field.code()) else {
            continue;
        };
        let a = acc[i];
        match field.section() {
            Section::Scored => {
                applicable_max += a.applicable_max;
                self_total += a.self_points;
                appraised_total += a.appraised;
                final_total += a.final_points;
            }
            Section::Deduction => deductions += a.final_points,
            Section::Bonus => bonus += a.final_points,
        }
        let sub_index = match field.section() {
            Section::Scored => percent(
                edition,
                a.final_points.decimal(),
                a.applicable_max.decimal(),
            ),
            _ => None,
        };
        card_fields.push(FieldScore {
            code: field.code().to_owned(),
            title: field.title().to_owned(),
            section: field.section(),
            max: field.max().normalize(),
            applicable_max: a.applicable_max.decimal(),
            self_points: a.self_points.decimal(),
            appraised: a.appraised.decimal(),
            final_points: a.final_points.decimal(),
            sub_index,
        });
    }
    let total = Cents((final_total.0 - deductions.0).max(0));
    let index =
        percent(edition, total.decimal(), applicable_max.decimal()).unwrap_or(Decimal::new(0, 2));
    let card_nodes = nodes
        .iter()
        .zip(&acc)
        .map(|(node, a)| {
            let is_leaf = node.is_leaf();
            NodeScore {
                code: node.code().to_owned(),
                max: node.max().normalize(),
                applicable_max: a.applicable_max.decimal(),
                self_points: (!is_leaf || a.has_self).then(|| a.self_points.decimal()),
                appraised: a.appraised.decimal(),
                final_points: a.final_points.decimal(),
                survey: if is_leaf {
                    a.has_survey.then(|| a.survey.decimal())
                } else {
                    Some(a.survey.decimal())
                },
                answered: a.answered,
                not_applicable: a.not_applicable,
            }
        })
        .collect();
    Scorecard {
        unit: unit.id().to_owned(),
        name: unit.name().to_owned(),
        group: unit.group(),
        appendix: set.appendix(),
        submitted: assessment.submitted,
        applicable_max: applicable_max.decimal(),
        self_total: self_total.decimal(),
        appraised_total: appraised_total.decimal(),
        final_total: final_total.decimal(),
        deductions: deductions.decimal(),
        bonus: bonus.decimal(),
        total: total.decimal(),
        index,
        fields: card_fields,
        nodes: card_nodes,
    }
}
