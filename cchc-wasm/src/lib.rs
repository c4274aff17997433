//! WebAssembly bindings of cchc for Node and browsers (wasm-bindgen).
//!
//! This crate only converts and forwards: every rule lives in `cchc-core`. Data crosses as the
//! core's JSON interchange shapes (snake_case keys, decimals as strings such as `"14.5"`,
//! instants as ISO 8601 text with an offset), never as JS numbers. Errors are thrown as real JS
//! `Error` subclasses (`AnswerError`, `RecordError`, `EditionError`, `InstantError`,
//! `InputError`, all extending `CchcError`) with a stable `code` and the data behind it.
//!
//! Build with `cchc-wasm/build.sh`, which runs the wasm-bindgen CLI into `cchc-wasm/pkg/`.

mod convert;
mod types;

use cchc_core::{
    Actor, Answer, Appendix, Assessment as CoreAssessment, Channel, Command,
    Edition as CoreEdition, Event, Group, ReportOptions, Round as CoreRound,
    RoundRecord as CoreRecord, SelfAssessmentReport, Worth,
};
use convert::{
    answer_error, decimal, edition_error, from_js, input_error, instant, put, record_error, to_js,
};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

fn parse_appendix(text: &str) -> Result<Appendix, JsValue> {
    Appendix::parse(text).ok_or_else(|| {
        input_error(
            "appendix",
            None,
            &format!("unknown appendix {text:?}: expected \"I\", \"II\", \"III\" or \"IV\""),
        )
    })
}

fn parse_channel(text: &str) -> Result<Channel, JsValue> {
    Channel::parse(text).ok_or_else(|| {
        input_error(
            "channel",
            None,
            &format!("unknown channel {text:?}: expected \"self\", \"authority\" or \"survey\""),
        )
    })
}

fn report_options(value: &JsValue) -> Result<ReportOptions, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(ReportOptions::default())
    } else {
        from_js(value, "report options")
    }
}

fn unit_object(unit: &cchc_core::Unit) -> Object {
    let obj = Object::new();
    put(&obj, "id", unit.id().into());
    put(&obj, "name", unit.name().into());
    put(&obj, "group", unit.group().as_str().into());
    put(&obj, "appendix", unit.group().appendix().as_str().into());
    obj
}

/// A criteria set as its JSON form, each node completed with its `depth` and `section`.
fn criteria_object(set: &cchc_core::CriteriaSet) -> JsValue {
    let mut value = serde_json::to_value(set).unwrap_or_default();
    if let Some(nodes) = value.get_mut("nodes").and_then(|n| n.as_array_mut()) {
        for (json, node) in nodes.iter_mut().zip(set.nodes()) {
            if let Some(map) = json.as_object_mut() {
                map.insert("depth".into(), node.depth().into());
                map.insert("section".into(), node.section().as_str().into());
            }
        }
    }
    to_js(&value)
}

fn worth_object(worth: Worth) -> JsValue {
    let obj = Object::new();
    match worth {
        Worth::Points(points) => {
            put(&obj, "kind", "points".into());
            put(&obj, "points", points.to_string().into());
        }
        Worth::NotApplicable => put(&obj, "kind", "not-applicable".into()),
    }
    obj.into()
}

enum Handle {
    Embedded(&'static CoreEdition),
    Loaded(Box<CoreEdition>),
}

/// One province's round of the PAR Index: units, criteria appendices, schedule and bands.
#[wasm_bindgen]
pub struct Edition {
    inner: Handle,
}

impl Edition {
    fn get(&self) -> &CoreEdition {
        match &self.inner {
            Handle::Embedded(e) => e,
            Handle::Loaded(e) => e,
        }
    }
}

#[wasm_bindgen]
impl Edition {
    /// Loads an edition from the JSON that `toJson` writes. Throws an `EditionError`
    /// (`code = "invalid-edition"`) with every problem when the data is invalid.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Edition, JsValue> {
        CoreEdition::from_json(text)
            .map(|e| Edition {
                inner: Handle::Loaded(Box::new(e)),
            })
            .map_err(|e| edition_error(&e))
    }

