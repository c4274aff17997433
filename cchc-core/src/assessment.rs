//! One unit's inputs in a round: its own answers, the authority's and the survey's, the
//! appraisal council's points and the explanation round's decisions.

use crate::answer::{Answer, Subject, Worth, check_points, worth};
use crate::criteria::{Assessor, CriteriaSet, Leaf, Node};
use crate::edition::Edition;
use crate::error::{AnswerError, AnswerErrorKind};
use crate::unit::Unit;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One unit's assessment: every input that scoring needs, each checked when it is given.
///
/// A refused input returns an [`AnswerError`] and changes nothing.
///
/// ```
/// use cchc_core::{Answer, Assessment, Decimal};
/// let edition = cchc_criteria::default_edition();
/// let mut a = Assessment::new(edition, "so-tu-phap").unwrap();
/// a.answer(edition, "1.1.1", Answer::YesNo { yes: true }).unwrap();
/// a.appraise(edition, "1.1.1", Decimal::ZERO).unwrap();
/// let card = a.scorecard(edition);
/// assert_eq!(card.node("1.1.1").unwrap().self_points.unwrap().to_string(), "0.5");
/// assert_eq!(card.node("1.1.1").unwrap().appraised.to_string(), "0");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
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
        with = "decimal_map"
    )]
    pub appraisals: BTreeMap<String, Decimal>,
    /// The explanation round's final points, by leaf code.
    #[serde(
        rename = "final",
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "decimal_map"
    )]
    pub final_points: BTreeMap<String, Decimal>,
}

/// Which input an answer is given as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The unit's own answer.
    SelfAssessment,
    /// The authority's answer (authority-only and deduction leaves).
    Authority,
    /// The survey's tally.
    Survey,
}

impl Channel {
    /// Every channel, in stage order.
    pub const ALL: [Channel; 3] = [Channel::SelfAssessment, Channel::Authority, Channel::Survey];

