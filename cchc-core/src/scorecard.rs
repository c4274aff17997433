//! The scorecard of one unit: points per node and stage, totals, index and sub-indices.

use crate::answer::{Answer, Subject, Worth, worth};
use crate::assessment::{AssessmentData, find_unit};
use crate::criteria::{Assessor, CriteriaSet, Leaf, Node, Section};
use crate::edition::Edition;
use crate::rounding::Rounding;
use crate::unit::{Appendix, Group, Unit};
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
        crate::to_json_text(self, true).unwrap_or_default()
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

/// Hundredths of a point to the normalized decimal ("1", "1.5", "0.25").
fn decimal(cents: i64) -> Decimal {
    if cents % 100 == 0 {
        Decimal::from(cents / 100)
    } else if cents % 10 == 0 {
        Decimal::new(cents / 10, 1)
    } else {
        Decimal::new(cents, 2)
    }
}

/// A point value in hundredths. Every point value has at most two decimals, so sums of them
/// are exact in integer cents; anything finer (never a checked input) is rounded by the rule.
fn cents(value: Decimal, rounding: Rounding) -> i64 {
    let m = value.mantissa();
    let exact = match value.scale() {
        0 => m.checked_mul(100),
        1 => m.checked_mul(10),
        2 => Some(m),
        _ => {
            let rounded = rounding.round(value);
            rounded
                .mantissa()
                .checked_mul(10_i128.pow(2_u32.saturating_sub(rounded.scale())))
        }
    };
    exact.map_or(i64::MAX, |c| {
        i64::try_from(c).unwrap_or(if c < 0 { i64::MIN } else { i64::MAX })
    })
}

/// Points of one node at every stage, in hundredths of a point (`150` is 1.5 points): one entry
/// of a [`CompactScorecard`], indexed like [`CriteriaSet::nodes`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodePoints {
    /// The max left once not-applicable leaves are removed.
    pub applicable_max: i64,
    /// The unit's own points (0 where [`has_self`](Self::has_self) is false).
    pub self_points: i64,
    /// Points after appraisal.
    pub appraised: i64,
    /// Points after the explanation round.
    pub final_points: i64,
    /// Survey points (0 where [`has_survey`](Self::has_survey) is false).
    pub survey: i64,
    /// Whether the node has self points (self-assessed leaves and every parent).
    pub has_self: bool,
    /// Whether the node has survey points (survey leaves and every parent).
    pub has_survey: bool,
    /// Whether the leaf has an answer from whoever assesses it (leaves only).
    pub answered: bool,
    /// Whether the unit answered "not applicable" (leaves only).
    pub not_applicable: bool,
}

/// One unit's scorecard in compact form: a number per node and stage in hundredths of a point,
/// indexed like [`CriteriaSet::nodes`], with the unit, codes and titles borrowed from the
/// edition. Scoring into it allocates one vector per card and nothing per node; the public
/// [`Scorecard`] is built from it only when asked ([`CompactScorecard::to_scorecard`]).
///
/// ```
/// use cchc_core::{Answer, Assessment};
/// let edition = cchc_criteria::default_edition();
/// let mut a = Assessment::new(&edition, "so-tu-phap").unwrap();
/// a.answer("1.1.1", Answer::YesNo { yes: true }).unwrap();
/// let card = a.compact_scorecard().unwrap();
/// let (node, points) = card.node("1.1.1").unwrap();
/// assert_eq!((node.code(), points.self_points), ("1.1.1", 50));
/// assert_eq!(card.index(), a.scorecard().index);
/// assert_eq!(card.to_scorecard(), a.scorecard());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactScorecard<'e> {
    edition: &'e Edition,
    unit: &'e Unit,
    set: &'e CriteriaSet,
    submitted: bool,
    nodes: Vec<NodePoints>,
    applicable_max: i64,
    self_total: i64,
    appraised_total: i64,
    final_total: i64,
    deductions: i64,
    bonus: i64,
    total: i64,
    index: Decimal,
}

