//! One unit's inputs in a round: its own answers, the authority's and the survey's, the
//! appraisal council's points and the explanation round's decisions.

use crate::analysis::Priorities;
use crate::answer::{Answer, RateScale, Subject, SurveyScale, Worth, check_points, worth};
use crate::criteria::{Assessor, CriteriaSet, Leaf, Node};
use crate::edition::Edition;
use crate::error::{Error, ErrorKind};
use crate::indexed::Indexed;
use crate::name::Named;
use crate::report::SelfAssessmentReport;
use crate::scorecard::{CompactScorecard, Scorecard, score};
use crate::unit::Unit;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The inputs of one unit's assessment as a plain value: the interchange shape (JSON, stores,
/// the golden cases). Check it against an edition with [`Assessment::from_data`].
///
/// ```
/// use cchc_core::AssessmentData;
/// let data: AssessmentData =
///     serde_json::from_str(r#"{"unit": "so-y-te", "appraisals": {"1.1.1": "0"}}"#).unwrap();
/// assert_eq!(data.appraisals["1.1.1"].to_string(), "0");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentData {
    /// The unit assessed.
    pub unit: String,
    /// Whether the unit head submitted the self-assessment.
    #[serde(default)]
    pub submitted: bool,
    /// The unit's own answers, by leaf code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, Answer>,
    /// The authority's answers on authority-only and deduction leaves.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub authority: BTreeMap<String, Answer>,
    /// Survey tallies on survey leaves.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub survey: BTreeMap<String, Answer>,
    /// The appraisal council's points, by leaf code.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "crate::decimal::MapStr"
    )]
    pub appraisals: BTreeMap<String, Decimal>,
    /// The explanation round's final points, by leaf code.
    #[serde(
        rename = "final",
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "crate::decimal::MapStr"
    )]
    pub final_points: BTreeMap<String, Decimal>,
}

/// One answer of a batch given with [`Assessment::give_many`].
///
/// In JSON: `{"assessor": "self", "code": "1.1.1", "answer": {"kind": "yes-no", "yes": true}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Given {
    /// Who gives it (the channel it comes through).
    #[serde(default)]
    pub assessor: Assessor,
    /// The leaf's code.
    pub code: String,
    /// The answer.
    pub answer: Answer,
}

/// One unit's assessment, bound to its edition: every input that scoring needs, each checked
/// when it is given. A refused input returns an [`Error`] and changes nothing.
///
/// ```
/// use cchc_core::{Answer, Assessment, Decimal};
/// let edition = cchc_criteria::default_edition();
/// let mut a = Assessment::new(&edition, "so-tu-phap").unwrap();
/// a.answer("1.1.1", Answer::YesNo { yes: true }).unwrap();
/// a.appraise("1.1.1", Decimal::ZERO).unwrap();
/// let card = a.scorecard();
/// assert_eq!(card.node("1.1.1").unwrap().self_points.unwrap().to_string(), "0.5");
/// assert_eq!(card.node("1.1.1").unwrap().appraised.to_string(), "0");
/// ```
#[derive(Clone)]
pub struct Assessment {
    edition: Edition,
    /// The inputs and, beside them, every leaf's points (kept in step by [`Indexed`]'s methods,
    /// the only way the inputs change).
    inputs: Indexed,
}

impl PartialEq for Assessment {
    fn eq(&self, other: &Assessment) -> bool {
        // The index is a function of the edition and the inputs.
        self.edition == other.edition && self.inputs.data() == other.inputs.data()
    }
}
impl Eq for Assessment {}

impl std::fmt::Debug for Assessment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assessment")
            .field("edition", &self.edition)
            .field("data", self.inputs.data())
            .finish()
    }
}

impl Serialize for Assessment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.inputs.data().serialize(serializer)
    }
}

impl Assessment {
    /// An empty assessment of one unit of the edition.
    pub fn new(edition: &Edition, unit: &str) -> Result<Assessment, Error> {
        let data = AssessmentData {
            unit: unit.to_owned(),
            ..AssessmentData::default()
        };
        Assessment::checked(edition, data)
    }

