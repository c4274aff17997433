//! Property tests of the round's record: random command sequences (most of them refused) on the
//! test edition never break the invariants.
//!
//! - a refused command changes nothing (events and state are as before);
//! - every node's points at every stage lie within [0, applicable max], and applicable max
//!   within [0, max];
//! - totals equal the sums of the scored fields, the total is final − deductions floored at 0,
//!   and the index lies within [0, 100];
//! - replaying the log gives the same record, and so does its JSON;
//! - random edits of a bound assessment: a refused edit changes nothing (its scorecard
//!   included), and the scorecard kept up to date edit by edit equals the one of the same
//!   inputs bound anew (checked and indexed from scratch) whenever they pass as a whole.

use cchc_core::{Assessment, Decimal, Edition, RoundRecord, Scorecard, Section, parse_instant};
use cchc_tests::ops::{Edit, decode, decode_edits};
use cchc_tests::{load_files, read_toml_dir, tests_dir};
use proptest::prelude::*;
use std::sync::OnceLock;

fn mini() -> &'static Edition {
    static MINI: OnceLock<Edition> = OnceLock::new();
    MINI.get_or_init(|| load_files(&read_toml_dir(&tests_dir().join("editions/mini"))).unwrap())
}

fn check_card(card: &Scorecard) -> Result<(), TestCaseError> {
    let zero = Decimal::ZERO;
    for n in &card.nodes {
        prop_assert!(
            zero <= n.applicable_max && n.applicable_max <= n.max,
            "{n:?}"
        );
        for v in [
            Some(n.appraised),
            Some(n.final_points),
            n.self_points,
            n.survey,
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(
                zero <= v && v <= n.applicable_max,
                "{} {v} not in [0, {}]",
                n.code,
                n.applicable_max
            );
        }
    }
    let scored = card.fields.iter().filter(|f| f.section == Section::Scored);
    let sum = |f: fn(&cchc_core::FieldScore) -> Decimal| scored.clone().map(f).sum::<Decimal>();
    prop_assert_eq!(card.self_total, sum(|f| f.self_points));
    prop_assert_eq!(card.appraised_total, sum(|f| f.appraised));
    prop_assert_eq!(card.final_total, sum(|f| f.final_points));
    prop_assert_eq!(card.applicable_max, sum(|f| f.applicable_max));
    prop_assert_eq!(card.total, (card.final_total - card.deductions).max(zero));
    prop_assert!(zero <= card.index && card.index <= Decimal::ONE_HUNDRED);
    Ok(())
}

/// How many cases each property runs: `PROPTEST_CASES` when set, else 256.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    // 256 cases in CI; a long run sets PROPTEST_CASES (fuzz/README.md, "Long runs").
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_the_invariants(data in proptest::collection::vec(any::<u8>(), 0..1200)) {
        let e = mini();
        let start = parse_instant("2018-12-16T00:00:00+07:00").unwrap();
        let (mut at, ops) = decode(&data, start);
        let mut record = RoundRecord::new(e);
        for op in ops {
            at += chrono::Duration::minutes(op.minutes);
            let before = record.clone();
            if record.execute(&op.actor, at, op.command.clone()).is_err() {
                prop_assert_eq!(&record, &before, "a refused command changed the record");
            }
        }
        for unit in e.units() {
            check_card(&record.scorecard(unit.id()))?;
            check_card(&record.trial_scorecard(unit.id()))?;
        }
        let replayed = RoundRecord::replay(e, record.events().to_vec()).unwrap();
        prop_assert_eq!(&replayed, &record);
        let parsed = RoundRecord::from_json(e, &record.to_json()).unwrap();
        prop_assert_eq!(&parsed, &record);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn edits_keep_the_scorecard_equal_to_scoring_the_inputs_anew(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        let e = mini();
        let mut a = Assessment::new(e, "so-a").unwrap();
        for edit in decode_edits(&data) {
            let before = a.clone();
            let refused = match edit {
                Edit::Give(assessor, code, answer) => a.give(assessor, &code, answer).is_err(),
                Edit::Appraise(code, points) => a.appraise(&code, points).is_err(),
                Edit::Decide(code, points) => a.decide(&code, points).is_err(),
                Edit::Clear(code) => !a.clear(&code),
                Edit::ClearAll => {
                    a.clear_all();
                    false
                }
                Edit::Submitted(submitted) => {
                    a.set_submitted(submitted);
                    false
                }
            };
            let card = a.scorecard();
            if refused {
                prop_assert_eq!(&a, &before, "a refused edit changed the inputs");
                prop_assert_eq!(&card, &before.scorecard(), "a refused edit changed the scorecard");
            }
            check_card(&card)?;
            if let Ok(again) = Assessment::from_data(e, a.data().clone()) {
                prop_assert_eq!(&again.scorecard(), &card);
                prop_assert_eq!(again.compact_scorecard().unwrap(), a.compact_scorecard().unwrap());
            }
        }
    }
}

#[test]
fn the_generator_gets_every_kind_of_command_accepted() {
    // Guards against a decoder whose programs are all refused (which would make the property
    // above vacuous): over many random programs, every kind of command is accepted somewhere.
    let e = mini();
    let start = parse_instant("2018-12-16T00:00:00+07:00").unwrap();
    let mut rng = cchc_tests::SplitMix64::new(7);
    let mut accepted = std::collections::BTreeSet::new();
    for _ in 0..600 {
        let data: Vec<u8> = (0..1200).map(|_| rng.next_u64() as u8).collect();
        let (mut at, ops) = decode(&data, start);
        let mut record = RoundRecord::new(e);
        for op in ops {
            at += chrono::Duration::minutes(op.minutes);
            if record.execute(&op.actor, at, op.command.clone()).is_ok() {
                accepted.insert(op.command.name());
            }
        }
    }
    assert_eq!(accepted.len(), 13, "only {accepted:?} were ever accepted");
}
