//! WebAssembly bindings of cchc for Node and browsers (wasm-bindgen).
//!
//! A thin converter: state lives in four handles (`Edition`, `Assessment`, `Round`,
//! `RoundRecord`) wrapping the core's; every method converts its arguments, makes one core call
//! and converts the result. Values cross as the core's serde shapes (plain objects, snake_case
//! keys, decimals as strings, instants as RFC 3339 text), typed by declarations generated from
//! `schemas/` (`types/cchc.d.ts`, by `scripts/types.mjs`). Every failure is the core's one error
//! value, thrown as the `Error` subclass of its category (`src/errors.js`): `AnswerError`,
//! `RecordError`, `EditionError`, `InputError`, all extending `CchcError`.
//!
//! Two modules from one crate: the full one (default feature `full`, `src/full.rs`: also
//! `Round`, `RoundRecord`, results, analyses, editions from JSON) for Node and `cchc/full`, and
//! the browser's lean one (`--no-default-features`: `Edition`, `Assessment`, the report of one
//! assessment) for `cchc/web`. Build both with `cchc-wasm/build.sh`, which runs the
//! wasm-bindgen CLI into `cchc-wasm/pkg/`.

mod convert;

use cchc_core::{
    Appendix, Assessment as CoreAssessment, Edition as CoreEdition, Given, Group, NodePoints,
    ReportOptions,
};
use convert::{JsResult, decimal, input, name, out, throw};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const VALUE_TYPES: &str = include_str!("../types/cchc.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const ERROR_TYPES: &str = include_str!("errors.d.ts");

/// Methods whose result is a core value, returned as a plain JS value typed `$ts` in the
/// `.d.ts`: one line each, `"jsName" fn name(&self, args) -> "TsType" { core call }`.
/// Their docs are written `#[doc = "…"]`, not `///`: a `///` comment passed through a
/// `macro_rules!` reaches wasm-bindgen as a raw string (`r"…"`), which its `.d.ts` writer
/// (0.2.130) copies with the `r"` in front.
macro_rules! values {
    ($ty:ident: $($(#[doc = $doc:literal])* $js:literal fn $name:ident(&$s:ident $(, $(#[$pa:meta])* $arg:ident: $t:ty)*) -> $ts:literal $body:block)*) => {
        #[wasm_bindgen]
        impl $ty {
            $($(#[doc = $doc])*
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $ts)]
            pub fn $name(&$s $(, $(#[$pa])* $arg: $t)*) -> JsResult { out(&$body) })*
        }
    };
}

#[cfg(feature = "full")]
mod full;
#[cfg(feature = "full")]
pub use full::{Round, RoundRecord};

/// One province's round of the PAR Index: units, criteria, schedule and bands (a shared handle).
#[wasm_bindgen]
#[derive(Clone)]
pub struct Edition(pub(crate) CoreEdition);

#[wasm_bindgen]
impl Edition {
    /// The edition's identifier, e.g. "soc-trang-2018".
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.0.id().to_owned()
    }

    /// The year assessed.
    #[wasm_bindgen(getter)]
    pub fn year(&self) -> u16 {
        self.0.year()
    }

    /// The province.
    #[wasm_bindgen(getter)]
    pub fn province(&self) -> String {
        self.0.province().to_owned()
    }

    /// The edition's title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.0.title().to_owned()
    }
}

values! { Edition:
    #[doc = " The rounding rule of computed values: \"half-up\", \"half-even\" or \"down\"."]
    "rounding" fn rounding(&self) -> "Rounding" { self.0.rounding() }
    #[doc = " The decision that issued the index."]
    "decision" fn decision(&self) -> "Decision" { self.0.decision() }
    #[doc = " The round's windows, instants with offsets (half-open `[start, end)`)."]
    "schedule" fn schedule(&self) -> "Schedule" { self.0.schedule() }
    #[doc = " Classification bands, highest first."]
    "bands" fn bands(&self) -> "Band[]" { self.0.bands() }
    #[doc = " The band an index (a decimal string, in %) falls in, or `null`."]
    "bandFor" fn band_for(&self, #[wasm_bindgen(unchecked_param_type = "string")] index: JsValue) -> "Band | null" { self.0.band_for(decimal(&index, "index")?) }
    #[doc = " All units, in the order of the official list."]
    "units" fn units(&self) -> "Unit[]" { self.0.units() }
    #[doc = " The unit with this id, or `null`."]
    "unit" fn unit(&self, id: &str) -> "Unit | null" { self.0.unit(id) }
    #[doc = " The units of one group (\"department\", …), in list order."]
    "unitsIn" fn units_in(&self, #[wasm_bindgen(unchecked_param_type = "Group")] group: &str) -> "Unit[]" { self.0.units_in(name::<Group>(group)?).collect::<Vec<_>>() }
    #[doc = " One appendix's criteria (\"I\" to \"IV\"), each node with its depth and section, or `null`."]
    "criteria" fn criteria(&self, #[wasm_bindgen(unchecked_param_type = "Appendix")] appendix: &str) -> "CriteriaView | null" { self.0.criteria_view(name::<Appendix>(appendix)?) }
    #[doc = " The criteria set a unit is scored against (`AnswerError` \"unknown-unit\")."]
    "criteriaOf" fn criteria_of(&self, unit: &str) -> "CriteriaSet" { self.0.criteria_of(unit).map_err(throw)? }
    #[doc = " What an answer from an assessor is worth on a unit's leaf, recording nothing."]
    "worth" fn worth(&self, unit: &str, #[wasm_bindgen(unchecked_param_type = "Assessor")] assessor: &str, code: &str, #[wasm_bindgen(unchecked_param_type = "Answer")] answer: JsValue) -> "Worth" { self.0.worth(unit, name(assessor)?, code, &input(answer, "answer")?).map_err(throw)? }
}

/// The embedded default edition (Sóc Trăng 2018).
#[wasm_bindgen(js_name = defaultEdition)]
pub fn default_edition() -> Edition {
    Edition(cchc_criteria::default_edition())
}

/// The embedded edition with this id, or `undefined`.
#[wasm_bindgen]
pub fn edition(id: &str) -> Option<Edition> {
    cchc_criteria::edition(id).map(Edition)
}

/// The ids of the embedded editions.
#[wasm_bindgen(js_name = editionIds)]
pub fn edition_ids() -> Vec<String> {
    cchc_criteria::EDITION_IDS
        .iter()
        .map(|id| (*id).to_owned())
        .collect()
}

/// The error classes, for `instanceof`: `{ CchcError, AnswerError, RecordError, EditionError,
/// InputError }`.
#[wasm_bindgen(js_name = errorClasses, unchecked_return_type = "ErrorClasses")]
pub fn error_classes() -> JsValue {
    convert::error_classes()
}

/// The report options (`{ decimal_comma?: boolean }`), the default when not given.
pub(crate) fn report_options(value: Option<JsValue>) -> JsResult<ReportOptions> {
    value.map_or(Ok(ReportOptions::default()), |v| input(v, "options"))
}

/// One unit's assessment, bound to its edition: its own answers, the authority's and the
/// survey's, the council's appraisals and the explanation round's decisions, each checked.
#[wasm_bindgen]
pub struct Assessment(
    pub(crate) CoreAssessment,
    /// The points of the card `scorecardChanges` last returned (none before its first call).
    Vec<NodePoints>,
);

impl From<CoreAssessment> for Assessment {
    fn from(assessment: CoreAssessment) -> Assessment {
        Assessment(assessment, Vec::new())
    }
}

#[wasm_bindgen]
impl Assessment {
    /// An empty assessment of one unit (`AnswerError` "unknown-unit").
    #[wasm_bindgen(constructor)]
    pub fn new(edition: &Edition, unit: &str) -> JsResult<Assessment> {
        CoreAssessment::new(&edition.0, unit)
            .map(Assessment::from)
            .map_err(throw)
    }

    /// The assessment as JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The edition it is bound to.
    #[wasm_bindgen(getter)]
    pub fn edition(&self) -> Edition {
        Edition(self.0.edition().clone())
    }

    /// The unit assessed.
    #[wasm_bindgen(getter)]
    pub fn unit(&self) -> String {
        self.0.unit().to_owned()
    }

    /// Whether the self-assessment was submitted.
    #[wasm_bindgen(getter)]
    pub fn submitted(&self) -> bool {
        self.0.is_submitted()
    }

    /// Marks the self-assessment as submitted (or not).
    #[wasm_bindgen(setter)]
    pub fn set_submitted(&mut self, submitted: bool) {
        self.0.set_submitted(submitted);
    }

    /// Records the unit's own answer; returns what it is worth (`AnswerError`, nothing recorded).
    #[wasm_bindgen(unchecked_return_type = "Worth")]
    pub fn answer(
        &mut self,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "Answer")] answer: JsValue,
    ) -> JsResult {
        out(&self
            .0
            .answer(code, input(answer, "answer")?)
            .map_err(throw)?)
    }

    /// Records an answer from an assessor ("self", "authority", "survey").
    #[wasm_bindgen(unchecked_return_type = "Worth")]
    pub fn give(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Assessor")] assessor: &str,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "Answer")] answer: JsValue,
    ) -> JsResult {
        let (assessor, answer) = (name(assessor)?, input(answer, "answer")?);
        out(&self.0.give(assessor, code, answer).map_err(throw)?)
    }

    /// Gives many answers, each on its own: one outcome per answer, in order, `{ ok: Worth }`
    /// or `{ error }` (an item that is not a `Given` is refused alone, `invalid-shape`).
    #[wasm_bindgen(js_name = giveAll, unchecked_return_type = "Outcome<Worth>[]")]
    pub fn give_all(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Given[]")] answers: Vec<JsValue>,
    ) -> JsResult<Array> {
        let items: Vec<JsResult<Given>> = answers.into_iter().map(|v| input(v, "given")).collect();
        let given = items
            .iter()
            .filter_map(|g| g.as_ref().ok().cloned())
            .collect();
        let mut worths = self.0.give_many(given).into_iter();
        let outcomes = Array::new();
        for item in items {
            let outcome = Object::new();
            match item.map(|_| worths.next()) {
                Ok(Some(Ok(worth))) => Reflect::set(&outcome, &"ok".into(), &out(&worth)?)?,
                Ok(Some(Err(e))) => Reflect::set(&outcome, &"error".into(), &throw(e))?,
                Err(e) => Reflect::set(&outcome, &"error".into(), &e)?,
                Ok(None) => false,
            };
            outcomes.push(&outcome);
        }
        Ok(outcomes)
    }

    /// Records the appraisal council's points (a decimal string) for a self-assessed leaf.
    pub fn appraise(
        &mut self,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "string")] points: JsValue,
    ) -> JsResult<String> {
        let points = decimal(&points, "points")?;
        Ok(self.0.appraise(code, points).map_err(throw)?.to_string())
    }

    /// Records the explanation round's final points (a decimal string) for a leaf.
    pub fn decide(
        &mut self,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "string")] points: JsValue,
    ) -> JsResult<String> {
        let points = decimal(&points, "points")?;
        Ok(self.0.decide(code, points).map_err(throw)?.to_string())
    }

    /// The scorecard with, in `nodes`, only the rows whose points changed since this method's
    /// previous call on this assessment (every row on the first call); the totals, the index and
    /// the fields are whole. For a page that shows the points live: after one answer, the
    /// answered leaf and its parents are all it writes again (the calculator does).
    ///
    /// ```js
    /// const a = new Assessment(defaultEdition(), "so-tu-phap");
    /// a.scorecardChanges().nodes.length; // 98: every row of Appendix I
    /// a.give("self", "1.1.1", { kind: "yes-no", yes: true });
    /// a.scorecardChanges().nodes.map((n) => [n.code, n.self]); // [["1", "0.5"], ["1.1", "0.5"], ["1.1.1", "0.5"]]
    /// ```
    #[wasm_bindgen(js_name = scorecardChanges, unchecked_return_type = "Scorecard")]
    pub fn scorecard_changes(&mut self) -> JsResult {
        let card = self.0.compact_scorecard().map_err(throw)?;
        let changes = card.changes_since(&self.1);
        self.1.clear();
        self.1.extend_from_slice(card.points());
        out(&changes)
    }

    /// Removes every input given on one leaf (no-op when there is none).
    pub fn clear(&mut self, code: &str) {
        self.0.clear(code);
    }

    /// Removes every input; the unit stays.
    #[wasm_bindgen(js_name = clearAll)]
    pub fn clear_all(&mut self) {
        self.0.clear_all();
    }

    /// Whether the leaf has an answer from whoever assesses it.
    #[wasm_bindgen(js_name = isAnswered)]
    pub fn is_answered(&self, code: &str) -> bool {
        self.0.is_answered(code)
    }

    /// Whether nothing at all was entered.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The self-assessment report of these answers as a printable HTML page: the page that
    /// `reportToHtml(a.report(), options)` of the full module writes, without reading the report
    /// back from JS.
    #[wasm_bindgen(js_name = reportHtml)]
    pub fn report_html(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ decimal_comma?: boolean }")]
        options: Option<JsValue>,
    ) -> JsResult<String> {
        let opts = report_options(options)?;
        Ok(self.0.report().to_html_with(&opts, convert::upper))
    }

    /// The self-assessment report of these answers as CSV (`reportToCsv(a.report(), options)`
    /// of the full module).
    #[wasm_bindgen(js_name = reportCsv)]
    pub fn report_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ decimal_comma?: boolean }")]
        options: Option<JsValue>,
    ) -> JsResult<String> {
        Ok(self.0.report().to_csv(&report_options(options)?))
    }
}

values! { Assessment:
    #[doc = " The assessment as a plain value."]
    "data" fn data(&self) -> "AssessmentData" { self.0.data() }
    #[doc = " The scorecard: points per node and stage, totals, index and sub-indices."]
    "scorecard" fn scorecard(&self) -> "Scorecard" { self.0.scorecard() }
    #[doc = " The self-assessment report of these answers as a value (`reportHtml` and `reportCsv`"]
    #[doc = " render it; so do `reportToHtml` and `reportToCsv` of the full module)."]
    "report" fn report(&self) -> "Report" { self.0.report() }
}