    /// An assessment from its plain value, after checking every input in it against the edition
    /// (the first refusal is returned).
    pub fn from_data(edition: &Edition, data: AssessmentData) -> Result<Assessment, Error> {
        Ok(Assessment {
            inputs: Indexed::check(edition, data)?,
            edition: edition.clone(),
        })
    }

    /// Binds inputs that were already checked against this edition, indexing them by node;
    /// "unknown-unit" for a unit the edition lacks (the only check repeated).
    pub(crate) fn checked(edition: &Edition, data: AssessmentData) -> Result<Assessment, Error> {
        Ok(Assessment {
            inputs: Indexed::new(edition, data)?,
            edition: edition.clone(),
        })
    }

    /// The inputs with their index, for the index's own tests.
    #[cfg(test)]
    pub(crate) fn indexed(&self) -> &Indexed {
        &self.inputs
    }

    /// The unit's position in [`Edition::units`].
    pub(crate) fn unit_position(&self) -> usize {
        self.inputs.unit_position()
    }

    /// Parses an assessment from its JSON form and checks every input.
    ///
    /// ```
    /// use cchc_core::Assessment;
    /// let edition = cchc_criteria::default_edition();
    /// let a = Assessment::from_json(&edition, r#"{"unit": "so-y-te", "appraisals": {"1.1.1": "0"}}"#).unwrap();
    /// assert_eq!(Assessment::from_json(&edition, &a.to_json()).unwrap(), a);
    /// let err = Assessment::from_json(&edition, r#"{"unit": "so-y-te", "appraisals": {"1.1.1": "9"}}"#).unwrap_err();
    /// assert_eq!(err.code(), "above-max");
    /// ```
    pub fn from_json(edition: &Edition, text: &str) -> Result<Assessment, Error> {
        let data =
            serde_json::from_str(text).map_err(|e| Error::from_serde_json("assessment", &e))?;
        Assessment::from_data(edition, data)
    }