impl<'e> CompactScorecard<'e> {
    /// The unit scored.
    pub fn unit(&self) -> &'e Unit {
        self.unit
    }
    /// The criteria set scored against; its nodes are indexed like [`points`](Self::points).
    pub fn criteria(&self) -> &'e CriteriaSet {
        self.set
    }
    /// Whether the self-assessment was submitted.
    pub fn submitted(&self) -> bool {
        self.submitted
    }
    /// Points per node, indexed like [`CriteriaSet::nodes`].
    pub fn points(&self) -> &[NodePoints] {
        &self.nodes
    }
    /// Every node with its points, in table order.
    pub fn nodes(&self) -> impl Iterator<Item = (&'e Node, &NodePoints)> + '_ {
        self.set.nodes().iter().zip(&self.nodes)
    }
    /// The node with this code and its points.
    pub fn node(&self, code: &str) -> Option<(&'e Node, NodePoints)> {
        let i = self.set.index_of(code)?;
        Some((&self.set.nodes()[i], self.nodes[i]))
    }
    /// The index (two decimals), as in [`Scorecard::index`].
    pub fn index(&self) -> Decimal {
        self.index
    }
    /// max(0, final total − deductions), in hundredths of a point.
    pub fn total_cents(&self) -> i64 {
        self.total
    }

    /// The public scorecard: the same digits as scoring straight into it.
    pub fn to_scorecard(&self) -> Scorecard {
        self.scorecard_of(|_| true)
    }

    /// The public scorecard with, in [`Scorecard::nodes`], only the nodes whose points differ
    /// from `before`: the [`points`](Self::points) of an earlier card of the same unit (every
    /// node when `before` has another length, e.g. empty). The totals, the index and the fields
    /// are whole. What a page showing the points live has to write again after an edit: the
    /// answered leaf and its parents, usually, instead of every row.
    ///
    /// ```
    /// use cchc_core::{Answer, Assessment};
    /// let edition = cchc_criteria::default_edition();
    /// let mut a = Assessment::new(&edition, "so-tu-phap").unwrap();
    /// let before = a.compact_scorecard().unwrap().points().to_vec();
    /// a.answer("1.1.1", Answer::YesNo { yes: true }).unwrap();
    /// let card = a.compact_scorecard().unwrap();
    /// let changed = card.changes_since(&before);
    /// let rows: Vec<_> = changed.nodes.iter().map(|n| (n.code.as_str(), n.self_points.unwrap().to_string())).collect();
    /// assert_eq!(rows, [("1", "0.5".to_owned()), ("1.1", "0.5".to_owned()), ("1.1.1", "0.5".to_owned())]);
    /// assert_eq!(changed.total, a.scorecard().total);
    /// assert_eq!(card.changes_since(&[]), a.scorecard());
    /// ```
    pub fn changes_since(&self, before: &[NodePoints]) -> Scorecard {
        let every = before.len() != self.nodes.len();
        self.scorecard_of(|i| every || before.get(i) != self.nodes.get(i))
    }

    /// The public scorecard with the nodes whose index `keep` accepts.
    fn scorecard_of(&self, keep: impl Fn(usize) -> bool) -> Scorecard {
        let fields = self
            .set
            .field_indices()
            .iter()
            .map(|&i| {
                let (field, a) = (&self.set.nodes()[i], &self.nodes[i]);
                let sub_index = match field.section() {
                    Section::Scored => percent(
                        self.edition,
                        decimal(a.final_points),
                        decimal(a.applicable_max),
                    ),
                    _ => None,
                };
                FieldScore {
                    code: field.code().to_owned(),
                    title: field.title().to_owned(),
                    section: field.section(),
                    max: field.max().normalize(),
                    applicable_max: decimal(a.applicable_max),
                    self_points: decimal(a.self_points),
                    appraised: decimal(a.appraised),
                    final_points: decimal(a.final_points),
                    sub_index,
                }
            })
            .collect();
        let nodes = self
            .nodes()
            .enumerate()
            .filter(|&(i, _)| keep(i))
            .map(|(_, (node, a))| NodeScore {
                code: node.code().to_owned(),
                max: node.max().normalize(),
                applicable_max: decimal(a.applicable_max),
                self_points: a.has_self.then(|| decimal(a.self_points)),
                appraised: decimal(a.appraised),
                final_points: decimal(a.final_points),
                survey: a.has_survey.then(|| decimal(a.survey)),
                answered: a.answered,
                not_applicable: a.not_applicable,
            })
            .collect();
        Scorecard {
            unit: self.unit.id().to_owned(),
            name: self.unit.name().to_owned(),
            group: self.unit.group(),
            appendix: self.set.appendix(),
            submitted: self.submitted,
            applicable_max: decimal(self.applicable_max),
            self_total: decimal(self.self_total),
            appraised_total: decimal(self.appraised_total),
            final_total: decimal(self.final_total),
            deductions: decimal(self.deductions),
            bonus: decimal(self.bonus),
            total: decimal(self.total),
            index: self.index,
            fields,
            nodes,
        }
    }
}