    /// Loads an edition from its TOML files, given as an object of file name to text that
    /// includes "edition.toml". Throws like `fromJson`; an `InputError` when `files` is not an
    /// object of strings.
    #[wasm_bindgen(js_name = fromTomlFiles)]
    pub fn from_toml_files(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: &JsValue,
    ) -> Result<Edition, JsValue> {
        let Some(files) = files.dyn_ref::<Object>() else {
            return Err(input_error(
                "files",
                None,
                "files must be an object of file name -> text",
            ));
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for entry in Object::entries(files).iter() {
            let entry: Array = entry.unchecked_into();
            let name = entry.get(0).as_string().unwrap_or_default();
            let Some(text) = entry.get(1).as_string() else {
                return Err(input_error(
                    "files",
                    None,
                    &format!("file {name:?}: text must be a string"),
                ));
            };
            pairs.push((name, text));
        }
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        CoreEdition::from_toml_files(&borrowed)
            .map(|e| Edition {
                inner: Handle::Loaded(Box::new(e)),
            })
            .map_err(|e| edition_error(&e))
    }

    /// The edition as canonical JSON (decimals as strings).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.get().to_json()
    }

    /// The edition's identifier, e.g. "soc-trang-2018".
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.get().id().to_owned()
    }

    /// The year assessed.
    #[wasm_bindgen(getter)]
    pub fn year(&self) -> u16 {
        self.get().year()
    }

    /// The province.
    #[wasm_bindgen(getter)]
    pub fn province(&self) -> String {
        self.get().province().to_owned()
    }

    /// The edition's title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.get().title().to_owned()
    }

    /// The rounding rule for computed values: "half-up", "half-even" or "down".
    #[wasm_bindgen(getter, unchecked_return_type = "Rounding")]
    pub fn rounding(&self) -> String {
        self.get().rounding().as_str().to_owned()
    }

    /// The decision that issued the index.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn decision(&self) -> JsValue {
        to_js(self.get().decision())
    }

    /// The round's windows as instants with offsets (half-open `[start, end)`).
    #[wasm_bindgen(unchecked_return_type = "Schedule")]
    pub fn schedule(&self) -> JsValue {
        to_js(self.get().schedule())
    }

    /// Classification bands, highest first.
    #[wasm_bindgen(unchecked_return_type = "Band[]")]
    pub fn bands(&self) -> JsValue {
        to_js(self.get().bands())
    }

    /// The band an index (a decimal string, in %) falls in, or `undefined`.
    #[wasm_bindgen(js_name = bandFor, unchecked_return_type = "Band | undefined")]
    pub fn band_for(&self, index: &str) -> Result<JsValue, JsValue> {
        let index = decimal(index, "index")?;
        Ok(self.get().band_for(index).map_or(JsValue::UNDEFINED, to_js))
    }

    /// The four groups with their Vietnamese names and appendices, in list order.
    #[wasm_bindgen(unchecked_return_type = "GroupInfo[]")]
    pub fn groups(&self) -> Array {
        Group::ALL
            .iter()
            .map(|g| {
                let obj = Object::new();
                put(&obj, "id", g.as_str().into());
                put(&obj, "name", g.name_vi().into());
                put(&obj, "appendix", g.appendix().as_str().into());
                JsValue::from(obj)
            })
            .collect()
    }

    /// All units, in the order of the official list.
    #[wasm_bindgen(unchecked_return_type = "Unit[]")]
    pub fn units(&self) -> Array {
        self.get().units().iter().map(unit_object).collect()
    }

    /// The unit with this id, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Unit | undefined")]
    pub fn unit(&self, id: &str) -> JsValue {
        self.get()
            .unit(id)
            .map_or(JsValue::UNDEFINED, |u| unit_object(u).into())
    }

    /// Each appendix's maximum as a decimal string, keyed by numeral: `{ I: "100", … }`.
    #[wasm_bindgen(js_name = appendixTotals, unchecked_return_type = "Record<string, string>")]
    pub fn appendix_totals(&self) -> Object {
        let obj = Object::new();
        for set in self.get().criteria_sets() {
            put(&obj, set.appendix().as_str(), set.max().to_string().into());
        }
        obj
    }

    /// One appendix's criteria tree ("I" to "IV"), or `undefined` when the edition lacks it.
    /// Throws an `InputError` for a string that names no appendix.
    #[wasm_bindgen(unchecked_return_type = "CriteriaSet | undefined")]
    pub fn criteria(&self, appendix: &str) -> Result<JsValue, JsValue> {
        let appendix = parse_appendix(appendix)?;
        Ok(self
            .get()
            .criteria(appendix)
            .map_or(JsValue::UNDEFINED, criteria_object))
    }

    /// The criteria tree a unit is scored against, or `undefined` for an unknown unit.
    #[wasm_bindgen(js_name = criteriaFor, unchecked_return_type = "CriteriaSet | undefined")]
    pub fn criteria_for(&self, unit: &str) -> JsValue {
        let e = self.get();
        e.unit(unit)
            .and_then(|u| e.criteria_for(u))
            .map_or(JsValue::UNDEFINED, criteria_object)
    }

    /// What an answer is worth on a unit's leaf through a channel ("self" by default), without
    /// recording it. Throws an `AnswerError` when the answer is refused.
    #[wasm_bindgen(unchecked_return_type = "Worth")]
    pub fn worth(
        &self,
        unit: &str,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "Answer")] answer: &JsValue,
        channel: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let channel = parse_channel(channel.as_deref().unwrap_or("self"))?;
        let answer: Answer = from_js(answer, "answer")?;
        let mut scratch = CoreAssessment::new(self.get(), unit).map_err(|e| answer_error(&e))?;
        scratch
            .give(self.get(), channel, code, answer)
            .map(worth_object)
            .map_err(|e| answer_error(&e))
    }
}