    /// The assessment as pretty-printed JSON (decimals as strings).
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serializing cannot fail.
        crate::to_json_text(self.inputs.data(), true).unwrap_or_default()
    }

    /// The inputs as a plain value.
    pub fn data(&self) -> &AssessmentData {
        self.inputs.data()
    }

    /// The inputs as a plain value, letting go of the edition.
    pub fn into_data(self) -> AssessmentData {
        self.inputs.into_data()
    }

    /// The edition the assessment belongs to.
    pub fn edition(&self) -> &Edition {
        &self.edition
    }

    /// The unit assessed.
    pub fn unit(&self) -> &str {
        &self.data().unit
    }

    /// Whether the self-assessment was submitted.
    pub fn is_submitted(&self) -> bool {
        self.data().submitted
    }

    /// Marks the self-assessment submitted (or not). The round's record does this through its
    /// submit command, with its checks; this is for scoring outside a record.
    pub fn set_submitted(&mut self, submitted: bool) {
        self.inputs.set_submitted(submitted);
    }

    /// Records the unit's own answer to a self-assessed leaf, returning what it is worth.
    pub fn answer(&mut self, code: &str, answer: Answer) -> Result<Worth, Error> {
        self.give(Assessor::SelfAssessed, code, answer)
    }

    /// Records an answer given by `assessor` (the unit, the authority or the survey), after
    /// checking it; returns what it is worth.
    pub fn give(&mut self, assessor: Assessor, code: &str, answer: Answer) -> Result<Worth, Error> {
        self.inputs.give(&self.edition, assessor, code, answer)
    }

    /// Gives many answers at once, each checked and recorded on its own: one result per answer,
    /// in order. A refused answer changes nothing and does not stop the others.
    ///
    /// ```
    /// use cchc_core::{Answer, Assessment, Assessor, Given, Worth};
    /// let edition = cchc_criteria::default_edition();
    /// let mut a = Assessment::new(&edition, "so-tu-phap").unwrap();
    /// let results = a.give_many(vec![
    ///     Given { assessor: Assessor::SelfAssessed, code: "1.1.1".into(), answer: Answer::YesNo { yes: true } },
    ///     Given { assessor: Assessor::SelfAssessed, code: "9.9.9".into(), answer: Answer::YesNo { yes: true } },
    /// ]);
    /// assert_eq!(results[0].as_ref().unwrap(), &Worth::Points("0.5".parse().unwrap()));
    /// assert_eq!(results[1].as_ref().unwrap_err().code(), "unknown-criterion");
    /// assert!(a.is_answered("1.1.1"));
    /// ```
    pub fn give_many(&mut self, answers: Vec<Given>) -> Vec<Result<Worth, Error>> {
        answers
            .into_iter()
            .map(|g| self.give(g.assessor, &g.code, g.answer))
            .collect()
    }

    /// Records the appraisal council's points for a self-assessed leaf
    /// (0 ≤ points ≤ applicable max).
    pub fn appraise(&mut self, code: &str, points: Decimal) -> Result<Decimal, Error> {
        self.inputs.appraise(&self.edition, code, points)
    }

    /// Records the explanation round's final points for a leaf.
    pub fn decide(&mut self, code: &str, points: Decimal) -> Result<Decimal, Error> {
        self.inputs.decide(&self.edition, code, points)
    }

    /// Removes every input on one leaf (answers, appraisal, decision); nothing happens when the
    /// leaf has none. Returns whether anything was removed.
    ///
    /// ```
    /// use cchc_core::{Answer, Assessment};
    /// let edition = cchc_criteria::default_edition();
    /// let mut a = Assessment::new(&edition, "so-tu-phap").unwrap();
    /// a.answer("1.1.1", Answer::YesNo { yes: true }).unwrap();
    /// assert!(a.clear("1.1.1"));
    /// assert!(a.is_empty());
    /// assert!(!a.clear("1.1.1"));
    /// ```
    pub fn clear(&mut self, code: &str) -> bool {
        self.inputs.clear(&self.edition, code)
    }

    /// Removes every input, keeping the unit; the assessment is as new.
    pub fn clear_all(&mut self) {
        self.inputs.clear_all(&self.edition);
    }

    /// Whether the leaf was answered "not applicable".
    pub fn is_not_applicable(&self, code: &str) -> bool {
        self.data().is_not_applicable(code)
    }

    /// Whether the leaf has an answer from whoever assesses it (the unit, the authority or the
    /// survey), "not applicable" included.
    pub fn is_answered(&self, code: &str) -> bool {
        let d = self.data();
        d.answers.contains_key(code)
            || d.authority.contains_key(code)
            || d.survey.contains_key(code)
    }

    /// Whether nothing at all was entered.
    pub fn is_empty(&self) -> bool {
        let d = self.data();
        d.answers.is_empty()
            && d.authority.is_empty()
            && d.survey.is_empty()
            && d.appraisals.is_empty()
            && d.final_points.is_empty()
    }

    /// The scorecard of this assessment.
    pub fn scorecard(&self) -> Scorecard {
        match self.compact_scorecard() {
            Ok(card) => card.to_scorecard(),
            Err(_) => score(&self.edition, self.data()),
        }
    }

    /// The scorecard in compact form (points per node in hundredths, codes and titles borrowed
    /// from the edition): what to use when only totals, the index or a few nodes are read.
    ///
    /// Each input was turned into points once, when it was given: scoring copies every leaf's
    /// points and sums them up the tree, with no lookup by code and no decimal arithmetic but
    /// the index.
    pub fn compact_scorecard(&self) -> Result<CompactScorecard<'_>, Error> {
        // Never the error for a bound assessment (its unit is in its edition): the type keeps
        // the core free of panics.
        self.inputs.score(&self.edition)
    }

    /// Where the unit loses points, and what it may still recover.
    pub fn priorities(&self) -> Priorities {
        self.edition.priorities(&self.scorecard())
    }

    /// The self-assessment report the unit signs, from these inputs.
    pub fn report(&self) -> SelfAssessmentReport {
        SelfAssessmentReport::from_data(&self.edition, self.data())
    }
}

