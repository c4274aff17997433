//! The shared golden cases (`tests/golden/*.json`, format in docs/scoring.md §8), run through the
//! Rust core. The Python and Node suites run the same files and must print the same digits.

use cchc_core::{Answer, Assessment, Assessor, Decimal, Edition, Named, Round};
use cchc_tests::{apply_assessment, compare_subset, golden_edition, tests_dir};
use serde_json::{Map, Value, json};
use std::fs;

fn decimal(v: &Value) -> Decimal {
    let text = v
        .as_str()
        .unwrap_or_else(|| panic!("{v} must be a decimal string"));
    Decimal::from_str_exact(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Plays one golden case's assessments into a round, failing on any refused input.
fn play(edition: &Edition, case: &Value) -> Round {
    let mut round = Round::new(edition);
    for a in case["assessments"].as_array().into_iter().flatten() {
        let refused = apply_assessment(&mut round, a);
        assert!(
            refused.is_empty(),
            "inputs of an assessment were refused: {refused:?}"
        );
    }
    round
}

/// The refusal a golden case expects: an `answer` at a `stage` (answers, authority, survey), or
/// points as an appraisal or final decision; checked against the unit's state in the round, and
/// required to change nothing.
fn refusal_code(edition: &Edition, round: &Round, r: &Value) -> String {
    let unit = r["unit"].as_str().expect("unit");
    let code = r["code"].as_str().expect("code");
    let mut assessment = match round.get(unit) {
        Some(a) => a.clone(),
        None => match Assessment::new(edition, unit) {
            Ok(a) => a,
            Err(e) => return e.code().to_owned(),
        },
    };
    let before = assessment.clone();
    let result = match r["stage"].as_str().unwrap_or("answers") {
        "appraisals" => assessment.appraise(code, decimal(&r["answer"])).map(|_| ()),
        "final" => assessment.decide(code, decimal(&r["answer"])).map(|_| ()),
        stage => {
            let assessor = match stage {
                "answers" => Assessor::SelfAssessed,
                "authority" => Assessor::Authority,
                "survey" => Assessor::Survey,
                other => panic!("unknown stage {other}"),
            };
            let answer: Answer = match serde_json::from_value(r["answer"].clone()) {
                Ok(a) => a,
                Err(e) => return format!("unparsable answer: {e}"),
            };
            assessment.give(assessor, code, answer).map(|_| ())
        }
    };
    assert_eq!(assessment, before, "a refused input changed the assessment");
    match result {
        Ok(()) => "(accepted)".to_owned(),
        Err(e) => e.code().to_owned(),
    }
}

fn by_code(items: &Value) -> Value {
    let mut map = Map::new();
    for item in items.as_array().into_iter().flatten() {
        map.insert(
            item["code"].as_str().unwrap_or_default().to_owned(),
            item.clone(),
        );
    }
    Value::Object(map)
}

/// Runs one case; returns the differences found.
pub fn run_case(case: &Value) -> Vec<String> {
    let edition = golden_edition(case["edition"].as_str().expect("edition"));
    let round = play(&edition, case);
    let cards = round.scorecards();
    let mut diffs = Vec::new();
    let expected = &case["expected"];
    for (unit, exp) in expected["scorecards"].as_object().into_iter().flatten() {
        let Some(card) = cards.iter().find(|c| &c.unit == unit) else {
            diffs.push(format!("no scorecard for {unit}"));
            continue;
        };
        let mut actual = serde_json::to_value(card).expect("scorecard json");
        actual["fields"] = by_code(&actual["fields"]);
        actual["nodes"] = by_code(&actual["nodes"]);
        compare_subset(&format!("scorecards.{unit}"), exp, &actual, &mut diffs);
    }
    let results = edition.rank(&cards);
    let mut actual_results = Map::new();
    let mut actual_summaries = Map::new();
    for g in &results.groups {
        let placements: Vec<Value> = g
            .ranking
            .iter()
            .map(|p| json!({"unit": p.unit, "rank": p.rank, "index": p.index.to_string(), "band": p.band}))
            .collect();
        actual_results.insert(g.group.as_str().to_owned(), Value::Array(placements));
        let bands: Map<String, Value> = g
            .summary
            .bands
            .iter()
            .map(|b| (b.band.clone(), json!(b.count)))
            .collect();
        let s = &g.summary;
        let text = |d: Option<Decimal>| d.map_or(Value::Null, |d| json!(d.to_string()));
        actual_summaries.insert(
            g.group.as_str().to_owned(),
            json!({"count": s.count, "bands": bands, "mean": text(s.mean), "median": text(s.median), "min": text(s.min), "max": text(s.max)}),
        );
    }
    if !expected["results"].is_null() {
        compare_subset(
            "results",
            &expected["results"],
            &Value::Object(actual_results),
            &mut diffs,
        );
    }
    if !expected["summaries"].is_null() {
        compare_subset(
            "summaries",
            &expected["summaries"],
            &Value::Object(actual_summaries),
            &mut diffs,
        );
    }
    for (i, r) in case["refusals"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let got = refusal_code(&edition, &round, r);
        let want = r["error"].as_str().unwrap_or_default();
        if got != want {
            diffs.push(format!(
                "refusals[{i}] ({} {}): expected {want}, got {got}",
                r["unit"], r["code"]
            ));
        }
    }
    diffs
}

#[test]
fn every_golden_case_gives_the_expected_digits() {
    let dir = tests_dir().join("golden");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/golden")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "only {} golden cases", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("golden file");
        let case: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let diffs = run_case(&case);
        if !diffs.is_empty() {
            failures.push(format!("{}:\n  {}", file.display(), diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