/// The ids of the embedded editions.
#[wasm_bindgen(js_name = editionIds)]
pub fn edition_ids() -> Vec<String> {
    cchc_criteria::EDITION_IDS
        .iter()
        .map(|id| (*id).to_owned())
        .collect()
}

/// The embedded default edition (Sóc Trăng 2018).
#[wasm_bindgen(js_name = defaultEdition)]
pub fn default_edition() -> Edition {
    Edition {
        inner: Handle::Embedded(cchc_criteria::default_edition()),
    }
}

/// The embedded edition with this id, or `undefined`.
#[wasm_bindgen]
pub fn edition(id: &str) -> Option<Edition> {
    cchc_criteria::edition(id).map(|e| Edition {
        inner: Handle::Embedded(e),
    })
}

/// Parses an ISO 8601 instant that carries its offset and returns it normalized
/// ("2019-01-02T23:59:59+07:00"). Throws an `InstantError` (`code = "invalid-instant"`) for a
/// text without an offset or that is no instant.
#[wasm_bindgen(js_name = parseInstant)]
pub fn parse_instant(text: &str) -> Result<String, JsValue> {
    instant(text).map(|t| t.to_rfc3339())
}

/// The classes of the errors this package throws, for `instanceof` checks:
/// `{ CchcError, AnswerError, RecordError, EditionError, InstantError, InputError }`.
#[wasm_bindgen(js_name = errorClasses, unchecked_return_type = "ErrorClasses")]
pub fn error_classes() -> Object {
    convert::error_classes()
}

/// A deterministic, fully valid synthetic assessment of one unit (the same `(unit, seed)`
/// always gives the same assessment, in every binding).
#[wasm_bindgen(js_name = syntheticAssessment)]
pub fn synthetic_assessment(
    edition: &Edition,
    unit: &str,
    seed: u64,
) -> Result<Assessment, JsValue> {
    cchc_core::synthetic_assessment(edition.get(), unit, seed)
        .map(|inner| Assessment { inner })
        .map_err(|e| answer_error(&e))
}

/// One unit's assessment: its own answers, the authority's and the survey's, the council's
/// appraisals and the explanation round's decisions, each checked when given.
#[wasm_bindgen]
pub struct Assessment {
    inner: CoreAssessment,
}