impl AssessmentData {
    /// The answers given through one channel.
    pub(crate) fn channel(&self, assessor: Assessor) -> &BTreeMap<String, Answer> {
        match assessor {
            Assessor::SelfAssessed => &self.answers,
            Assessor::Authority => &self.authority,
            Assessor::Survey => &self.survey,
        }
    }

    /// The answers given through one channel, to change them.
    pub(crate) fn channel_mut(&mut self, assessor: Assessor) -> &mut BTreeMap<String, Answer> {
        match assessor {
            Assessor::SelfAssessed => &mut self.answers,
            Assessor::Authority => &mut self.authority,
            Assessor::Survey => &mut self.survey,
        }
    }

    pub(crate) fn give(
        &mut self,
        edition: &Edition,
        assessor: Assessor,
        code: &str,
        answer: Answer,
    ) -> Result<Worth, Error> {
        let value = check_answer(edition, &self.unit, assessor, code, &answer)?;
        self.channel_mut(assessor).insert(code.to_owned(), answer);
        Ok(value)
    }

    pub(crate) fn appraise(
        &mut self,
        edition: &Edition,
        code: &str,
        points: Decimal,
    ) -> Result<Decimal, Error> {
        self.check_appraisable(edition, code)?;
        let points = self.check_given_points(edition, code, points)?;
        self.appraisals.insert(code.to_owned(), points);
        Ok(points)
    }

    pub(crate) fn decide(
        &mut self,
        edition: &Edition,
        code: &str,
        points: Decimal,
    ) -> Result<Decimal, Error> {
        let points = self.check_given_points(edition, code, points)?;
        self.final_points.insert(code.to_owned(), points);
        Ok(points)
    }
    fn check_appraisable(&self, edition: &Edition, code: &str) -> Result<(), Error> {
        let (_, set) = find_unit(edition, &self.unit)?;
        let (node, leaf) = find_leaf(set, &self.unit, code)?;
        appraisable(&Subject {
            unit: Some(&self.unit),
            node,
            leaf,
        })
    }

    fn check_given_points(
        &self,
        edition: &Edition,
        code: &str,
        points: Decimal,
    ) -> Result<Decimal, Error> {
        let (_, set) = find_unit(edition, &self.unit)?;
        let (node, leaf) = find_leaf(set, &self.unit, code)?;
        let s = Subject {
            unit: Some(&self.unit),
            node,
            leaf,
        };
        given_points(&s, points, self.is_not_applicable(code))
    }

    pub(crate) fn is_not_applicable(&self, code: &str) -> bool {
        [&self.answers, &self.authority, &self.survey]
            .iter()
            .any(|map| matches!(map.get(code), Some(Answer::NotApplicable)))
    }

    /// Checks every input (read from elsewhere: JSON, a store), reporting the first refusal.
    /// Each answer's code and worth is told to `accepted` as it is accepted (a bound assessment
    /// indexes them in the same pass).
    pub(crate) fn check(
        &self,
        edition: &Edition,
        mut accepted: impl FnMut(&str, Worth),
    ) -> Result<(), Error> {
        find_unit(edition, &self.unit)?;
        let given = [
            (Assessor::SelfAssessed, &self.answers),
            (Assessor::Authority, &self.authority),
            (Assessor::Survey, &self.survey),
        ];
        for (assessor, map) in given {
            for (code, answer) in map {
                accepted(
                    code,
                    check_answer(edition, &self.unit, assessor, code, answer)?,
                );
            }
        }
        for (code, points) in &self.appraisals {
            self.check_appraisable(edition, code)?;
            self.check_given_points(edition, code, *points)?;
        }
        for (code, points) in &self.final_points {
            self.check_given_points(edition, code, *points)?;
        }
        Ok(())
    }
}

