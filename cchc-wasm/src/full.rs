//! What only the full module exports (the Node builds and the browser's `cchc/full`; cargo
//! feature `full`): editions from and to JSON, rounds and their tables, the round's record,
//! reports and published results read back from JS and rendered, the analyses of scorecards,
//! instants and synthetic data.
//! The browser build (`cchc/web`, `cchc-wasm/build.sh web`) leaves them out: a page that scores
//! one unit needs none of them, and the full module is 271,233 B gzipped against the lean one's
//! 142,631 B (docs/performance.md, "WebAssembly").

use crate::convert::{JsResult, input, instant, name, out, throw, upper};
use crate::{Assessment, Edition, report_options};
use cchc_core::Edition as CoreEdition;
use cchc_core::{
    Actor, Assessment as CoreAssessment, Command, Event, Results, Round as CoreRound,
    RoundRecord as CoreRecord, Scorecard, SelfAssessmentReport,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Edition {
    /// Loads an edition from the JSON that `toJson` writes (`EditionError` when invalid). This is
    /// the way in for any edition but the embedded ones: the WASM module has no TOML loader.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> JsResult<Edition> {
        CoreEdition::from_json(text).map(Edition).map_err(throw)
    }

    /// The edition as canonical JSON.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

values! { Edition:
    #[doc = " Ranking, bands and summaries of every group, from scorecards (stored ones too). Only in the"]
    #[doc = " full module (Node, `cchc/full`): the browser's lean one ranks nothing."]
    "rank" fn rank(&self, #[wasm_bindgen(unchecked_param_type = "Scorecard[]")] cards: JsValue) -> "Results" { self.0.rank(&input::<Vec<Scorecard>>(cards, "scorecards")?) }
    #[doc = " Self vs appraised points per leaf, unit and criterion, from scorecards."]
    "selfVsAppraised" fn self_vs_appraised(&self, #[wasm_bindgen(unchecked_param_type = "Scorecard[]")] cards: JsValue) -> "GapReport" { self.0.self_vs_appraised(&input::<Vec<Scorecard>>(cards, "scorecards")?) }
    #[doc = " What to fix first on one scorecard."]
    "priorities" fn priorities(&self, #[wasm_bindgen(unchecked_param_type = "Scorecard")] card: JsValue) -> "Priorities" { self.0.priorities(&input(card, "scorecard")?) }
}

/// An instant with its offset, normalized ("2019-01-02T23:59:59+07:00"); `InputError`
/// "invalid-instant" for a text without an offset.
#[wasm_bindgen(js_name = parseInstant)]
pub fn parse_instant(text: &str) -> JsResult<String> {
    Ok(instant(text)?.to_rfc3339())
}

/// A self-assessment report (`report()`, `selfAssessmentReport()`) as a printable HTML page.
/// Only in the full module (Node, `cchc/full`): the browser's lean one renders the report of its
/// own assessment (`Assessment.reportHtml`) and reads no report from JS.
#[wasm_bindgen(js_name = reportToHtml)]
pub fn report_to_html(
    #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ decimal_comma?: boolean }")] options: Option<
        JsValue,
    >,
) -> JsResult<String> {
    let opts = report_options(options)?;
    Ok(input::<SelfAssessmentReport>(report, "report")?.to_html_with(&opts, upper))
}

/// A self-assessment report as CSV (full module only, like `reportToHtml`).
#[wasm_bindgen(js_name = reportToCsv)]
pub fn report_to_csv(
    #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ decimal_comma?: boolean }")] options: Option<
        JsValue,
    >,
) -> JsResult<String> {
    let opts = report_options(options)?;
    Ok(input::<SelfAssessmentReport>(report, "report")?.to_csv(&opts))
}

/// Published results (`results()`, `rank()`) as a printable HTML page.
#[wasm_bindgen(js_name = resultsToHtml)]
pub fn results_to_html(
    edition: &Edition,
    #[wasm_bindgen(unchecked_param_type = "Results")] results: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ decimal_comma?: boolean }")] options: Option<
        JsValue,
    >,
) -> JsResult<String> {
    let opts = report_options(options)?;
    Ok(input::<Results>(results, "results")?.to_html(&edition.0, &opts))
}

/// Published results as CSV.
#[wasm_bindgen(js_name = resultsToCsv)]
pub fn results_to_csv(
    #[wasm_bindgen(unchecked_param_type = "Results")] results: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ decimal_comma?: boolean }")] options: Option<
        JsValue,
    >,
) -> JsResult<String> {
    let opts = report_options(options)?;
    Ok(input::<Results>(results, "results")?.to_csv(&opts))
}

#[wasm_bindgen]
impl Assessment {
    /// An assessment from its JSON text or its plain value, every input checked. Only in the
    /// full module (Node, `cchc/full`): the browser's lean one reads no assessment back
    /// (`toJson` and `data` write one; `giveAll`, `appraise`, `decide` and `submitted` rebuild it).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "string | AssessmentData")] value: JsValue,
    ) -> JsResult<Assessment> {
        match value.as_string() {
            Some(text) => CoreAssessment::from_json(&edition.0, &text),
            None => CoreAssessment::from_data(&edition.0, input(value, "assessment")?),
        }
        .map(Assessment::from)
        .map_err(throw)
    }

    /// A deterministic, fully valid synthetic assessment (the same in every binding).
    pub fn synthetic(edition: &Edition, unit: &str, seed: u64) -> JsResult<Assessment> {
        CoreAssessment::synthetic(&edition.0, unit, seed)
            .map(Assessment::from)
            .map_err(throw)
    }
}

values! { Assessment:
    #[doc = " What to fix first: points lost per field, leaves with most to recover."]
    "priorities" fn priorities(&self) -> "Priorities" { self.0.priorities() }
}

/// The assessments of a round, bound to its edition, scored and ranked together.
#[wasm_bindgen]
pub struct Round(CoreRound);

#[wasm_bindgen]
impl Round {
    /// An empty round.
    #[wasm_bindgen(constructor)]
    pub fn new(edition: &Edition) -> Round {
        Round(CoreRound::new(&edition.0))
    }

    /// A round from its JSON text (`{edition, assessments}`), every input checked.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(edition: &Edition, text: &str) -> JsResult<Round> {
        CoreRound::from_json(&edition.0, text)
            .map(Round)
            .map_err(throw)
    }

    /// A round from the long table as CSV text (one row per unit × leaf × stage,
    /// `docs/batch.md`); every bad row is listed in one `InputError` ("invalid-rows").
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(edition: &Edition, text: &str) -> JsResult<Round> {
        CoreRound::from_csv(&edition.0, text)
            .map(Round)
            .map_err(throw)
    }

    /// A deterministic synthetic round of every unit (the same in every binding).
    pub fn synthetic(edition: &Edition, seed: u64) -> Round {
        Round(CoreRound::synthetic(&edition.0, seed))
    }

    /// The round as JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Adds (or replaces) a unit's assessment, given as its plain value, every input checked.
    pub fn insert(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "AssessmentData")] data: JsValue,
    ) -> JsResult<()> {
        self.0.insert(input(data, "assessment")?).map_err(throw)
    }

    /// A copy of a unit's assessment, or `undefined`.
    pub fn get(&self, unit: &str) -> Option<Assessment> {
        self.0.get(unit).cloned().map(Assessment::from)
    }

    /// Records an answer in a unit's assessment (created empty on first use).
    #[wasm_bindgen(unchecked_return_type = "Worth")]
    pub fn give(
        &mut self,
        unit: &str,
        #[wasm_bindgen(unchecked_param_type = "Assessor")] assessor: &str,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "Answer")] answer: JsValue,
    ) -> JsResult {
        let (assessor, answer) = (name(assessor)?, input(answer, "answer")?);
        let assessment = self.0.assessment(unit).map_err(throw)?;
        out(&assessment.give(assessor, code, answer).map_err(throw)?)
    }
}