#[wasm_bindgen]
impl Assessment {
    /// An empty assessment of one unit. Throws an `AnswerError` (`unknown-unit`).
    #[wasm_bindgen(constructor)]
    pub fn new(edition: &Edition, unit: &str) -> Result<Assessment, JsValue> {
        CoreAssessment::new(edition.get(), unit)
            .map(|inner| Assessment { inner })
            .map_err(|e| answer_error(&e))
    }

    /// Reads an assessment from its JSON form (text or object: `{unit, submitted, answers,
    /// authority, survey, appraisals, final}`) and checks every input against the edition.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "string | AssessmentData")] json: &JsValue,
    ) -> Result<Assessment, JsValue> {
        let inner: CoreAssessment = match json.as_string() {
            Some(text) => {
                CoreAssessment::from_json(&text).map_err(|e| input_error("assessment", None, &e))?
            }
            None => from_js(json, "assessment")?,
        };
        inner.check(edition.get()).map_err(|e| answer_error(&e))?;
        Ok(Assessment { inner })
    }

    /// The assessment as pretty-printed JSON.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The assessment as a plain object (its JSON form).
    #[wasm_bindgen(unchecked_return_type = "AssessmentData")]
    pub fn data(&self) -> JsValue {
        to_js(&self.inner)
    }

    /// The unit assessed.
    #[wasm_bindgen(getter)]
    pub fn unit(&self) -> String {
        self.inner.unit.clone()
    }

    /// Whether the self-assessment was submitted.
    #[wasm_bindgen(getter)]
    pub fn submitted(&self) -> bool {
        self.inner.submitted
    }

    /// Marks the self-assessment as submitted (or not).
    #[wasm_bindgen(setter)]
    pub fn set_submitted(&mut self, submitted: bool) {
        self.inner.submitted = submitted;
    }

    /// Records the unit's own answer to a self-assessed leaf; returns what it is worth. Throws
    /// an `AnswerError` (nothing recorded) when refused.
    #[wasm_bindgen(unchecked_return_type = "Worth")]
    pub fn answer(
        &mut self,
        edition: &Edition,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "Answer")] answer: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.give(edition, "self", code, answer)
    }

    /// Records an answer through a channel: "self", "authority" or "survey".
    #[wasm_bindgen(unchecked_return_type = "Worth")]
    pub fn give(
        &mut self,
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "Channel")] channel: &str,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "Answer")] answer: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let channel = parse_channel(channel)?;
        let answer: Answer = from_js(answer, "answer")?;
        self.inner
            .give(edition.get(), channel, code, answer)
            .map(worth_object)
            .map_err(|e| answer_error(&e))
    }

    /// Records every answer of `answers` (leaf code → answer) through a channel ("self" by
    /// default), as a calculator does: each is checked on its own, the refused ones are left
    /// out. Returns the refusals, one `AnswerError` or `InputError` per refused leaf.
    #[wasm_bindgen(js_name = giveAll, unchecked_return_type = "CchcError[]")]
    pub fn give_all(
        &mut self,
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "Record<string, Answer>")] answers: &JsValue,
        channel: Option<String>,
    ) -> Result<Array, JsValue> {
        let channel = parse_channel(channel.as_deref().unwrap_or("self"))?;
        let Some(answers) = answers.dyn_ref::<Object>() else {
            return Err(input_error(
                "answers",
                None,
                "answers must be an object of leaf code -> answer",
            ));
        };
        let refused = Array::new();
        for entry in Object::entries(answers).iter() {
            let entry: Array = entry.unchecked_into();
            let code = entry.get(0).as_string().unwrap_or_default();
            let answer: Answer = match from_js(&entry.get(1), "answer") {
                Ok(a) => a,
                Err(_) => {
                    let text = js_sys::JSON::stringify(&entry.get(1))
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default();
                    let why = Answer::from_json(&text).err().unwrap_or_default();
                    refused.push(&input_error("answer", Some(&code), &why));
                    continue;
                }
            };
            if let Err(e) = self.inner.give(edition.get(), channel, &code, answer) {
                refused.push(&answer_error(&e));
            }
        }
        Ok(refused)
    }

    /// Records the appraisal council's points (a decimal string) for a self-assessed leaf;
    /// returns the points recorded.
    pub fn appraise(
        &mut self,
        edition: &Edition,
        code: &str,
        points: &str,
    ) -> Result<String, JsValue> {
        let points = decimal(points, "points")?;
        self.inner
            .appraise(edition.get(), code, points)
            .map(|p| p.to_string())
            .map_err(|e| answer_error(&e))
    }

    /// Records the explanation round's final points (a decimal string) for a leaf.
    pub fn decide(
        &mut self,
        edition: &Edition,
        code: &str,
        points: &str,
    ) -> Result<String, JsValue> {
        let points = decimal(points, "points")?;
        self.inner
            .decide(edition.get(), code, points)
            .map(|p| p.to_string())
            .map_err(|e| answer_error(&e))
    }

    /// Removes every input given for a leaf (answers of every channel, appraisal, decision);
    /// returns whether there was any.
    pub fn clear(&mut self, code: &str) -> bool {
        let a = &mut self.inner;
        let removed = [
            a.answers.remove(code).is_some(),
            a.authority.remove(code).is_some(),
            a.survey.remove(code).is_some(),
            a.appraisals.remove(code).is_some(),
            a.final_points.remove(code).is_some(),
        ];
        removed.contains(&true)
    }

    /// Whether the leaf has an answer from whoever assesses it.
    #[wasm_bindgen(js_name = isAnswered)]
    pub fn is_answered(&self, code: &str) -> bool {
        self.inner.is_answered(code)
    }

    /// Whether nothing at all was entered.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Checks every input against the edition; throws the first refusal as an `AnswerError`.
    pub fn check(&self, edition: &Edition) -> Result<(), JsValue> {
        self.inner
            .check(edition.get())
            .map_err(|e| answer_error(&e))
    }

    /// The scorecard: points per node and stage, totals, index and sub-indices.
    #[wasm_bindgen(unchecked_return_type = "Scorecard")]
    pub fn scorecard(&self, edition: &Edition) -> JsValue {
        to_js(&self.inner.scorecard(edition.get()))
    }

    /// What to fix first: points lost per field, leaves with most to recover.
    #[wasm_bindgen(unchecked_return_type = "Priorities")]
    pub fn priorities(&self, edition: &Edition) -> JsValue {
        let card = self.inner.scorecard(edition.get());
        to_js(&card.priorities(edition.get()))
    }

    /// The self-assessment report of these answers (no evidence), as data.
    #[wasm_bindgen(unchecked_return_type = "SelfAssessmentReport")]
    pub fn report(&self, edition: &Edition) -> JsValue {
        to_js(&SelfAssessmentReport::from_assessment(
            edition.get(),
            &self.inner,
        ))
    }

    /// The self-assessment report as a printable HTML page.
    #[wasm_bindgen(js_name = reportHtml)]
    pub fn report_html(
        &self,
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions | undefined")] options: &JsValue,
    ) -> Result<String, JsValue> {
        let opts = report_options(options)?;
        Ok(SelfAssessmentReport::from_assessment(edition.get(), &self.inner).to_html(&opts))
    }

    /// The self-assessment report as CSV.
    #[wasm_bindgen(js_name = reportCsv)]
    pub fn report_csv(
        &self,
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions | undefined")] options: &JsValue,
    ) -> Result<String, JsValue> {
        let opts = report_options(options)?;
        Ok(SelfAssessmentReport::from_assessment(edition.get(), &self.inner).to_csv(&opts))
    }
}

