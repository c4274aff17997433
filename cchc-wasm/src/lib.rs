//! WebAssembly bindings of cchc for Node and browsers (wasm-bindgen).
//!
//! This crate only converts and forwards: every rule lives in `cchc-core`. Decimals cross as
//! strings ("14.5"), never as JS numbers. Errors are thrown as real JS `Error` objects with a
//! stable `code` property (and, for a refused edition, `problems`).
//!
//! Build with `cchc-wasm/build.sh`, which runs the wasm-bindgen CLI into `cchc-wasm/pkg/`.

use cchc_core::{Appendix, Edition as CoreEdition};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A participating unit. */
export interface Unit {
  id: string;
  name: string;
  group: "department" | "district-committee" | "public-service-unit" | "central-agency";
  appendix: "I" | "II" | "III" | "IV";
}

/** A field, criterion or sub-criterion. Decimals are strings. Leaf-only keys are absent on parents. */
export interface Node {
  code: string;
  title: string;
  titleEn?: string;
  max: string;
  section: "scored" | "deduction" | "bonus";
  depth: number;
  leaf: boolean;
  method?: string;
  assessedBy?: "self" | "survey" | "authority";
  evidence?: boolean;
  notApplicable?: boolean;
  status: "official" | "reconstructed";
  reference: string;
}

/** One appendix of an edition. */
export interface CriteriaSet {
  appendix: "I" | "II" | "III" | "IV";
  title: string;
  max: string;
  nodes: Node[];
}

/** One thing wrong with an edition's data. */
export interface Problem {
  kind: string;
  file: string;
  line?: number;
  subject?: string;
  message: string;
}

/** What cchc throws: a real Error with a stable code ("invalid-edition", …). */
export interface CchcError extends Error {
  code: string;
  problems?: Problem[];
}
"#;

/// Sets `key` on a plain object we just created (cannot fail on such an object).
fn put(obj: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

fn put_opt(obj: &Object, key: &str, value: Option<JsValue>) {
    if let Some(value) = value {
        put(obj, key, value);
    }
}

/// A real JS `Error` carrying a stable `code`.
fn error(name: &str, code: &str, message: &str) -> js_sys::Error {
    let err = js_sys::Error::new(message);
    err.set_name(name);
    put(&err, "code", JsValue::from_str(code));
    err
}

fn edition_error(err: &cchc_core::EditionError) -> JsValue {
    let js = error("EditionError", err.code(), &err.to_string());
    let problems = Array::new();
    for p in err.problems() {
        let obj = Object::new();
        put(&obj, "kind", p.kind.code().into());
        put(&obj, "file", p.location.file.as_str().into());
        put_opt(&obj, "line", p.location.line.map(JsValue::from));
        put_opt(&obj, "subject", p.subject.as_deref().map(JsValue::from));
        put(&obj, "message", p.message.as_str().into());
        problems.push(&obj);
    }
    put(&js, "problems", problems.into());
    js.into()
}

fn parse_appendix(text: &str) -> Result<Appendix, JsValue> {
    Appendix::parse(text).ok_or_else(|| {
        js_sys::RangeError::new(&format!(
            "unknown appendix {text:?}: expected \"I\", \"II\", \"III\" or \"IV\""
        ))
        .into()
    })
}

fn unit_object(unit: &cchc_core::Unit) -> Object {
    let obj = Object::new();
    put(&obj, "id", unit.id().into());
    put(&obj, "name", unit.name().into());
    put(&obj, "group", unit.group().as_str().into());
    put(&obj, "appendix", unit.group().appendix().as_str().into());
    obj
}

fn node_object(node: &cchc_core::Node) -> Object {
    let obj = Object::new();
    put(&obj, "code", node.code().into());
    put(&obj, "title", node.title().into());
    put_opt(&obj, "titleEn", node.title_en().map(JsValue::from));
    put(&obj, "max", node.max().to_string().into());
    put(&obj, "section", node.section().as_str().into());
    put(&obj, "depth", (node.depth() as u32).into());
    put(&obj, "leaf", node.is_leaf().into());
    if let Some(leaf) = node.leaf() {
        put(&obj, "method", leaf.method.kind().into());
        put(&obj, "assessedBy", leaf.assessed_by.as_str().into());
        put(&obj, "evidence", leaf.evidence.into());
        put(&obj, "notApplicable", leaf.not_applicable.into());
    }
    put(&obj, "status", node.status().as_str().into());
    put(&obj, "reference", node.reference().into());
    obj
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
    /// Loads an edition from the JSON that `toJson` writes. Throws an `Error` with
    /// `code = "invalid-edition"` and `problems` when the data is invalid.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Edition, JsValue> {
        CoreEdition::from_json(text)
            .map(|e| Edition {
                inner: Handle::Loaded(Box::new(e)),
            })
            .map_err(|e| edition_error(&e))
    }

    /// Loads an edition from its TOML files, given as an object of file name to text that
    /// includes "edition.toml". Throws like `fromJson`.
    #[wasm_bindgen(js_name = fromTomlFiles)]
    pub fn from_toml_files(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: &JsValue,
    ) -> Result<Edition, JsValue> {
        let Some(files) = files.dyn_ref::<Object>() else {
            return Err(js_sys::TypeError::new("files must be an object of name -> text").into());
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for entry in Object::entries(files).iter() {
            let entry: Array = entry.unchecked_into();
            let name = entry.get(0).as_string().unwrap_or_default();
            let Some(text) = entry.get(1).as_string() else {
                return Err(js_sys::TypeError::new(&format!(
                    "file {name:?}: text must be a string"
                ))
                .into());
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

    /// One appendix's criteria set ("I" to "IV") with all its nodes, or `undefined` when the
    /// edition lacks it. Throws a `RangeError` for a string that names no appendix.
    #[wasm_bindgen(unchecked_return_type = "CriteriaSet | undefined")]
    pub fn criteria(&self, appendix: &str) -> Result<JsValue, JsValue> {
        let appendix = parse_appendix(appendix)?;
        let Some(set) = self.get().criteria(appendix) else {
            return Ok(JsValue::UNDEFINED);
        };
        let obj = Object::new();
        put(&obj, "appendix", set.appendix().as_str().into());
        put(&obj, "title", set.title().into());
        put(&obj, "max", set.max().to_string().into());
        let nodes: Array = set.nodes().iter().map(node_object).collect();
        put(&obj, "nodes", nodes.into());
        Ok(obj.into())
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