values! { Round:
    #[doc = " Scorecards of every unit of the edition, in the edition's unit order."]
    "scorecards" fn scorecards(&self) -> "Scorecard[]" { self.0.scorecards() }
    #[doc = " One unit's scorecard, scoring that unit only."]
    "scorecard" fn scorecard(&self, unit: &str) -> "Scorecard" { self.0.scorecard(unit).map_err(throw)? }
    #[doc = " What to fix first for one unit."]
    "priorities" fn priorities(&self, unit: &str) -> "Priorities" { self.0.priorities(unit).map_err(throw)? }
    #[doc = " Ranking, bands and summaries of every group."]
    "results" fn results(&self) -> "Results" { self.0.results() }
}

/// One round's record, bound to its edition: an append-only log of checked commands, the state
/// they fold to, the windows and the automatic lock. Instants are RFC 3339 texts with an offset.
#[wasm_bindgen]
pub struct RoundRecord(CoreRecord);

#[wasm_bindgen]
impl RoundRecord {
    /// An empty record.
    #[wasm_bindgen(constructor)]
    pub fn new(edition: &Edition) -> RoundRecord {
        RoundRecord(CoreRecord::new(&edition.0))
    }

    /// A stored log (`toJson`), replayed through every check (`RecordError` "invalid-log").
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(edition: &Edition, text: &str) -> JsResult<RoundRecord> {
        CoreRecord::from_json(&edition.0, text)
            .map(RoundRecord)
            .map_err(throw)
    }

