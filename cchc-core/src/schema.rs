//! JSON Schemas of every interchange shape, derived from the Rust types (feature `schema`).
//!
//! The committed files in `schemas/` are these, written by
//! `cargo run -p cchc-core --features schema --example schemas -- schemas` and checked equal by
//! the tests; the TypeScript declarations of the npm package are generated from them.

use crate::{
    Actor, Answer, AssessmentData, Command, CriteriaView, Event, GapReport, Given, Priorities,
    Results, Scorecard, SelfAssessmentReport, UnitRecord, Worth,
};
use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::Value;

/// One schema per interchange shape: `(file stem, title, schema)`, in a stable order.
///
/// ```
/// let schemas = cchc_core::schemas();
/// let (name, _, schema) = schemas.iter().find(|(n, _, _)| *n == "answer").unwrap();
/// assert_eq!(*name, "answer");
/// assert_eq!(schema["$id"], "https://cchc.invalid/schemas/answer.schema.json");
/// ```
pub fn schemas() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        one::<crate::json::Document<'static>>(
            "edition",
            "An edition: units, criteria appendices, schedule and bands (Edition::to_json)",
        ),
        one::<Answer>("answer", "An answer to one leaf"),
        one::<Given>("given", "One answer of a batch (Assessment::give_many)"),
        one::<Worth>("worth", "What an accepted answer is worth"),
        one::<AssessmentData>("assessment", "One unit's inputs (Assessment::to_json)"),
        one::<crate::Row>(
            "row",
            "One row of the long table, every cell as text (Round::from_rows; docs/batch.md)",
        ),
        one::<crate::round::Stored<'static>>("round", "A round's assessments (Round::to_json)"),
        one::<Scorecard>("scorecard", "One unit's scorecard"),
        one::<Results>("results", "Ranking, bands and summaries of every group"),
        one::<Priorities>("priorities", "Where a unit loses points"),
        one::<GapReport>("gap-report", "Self against appraised points"),
        one::<CriteriaView>(
            "criteria-view",
            "One appendix with depth and section per node",
        ),
        one::<SelfAssessmentReport>("report", "The self-assessment report a unit signs"),
        one::<Actor>("actor", "Someone acting on a round's record"),
        one::<Command>("command", "A command given to a round's record"),
        one::<Event>("event", "An accepted command with its actor and instant"),
        one::<crate::record::Stored>(
            "record",
            "A round's stored event log (RoundRecord::to_json)",
        ),
        one::<UnitRecord>("unit-record", "One unit's record as its people may read it"),
        one::<crate::error::Wire<'static>>("error", "The one error value of every refusal"),
    ]
}

/// The files of `schemas/`: `(file name, text)`, pretty-printed with a final newline.
///
/// ```
/// let files = cchc_core::schema_files();
/// assert!(files.iter().any(|(name, _)| name == "results.schema.json"));
/// ```
pub fn schema_files() -> Vec<(String, String)> {
    schemas()
        .into_iter()
        .map(|(name, _, schema)| {
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            (format!("{name}.schema.json"), text + "\n")
        })
        .collect()
}

fn one<T: JsonSchema>(
    name: &'static str,
    title: &'static str,
) -> (&'static str, &'static str, Value) {
    let generator = SchemaGenerator::new(SchemaSettings::draft2020_12());
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    require_offsets(&mut schema);
    // `$schema`, `$id` and `title` first, then what schemars derived, in its order.
    let mut map = serde_json::Map::new();
    if let Value::Object(derived) = schema {
        let id = format!("https://cchc.invalid/schemas/{name}.schema.json");
        map.insert(
            "$schema".into(),
            derived.get("$schema").cloned().unwrap_or(Value::Null),
        );
        map.insert("$id".into(), id.into());
        map.insert("title".into(), title.into());
        for (key, value) in derived {
            if key != "$schema" && key != "title" {
                map.insert(key, value);
            }
        }
    }
    (name, title, Value::Object(map))
}

/// Instants must carry their UTC offset: validators do not check `format`, so every date-time
/// also gets a pattern that requires one.
fn require_offsets(value: &mut Value) {
    const INSTANT: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$";
    match value {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("date-time") {
                map.insert("pattern".into(), INSTANT.into());
            }
            map.values_mut().for_each(require_offsets);
        }
        Value::Array(items) => items.iter_mut().for_each(require_offsets),
        _ => {}
    }
}