/// What the answer on a leaf (through the channel of its assessor) counts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Given {
    /// "Not applicable": the leaf leaves the scale.
    NotApplicable,
    /// Points in hundredths.
    Points(i64),
}

impl Given {
    /// What an accepted answer's worth counts for.
    pub(crate) fn from_worth(worth: Worth, rounding: Rounding) -> Given {
        match worth {
            Worth::NotApplicable => Given::NotApplicable,
            Worth::Points(p) => Given::Points(cents(p, rounding)),
        }
    }

    /// What an answer counts for on a leaf: "not applicable" leaves the scale, any other answer
    /// is worth its points, 0 when it does not fit (inputs are checked when given; this is
    /// what a checked answer's [`Worth`] gives through [`Given::from_worth`]).
    pub(crate) fn of(
        edition: &Edition,
        unit: &str,
        node: &Node,
        leaf: &Leaf,
        answer: &Answer,
    ) -> Given {
        if matches!(answer, Answer::NotApplicable) {
            return Given::NotApplicable;
        }
        let s = Subject {
            unit: Some(unit),
            node,
            leaf,
        };
        match worth(&s, answer, edition.rounding()) {
            Ok(Worth::Points(p)) => Given::Points(cents(p, edition.rounding())),
            _ => Given::Points(0),
        }
    }
}

/// A node's points before any input: a leaf's applicable max is its max, a parent's is the sum
/// of its children's (added by [`total`]).
pub(crate) fn blank(node: &Node, rounding: Rounding) -> NodePoints {
    match node.leaf() {
        Some(leaf) => NodePoints {
            applicable_max: cents(node.max(), rounding),
            has_self: leaf.assessed_by == Assessor::SelfAssessed,
            has_survey: leaf.assessed_by == Assessor::Survey,
            ..NodePoints::default()
        },
        None => NodePoints {
            has_self: true,
            has_survey: true,
            ..NodePoints::default()
        },
    }
}

/// The inputs of one leaf, as scoring reads them: the answer through the channel of the leaf's
/// assessor (answers through another channel never count), the council's points and the
/// explanation round's.
#[derive(Clone, Copy, Default)]
pub(crate) struct LeafInputs<'a> {
    pub(crate) answer: Option<Given>,
    pub(crate) appraisal: Option<&'a Decimal>,
    pub(crate) final_points: Option<&'a Decimal>,
}

/// A leaf's points from its inputs, starting from [`blank`]: the one rule both the from-scratch
/// scorer ([`leaf_points`]) and a bound assessment's index (updated leaf by leaf) apply.
pub(crate) fn score_leaf(rounding: Rounding, node: &Node, inputs: &LeafInputs<'_>) -> NodePoints {
    score_leaf_from(blank(node, rounding), node, inputs, rounding)
}

