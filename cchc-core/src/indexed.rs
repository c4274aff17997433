//! A bound assessment's inputs with every leaf's points kept beside them, so that scoring is one
//! pass of integer additions.
//!
//! [`Indexed`] owns the [`AssessmentData`] (still the interchange value) and, per node of the
//! unit's criteria set, the [`NodePoints`] its inputs give: the leaf's points in hundredths at
//! every stage and its answered / not-applicable flags (parents are blank; scoring sums them).
//! The data can only change through the methods below, and each one re-scores the leaves it
//! touched with [`score_leaf`], the rule the from-scratch scorer applies: the index cannot fall
//! behind the data. Debug builds check it against a from-scratch scoring every time a card is
//! made ([`Indexed::score`]).

use crate::answer::{Answer, Worth};
use crate::assessment::{AssessmentData, find_unit};
use crate::criteria::{Assessor, CriteriaSet};
use crate::edition::Edition;
use crate::error::Error;
use crate::scorecard::{
    CompactScorecard, Given, LeafInputs, NodePoints, leaf_points, points_from, score_leaf, total,
};
use crate::unit::Unit;
use rust_decimal::Decimal;

/// One unit's inputs and the points of every node they give.
#[derive(Clone)]
pub(crate) struct Indexed {
    data: AssessmentData,
    /// The unit's position in the edition's unit list.
    unit: usize,
    /// The position of the unit's criteria set in the edition's sets.
    set: usize,
    /// Per node of the set: a leaf's points from its inputs; parents blank.
    points: Vec<NodePoints>,
}

impl Indexed {
    /// Indexes inputs already checked (an input that does not fit scores 0, as in
    /// [`crate::scorecard::score_compact`]); "unknown-unit" for a unit the edition lacks.
    pub(crate) fn new(edition: &Edition, data: AssessmentData) -> Result<Indexed, Error> {
        let (unit, set) = find_unit(edition, &data.unit)?;
        let points = leaf_points(edition, set, &data);
        Ok(Indexed::with(edition, data, unit, set, points))
    }

    /// Checks every input (the first refusal is returned, as [`AssessmentData::check`] does)
    /// and indexes them in the same pass: each answer's worth is computed once.
    pub(crate) fn check(edition: &Edition, data: AssessmentData) -> Result<Indexed, Error> {
        let (unit, set) = find_unit(edition, &data.unit)?;
        let mut answers: Vec<Option<Given>> = vec![None; set.nodes().len()];
        data.check(edition, |code, worth| {
            if let Some(slot) = set.index_of(code).and_then(|i| answers.get_mut(i)) {
                *slot = Some(Given::from_worth(worth, edition.rounding()));
            }
        })?;
        let points = points_from(edition, set, &data, answers);
        Ok(Indexed::with(edition, data, unit, set, points))
    }

    fn with(
        edition: &Edition,
        data: AssessmentData,
        unit: &Unit,
        set: &CriteriaSet,
        points: Vec<NodePoints>,
    ) -> Indexed {
        Indexed {
            unit: position(edition.units(), unit),
            set: position(edition.criteria_sets(), set),
            points,
            data,
        }
    }

    /// The inputs.
    pub(crate) fn data(&self) -> &AssessmentData {
        &self.data
    }

    /// The inputs, letting go of the index.
    pub(crate) fn into_data(self) -> AssessmentData {
        self.data
    }

    /// The unit's position in [`Edition::units`].
    pub(crate) fn unit_position(&self) -> usize {
        self.unit
    }

