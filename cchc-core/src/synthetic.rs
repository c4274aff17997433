//! Deterministic synthetic assessments, for demonstrations, benchmarks and differential tests.

use crate::answer::Answer;
use crate::assessment::{Assessment, AssessmentData};
use crate::criteria::Assessor;
use crate::edition::Edition;
use crate::error::Error;
use crate::method::Method;
use crate::round::Round;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A small deterministic generator (SplitMix64): the same seed gives the same answers on every
/// platform and in every binding.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }
    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when n is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    /// True with probability `percent` / 100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn seed_for(unit: &str, seed: u64) -> u64 {
    // FNV-1a of the unit id, mixed with the seed: stable across platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in unit.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A plausible answer for a leaf's method from a unit whose diligence is `q` % (how often it
/// meets a requirement in full).
fn answer_for(method: &Method, max: Decimal, q: u64, rng: &mut SplitMix64) -> Answer {
    match method {
        Method::YesNo => Answer::YesNo { yes: rng.chance(q) },
        Method::Options { options } => {
            let i = if rng.chance(q) {
                0
            } else {
                rng.below(options.len() as u64) as usize
            };
            Answer::Choice {
                option: options.get(i).map(|o| o.id.to_string()).unwrap_or_default(),
            }
        }
        Method::Checklist { items } => Answer::Checklist {
            ticked: items
                .iter()
                .filter(|_| rng.chance(q))
                .map(|i| i.id.to_string())
                .collect(),
        },
        Method::Count { per_item, cap } => {
            let limit = cap.unwrap_or(max);
            let most = if per_item.is_zero() {
                0
            } else {
                (limit / per_item).trunc().try_into().unwrap_or(0u64)
            };
            Answer::Count {
                count: rng.below(most + 2) as i64,
            }
        }
        Method::Deduction { .. } => Answer::Count {
            count: if rng.chance(q) {
                0
            } else {
                rng.below(3) as i64
            },
        },
        Method::RatioTiers { .. } | Method::Proportional => {
            let denominator = rng.below(50) + 1;
            let numerator = if rng.chance(q) {
                denominator
            } else {
                denominator - rng.below(denominator / 2 + 1)
            };
            Answer::Rate {
                numerator: Decimal::from(numerator),
                denominator: Decimal::from(denominator),
            }
        }
        Method::Points { step } => {
            let steps: u64 = if step.is_zero() {
                0
            } else {
                (max / step).trunc().try_into().unwrap_or(0)
            };
            let given = if rng.chance(q) {
                steps
            } else {
                rng.below(steps + 1)
            };
            Answer::Points {
                points: *step * Decimal::from(given),
            }
        }
        Method::Survey { options } => Answer::Tally {
            tally: options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let weight = if i == 0 { q } else { 100 - q / 2 };
                    (o.id.clone(), rng.below(weight) as i64)
                })
                .chain(std::iter::once((
                    options.first().map(|o| o.id.clone()).unwrap_or_default(),
                    1,
                )))
                .fold(BTreeMap::new(), |mut m, (k, v)| {
                    *m.entry(k.to_string()).or_insert(0) += v;
                    m
                }),
        },
    }
}

impl Assessment {
    /// A deterministic, fully valid assessment of one unit: answers on every leaf from the right
    /// assessor, a few "not applicable" where allowed, appraisals that lower about a quarter of
    /// the self-scores, and a few explanation-round decisions. The same `(unit, seed)` always
    /// gives the same assessment. (Cargo feature `synthetic`.)
    ///
    /// ```
    /// use cchc_core::Assessment;
    /// let edition = cchc_criteria::default_edition();
    /// let a = Assessment::synthetic(&edition, "so-y-te", 2018).unwrap();
    /// assert_eq!(a, Assessment::synthetic(&edition, "so-y-te", 2018).unwrap());
    /// assert!(!a.is_empty());
    /// ```
    pub fn synthetic(edition: &Edition, unit: &str, seed: u64) -> Result<Assessment, Error> {
        let mut data = AssessmentData {
            unit: Assessment::new(edition, unit)?.unit().to_owned(),
            ..AssessmentData::default()
        };
        fill(edition, &mut data, seed)?;
        Assessment::checked(edition, data)
    }
}

impl Round {
    /// A deterministic round with a synthetic assessment of every unit of the edition (see
    /// [`Assessment::synthetic`]). (Cargo feature `synthetic`.)
    ///
    /// ```
    /// let edition = cchc_criteria::default_edition();
    /// let round = cchc_core::Round::synthetic(&edition, 2018);
    /// assert_eq!(round.len(), 47);
    /// ```
    pub fn synthetic(edition: &Edition, seed: u64) -> Round {
        let mut round = Round::new(edition);
        for unit in edition.units() {
            if let Ok(a) = Assessment::synthetic(edition, unit.id(), seed) {
                round.put_assessment(a);
            }
        }
        round
    }
}

fn fill(edition: &Edition, assessment: &mut AssessmentData, seed: u64) -> Result<(), Error> {
    let unit = assessment.unit.clone();
    let mut rng = SplitMix64::new(seed_for(&unit, seed));
    let set = edition.criteria_of(&unit)?;
    assessment.submitted = rng.chance(90);
    let q = 55 + rng.below(45);
    for (node, leaf) in set.leaves() {
        let code = node.code();
        let assessor = leaf.assessed_by;
        if leaf.not_applicable && rng.chance(10) {
            assessment.give(edition, assessor, code, Answer::NotApplicable)?;
            continue;
        }
        if rng.chance(5) {
            continue; // left unanswered
        }
        let answer = answer_for(&leaf.method, node.max(), q, &mut rng);
        let worth = assessment.give(edition, assessor, code, answer)?;
        if assessor == Assessor::SelfAssessed && rng.chance(15) {
            if let crate::answer::Worth::Points(points) = worth {
                let lowered = (points * Decimal::new(75, 2)).round_dp(2);
                assessment.appraise(edition, code, lowered)?;
                if rng.chance(30) {
                    assessment.decide(edition, code, points)?;
                }
            }
        }
    }
    Ok(())
}