/// [`score_leaf`] from the node's [`blank`] (`a`), for a caller that keeps each node's blank.
#[inline]
pub(crate) fn score_leaf_from(
    mut a: NodePoints,
    node: &Node,
    inputs: &LeafInputs<'_>,
    rounding: Rounding,
) -> NodePoints {
    let Some(leaf) = node.leaf() else {
        return a;
    };
    match inputs.answer {
        None => {}
        Some(Given::NotApplicable) => {
            // docs/scoring.md §4: `survey` is present (0) on every survey leaf, as `self` is on
            // every self-assessed one, "not applicable" included. The council's and the
            // explanation round's points do not apply to a leaf that left the scale.
            a.answered = true;
            a.not_applicable = true;
            a.applicable_max = 0;
            return a;
        }
        Some(Given::Points(points)) => {
            a.answered = true;
            match leaf.assessed_by {
                Assessor::SelfAssessed => a.self_points = points,
                Assessor::Survey => a.survey = points,
                Assessor::Authority => {}
            }
            a.appraised = points;
            a.final_points = points;
        }
    }
    // The council's points replace the leaf's, then the explanation round's decide.
    if let Some(points) = inputs.appraisal {
        a.appraised = cents(*points, rounding);
        a.final_points = a.appraised;
    }
    if let Some(points) = inputs.final_points {
        a.final_points = cents(*points, rounding);
    }
    a
}

/// Every node's points from one unit's inputs, scored from scratch: leaves carry their own
/// points, parents are [`blank`] (summed by [`total`]). Inputs are matched to nodes by merging
/// the sorted maps with the sorted codes.
pub(crate) fn leaf_points(
    edition: &Edition,
    set: &CriteriaSet,
    assessment: &AssessmentData,
) -> Vec<NodePoints> {
    let nodes = set.nodes();
    let mut answers: Vec<Option<Given>> = vec![None; nodes.len()];
    for assessor in [
        Assessor::SelfAssessed,
        Assessor::Authority,
        Assessor::Survey,
    ] {
        set.each_entry(assessment.channel(assessor), |i, answer| {
            let node = &nodes[i];
            if let Some(leaf) = node.leaf().filter(|l| l.assessed_by == assessor) {
                answers[i] = Some(Given::of(edition, &assessment.unit, node, leaf, answer));
            }
        });
    }
    points_from(edition, set, assessment, answers)
}

/// Every node's points given what each leaf's answer counts for (indexed like the nodes), the
/// council's and the explanation round's points read from the inputs.
pub(crate) fn points_from(
    edition: &Edition,
    set: &CriteriaSet,
    assessment: &AssessmentData,
    answers: Vec<Option<Given>>,
) -> Vec<NodePoints> {
    let mut inputs: Vec<LeafInputs<'_>> = answers
        .into_iter()
        .map(|answer| LeafInputs {
            answer,
            ..LeafInputs::default()
        })
        .collect();
    set.each_entry(&assessment.appraisals, |i, points| {
        if let Some(slot) = inputs.get_mut(i) {
            slot.appraisal = Some(points);
        }
    });
    set.each_entry(&assessment.final_points, |i, points| {
        if let Some(slot) = inputs.get_mut(i) {
            slot.final_points = Some(points);
        }
    });
    score_leaves(edition, set, &inputs)
}

/// Every node's points given each leaf's inputs (indexed like the nodes; parents blank).
pub(crate) fn score_leaves(
    edition: &Edition,
    set: &CriteriaSet,
    inputs: &[LeafInputs<'_>],
) -> Vec<NodePoints> {
    set.nodes()
        .iter()
        .zip(inputs)
        .map(|(node, inputs)| score_leaf(edition.rounding(), node, inputs))
        .collect()
}

/// Scores one unit's inputs into the compact form from scratch; "unknown-unit" for a unit the
/// edition lacks.
pub(crate) fn score_compact<'e>(
    edition: &'e Edition,
    assessment: &AssessmentData,
) -> Result<CompactScorecard<'e>, crate::error::Error> {
    let (unit, set) = find_unit(edition, &assessment.unit)?;
    let acc = leaf_points(edition, set, assessment);
    Ok(total(edition, unit, set, assessment.submitted, acc))
}

