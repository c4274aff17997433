//! Answers to points and refusals, through the public API, on the test edition.

use cchc_core::{Answer, Assessment, AssessmentData, Assessor, Decimal, Edition, Scorecard, Worth};
use cchc_tests::{load_files, read_toml_dir, tests_dir};
use std::collections::BTreeMap;

fn mini() -> Edition {
    load_files(&read_toml_dir(&tests_dir().join("editions/mini"))).unwrap()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn worth(edition: &Edition, code: &str, answer: Answer) -> String {
    let mut a = Assessment::new(edition, "so-a").unwrap();
    let assessor = match code {
        "2.1" | "3.1" => Assessor::Authority,
        "2.2" => Assessor::Survey,
        _ => Assessor::SelfAssessed,
    };
    match a.give(assessor, code, answer) {
        Ok(Worth::Points(p)) => p.to_string(),
        Ok(Worth::NotApplicable) => "n/a".into(),
        Err(e) => e.to_string(),
    }
}

fn rate(n: &str, den: &str) -> Answer {
    Answer::Rate {
        numerator: d(n),
        denominator: d(den),
    }
}

#[test]
fn every_method_turns_its_answer_into_exact_points() {
    let e = mini();
    let cases: Vec<(&str, Answer, &str)> = vec![
        ("1.1", Answer::YesNo { yes: true }, "2"),
        ("1.1", Answer::YesNo { yes: false }, "0"),
        ("1.1", Answer::NotApplicable, "n/a"),
        (
            "1.2",
            Answer::Choice {
                option: "kha".into(),
            },
            "1.5",
        ),
        (
            "1.3.1",
            Answer::Checklist {
                ticked: vec!["b".into()],
            },
            "0.75",
        ),
        ("1.3.1", Answer::Checklist { ticked: vec![] }, "0"),
        ("1.4", Answer::Count { count: 3 }, "1.5"),
        ("1.4", Answer::Count { count: 9 }, "2"),
        ("1.5", rate("10", "10"), "2"),
        ("1.5", rate("8", "10"), "1"),
        ("1.5", rate("7.99", "10"), "0"),
        ("1.5", rate("4", "5"), "1"),
        ("1.6", rate("2", "3"), "0.67"),
        ("1.6", rate("1", "8"), "0.13"),
        ("2.1", Answer::Points { points: d("3.25") }, "3.25"),
        (
            "2.2",
            Answer::Tally {
                tally: BTreeMap::from([("A".into(), 1), ("B".into(), 2)]),
            },
            "3.67",
        ),
        ("3.1", Answer::Count { count: 3 }, "1.5"),
        ("3.1", Answer::Count { count: 30 }, "2"),
    ];
    for (code, answer, expected) in cases {
        assert_eq!(
            worth(&e, code, answer.clone()),
            expected,
            "{code} {answer:?}"
        );
    }
}

#[test]
fn refusals_name_the_unit_the_criterion_the_method_and_the_limit() {
    let e = mini();
    let cases: Vec<(&str, Answer, &str)> = vec![
        (
            "9.9",
            Answer::YesNo { yes: true },
            "unknown-criterion: unit so-a, criterion 9.9: 9.9 is not a scored criterion of appendix I",
        ),
        (
            "1",
            Answer::YesNo { yes: true },
            "unknown-criterion: unit so-a, criterion 1: 1 is not a scored criterion of appendix I",
        ),
        (
            "1.1",
            Answer::Count { count: 1 },
            "wrong-answer-kind: unit so-a, criterion 1.1 (yes-no): a count answer does not fit a yes-no leaf; give a yes-no answer",
        ),
        (
            "1.2",
            Answer::Choice {
                option: "xuat-sac".into(),
            },
            "unknown-option: unit so-a, criterion 1.2 (options): unknown option \"xuat-sac\"; the options are tot, kha, khong",
        ),
        (
            "1.3.1",
            Answer::Checklist {
                ticked: vec!["z".into()],
            },
            "unknown-item: unit so-a, criterion 1.3.1 (checklist): unknown item \"z\"; the items are a, b",
        ),
        (
            "1.3.1",
            Answer::Checklist {
                ticked: vec!["a".into(), "a".into()],
            },
            "unknown-item: unit so-a, criterion 1.3.1 (checklist): item \"a\" is ticked twice",
        ),
        (
            "1.4",
            Answer::Count { count: -1 },
            "negative-value: unit so-a, criterion 1.4 (count): count -1 is negative",
        ),
        (
            "1.5",
            rate("1", "0"),
            "zero-denominator: unit so-a, criterion 1.5 (ratio-tiers): the denominator is 0; a rate needs something required",
        ),
        (
            "1.6",
            rate("5", "4"),
            "numerator-above-denominator: unit so-a, criterion 1.6 (proportional): numerator 5 is above denominator 4",
        ),
        (
            "1.6",
            rate("-1", "4"),
            "negative-value: unit so-a, criterion 1.6 (proportional): numerator -1 is negative",
        ),
        (
            "1.6",
            rate("1.005", "4"),
            "too-precise: unit so-a, criterion 1.6 (proportional): numerator 1.005 has more than two decimals",
        ),
        (
            "1.2",
            Answer::NotApplicable,
            "not-applicable-refused: unit so-a, criterion 1.2 (options): this criterion may not be answered \"not applicable\"",
        ),
        (
            "2.2",
            Answer::Tally {
                tally: BTreeMap::from([("A".into(), 0)]),
            },
            "no-respondents: unit so-a, criterion 2.2 (survey): the tally has no respondents",
        ),
        (
            "2.2",
            Answer::Tally {
                tally: BTreeMap::from([("E".into(), 3)]),
            },
            "unknown-option: unit so-a, criterion 2.2 (survey): unknown grade \"E\"; the grades are A, B, C, D",
        ),
        (
            "2.1",
            Answer::Points { points: d("5.25") },
            "above-max: unit so-a, criterion 2.1 (points): 5.25 points is above the max 5",
        ),
        (
            "2.1",
            Answer::Points { points: d("1.1") },
            "off-step: unit so-a, criterion 2.1 (points): 1.1 points is not a multiple of the step 0.25",
        ),
        (
            "2.1",
            Answer::Points { points: d("-0.25") },
            "negative-value: unit so-a, criterion 2.1 (points): points -0.25 is negative",
        ),
    ];
    for (code, answer, expected) in cases {
        assert_eq!(worth(&e, code, answer), expected, "{code}");
    }
}

#[test]
fn units_answer_only_what_they_assess() {
    let e = mini();
    let mut a = Assessment::new(&e, "so-a").unwrap();
    let err = a
        .answer(
            "2.2",
            Answer::Tally {
                tally: BTreeMap::from([("A".into(), 1)]),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not-self-assessed: unit so-a, criterion 2.2 (survey): this criterion is assessed by the survey, not by the unit"
    );
    assert_eq!(err.limit(), Some("survey"));
    let err = a
        .answer("2.1", Answer::Points { points: d("1") })
        .unwrap_err();
    assert_eq!(err.code(), "not-self-assessed");
    let err = a
        .give(Assessor::Authority, "1.1", Answer::YesNo { yes: true })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "wrong-assessor: unit so-a, criterion 1.1 (yes-no): this criterion is assessed by the unit itself"
    );
    let err = a.appraise("2.1", d("1")).unwrap_err();
    assert_eq!(err.code(), "wrong-assessor");
    let err = Assessment::new(&e, "so-z").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown-unit: unit so-z: unit \"so-z\" is not in edition mini-2018"
    );
    assert!(a.is_empty(), "refusals recorded nothing");
}

