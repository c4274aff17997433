//! A round: the assessments of every unit of an edition, scored and ranked together.

use crate::analysis::Priorities;
use crate::assessment::{Assessment, AssessmentData};
use crate::edition::Edition;
use crate::error::Error;
use crate::results::Results;
use crate::scorecard::{Scorecard, score};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The assessments of a round, by unit, bound to their edition. Units without one are scored
/// on an empty assessment.
///
/// ```
/// use cchc_core::{Answer, Group, Round};
/// let edition = cchc_criteria::default_edition();
/// let mut round = Round::new(&edition);
/// round
///     .assessment("so-noi-vu")
///     .unwrap()
///     .answer("1.1.1", Answer::YesNo { yes: true })
///     .unwrap();
/// let results = round.results();
/// let departments = results.group(Group::Department).unwrap();
/// assert_eq!(departments.ranking[0].unit, "so-noi-vu");
/// assert_eq!(departments.ranking.len(), 21);
/// assert_eq!(round.scorecard("so-noi-vu").unwrap().total.to_string(), "0.5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    edition: Edition,
    assessments: BTreeMap<String, Assessment>,
}

/// The stored form of a round.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Stored<'a> {
    edition: std::borrow::Cow<'a, str>,
    assessments: Vec<std::borrow::Cow<'a, AssessmentData>>,
}

impl Round {
    /// An empty round of the edition.
    pub fn new(edition: &Edition) -> Round {
        Round {
            edition: edition.clone(),
            assessments: BTreeMap::new(),
        }
    }

    /// The edition the round belongs to.
    pub fn edition(&self) -> &Edition {
        &self.edition
    }

    /// The assessment of a unit, created empty on first use; "unknown-unit" for a unit not in
    /// the edition.
    pub fn assessment(&mut self, unit: &str) -> Result<&mut Assessment, Error> {
        use std::collections::btree_map::Entry;
        match self.assessments.entry(unit.to_owned()) {
            Entry::Occupied(e) => Ok(e.into_mut()),
            Entry::Vacant(e) => Ok(e.insert(Assessment::new(&self.edition, unit)?)),
        }
    }

    /// Adds (or replaces) a unit's whole assessment after checking every input in it.
    pub fn insert(&mut self, data: AssessmentData) -> Result<(), Error> {
        let assessment = Assessment::from_data(&self.edition, data)?;
        self.assessments
            .insert(assessment.unit().to_owned(), assessment);
        Ok(())
    }

    /// Puts inputs that were already checked against this edition (by a record); inputs of a
    /// unit the edition lacks (never checked ones) are left out.
    pub(crate) fn put(&mut self, data: AssessmentData) {
        if let Ok(assessment) = Assessment::checked(&self.edition, data) {
            self.put_assessment(assessment);
        }
    }

    /// Puts an assessment bound to this edition, keeping its index.
    pub(crate) fn put_assessment(&mut self, assessment: Assessment) {
        self.assessments
            .insert(assessment.unit().to_owned(), assessment);
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

    /// The scorecard of one unit, scoring that unit only; "unknown-unit" for a unit not in the
    /// edition.
    pub fn scorecard(&self, unit: &str) -> Result<Scorecard, Error> {
        match self.assessments.get(unit) {
            Some(a) => Ok(a.scorecard()),
            None => Ok(Assessment::new(&self.edition, unit)?.scorecard()),
        }
    }

    /// Where one unit loses points, and what it may still recover.
    pub fn priorities(&self, unit: &str) -> Result<Priorities, Error> {
        Ok(self.edition.priorities(&self.scorecard(unit)?))
    }

    /// Scorecards of every unit of the edition, in the edition's unit order.
    pub fn scorecards(&self) -> Vec<Scorecard> {
        let empty = AssessmentData::default();
        self.edition
            .units()
            .iter()
            .map(|unit| match self.assessments.get(unit.id()) {
                Some(a) => a.scorecard(),
                None => score(
                    &self.edition,
                    &AssessmentData {
                        unit: unit.id().to_owned(),
                        ..empty.clone()
                    },
                ),
            })
            .collect()
    }

    /// Ranking, bands and summaries of every group.
    ///
    /// Ranked from the compact scorecards: no full [`Scorecard`] is built, and each
    /// assessment knows its unit's place in the edition (no lookup by id).
    pub fn results(&self) -> Results {
        let mut scores = vec![None; self.edition.units().len()];
        for a in self.assessments.values() {
            let Ok(card) = a.compact_scorecard() else {
                continue;
            };
            if let Some(slot) = scores.get_mut(a.unit_position()) {
                *slot = Some((card.index(), card.submitted()));
            }
        }
        crate::results::rank(&self.edition, &scores)
    }

    /// The round as JSON: `{"edition": id, "assessments": [...]}` in unit id order.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            edition: self.edition.id().into(),
            assessments: self
                .assessments
                .values()
                .map(|a| std::borrow::Cow::Borrowed(a.data()))
                .collect(),
        };
        crate::to_json_text(&stored, true).unwrap_or_default()
    }

    /// Reads a round written by [`Round::to_json`], checking every input against the edition.
    ///
    /// ```
    /// use cchc_core::{Answer, Round};
    /// let edition = cchc_criteria::default_edition();
    /// let mut round = Round::new(&edition);
    /// round.assessment("so-y-te").unwrap().answer("1.1.1", Answer::YesNo { yes: true }).unwrap();
    /// let back = Round::from_json(&edition, &round.to_json()).unwrap();
    /// assert_eq!(back, round);
    /// ```
    pub fn from_json(edition: &Edition, text: &str) -> Result<Round, Error> {
        let stored: Stored<'_> =
            serde_json::from_str(text).map_err(|e| Error::from_serde_json("round", &e))?;
        if stored.edition != edition.id() {
            return Err(Error::invalid_shape(
                "round",
                format!(
                    "the round is of edition {}, not {}",
                    stored.edition,
                    edition.id()
                ),
            ));
        }
        let mut round = Round::new(edition);
        for data in stored.assessments {
            round.insert(data.into_owned())?;
        }
        Ok(round)
    }
}