/// The assessments of a round, scored and ranked together. Units without one score 0.
#[wasm_bindgen]
#[derive(Default)]
pub struct Round {
    inner: CoreRound,
}

#[wasm_bindgen]
impl Round {
    /// An empty round.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Round {
        Round::default()
    }

    /// Adds (or replaces) a unit's assessment after checking every input in it (a copy is kept).
    pub fn insert(&mut self, edition: &Edition, assessment: &Assessment) -> Result<(), JsValue> {
        self.inner
            .insert(edition.get(), assessment.inner.clone())
            .map_err(|e| answer_error(&e))
    }

    /// A copy of a unit's assessment, or `undefined`.
    pub fn get(&self, unit: &str) -> Option<Assessment> {
        self.inner
            .get(unit)
            .map(|a| Assessment { inner: a.clone() })
    }

    /// Scorecards of every unit of the edition, in the edition's unit order.
    #[wasm_bindgen(unchecked_return_type = "Scorecard[]")]
    pub fn scorecards(&self, edition: &Edition) -> JsValue {
        to_js(&self.inner.scorecards(edition.get()))
    }

    /// Ranking, bands and summaries of every group.
    #[wasm_bindgen(unchecked_return_type = "Results")]
    pub fn results(&self, edition: &Edition) -> JsValue {
        to_js(&self.inner.results(edition.get()))
    }

    /// The published results as a printable HTML page.
    #[wasm_bindgen(js_name = resultsHtml)]
    pub fn results_html(
        &self,
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions | undefined")] options: &JsValue,
    ) -> Result<String, JsValue> {
        let opts = report_options(options)?;
        Ok(self
            .inner
            .results(edition.get())
            .to_html(edition.get(), &opts))
    }

    /// The published results as CSV.
    #[wasm_bindgen(js_name = resultsCsv)]
    pub fn results_csv(
        &self,
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions | undefined")] options: &JsValue,
    ) -> Result<String, JsValue> {
        let opts = report_options(options)?;
        Ok(self.inner.results(edition.get()).to_csv(&opts))
    }

    /// Self vs appraised points per leaf, unit and criterion.
    #[wasm_bindgen(js_name = selfVsAppraised, unchecked_return_type = "GapReport")]
    pub fn self_vs_appraised(&self, edition: &Edition) -> JsValue {
        let cards = self.inner.scorecards(edition.get());
        to_js(&cchc_core::self_vs_appraised(edition.get(), &cards))
    }

    /// What to fix first for one unit.
    #[wasm_bindgen(unchecked_return_type = "Priorities")]
    pub fn priorities(&self, edition: &Edition, unit: &str) -> Result<JsValue, JsValue> {
        let e = edition.get();
        let card = match self.inner.get(unit) {
            Some(a) => a.scorecard(e),
            None => CoreAssessment::new(e, unit)
                .map_err(|err| answer_error(&err))?
                .scorecard(e),
        };
        Ok(to_js(&card.priorities(e)))
    }
}