#[test]
fn appraisal_and_decisions_stay_within_the_applicable_max() {
    let e = mini();
    let mut a = Assessment::new(&e, "so-a").unwrap();
    a.answer(
        "1.2",
        Answer::Choice {
            option: "tot".into(),
        },
    )
    .unwrap();
    assert_eq!(a.appraise("1.2", d("1.50")).unwrap().to_string(), "1.5");
    let err = a.appraise("1.2", d("2.01")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "above-max: unit so-a, criterion 1.2 (options): 2.01 points is above the max 2"
    );
    assert_eq!(
        a.appraise("1.2", d("0.001")).unwrap_err().code(),
        "too-precise"
    );
    a.answer("1.1", Answer::NotApplicable).unwrap();
    let err = a.decide("1.1", d("1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "above-max: unit so-a, criterion 1.1 (yes-no): 1 points is above the max 0"
    );
    assert_eq!(a.data().appraisals.len(), 1);
    assert!(a.data().final_points.is_empty());
}

#[test]
fn the_rounding_rule_decides_the_xx5_boundary() {
    // 1.6 proportional, max 1: 1/8 = 0.125 exactly.
    for (rule, expected) in [("half-up", "0.13"), ("half-even", "0.12"), ("down", "0.12")] {
        let mut files = read_toml_dir(&tests_dir().join("editions/mini"));
        let text = files["edition.toml"]
            .replace("rounding = \"half-up\"", &format!("rounding = \"{rule}\""));
        files.insert("edition.toml".into(), text);
        let e = load_files(&files).unwrap();
        assert_eq!(worth(&e, "1.6", rate("1", "8")), expected, "{rule}");
    }
}

#[test]
fn an_empty_assessment_scores_zero_and_not_submitted() {
    let e = mini();
    let card = Assessment::new(&e, "so-b").unwrap().scorecard();
    assert!(!card.submitted);
    assert_eq!(
        [
            card.applicable_max,
            card.self_total,
            card.appraised_total,
            card.final_total,
            card.total
        ]
        .map(|d| d.to_string()),
        ["20", "0", "0", "0", "0"]
    );
    assert_eq!(card.index.to_string(), "0.00");
    assert_eq!(
        card.field("1").unwrap().sub_index.unwrap().to_string(),
        "0.00"
    );
    assert_eq!(card.node("2.2").unwrap().self_points, None);
    assert_eq!(card.node("2.2").unwrap().survey.unwrap().to_string(), "0");
}

/// The rows of a changes card: code, applicable max, self, appraised, answered, not applicable.
fn rows(card: &cchc_core::Scorecard) -> Vec<String> {
    let text = |d: Option<Decimal>| d.map_or("-".to_owned(), |d| d.to_string());
    card.nodes
        .iter()
        .map(|n| {
            format!(
                "{} {} {} {} {} {}",
                n.code,
                n.applicable_max,
                text(n.self_points),
                n.appraised,
                n.answered,
                n.not_applicable
            )
        })
        .collect()
}

#[test]
fn changes_since_hold_the_rows_an_edit_moved_and_the_whole_summary() {
    let e = mini();
    let mut a = Assessment::new(&e, "so-a").unwrap();
    let mut shown = Vec::new();
    let mut next = |a: &Assessment| {
        let card = a.compact_scorecard().unwrap();
        let changes = card.changes_since(&shown);
        shown = card.points().to_vec();
        changes
    };
    // Nothing shown yet: every row, as the scorecard has them.
    assert_eq!(next(&a), a.scorecard());
    // Nothing given since: no row, the summary whole.
    let same = next(&a);
    assert!(same.nodes.is_empty());
    assert_eq!(
        (same.total.to_string(), same.fields.len()),
        ("0".to_owned(), 3)
    );

    a.answer("1.1", Answer::YesNo { yes: true }).unwrap();
    let card = next(&a);
    assert_eq!(
        rows(&card),
        ["1 10 2 2 false false", "1.1 2 2 2 true false"]
    );
    let full = a.scorecard();
    assert_eq!(
        Scorecard {
            nodes: full.nodes.clone(),
            ..card.clone()
        },
        full,
        "all but the rows is the scorecard"
    );
    assert_eq!(
        (card.total.to_string(), card.index.to_string()),
        ("2".to_owned(), "10.00".to_owned())
    );

    // Not applicable: the leaf leaves the scale, and its parent's applicable max with it.
    a.answer("1.1", Answer::NotApplicable).unwrap();
    assert_eq!(
        rows(&next(&a)),
        ["1 8 0 0 false false", "1.1 0 0 0 true true"]
    );
    // The council's points move the appraised column only.
    a.answer(
        "1.2",
        Answer::Choice {
            option: "kha".into(),
        },
    )
    .unwrap();
    assert_eq!(
        rows(&next(&a)),
        ["1 8 1.5 1.5 false false", "1.2 2 1.5 1.5 true false"]
    );
    a.appraise("1.2", d("1")).unwrap();
    let card = next(&a);
    assert_eq!(
        rows(&card),
        ["1 8 1.5 1 false false", "1.2 2 1.5 1 true false"]
    );
    assert_eq!(
        (
            card.self_total.to_string(),
            card.appraised_total.to_string()
        ),
        ("1.5".to_owned(), "1".to_owned())
    );
    // The same answer again, and a clear of a leaf without inputs: nothing moved.
    a.answer("1.1", Answer::NotApplicable).unwrap();
    a.clear("1.3.1");
    assert!(next(&a).nodes.is_empty());
    // Points of another card's length (another set): every row.
    let card = a.compact_scorecard().unwrap();
    assert_eq!(card.changes_since(&shown[1..]), a.scorecard());
}

#[test]
fn assessments_round_trip_through_json() {
    let e = mini();
    let mut a = Assessment::new(&e, "so-a").unwrap();
    a.set_submitted(true);
    a.answer("1.6", rate("2", "3")).unwrap();
    a.give(
        Assessor::Survey,
        "2.2",
        Answer::Tally {
            tally: BTreeMap::from([("A".into(), 4)]),
        },
    )
    .unwrap();
    a.appraise("1.6", d("0.5")).unwrap();
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(
        json,
        r#"{"unit":"so-a","submitted":true,"answers":{"1.6":{"kind":"rate","numerator":"2","denominator":"3"}},"survey":{"2.2":{"kind":"tally","tally":{"A":4}}},"appraisals":{"1.6":"0.5"}}"#
    );
    let data: AssessmentData = serde_json::from_str(&json).unwrap();
    assert_eq!(&data, a.data());
    let back = Assessment::from_json(&e, &json).unwrap();
    assert_eq!(back, a);
    Assessment::from_data(&e, data).unwrap();
}

#[test]
fn huge_rates_are_scored_without_overflow() {
    // Amounts near the decimal's limit must not overflow (a panic would abort the WASM module).
    let edition = cchc_criteria::default_edition();
    let mut a = Assessment::new(&edition, "cuc-thue").unwrap();
    let big = d("79228162514264337593543950335");
    let rate = |numerator, denominator| Answer::Rate {
        numerator,
        denominator,
    };
    // 7.2.2 proportional, max 3; 1.1.3 ratio tiers: 100 % -> 2, 80 % -> 1.5.
    let worth = a.answer("7.2.2", rate(big, big)).unwrap();
    assert_eq!(worth, Worth::Points(d("3")));
    let worth = a.answer("1.1.3", rate(big, big)).unwrap();
    assert_eq!(worth, Worth::Points(d("2")));
    let four_fifths = (big / Decimal::from(5) * Decimal::from(4)).round_dp(0);
    let worth = a.answer("1.1.3", rate(four_fifths, big)).unwrap();
    assert_eq!(worth, Worth::Points(d("1.5")));
    assert_eq!(a.scorecard().total.to_string(), "4.5");
}

#[test]
fn a_rate_is_checked_for_signs_before_precision() {
    // Found by the Python differential test: the reference scorer (and docs/scoring.md §3's
    // order) checks both signs first, so a too precise numerator over a negative denominator is
    // a negative value.
    let edition = mini();
    let got = worth(&edition, "1.6", rate("0.005", "-1"));
    assert!(got.starts_with("negative-value:"), "{got}");
    let got = worth(&edition, "1.6", rate("-0.005", "1"));
    assert!(got.starts_with("negative-value:"), "{got}");
    let got = worth(&edition, "1.6", rate("0.005", "1.001"));
    assert!(got.starts_with("too-precise:"), "{got}");
}

#[test]
fn huge_tallies_are_scored_without_overflow() {
    let e = mini();
    let big = i64::MAX / 2;
    let tally = BTreeMap::from([("A".to_owned(), big), ("B".to_owned(), big)]);
    assert_eq!(worth(&e, "2.2", Answer::Tally { tally }), "4");
}

#[test]
fn editions_may_not_state_amounts_beyond_a_million() {
    let mut files = read_toml_dir(&tests_dir().join("editions/mini"));
    let text = files["appendix-1.toml"].replace(
        "per_item = 0.5\nstatus",
        "per_item = 79228162514264337593543950335\nstatus",
    );
    files.insert("appendix-1.toml".into(), text);
    let err = load_files(&files).unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            "appendix-1.toml:65 [1.4] above-max: per_item is 79228162514264337593543950335; no amount in an edition may exceed 1000000"
        ]
    );
}