    /// Stable name, the assessor's: "self", "authority", "survey".
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::SelfAssessment => "self",
            Channel::Authority => "authority",
            Channel::Survey => "survey",
        }
    }

    /// Parses a stable name; `None` when it names no channel.
    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl Assessment {
    /// Parses an assessment from its JSON form (the shape of the golden cases' assessments).
    /// Only the shape is checked; use [`Assessment::check`] or [`Round::insert`](crate::Round::insert)
    /// to check every input against an edition.
    ///
    /// ```
    /// use cchc_core::Assessment;
    /// let a = Assessment::from_json(r#"{"unit": "so-y-te", "appraisals": {"1.1.1": "0"}}"#).unwrap();
    /// assert_eq!(Assessment::from_json(&a.to_json()).unwrap(), a);
    /// ```
    pub fn from_json(text: &str) -> Result<Assessment, String> {
        serde_json::from_str(text).map_err(|e| format!("not an assessment: {e}"))
    }

    /// The assessment as pretty-printed JSON (decimals as strings).
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serializing cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// An empty assessment of one unit of the edition.
    pub fn new(edition: &Edition, unit: &str) -> Result<Assessment, AnswerError> {
        find_unit(edition, unit)?;
        Ok(Assessment {
            unit: unit.to_owned(),
            ..Assessment::default()
        })
    }

    /// Records the unit's own answer to a self-assessed leaf, returning what it is worth.
    pub fn answer(
        &mut self,
        edition: &Edition,
        code: &str,
        answer: Answer,
    ) -> Result<Worth, AnswerError> {
        self.give(edition, Channel::SelfAssessment, code, answer)
    }

    /// Records an answer through one channel, after checking it; returns what it is worth.
    pub fn give(
        &mut self,
        edition: &Edition,
        channel: Channel,
        code: &str,
        answer: Answer,
    ) -> Result<Worth, AnswerError> {
        let value = check_answer(edition, &self.unit, channel, code, &answer)?;
        let map = match channel {
            Channel::SelfAssessment => &mut self.answers,
            Channel::Authority => &mut self.authority,
            Channel::Survey => &mut self.survey,
        };
        map.insert(code.to_owned(), answer);
        Ok(value)
    }

    /// Records the appraisal council's points for a self-assessed leaf
    /// (0 ≤ points ≤ applicable max).
    pub fn appraise(
        &mut self,
        edition: &Edition,
        code: &str,
        points: Decimal,
    ) -> Result<Decimal, AnswerError> {
        self.check_appraisable(edition, code)?;
        let points = self.check_given_points(edition, code, points)?;
        self.appraisals.insert(code.to_owned(), points);
        Ok(points)
    }

    /// Records the explanation round's final points for a leaf.
    pub fn decide(
        &mut self,
        edition: &Edition,
        code: &str,
        points: Decimal,
    ) -> Result<Decimal, AnswerError> {
        let points = self.check_given_points(edition, code, points)?;
        self.final_points.insert(code.to_owned(), points);
        Ok(points)
    }

    fn check_appraisable(&self, edition: &Edition, code: &str) -> Result<(), AnswerError> {
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
            AnswerErrorKind::WrongAssessor,
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
    ) -> Result<Decimal, AnswerError> {
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

    /// Whether the unit answered "not applicable" to this leaf.
    pub fn is_not_applicable(&self, code: &str) -> bool {
        [&self.answers, &self.authority, &self.survey]
            .iter()
            .any(|map| matches!(map.get(code), Some(Answer::NotApplicable)))
    }

    /// Whether the leaf has an answer from whoever assesses it (the unit, the authority or the
    /// survey), "not applicable" included.
    pub fn is_answered(&self, code: &str) -> bool {
        self.answers.contains_key(code)
            || self.authority.contains_key(code)
            || self.survey.contains_key(code)
    }

    /// Whether nothing at all was entered.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
            && self.authority.is_empty()
            && self.survey.is_empty()
            && self.appraisals.is_empty()
            && self.final_points.is_empty()
    }

    /// Checks every input of an assessment read from elsewhere (JSON, a store), reporting the
    /// first refusal.
    pub fn check(&self, edition: &Edition) -> Result<(), AnswerError> {
        find_unit(edition, &self.unit)?;
        let channels = [
            (Channel::SelfAssessment, &self.answers),
            (Channel::Authority, &self.authority),
            (Channel::Survey, &self.survey),
        ];
        for (channel, map) in channels {
            for (code, answer) in map {
                check_answer(edition, &self.unit, channel, code, answer)?;
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
) -> Result<(&'e Unit, &'e CriteriaSet), AnswerError> {
    let found = edition
        .unit(unit)
        .and_then(|u| edition.criteria_for(u).map(|set| (u, set)));
    found.ok_or_else(|| {
        AnswerError::new(
            AnswerErrorKind::UnknownUnit,
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
) -> Result<(&'s Node, &'s Leaf), AnswerError> {
    set.node(code)
        .and_then(|n| n.leaf().map(|l| (n, l)))
        .ok_or_else(|| {
            AnswerError::new(
                AnswerErrorKind::UnknownCriterion,
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
    channel: Channel,
    code: &str,
    answer: &Answer,
) -> Result<Worth, AnswerError> {
    let (_, set) = find_unit(edition, unit)?;
    let (node, leaf) = find_leaf(set, unit, code)?;
    let s = Subject {
        unit: Some(unit),
        node,
        leaf,
    };
    match (channel, leaf.assessed_by) {
        (Channel::SelfAssessment, Assessor::SelfAssessed)
        | (Channel::Authority, Assessor::Authority)
        | (Channel::Survey, Assessor::Survey) => {}
        (Channel::SelfAssessment, who) => {
            return Err(s.error(
                AnswerErrorKind::NotSelfAssessed,
                Some(who.as_str().into()),
                format!(
                    "this criterion is assessed by the {}, not by the unit",
                    who.as_str()
                ),
            ));
        }
        (_, who) => {
            return Err(s.error(
                AnswerErrorKind::WrongAssessor,
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

mod decimal_map {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<String, Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(map.iter().map(|(k, v)| (k, v.to_string())))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<String, Decimal>, D::Error> {
        let raw = BTreeMap::<String, String>::deserialize(deserializer)?;
        raw.into_iter()
            .map(|(k, v)| {
                Decimal::from_str_exact(&v)
                    .map(|d| (k, d))
                    .map_err(|e| serde::de::Error::custom(format!("{v:?} is not a decimal: {e}")))
            })
            .collect()
    }
}

/// Checks that `code` is a leaf of the unit's appendix.
pub(crate) fn find_leaf_of_unit(
    edition: &Edition,
    unit: &str,
    code: &str,
) -> Result<(), AnswerError> {
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