/// One round's record: an append-only log of checked commands, the state they fold to, the
/// windows and the automatic lock. Instants are ISO 8601 texts with an offset.
#[wasm_bindgen]
pub struct RoundRecord {
    inner: CoreRecord,
}

#[wasm_bindgen]
impl RoundRecord {
    /// An empty record of a round of this edition.
    #[wasm_bindgen(constructor)]
    pub fn new(edition: &Edition) -> RoundRecord {
        RoundRecord {
            inner: CoreRecord::new(edition.get()),
        }
    }

    /// Parses a stored log (`{schema, edition, events}`) and replays it against the edition.
    /// Throws a `RecordError` (`invalid-log`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(edition: &Edition, text: &str) -> Result<RoundRecord, JsValue> {
        CoreRecord::from_json(edition.get(), text)
            .map(|inner| RoundRecord { inner })
            .map_err(|e| record_error(&e))
    }

    /// Rebuilds a record by replaying events, each checked as when first given.
    pub fn replay(
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "Event[]")] events: &JsValue,
    ) -> Result<RoundRecord, JsValue> {
        let events: Vec<Event> = from_js(events, "events")?;
        CoreRecord::replay(edition.get(), events)
            .map(|inner| RoundRecord { inner })
            .map_err(|e| record_error(&e))
    }

    /// The stored form, `{"schema": 1, "edition": id, "events": [...]}`.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The edition's id.
    #[wasm_bindgen(getter, js_name = editionId)]
    pub fn edition_id(&self) -> String {
        self.inner.edition_id().to_owned()
    }

    /// Checks a command given by `actor` at instant `at` and, if accepted, appends it; returns
    /// the event. Throws a `RecordError` (the record unchanged), an `InstantError` or an
    /// `InputError`.
    #[wasm_bindgen(unchecked_return_type = "Event")]
    pub fn execute(
        &mut self,
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "Actor")] actor: &JsValue,
        at: &str,
        #[wasm_bindgen(unchecked_param_type = "Command")] command: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let actor: Actor = from_js(actor, "actor")?;
        let at = instant(at)?;
        let command: Command = from_js(command, "command")?;
        self.inner
            .execute(edition.get(), &actor, at, command)
            .map(to_js)
            .map_err(|e| record_error(&e))
    }

    /// Every event, in order.
    #[wasm_bindgen(unchecked_return_type = "Event[]")]
    pub fn events(&self) -> JsValue {
        to_js(self.inner.events())
    }

    /// The state the events fold to.
    #[wasm_bindgen(unchecked_return_type = "RoundState")]
    pub fn state(&self) -> JsValue {
        to_js(self.inner.state())
    }

    /// The phase of the round at an instant.
    #[wasm_bindgen(unchecked_return_type = "Phase")]
    pub fn phase(&self, edition: &Edition, at: &str) -> Result<String, JsValue> {
        let at = instant(at)?;
        Ok(self.inner.phase(edition.get(), at).as_str().to_owned())
    }

    /// One unit's record as `actor` may read it (a unit's people read only their own unit).
    #[wasm_bindgen(js_name = unitView, unchecked_return_type = "UnitRecord")]
    pub fn unit_view(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Actor")] actor: &JsValue,
        unit: &str,
    ) -> Result<JsValue, JsValue> {
        let actor: Actor = from_js(actor, "actor")?;
        self.inner
            .unit_view(&actor, unit)
            .map(|r| to_js(&r))
            .map_err(|e| record_error(&e))
    }

    /// The events of one unit as `actor` may read them (a unit's people read only their own).
    #[wasm_bindgen(js_name = unitEvents, unchecked_return_type = "Event[]")]
    pub fn unit_events(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Actor")] actor: &JsValue,
        unit: &str,
    ) -> Result<JsValue, JsValue> {
        let actor: Actor = from_js(actor, "actor")?;
        self.inner
            .unit_events(&actor, unit)
            .map(|events| to_js(&events))
            .map_err(|e| record_error(&e))
    }

    /// The official assessments of every unit that has one, as a scoring round.
    pub fn round(&self) -> Round {
        Round {
            inner: self.inner.round(),
        }
    }

    /// The official scorecard of a unit.
    #[wasm_bindgen(unchecked_return_type = "Scorecard")]
    pub fn scorecard(&self, edition: &Edition, unit: &str) -> JsValue {
        to_js(&self.inner.scorecard(edition.get(), unit))
    }

    /// The trial scorecard of a unit: visible, never counted.
    #[wasm_bindgen(js_name = trialScorecard, unchecked_return_type = "Scorecard")]
    pub fn trial_scorecard(&self, edition: &Edition, unit: &str) -> JsValue {
        to_js(&self.inner.trial_scorecard(edition.get(), unit))
    }

    /// The official self-assessment report of a unit (with evidence and explanations), as data.
    #[wasm_bindgen(js_name = selfAssessmentReport, unchecked_return_type = "SelfAssessmentReport")]
    pub fn self_assessment_report(&self, edition: &Edition, unit: &str) -> JsValue {
        to_js(&self.inner.self_assessment_report(edition.get(), unit))
    }

    /// The official self-assessment report of a unit as a printable HTML page.
    #[wasm_bindgen(js_name = selfAssessmentReportHtml)]
    pub fn self_assessment_report_html(
        &self,
        edition: &Edition,
        unit: &str,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions | undefined")] options: &JsValue,
    ) -> Result<String, JsValue> {
        let opts = report_options(options)?;
        Ok(self
            .inner
            .self_assessment_report(edition.get(), unit)
            .to_html(&opts))
    }

    /// The official self-assessment report of a unit as CSV.
    #[wasm_bindgen(js_name = selfAssessmentReportCsv)]
    pub fn self_assessment_report_csv(
        &self,
        edition: &Edition,
        unit: &str,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions | undefined")] options: &JsValue,
    ) -> Result<String, JsValue> {
        let opts = report_options(options)?;
        Ok(self
            .inner
            .self_assessment_report(edition.get(), unit)
            .to_csv(&opts))
    }
}
