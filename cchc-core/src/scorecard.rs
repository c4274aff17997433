//! The scorecard of one unit: points per node and stage, totals, index and sub-indices.

use crate::answer::{Answer, Subject, Worth, worth};
use crate::assessment::{Assessment, find_unit};
use crate::criteria::{Assessor, Section};
use crate::edition::Edition;
use crate::unit::{Appendix, Group};
use rust_decimal::Decimal;
use serde::Serialize;

/// Points of one node at every stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeScore {
    /// The node's code.
    pub code: String,
    /// The node's max.
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
    /// The max left once not-applicable leaves are removed.
    #[serde(with = "rust_decimal::serde::str")]
    pub applicable_max: Decimal,
    /// The unit's own points (absent on survey and authority leaves).
    #[serde(rename = "self", with = "rust_decimal::serde::str_option")]
    pub self_points: Option<Decimal>,
    /// Points after appraisal.
    #[serde(with = "rust_decimal::serde::str")]
    pub appraised: Decimal,
    /// Points after the explanation round.
    #[serde(rename = "final", with = "rust_decimal::serde::str")]
    pub final_points: Decimal,
    /// Survey points (absent where no survey leaf is below).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub survey: Option<Decimal>,
    /// Whether the leaf has an answer from whoever assesses it (leaves only).
    pub answered: bool,
    /// Whether the unit answered "not applicable" (leaves only).
    pub not_applicable: bool,
}

/// A field's points and its sub-index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldScore {
    /// The field's code ("1").
    pub code: String,
    /// The field's Vietnamese title.
    pub title: String,
    /// Scored, deduction or bonus.
    pub section: Section,
    /// The field's max.
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
    /// The max left once not-applicable leaves are removed.
    #[serde(with = "rust_decimal::serde::str")]
    pub applicable_max: Decimal,
    /// The unit's own points.
    #[serde(rename = "self", with = "rust_decimal::serde::str")]
    pub self_points: Decimal,
    /// Points after appraisal.
    #[serde(with = "rust_decimal::serde::str")]
    pub appraised: Decimal,
    /// Points after the explanation round.
    #[serde(rename = "final", with = "rust_decimal::serde::str")]
    pub final_points: Decimal,
    /// final ÷ applicable max × 100, two decimals (scored fields with an applicable max only).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub sub_index: Option<Decimal>,
}

/// One unit's scorecard. Points are normalized decimals; indices have exactly two decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    #[serde(with = "rust_decimal::serde::str")]
    pub applicable_max: Decimal,
    /// Sum of the unit's own points over the scored fields.
    #[serde(with = "rust_decimal::serde::str")]
    pub self_total: Decimal,
    /// Sum of appraised points over the scored fields.
    #[serde(with = "rust_decimal::serde::str")]
    pub appraised_total: Decimal,
    /// Sum of final points over the scored fields.
    #[serde(with = "rust_decimal::serde::str")]
    pub final_total: Decimal,
    /// Points taken off by deduction leaves.
    #[serde(with = "rust_decimal::serde::str")]
    pub deductions: Decimal,
    /// Bonus points, outside the scale.
    #[serde(with = "rust_decimal::serde::str")]
    pub bonus: Decimal,
    /// max(0, final_total − deductions).
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// total ÷ applicable max × 100, two decimals.
    #[serde(with = "rust_decimal::serde::str")]
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

#[derive(Clone, Copy, Default)]
struct Acc {
    applicable_max: Decimal,
    self_points: Decimal,
    appraised: Decimal,
    final_points: Decimal,
    survey: Decimal,
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

impl Assessment {
    /// Scores this assessment. An assessment of a unit the edition lacks scores as an empty card
    /// of no appendix; use [`Assessment::new`] or [`Assessment::check`] to refuse such input.
    pub fn scorecard(&self, edition: &Edition) -> Scorecard {
        score(edition, self)
    }
}

/// Scores one assessment against its unit's appendix.
pub fn score(edition: &Edition, assessment: &Assessment) -> Scorecard {
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
    let mut acc = vec![Acc::default(); nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        let Some(leaf) = node.leaf() else { continue };
        let code = node.code();
        let s = Subject {
            unit: Some(&assessment.unit),
            node,
            leaf,
        };
        let a = &mut acc[i];
        a.answered = assessment.is_answered(code);
        if assessment.is_not_applicable(code) {
            a.not_applicable = true;
            a.has_self = leaf.assessed_by == Assessor::SelfAssessed;
            continue;
        }
        a.applicable_max = node.max();
        let base = match leaf.assessed_by {
            Assessor::SelfAssessed => {
                let own = points_of(&s, assessment.answers.get(code), edition);
                a.self_points = own;
                a.has_self = true;
                own
            }
            Assessor::Authority => points_of(&s, assessment.authority.get(code), edition),
            Assessor::Survey => {
                let survey = points_of(&s, assessment.survey.get(code), edition);
                a.survey = survey;
                a.has_survey = true;
                survey
            }
        };
        a.appraised = assessment.appraisals.get(code).copied().unwrap_or(base);
        a.final_points = assessment
            .final_points
            .get(code)
            .copied()
            .unwrap_or(a.appraised);
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
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let (mut deductions, mut bonus) = (Decimal::ZERO, Decimal::ZERO);
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
            Section::Scored => percent(edition, a.final_points, a.applicable_max),
            _ => None,
        };
        card_fields.push(FieldScore {
            code: field.code().to_owned(),
            title: field.title().to_owned(),
            section: field.section(),
            max: field.max().normalize(),
            applicable_max: a.applicable_max.normalize(),
            self_points: a.self_points.normalize(),
            appraised: a.appraised.normalize(),
            final_points: a.final_points.normalize(),
            sub_index,
        });
    }
    let total = (final_total - deductions).max(Decimal::ZERO);
    let index = percent(edition, total, applicable_max).unwrap_or(Decimal::new(0, 2));
    let card_nodes = nodes
        .iter()
        .zip(&acc)
        .map(|(node, a)| {
            let is_leaf = node.is_leaf();
            NodeScore {
                code: node.code().to_owned(),
                max: node.max().normalize(),
                applicable_max: a.applicable_max.normalize(),
                self_points: (!is_leaf || a.has_self).then(|| a.self_points.normalize()),
                appraised: a.appraised.normalize(),
                final_points: a.final_points.normalize(),
                survey: if is_leaf {
                    a.has_survey.then(|| a.survey.normalize())
                } else {
                    Some(a.survey.normalize())
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
        applicable_max: applicable_max.normalize(),
        self_total: self_total.normalize(),
        appraised_total: appraised_total.normalize(),
        final_total: final_total.normalize(),
        deductions: deductions.normalize(),
        bonus: bonus.normalize(),
        total: total.normalize(),
        index,
        fields: card_fields,
        nodes: card_nodes,
    }
}