pub(crate) fn find_unit<'e>(
    edition: &'e Edition,
    unit: &str,
) -> Result<(&'e Unit, &'e CriteriaSet), Error> {
    let found = edition
        .unit(unit)
        .and_then(|u| edition.criteria_for(u).map(|set| (u, set)));
    found.ok_or_else(|| {
        Error::answer(
            ErrorKind::UnknownUnit,
            Some(unit),
            None,
            None,
            None,
            format!("unit {unit:?} is not in edition {}", edition.id()),
        )
    })
}

fn find_leaf<'s>(
    set: &'s CriteriaSet,
    unit: &str,
    code: &str,
) -> Result<(&'s Node, &'s Leaf), Error> {
    leaf_at(set, unit, code, set.index_of(code))
}

/// The leaf at node index `index` of the set (found from `code`), or "unknown-criterion" when
/// there is none or it is not a leaf.
pub(crate) fn leaf_at<'s>(
    set: &'s CriteriaSet,
    unit: &str,
    code: &str,
    index: Option<usize>,
) -> Result<(&'s Node, &'s Leaf), Error> {
    index
        .and_then(|i| set.nodes().get(i))
        .and_then(|n| n.leaf().map(|l| (n, l)))
        .ok_or_else(|| {
            Error::answer(
                ErrorKind::UnknownCriterion,
                Some(unit),
                Some(code),
                None,
                None,
                format!(
                    "{code} is not a scored criterion of appendix {}",
                    set.appendix()
                ),
            )
        })
}

/// Whether the council may appraise the leaf: only self-assessed leaves.
pub(crate) fn appraisable(s: &Subject<'_>) -> Result<(), Error> {
    if s.leaf.assessed_by == Assessor::SelfAssessed {
        return Ok(());
    }
    Err(s.error(
        ErrorKind::WrongAssessor,
        Some(s.leaf.assessed_by.as_str().into()),
        format!(
            "the council appraises self-assessed criteria; this one is assessed by the {}",
            s.leaf.assessed_by.as_str()
        ),
    ))
}

/// Checks points given to a leaf (the council's or the explanation round's): at most the max,
/// 0 on a leaf answered "not applicable".
pub(crate) fn given_points(
    s: &Subject<'_>,
    points: Decimal,
    not_applicable: bool,
) -> Result<Decimal, Error> {
    let limit = if not_applicable {
        Decimal::ZERO
    } else {
        s.node.max()
    };
    check_points(s, points, limit)
}

fn check_answer(
    edition: &Edition,
    unit: &str,
    assessor: Assessor,
    code: &str,
    answer: &Answer,
) -> Result<Worth, Error> {
    let (_, set) = find_unit(edition, unit)?;
    let (node, leaf) = find_leaf(set, unit, code)?;
    let s = Subject {
        unit: Some(unit),
        node,
        leaf,
    };
    answer_worth(&s, assessor, answer, edition.rounding())
}

/// What an answer given by `assessor` is worth on the subject's leaf, or why it is refused.
pub(crate) fn answer_worth(
    s: &Subject<'_>,
    assessor: Assessor,
    answer: &Answer,
    rounding: crate::rounding::Rounding,
) -> Result<Worth, Error> {
    check_assessor(s, assessor)?;
    worth(s, answer, rounding)
}

/// What a tally given by `assessor` counts for on the subject's leaf (its `(grade, count)`
/// parts in any order), in hundredths of a point: what [`answer_worth`] gives for the
/// [`Answer::Tally`] of those parts, through [`Given::from_worth`](crate::scorecard::Given),
/// without building either, scored in integers by `scale`, the leaf's [`SurveyScale`]
/// (`survey_cents`'s rule). `None` when the assessor is not the leaf's, a grade is unknown or
/// given twice, a count negative, no one answered, or the sums do not fit (then
/// [`answer_worth`] says what it says).
pub(crate) fn tally_hundredths<'t>(
    s: &Subject<'_>,
    assessor: Assessor,
    scale: &SurveyScale<'_>,
    tally: impl Iterator<Item = (&'t str, i64)>,
    rounding: crate::rounding::Rounding,
) -> Option<i64> {
    check_assessor(s, assessor).ok()?;
    scale.hundredths(tally, rounding)
}