/// The card from every leaf's points ([`leaf_points`], or a bound assessment's index): parents
/// are summed from their children, fields into totals, and the index computed. One pass of
/// integer additions; the only decimal arithmetic is the index.
pub(crate) fn total<'e>(
    edition: &'e Edition,
    unit: &'e Unit,
    set: &'e CriteriaSet,
    submitted: bool,
    mut acc: Vec<NodePoints>,
) -> CompactScorecard<'e> {
    // Children come after their parents: summing in reverse order reaches every ancestor.
    for i in (0..acc.len()).rev() {
        if let Some(p) = set.parent_index(i) {
            let child = acc[i];
            let parent = &mut acc[p];
            parent.applicable_max = parent.applicable_max.saturating_add(child.applicable_max);
            parent.self_points = parent.self_points.saturating_add(child.self_points);
            parent.appraised = parent.appraised.saturating_add(child.appraised);
            parent.final_points = parent.final_points.saturating_add(child.final_points);
            parent.survey = parent.survey.saturating_add(child.survey);
        }
    }
    let mut card = CompactScorecard {
        edition,
        unit,
        set,
        submitted,
        nodes: Vec::new(),
        applicable_max: 0,
        self_total: 0,
        appraised_total: 0,
        final_total: 0,
        deductions: 0,
        bonus: 0,
        total: 0,
        index: Decimal::new(0, 2),
    };
    let nodes = set.nodes();
    for &i in set.field_indices() {
        let a = &acc[i];
        match nodes[i].section() {
            Section::Scored => {
                card.applicable_max = card.applicable_max.saturating_add(a.applicable_max);
                card.self_total = card.self_total.saturating_add(a.self_points);
                card.appraised_total = card.appraised_total.saturating_add(a.appraised);
                card.final_total = card.final_total.saturating_add(a.final_points);
            }
            Section::Deduction => card.deductions = card.deductions.saturating_add(a.final_points),
            Section::Bonus => card.bonus = card.bonus.saturating_add(a.final_points),
        }
    }
    (card.total, card.index) = total_and_index(
        edition,
        card.applicable_max,
        card.final_total,
        card.deductions,
    );
    card.nodes = acc;
    card
}

/// A card's total and index from its sums (hundredths): the scored fields' final points less
/// the deductions, never below 0, and that total as a percentage of the applicable max (0.00
/// when nothing is applicable).
fn total_and_index(
    edition: &Edition,
    applicable_max: i64,
    final_total: i64,
    deductions: i64,
) -> (i64, Decimal) {
    let total = final_total.saturating_sub(deductions).max(0);
    let index =
        percent(edition, decimal(total), decimal(applicable_max)).unwrap_or(Decimal::new(0, 2));
    (total, index)
}

/// The sums [`total`] takes over the top-level fields, taken over the leaves instead (a field's
/// points are the sum of its leaves'), for a caller that needs only the index: no node but the
/// leaves is scored. Summed exactly (in i128), so that [`index`](Self::index) can tell when
/// they are [`total`]'s.
#[derive(Default)]
pub(crate) struct LeafSums {
    applicable_max: i128,
    final_total: i128,
    deductions: i128,
    /// Whether a leaf had a negative amount (none does once checked).
    negative: bool,
}

impl LeafSums {
    /// Adds one leaf's points, `section` being the section of the field it is under.
    #[inline]
    pub(crate) fn add(&mut self, section: Section, leaf: &NodePoints) {
        self.negative |= leaf.applicable_max < 0 || leaf.final_points < 0;
        match section {
            Section::Scored => {
                self.applicable_max += i128::from(leaf.applicable_max);
                self.final_total += i128::from(leaf.final_points);
            }
            Section::Deduction => self.deductions += i128::from(leaf.final_points),
            Section::Bonus => {}
        }
    }