    fn unit_and_set<'e>(&self, edition: &'e Edition) -> Option<(&'e Unit, &'e CriteriaSet)> {
        Some((
            edition.units().get(self.unit)?,
            edition.criteria_sets().get(self.set)?,
        ))
    }

    /// The compact scorecard from the index: one copy of the points and one pass summing them.
    pub(crate) fn score<'e>(&self, edition: &'e Edition) -> Result<CompactScorecard<'e>, Error> {
        debug_assert!(
            self.is_fresh(edition),
            "the index of {} fell behind its inputs",
            self.data.unit
        );
        match self.unit_and_set(edition) {
            Some((unit, set)) => Ok(total(
                edition,
                unit,
                set,
                self.data.submitted,
                self.points.clone(),
            )),
            // Never for an index made against this edition.
            None => crate::scorecard::score_compact(edition, &self.data),
        }
    }

    /// Whether the index equals a from-scratch scoring of the inputs.
    pub(crate) fn is_fresh(&self, edition: &Edition) -> bool {
        self.unit_and_set(edition)
            .is_some_and(|(_, set)| self.points == leaf_points(edition, set, &self.data))
    }

    /// Re-scores the leaf with this code from its inputs (nothing for a code that is not a leaf
    /// of the set: inputs there never count). `given` is what its answer counts for when the
    /// caller just checked it; otherwise the answer is read from the inputs.
    fn refresh(&mut self, edition: &Edition, code: &str, given: Option<Given>) {
        let Some(set) = edition.criteria_sets().get(self.set) else {
            return;
        };
        let Some((i, node)) = set.index_of(code).map(|i| (i, &set.nodes()[i])) else {
            return;
        };
        let Some(leaf) = node.leaf() else {
            return;
        };
        let d = &self.data;
        let answer = given.or_else(|| {
            let answer = d.channel(leaf.assessed_by).get(code)?;
            Some(Given::of(edition, &d.unit, node, leaf, answer))
        });
        let inputs = LeafInputs {
            answer,
            appraisal: d.appraisals.get(code),
            final_points: d.final_points.get(code),
        };
        if let Some(slot) = self.points.get_mut(i) {
            *slot = score_leaf(edition.rounding(), node, &inputs);
        }
    }

    /// Marks the self-assessment submitted (or not).
    pub(crate) fn set_submitted(&mut self, submitted: bool) {
        self.data.submitted = submitted;
    }

    /// Records an answer after checking it (a refusal changes nothing).
    pub(crate) fn give(
        &mut self,
        edition: &Edition,
        assessor: Assessor,
        code: &str,
        answer: Answer,
    ) -> Result<Worth, Error> {
        let worth = self.data.give(edition, assessor, code, answer)?;
        let given = Given::from_worth(worth, edition.rounding());
        self.refresh(edition, code, Some(given));
        Ok(worth)
    }

    /// Records the council's points after checking them.
    pub(crate) fn appraise(
        &mut self,
        edition: &Edition,
        code: &str,
        points: Decimal,
    ) -> Result<Decimal, Error> {
        let points = self.data.appraise(edition, code, points)?;
        self.refresh(edition, code, None);
        Ok(points)
    }

    /// Records the explanation round's points after checking them.
    pub(crate) fn decide(
        &mut self,
        edition: &Edition,
        code: &str,
        points: Decimal,
    ) -> Result<Decimal, Error> {
        let points = self.data.decide(edition, code, points)?;
        self.refresh(edition, code, None);
        Ok(points)
    }

    /// Removes every input on one leaf; whether anything was removed.
    pub(crate) fn clear(&mut self, edition: &Edition, code: &str) -> bool {
        let d = &mut self.data;
        let removed = [
            d.answers.remove(code).is_some(),
            d.authority.remove(code).is_some(),
            d.survey.remove(code).is_some(),
            d.appraisals.remove(code).is_some(),
            d.final_points.remove(code).is_some(),
        ];
        self.refresh(edition, code, None);
        removed.contains(&true)
    }

    /// Removes every input, keeping the unit (and the submission flag's default: not submitted).
    pub(crate) fn clear_all(&mut self, edition: &Edition) {
        self.data = AssessmentData {
            unit: std::mem::take(&mut self.data.unit),
            ..AssessmentData::default()
        };
        if let Some(set) = edition.criteria_sets().get(self.set) {
            self.points = leaf_points(edition, set, &self.data);
        }
    }
}

