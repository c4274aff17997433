//! The shared corpus of bad inputs (`tests/refusals/*.json`), run through the Rust API. The same
//! files run in pytest (tests/python/test_refusals.py) and Node (tests/js/refusals.test.mjs); all
//! three compare the whole error value, so every binding answers the same bad input the same way.

use cchc_core::{
    Actor, Answer, Appendix, Assessment, AssessmentData, Assessor, Command, Edition, Error, Group,
    Role, RoundRecord, Rounding, parse_decimal, parse_instant, parse_name,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn from_value<T: DeserializeOwned>(what: &str, value: &Value) -> Result<T, Error> {
    serde_json::from_value(value.clone()).map_err(|e| Error::invalid_shape(what, e))
}

fn text<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("case key {key:?} must be a string"))
}

/// A decimal as a binding receives it: text is parsed, a number is refused.
fn decimal(what: &str, value: &Value) -> Result<cchc_core::Decimal, Error> {
    match value {
        Value::String(s) => parse_decimal(what, s),
        other => Err(Error::not_a_decimal(what, &other.to_string())),
    }
}

fn edition(case: &Value) -> Edition {
    match case["edition"].as_str().unwrap_or("default") {
        "default" => cchc_criteria::default_edition(),
        spec => cchc_tests::golden_edition(spec),
    }
}

fn record(edition: &Edition, case: &Value) -> Result<RoundRecord, Error> {
    let mut record = RoundRecord::new(edition);
    for step in case["setup"].as_array().into_iter().flatten() {
        let actor: Actor = from_value("actor", &step["actor"]).expect("setup actor");
        let at = parse_instant(text(step, "at")).expect("setup instant");
        let command: Command = from_value("command", &step["command"]).expect("setup command");
        record
            .execute(&actor, at, command)
            .unwrap_or_else(|e| panic!("setup step refused: {e}"));
    }
    Ok(record)
}

/// Runs the case's operation, which must fail.
fn run(case: &Value) -> Result<(), Error> {
    let op = text(case, "op");
    match op {
        "answer" => {
            let edition = edition(case);
            let mut a = Assessment::new(&edition, text(case, "unit"))?;
            let assessor: Assessor = parse_name(case["assessor"].as_str().unwrap_or("self"))?;
            let answer: Answer = from_value("answer", &case["answer"])?;
            a.give(assessor, text(case, "code"), answer).map(drop)
        }
        "appraise" | "decide" => {
            let edition = edition(case);
            let mut a = Assessment::new(&edition, text(case, "unit"))?;
            for given in case["answers"].as_array().into_iter().flatten() {
                let given: cchc_core::Given = from_value("given", given).expect("setup answer");
                a.give(given.assessor, &given.code, given.answer)
                    .expect("setup answer accepted");
            }
            let points = decimal("points", &case["points"])?;
            if op == "appraise" {
                a.appraise(text(case, "code"), points).map(drop)
            } else {
                a.decide(text(case, "code"), points).map(drop)
            }
        }
        "command" => {
            let edition = edition(case);
            let mut record = record(&edition, case)?;
            let actor: Actor = from_value("actor", &case["actor"])?;
            let at = parse_instant(text(case, "at"))?;
            let command: Command = from_value("command", &case["command"])?;
            record.execute(&actor, at, command).map(drop)
        }
        "edition-toml" => {
            // Each folder's files replace the earlier ones of the same name.
            let mut files = std::collections::BTreeMap::new();
            for dir in case["dirs"].as_array().expect("dirs") {
                let dir = cchc_tests::tests_dir().join(dir.as_str().expect("dir"));
                files.extend(cchc_tests::read_toml_dir(&dir));
            }
            cchc_tests::load_files(&files).map(drop)
        }
        "edition-json" => Edition::from_json(text(case, "text")).map(drop),
        "record-log" => RoundRecord::from_json(&edition(case), text(case, "text")).map(drop),
        "assessment" => {
            let data: AssessmentData = from_value("assessment", &case["value"])?;
            Assessment::from_data(&edition(case), data).map(drop)
        }
        "instant" => parse_instant(text(case, "text")).map(drop),
        "rows-csv" => cchc_core::Round::from_csv(&edition(case), text(case, "text")).map(drop),
        "name" => {
            let given = text(case, "text");
            match text(case, "what") {
                "appendix" => parse_name::<Appendix>(given).map(drop),
                "group" => parse_name::<Group>(given).map(drop),
                "assessor" => parse_name::<Assessor>(given).map(drop),
                "role" => parse_name::<Role>(given).map(drop),
                "rounding" => parse_name::<Rounding>(given).map(drop),
                other => panic!("unknown name kind {other:?}"),
            }
        }
        other => panic!("unknown op {other:?}"),
    }
}

/// The compared part of an error: everything but the message, missing keys as null / [].
fn comparable(error: &Value) -> Value {
    let mut out = json!({});
    for key in ["code", "category", "unit", "criterion", "method", "limit"] {
        out[key] = error.get(key).cloned().unwrap_or(Value::Null);
    }
    for key in ["items", "problems"] {
        out[key] = error.get(key).cloned().unwrap_or_else(|| json!([]));
    }
    out
}

#[test]
fn every_refusal_case_gives_the_same_error_value() {
    let dir = cchc_tests::tests_dir().join("refusals");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/refusals")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 40, "the corpus has {} cases", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match run(&case) {
            Ok(()) => failures.push(format!("{name}: accepted, expected a refusal")),
            Err(e) => {
                assert!(!e.message().is_empty(), "{name}: empty message");
                let got = comparable(&serde_json::to_value(&e).expect("error serializes"));
                let want = comparable(&case["expect"]);
                if got != want {
                    failures.push(format!(
                        "{name}:\n  want {want}\n  got  {got}\n  message: {}",
                        e.message()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `docs/errors.md` lists every code of the core, once, in the core's order, with its category.
#[test]
fn docs_errors_lists_every_code_of_the_core() {
    let text = std::fs::read_to_string(cchc_tests::repo_root().join("docs/errors.md"))
        .expect("docs/errors.md");
    let rows: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((code.to_owned(), cells.get(2)?.to_string()))
        })
        .collect();
    let core: Vec<(String, String)> = cchc_core::ErrorKind::ALL
        .iter()
        .map(|k| {
            let category = serde_json::to_value(k.category()).expect("category");
            (
                k.code().to_owned(),
                category.as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(rows, core);
}