    /// The index [`total`] gives for the same leaves, when [`sums`](Self::sums) are its sums.
    /// `None` otherwise (the caller then scores in full). An edition's amounts are bounded and
    /// never negative, and checked points are within them, so for a loaded edition this is
    /// always `Some`.
    pub(crate) fn index(&self, edition: &Edition) -> Option<Decimal> {
        let (max, final_total, deductions) = self.sums()?;
        Some(total_and_index(edition, max, final_total, deductions).1)
    }

    /// The applicable max, the scored fields' final points and the deductions, when every sum
    /// fits in an i64 and no amount is negative: every sum [`total`] takes along the way is
    /// then at most these, so none saturates and its sums are these.
    fn sums(&self) -> Option<(i64, i64, i64)> {
        if self.negative {
            return None;
        }
        let fit = |sum: i128| i64::try_from(sum).ok();
        Some((
            fit(self.applicable_max)?,
            fit(self.final_total)?,
            fit(self.deductions)?,
        ))
    }
}

/// Per leaf of a set, in node order: its index, its [`blank`] and the section of the top-level
/// field it is under (what [`LeafSums::add`] needs), for a caller that scores many units of
/// the set.
pub(crate) fn leaf_blanks(
    set: &CriteriaSet,
    rounding: Rounding,
) -> Vec<(usize, NodePoints, Section)> {
    let mut sections: Vec<Section> = Vec::with_capacity(set.nodes().len());
    for (i, node) in set.nodes().iter().enumerate() {
        // Parents come before their children: a parent's section is already known.
        let parent = set.parent_index(i).and_then(|p| sections.get(p).copied());
        sections.push(parent.unwrap_or(node.section()));
    }
    let nodes = set.nodes().iter().enumerate().zip(sections);
    nodes
        .filter(|((_, node), _)| node.is_leaf())
        .map(|((i, node), section)| (i, blank(node, rounding), section))
        .collect()
}

/// Scores one unit's inputs against its appendix. Inputs of a unit the edition lacks score as
/// an empty card of no appendix (bound assessments never have one).
pub(crate) fn score(edition: &Edition, assessment: &AssessmentData) -> Scorecard {
    match score_compact(edition, assessment) {
        Ok(card) => card.to_scorecard(),
        Err(_) => Scorecard {
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
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(applicable_max: i64, final_points: i64) -> NodePoints {
        NodePoints {
            applicable_max,
            final_points,
            ..NodePoints::default()
        }
    }

    #[test]
    fn leaf_sums_are_totals_sums_only_while_no_sum_could_saturate() {
        let mut sums = LeafSums::default();
        sums.add(Section::Scored, &leaf(200, 150));
        sums.add(Section::Scored, &leaf(100, 25));
        sums.add(Section::Deduction, &leaf(50, 50));
        sums.add(Section::Bonus, &leaf(100, 100));
        assert_eq!(sums.sums(), Some((300, 175, 50)));

        // Past an i64, total's saturating sums would differ: no sums.
        let mut big = LeafSums::default();
        big.add(Section::Scored, &leaf(i64::MAX, 0));
        assert_eq!(big.sums(), Some((i64::MAX, 0, 0)));
        big.add(Section::Scored, &leaf(1, 0));
        assert_eq!(big.sums(), None);
        let mut deducted = LeafSums::default();
        deducted.add(Section::Deduction, &leaf(0, i64::MAX));
        deducted.add(Section::Deduction, &leaf(0, i64::MAX));
        assert_eq!(deducted.sums(), None);

        // A negative amount could make a partial sum exceed the whole: no sums.
        let mut negative = LeafSums::default();
        negative.add(Section::Bonus, &leaf(0, -1));
        assert_eq!(negative.sums(), None);
    }
}
