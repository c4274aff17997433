//! One unit's inputs in a round: its own answers, the authority's and the survey's, the
//! appraisal council's points and the explanation round's decisions.

use crate::analysis::Priorities;
use crate::answer::{Answer, Subject, Worth, check_points, worth};
use crate::criteria::{Assessor, CriteriaSet, Leaf, Node};
use crate::edition::Edition;
use crate::error::{Error, ErrorKind};
use crate::name::Named;
use crate::report::SelfAssessmentReport;
use crate::scorecard::{CompactScorecard, Scorecard, score, score_compact};
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    edition: Edition,
    data: AssessmentData,
}

impl Serialize for Assessment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.data.serialize(serializer)
    }
}

impl Assessment {
    /// An empty assessment of one unit of the edition.
    pub fn new(edition: &Edition, unit: &str) -> Result<Assessment, Error> {
        find_unit(edition, unit)?;
        Ok(Assessment {
            edition: edition.clone(),
            data: AssessmentData {
                unit: unit.to_owned(),
                ..AssessmentData::default()
            },
        })
    }

    /// An assessment from its plain value, after checking every input in it against the edition
    /// (the first refusal is returned).
    pub fn from_data(edition: &Edition, data: AssessmentData) -> Result<Assessment, Error> {
        data.check(edition)?;
        Ok(Assessment {
            edition: edition.clone(),
            data,
        })
    }

    /// Binds inputs that were already checked against this edition.
    pub(crate) fn checked(edition: &Edition, data: AssessmentData) -> Assessment {
        Assessment {
            edition: edition.clone(),
            data,
        }
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
        serde_json::to_string_pretty(&self.data).unwrap_or_default()
    }

    /// The inputs as a plain value.
    pub fn data(&self) -> &AssessmentData {
        &self.data
    }

    /// The inputs as a plain value, letting go of the edition.
    pub fn into_data(self) -> AssessmentData {
        self.data
    }

    /// The edition the assessment belongs to.
    pub fn edition(&self) -> &Edition {
        &self.edition
    }

    /// The unit assessed.
    pub fn unit(&self) -> &str {
        &self.data.unit
    }

    /// Whether the self-assessment was submitted.
    pub fn is_submitted(&self) -> bool {
        self.data.submitted
    }

    /// Marks the self-assessment submitted (or not). The round's record does this through its
    /// submit command, with its checks; this is for scoring outside a record.
    pub fn set_submitted(&mut self, submitted: bool) {
        self.data.submitted = submitted;
    }

    /// Records the unit's own answer to a self-assessed leaf, returning what it is worth.
    pub fn answer(&mut self, code: &str, answer: Answer) -> Result<Worth, Error> {
        self.give(Assessor::SelfAssessed, code, answer)
    }

    /// Records an answer given by `assessor` (the unit, the authority or the survey), after
    /// checking it; returns what it is worth.
    pub fn give(&mut self, assessor: Assessor, code: &str, answer: Answer) -> Result<Worth, Error> {
        self.data.give(&self.edition, assessor, code, answer)
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
        self.data.appraise(&self.edition, code, points)
    }

    /// Records the explanation round's final points for a leaf.
    pub fn decide(&mut self, code: &str, points: Decimal) -> Result<Decimal, Error> {
        self.data.decide(&self.edition, code, points)
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
        let d = &mut self.data;
        let removed = [
            d.answers.remove(code).is_some(),
            d.authority.remove(code).is_some(),
            d.survey.remove(code).is_some(),
            d.appraisals.remove(code).is_some(),
            d.final_points.remove(code).is_some(),
        ];
        removed.contains(&true)
    }

    /// Removes every input, keeping the unit; the assessment is as new.
    pub fn clear_all(&mut self) {
        self.data = AssessmentData {
            unit: std::mem::take(&mut self.data.unit),
            ..AssessmentData::default()
        };
    }

    /// Whether the leaf was answered "not applicable".
    pub fn is_not_applicable(&self, code: &str) -> bool {
        self.data.is_not_applicable(code)
    }

    /// Whether the leaf has an answer from whoever assesses it (the unit, the authority or the
    /// survey), "not applicable" included.
    pub fn is_answered(&self, code: &str) -> bool {
        self.data.answers.contains_key(code)
            || self.data.authority.contains_key(code)
            || self.data.survey.contains_key(code)
    }

    /// Whether nothing at all was entered.
    pub fn is_empty(&self) -> bool {
        let d = &self.data;
        d.answers.is_empty()
            && d.authority.is_empty()
            && d.survey.is_empty()
            && d.appraisals.is_empty()
            && d.final_points.is_empty()
    }

    /// The scorecard of this assessment.
    pub fn scorecard(&self) -> Scorecard {
        score(&self.edition, &self.data)
    }

    /// The scorecard in compact form (points per node in hundredths, codes and titles borrowed
    /// from the edition): what to use when only totals, the index or a few nodes are read.
    pub fn compact_scorecard(&self) -> Result<CompactScorecard<'_>, Error> {
        // Never the error for a bound assessment (its unit is in its edition): the type keeps
        // the core free of panics.
        score_compact(&self.edition, &self.data)
    }

    /// Where the unit loses points, and what it may still recover.
    pub fn priorities(&self) -> Priorities {
        self.edition.priorities(&self.scorecard())
    }

    /// The self-assessment report the unit signs, from these inputs.
    pub fn report(&self) -> SelfAssessmentReport {
        SelfAssessmentReport::from_data(&self.edition, &self.data)
    }
}

impl AssessmentData {
    pub(crate) fn give(
        &mut self,
        edition: &Edition,
        assessor: Assessor,
        code: &str,
        answer: Answer,
    ) -> Result<Worth, Error> {
        let value = check_answer(edition, &self.unit, assessor, code, &answer)?;
        let map = match assessor {
            Assessor::SelfAssessed => &mut self.answers,
            Assessor::Authority => &mut self.authority,
            Assessor::Survey => &mut self.survey,
        };
        map.insert(code.to_owned(), answer);
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
        if leaf.assessed_by == Assessor::SelfAssessed {
            return Ok(());
        }
        let s = Subject {
            unit: Some(&self.unit),
            node,
            leaf,
        };
        Err(s.error(
            ErrorKind::WrongAssessor,
            Some(leaf.assessed_by.as_str().into()),
            format!(
                "the council appraises self-assessed criteria; this one is assessed by the {}",
                leaf.assessed_by.as_str()
            ),
        ))
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
        let not_applicable = self.is_not_applicable(code);
        let limit = if not_applicable {
            Decimal::ZERO
        } else {
            node.max()
        };
        check_points(&s, points, limit)
    }

    pub(crate) fn is_not_applicable(&self, code: &str) -> bool {
        [&self.answers, &self.authority, &self.survey]
            .iter()
            .any(|map| matches!(map.get(code), Some(Answer::NotApplicable)))
    }

    /// Checks every input (read from elsewhere: JSON, a store), reporting the first refusal.
    pub(crate) fn check(&self, edition: &Edition) -> Result<(), Error> {
        find_unit(edition, &self.unit)?;
        let given = [
            (Assessor::SelfAssessed, &self.answers),
            (Assessor::Authority, &self.authority),
            (Assessor::Survey, &self.survey),
        ];
        for (assessor, map) in given {
            for (code, answer) in map {
                check_answer(edition, &self.unit, assessor, code, answer)?;
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
    set.node(code)
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
    match (assessor, leaf.assessed_by) {
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
    worth(&s, answer, edition.rounding())
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