/// The position of `item` in `items`, found by address (it was borrowed from there).
fn position<T>(items: &[T], item: &T) -> usize {
    items
        .iter()
        .position(|x| std::ptr::eq(x, item))
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    //! The index against a from-scratch scoring, after every step of long random sequences of
    //! edits (most of them refused) on the test edition and on the embedded 2018 edition, both
    //! read from their TOML files.
    use super::*;
    use crate::assessment::Assessment;
    use crate::method::Method;
    use crate::scorecard::score_compact;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn load(dir: &str) -> Edition {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                let name = path.file_name()?.to_str()?.to_owned();
                let text = std::fs::read_to_string(&path).ok()?;
                name.ends_with(".toml").then_some((name, text))
            })
            .collect();
        files.sort_by_key(|(n, _)| (n != "edition.toml", n != "units.toml", n.clone()));
        let pairs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Edition::from_toml_files(&pairs).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
    }

    /// SplitMix64, as in the synthetic module (which is behind a feature).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }
        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len() as u64) as usize]
        }
        /// Points from 0 to 6.35 in steps of 0.05, sometimes negative or too precise.
        fn decimal(&mut self) -> Decimal {
            match self.below(40) {
                0 => Decimal::new(-25, 2),
                1 => Decimal::new(125, 3),
                _ => Decimal::new(self.below(128) as i64 * 5, 2),
            }
        }
    }

    /// An answer: mostly one that fits the leaf's method, else any kind with any values.
    fn answer(rng: &mut Rng, method: &Method, max: Decimal) -> Answer {
        if rng.below(3) > 0 {
            return match method {
                Method::YesNo => Answer::YesNo {
                    yes: rng.below(2) == 0,
                },
                Method::Options { options } => Answer::Choice {
                    option: rng.pick(options).id.to_string(),
                },
                Method::Survey { options } => Answer::Tally {
                    tally: options
                        .iter()
                        .map(|o| (o.id.to_string(), rng.below(9) as i64))
                        .collect(),
                },
                Method::Checklist { items } => Answer::Checklist {
                    ticked: items
                        .iter()
                        .filter(|_| rng.below(2) == 0)
                        .map(|i| i.id.to_string())
                        .collect(),
                },
                Method::Count { .. } | Method::Deduction { .. } => Answer::Count {
                    count: rng.below(12) as i64,
                },
                Method::RatioTiers { .. } | Method::Proportional => {
                    let den = rng.below(30) + 1;
                    Answer::Rate {
                        numerator: Decimal::from(rng.below(den + 1)),
                        denominator: Decimal::from(den),
                    }
                }
                Method::Points { step } => Answer::Points {
                    points: (*step * Decimal::from(rng.below(12))).min(max),
                },
            };
        }
        match rng.below(8) {
            0 => Answer::YesNo { yes: true },
            1 => Answer::Choice {
                option: "tot".into(),
            },
            2 => Answer::Checklist {
                ticked: vec!["a".into(), "a".into()],
            },
            3 => Answer::Count {
                count: rng.below(4) as i64 - 1,
            },
            4 => Answer::Rate {
                numerator: rng.decimal(),
                denominator: rng.decimal(),
            },
            5 => Answer::Points {
                points: rng.decimal(),
            },
            6 => Answer::Tally {
                tally: BTreeMap::from([("A".to_owned(), rng.below(3) as i64 - 1)]),
            },
            _ => Answer::NotApplicable,
        }
    }

    fn check(a: &Assessment) {
        let edition = a.edition();
        assert!(a.indexed().is_fresh(edition), "{:?}", a.data());
        let fresh = score_compact(edition, a.data()).unwrap();
        let card = a.compact_scorecard().unwrap();
        assert_eq!(card.points(), fresh.points(), "{:?}", a.data());
        assert_eq!(card, fresh);
        assert_eq!(a.scorecard(), fresh.to_scorecard());
    }

    /// One random edit; a refused one must leave the data and the index as they were.
    fn edit(rng: &mut Rng, a: &mut Assessment, codes: &[String]) -> bool {
        let edition = a.edition().clone();
        let set = edition.criteria_of(a.unit()).unwrap();
        let code = rng.pick(codes).clone();
        let before = (a.data().clone(), a.indexed().points.clone());
        let assessors = [
            Assessor::SelfAssessed,
            Assessor::Authority,
            Assessor::Survey,
        ];
        let refused = match rng.below(20) {
            0..=7 => {
                let node = set.node(&code);
                let answer = match node.and_then(|n| n.leaf().map(|l| (n, l))) {
                    Some((_, l)) if rng.below(8) == 0 && l.not_applicable => Answer::NotApplicable,
                    Some((n, l)) => answer(rng, &l.method, n.max()),
                    None => Answer::YesNo { yes: true },
                };
                let assessor = match node.and_then(|n| n.leaf()) {
                    Some(l) if rng.below(6) > 0 => l.assessed_by,
                    _ => *rng.pick(&assessors),
                };
                a.give(assessor, &code, answer).is_err()
            }
            8..=10 => a.appraise(&code, rng.decimal()).is_err(),
            11..=12 => a.decide(&code, rng.decimal()).is_err(),
            13..=15 => {
                a.clear(&code);
                false
            }
            16 => {
                let results = a.give_many(vec![crate::assessment::Given {
                    assessor: *rng.pick(&assessors),
                    code: code.clone(),
                    answer: Answer::Count { count: 1 },
                }]);
                results[0].is_err()
            }
            17 => {
                a.set_submitted(rng.below(2) == 0);
                false
            }
            18 if rng.below(10) == 0 => {
                a.clear_all();
                false
            }
            _ => {
                a.clear(&code);
                false
            }
        };
        if refused {
            assert_eq!((a.data(), &a.indexed().points), (&before.0, &before.1));
        }
        check(a);
        !refused
    }

    fn run(edition: &Edition, sequences: u64, steps: usize) {
        let mut rng = Rng(2018);
        let (mut checked_ok, mut accepted) = (0, 0);
        for n in 0..sequences {
            let unit = &edition.units()[n as usize % edition.units().len()];
            let set = edition.criteria_for(unit).unwrap();
            let mut codes: Vec<String> = set.nodes().iter().map(|n| n.code().to_owned()).collect();
            codes.push("9.9".into());
            let mut a = Assessment::new(edition, unit.id()).unwrap();
            check(&a);
            for _ in 0..steps {
                accepted += usize::from(edit(&mut rng, &mut a, &codes));
            }
            // Binding the same inputs anew indexes them from scratch: the same index.
            let again = Indexed::new(edition, a.data().clone()).unwrap();
            assert_eq!(again.points, a.indexed().points);
            // So does checking them (when they still pass as a whole: an appraisal may predate
            // a later "not applicable").
            if let Ok(checked) = Indexed::check(edition, a.data().clone()) {
                assert_eq!(checked.points, a.indexed().points);
                checked_ok += 1;
            }
        }
        // Not vacuous: many edits are accepted, and many sequences end in consistent inputs.
        let total = sequences as usize * steps;
        eprintln!("{accepted} of {total} edits accepted; {checked_ok} of {sequences} pass check");
        assert!(accepted * 3 > total, "{accepted} of {total}");
        assert!(checked_ok * 5 > sequences, "{checked_ok} of {sequences}");
    }

    #[test]
    fn the_index_follows_every_edit_on_the_test_edition() {
        run(&load("tests/editions/mini"), 300, 80);
    }

    #[test]
    fn the_index_follows_every_edit_on_the_embedded_edition() {
        run(&load("criteria/soc-trang-2018"), 94, 300);
    }

    #[test]
    fn a_unit_the_edition_lacks_is_refused() {
        let edition = load("tests/editions/mini");
        let data = AssessmentData {
            unit: "so-z".into(),
            ..AssessmentData::default()
        };
        let err = Indexed::new(&edition, data).err().map(|e| e.code());
        assert_eq!(err, Some("unknown-unit"));
    }
}
