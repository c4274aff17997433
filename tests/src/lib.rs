//! Helpers shared by the cross-crate tests: locating and loading the test data in this folder.

use cchc_core::{Answer, Assessment, Assessor, Decimal, Edition, Error, Round};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub mod ops;

/// The `tests/` folder of the repository.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    tests_dir().join("..")
}

/// Reads every `*.toml` file of a folder as `(file name, text)`.
pub fn read_toml_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|x| x == "toml") {
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            files.insert(name, text);
        }
    }
    files
}

/// Loads an edition from a folder of TOML files, `edition.toml` first as the loader expects
/// file order for reporting.
pub fn load_files(files: &BTreeMap<String, String>) -> Result<Edition, Error> {
    let mut pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    pairs.sort_by_key(|(n, _)| (*n != "edition.toml", *n != "units.toml", n.to_string()));
    Edition::from_toml_files(&pairs)
}

/// Loads the edition a golden case names: `embedded:<id>` or `toml:<folder under tests/>`.
pub fn golden_edition(spec: &str) -> Edition {
    if let Some(id) = spec.strip_prefix("embedded:") {
        return cchc_criteria::edition(id).unwrap_or_else(|| panic!("no embedded edition {id}"));
    }
    let dir = spec
        .strip_prefix("toml:")
        .unwrap_or_else(|| panic!("edition spec {spec:?} is neither embedded: nor toml:"));
    load_files(&read_toml_dir(&tests_dir().join(dir))).unwrap_or_else(|e| panic!("{spec}: {e}"))
}

/// Compares `actual` with `expected`, where only the keys `expected` gives are checked
/// (recursively); arrays must match element by element. Differences are pushed as lines.
pub fn compare_subset(
    path: &str,
    expected: &serde_json::Value,
    actual: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let av = a.get(key).unwrap_or(&Value::Null);
                compare_subset(&format!("{path}.{key}"), ev, av, out);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: expected {} entries, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare_subset(&format!("{path}[{i}]"), ev, av, out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: expected {e}, got {a}")),
    }
}

/// A small deterministic generator (SplitMix64), the same algorithm as the core's synthetic
/// generator (which the core no longer exports): the random inputs of the differential and
/// property tests stay the same as before.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
mod readme {}

/// An input refused while applying an assessment given as JSON.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Refused {
    /// The unit.
    pub unit: String,
    /// The leaf code.
    pub code: String,
    /// The stage (answers, authority, survey, appraisals, final).
    pub stage: String,
    /// The error code.
    pub error: String,
}

/// Applies one assessment in the golden-case JSON shape to a round: stage by stage (answers,
/// authority, survey, appraisals, final), each input checked; refused inputs are returned and
/// change nothing. `submitted` defaults to whether the unit gave answers of its own.
pub fn apply_assessment(round: &mut Round, a: &Value) -> Vec<Refused> {
    let unit = a["unit"].as_str().unwrap_or_default();
    let mut refused = Vec::new();
    let assessment: &mut Assessment = match round.assessment(unit) {
        Ok(assessment) => assessment,
        Err(e) => {
            refused.push(Refused {
                unit: unit.to_owned(),
                code: String::new(),
                stage: String::new(),
                error: e.code().to_owned(),
            });
            return refused;
        }
    };
    assessment.set_submitted(
        a["submitted"]
            .as_bool()
            .unwrap_or_else(|| a["answers"].as_object().is_some_and(|m| !m.is_empty())),
    );
    let stages = [
        ("answers", Some(Assessor::SelfAssessed)),
        ("authority", Some(Assessor::Authority)),
        ("survey", Some(Assessor::Survey)),
        ("appraisals", None),
        ("final", None),
    ];
    for (stage, assessor) in stages {
        for (code, v) in a[stage].as_object().into_iter().flatten() {
            let result = match assessor {
                Some(assessor) => match serde_json::from_value::<Answer>(v.clone()) {
                    Ok(answer) => assessment.give(assessor, code, answer).map(|_| ()),
                    Err(_) => {
                        refused.push(Refused {
                            unit: unit.to_owned(),
                            code: code.clone(),
                            stage: stage.to_owned(),
                            error: "unparsable".to_owned(),
                        });
                        continue;
                    }
                },
                None => {
                    let points = v.as_str().and_then(|t| Decimal::from_str_exact(t).ok());
                    let Some(points) = points else {
                        refused.push(Refused {
                            unit: unit.to_owned(),
                            code: code.clone(),
                            stage: stage.to_owned(),
                            error: "unparsable".to_owned(),
                        });
                        continue;
                    };
                    if stage == "appraisals" {
                        assessment.appraise(code, points).map(|_| ())
                    } else {
                        assessment.decide(code, points).map(|_| ())
                    }
                }
            };
            if let Err(e) = result {
                refused.push(Refused {
                    unit: unit.to_owned(),
                    code: code.clone(),
                    stage: stage.to_owned(),
                    error: e.code().to_owned(),
                });
            }
        }
    }
    refused
}
