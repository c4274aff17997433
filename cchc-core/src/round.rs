//! A round: the assessments of every unit of an edition, scored and ranked together.

use crate::assessment::Assessment;
use crate::edition::Edition;
use crate::error::AnswerError;
use crate::results::{Results, rank};
use crate::scorecard::{Scorecard, score};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The assessments of a round, by unit. Units without one are scored on an empty assessment.
///
/// ```
/// use cchc_core::{Answer, Group, Round};
/// let edition = cchc_criteria::default_edition();
/// let mut round = Round::default();
/// round
///     .assessment(edition, "so-noi-vu")
///     .unwrap()
///     .answer(edition, "1.1.1", Answer::YesNo { yes: true })
///     .unwrap();
/// let results = round.results(edition);
/// let departments = results.group(Group::Department).unwrap();
/// assert_eq!(departments.ranking[0].unit, "so-noi-vu");
/// assert_eq!(departments.ranking.len(), 21);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    assessments: BTreeMap<String, Assessment>,
}

impl Round {
    /// The assessment of a unit, created empty on first use.
    pub fn assessment(
        &mut self,
        edition: &Edition,
        unit: &str,
    ) -> Result<&mut Assessment, AnswerError> {
        if !self.assessments.contains_key(unit) {
            let fresh = Assessment::new(edition, unit)?;
            self.assessments.insert(unit.to_owned(), fresh);
        }
        self.assessments
            .get_mut(unit)
            .ok_or_else(|| unreachable_unit(unit))
    }

    /// Adds (or replaces) a whole assessment after checking every input in it.
    pub fn insert(&mut self, edition: &Edition, assessment: Assessment) -> Result<(), AnswerError> {
        assessment.check(edition)?;
        self.assessments.insert(assessment.unit.clone(), assessment);
        Ok(())
    }

    /// Puts an assessment whose inputs were already checked (by a record).
    pub(crate) fn put(&mut self, assessment: Assessment) {
        self.assessments.insert(assessment.unit.clone(), assessment);
    }

    /// The assessment of a unit, if any input was given.
    pub fn get(&self, unit: &str) -> Option<&Assessment> {
        self.assessments.get(unit)
    }

    /// The assessments given, in unit id order.
    pub fn assessments(&self) -> impl Iterator<Item = &Assessment> + '_ {
        self.assessments.values()
    }

    /// How many units have an assessment.
    pub fn len(&self) -> usize {
        self.assessments.len()
    }

    /// Whether no unit has an assessment yet.
    pub fn is_empty(&self) -> bool {
        self.assessments.is_empty()
    }

    /// Scorecards of every unit of the edition, in the edition's unit order.
    pub fn scorecards(&self, edition: &Edition) -> Vec<Scorecard> {
        edition
            .units()
            .iter()
            .map(|unit| match self.assessments.get(unit.id()) {
                Some(a) => score(edition, a),
                None => score(
                    edition,
                    &Assessment {
                        unit: unit.id().to_owned(),
                        ..Assessment::default()
                    },
                ),
            })
            .collect()
    }

    /// Ranking, bands and summaries of every group.
    pub fn results(&self, edition: &Edition) -> Results {
        rank(edition, &self.scorecards(edition))
    }
}

fn unreachable_unit(unit: &str) -> AnswerError {
    AnswerError::new(
        crate::error::AnswerErrorKind::UnknownUnit,
        Some(unit),
        None,
        None,
        None,
        format!("unit {unit:?} has no assessment"),
    )
}