    /// A record rebuilt from events, each checked as when first given.
    pub fn replay(
        edition: &Edition,
        #[wasm_bindgen(unchecked_param_type = "Event[]")] events: JsValue,
    ) -> JsResult<RoundRecord> {
        let events: Vec<Event> = input(events, "events")?;
        CoreRecord::replay(&edition.0, events)
            .map(RoundRecord)
            .map_err(throw)
    }

    /// The stored form of the log.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Checks a command given by `actor` at instant `at` and appends it; returns the event.
    #[wasm_bindgen(unchecked_return_type = "Event")]
    pub fn execute(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Actor")] actor: JsValue,
        at: &str,
        #[wasm_bindgen(unchecked_param_type = "Command")] command: JsValue,
    ) -> JsResult {
        let actor: Actor = input(actor, "actor")?;
        let (at, command): (_, Command) = (instant(at)?, input(command, "command")?);
        out(self.0.execute(&actor, at, command).map_err(throw)?)
    }

    /// The official assessments of every unit that has one, as a scoring round.
    pub fn round(&self) -> Round {
        Round(self.0.round())
    }
}

values! { RoundRecord:
    #[doc = " Every event, in order."]
    "events" fn events(&self) -> "Event[]" { self.0.events() }
    #[doc = " The phase of the round at an instant."]
    "phase" fn phase(&self, at: &str) -> "string" { self.0.phase(instant(at)?) }
    #[doc = " One unit's record as `actor` may read it."]
    "unitView" fn unit_view(&self, #[wasm_bindgen(unchecked_param_type = "Actor")] actor: JsValue, unit: &str) -> "UnitRecord" { self.0.unit_view(&input(actor, "actor")?, unit).map_err(throw)? }
    #[doc = " One unit's events as `actor` may read them."]
    "unitEvents" fn unit_events(&self, #[wasm_bindgen(unchecked_param_type = "Actor")] actor: JsValue, unit: &str) -> "Event[]" { self.0.unit_events(&input(actor, "actor")?, unit).map_err(throw)? }
    #[doc = " The official scorecard of a unit."]
    "scorecard" fn scorecard(&self, unit: &str) -> "Scorecard" { self.0.scorecard(unit) }
    #[doc = " The trial scorecard of a unit: visible, never counted."]
    "trialScorecard" fn trial_scorecard(&self, unit: &str) -> "Scorecard" { self.0.trial_scorecard(unit) }
    #[doc = " The official self-assessment report of a unit (render it with `reportToHtml`)."]
    "selfAssessmentReport" fn self_assessment_report(&self, unit: &str) -> "Report" { self.0.self_assessment_report(unit) }
}