/// What a rate given by `assessor` counts for on the subject's leaf, in hundredths of a point:
/// what [`answer_worth`] gives for the [`Answer::Rate`] of `numerator` over `denominator`
/// (hundredths, as [`crate::answer::rate_amount`] reads an amount), through
/// [`Given::from_worth`](crate::scorecard::Given), by `scale`, the leaf's [`RateScale`]. `None`
/// when the assessor is not the leaf's, the rate is refused or an amount does not fit (then
/// [`answer_worth`] says what it says).
pub(crate) fn rate_hundredths(
    s: &Subject<'_>,
    assessor: Assessor,
    scale: RateScale<'_>,
    numerator: i64,
    denominator: i64,
    rounding: crate::rounding::Rounding,
) -> Option<i64> {
    check_assessor(s, assessor).ok()?;
    scale.hundredths(numerator, denominator, rounding)
}

/// Whether `assessor` is the one who answers the subject's leaf.
fn check_assessor(s: &Subject<'_>, assessor: Assessor) -> Result<(), Error> {
    match (assessor, s.leaf.assessed_by) {
        (given, who) if given == who => {}
        (Assessor::SelfAssessed, who) => {
            return Err(s.error(
                ErrorKind::NotSelfAssessed,
                Some(who.as_str().into()),
                format!(
                    "this criterion is assessed by the {}, not by the unit",
                    who.as_str()
                ),
            ));
        }
        (_, who) => {
            return Err(s.error(
                ErrorKind::WrongAssessor,
                Some(who.as_str().into()),
                format!(
                    "this criterion is assessed by {}",
                    match who {
                        Assessor::SelfAssessed => "the unit itself",
                        Assessor::Survey => "the survey",
                        Assessor::Authority => "the authority",
                    }
                ),
            ));
        }
    }
    Ok(())
}

/// Checks that `code` is a leaf of the unit's appendix.
pub(crate) fn find_leaf_of_unit(edition: &Edition, unit: &str, code: &str) -> Result<(), Error> {
    let (_, set) = find_unit(edition, unit)?;
    find_leaf(set, unit, code).map(|_| ())
}

/// What an answer is worth on a unit's leaf, if it fits.
pub(crate) fn worth_of(
    edition: &Edition,
    unit: &str,
    code: &str,
    answer: &Answer,
) -> Option<Worth> {
    let (_, set) = find_unit(edition, unit).ok()?;
    let (node, leaf) = find_leaf(set, unit, code).ok()?;
    let s = Subject {
        unit: Some(unit),
        node,
        leaf,
    };
    worth(&s, answer, edition.rounding()).ok()
}

impl Edition {
    /// What an answer would be worth on a unit's leaf, checked exactly as when it is given, with
    /// nothing recorded (the calculator's live preview).
    ///
    /// ```
    /// use cchc_core::{Answer, Assessor, Worth};
    /// let edition = cchc_criteria::default_edition();
    /// let worth = edition.worth("so-tu-phap", Assessor::SelfAssessed, "1.1.1", &Answer::YesNo { yes: true });
    /// assert_eq!(worth.unwrap(), Worth::Points("0.5".parse().unwrap()));
    /// ```
    pub fn worth(
        &self,
        unit: &str,
        assessor: Assessor,
        code: &str,
        answer: &Answer,
    ) -> Result<Worth, Error> {
        check_answer(self, unit, assessor, code, answer)
    }

    /// The criteria set a unit is scored against; "unknown-unit" for a unit not in the edition.
    pub fn criteria_of(&self, unit: &str) -> Result<&CriteriaSet, Error> {
        find_unit(self, unit).map(|(_, set)| set)
    }
}
