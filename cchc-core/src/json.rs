//! JSON interchange of editions: decimals as strings, instants with offsets.

const FORMAT_VERSION: u32 = Edition::FORMAT_VERSION;
use crate::edition::{Edition, EditionData};
use crate::error::Error;
use crate::problem::{Location, Problem, ProblemKind};
use crate::validate::{Sites, validate};
use serde::{Deserialize, Serialize};

/// The JSON document: the edition with the format version first.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct Document<'a> {
    format: u32,
    #[serde(flatten)]
    edition: &'a EditionData,
}

#[derive(Deserialize)]
struct Versioned {
    format: Option<serde_json::Value>,
}

const JSON_FILE: &str = "<json>";

impl Edition {
    /// Exports the edition as pretty-printed JSON (decimals as strings), the format described by
    /// `schemas/edition.schema.json`. [`Edition::from_json`] reads it back to an equal edition.
    ///
    /// ```
    /// let edition = cchc_criteria::default_edition();
    /// let json = edition.to_json();
    /// let back = cchc_core::Edition::from_json(&json).unwrap();
    /// assert_eq!(back, edition);
    /// ```
    pub fn to_json(&self) -> String {
        let doc = Document {
            format: FORMAT_VERSION,
            edition: self.data(),
        };
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }

    /// Loads an edition from its JSON export, validating it like the TOML loader does.
    pub fn from_json(text: &str) -> Result<Edition, Error> {
        let problem = |kind, line: Option<usize>, message: String| {
            Error::edition(vec![Problem {
                kind,
                location: Location {
                    file: JSON_FILE.into(),
                    line: line.and_then(|l| u32::try_from(l).ok()),
                },
                subject: None,
                message,
            }])
        };
        let version: Versioned = serde_json::from_str(text)
            .map_err(|e| problem(ProblemKind::Syntax, Some(e.line()), e.to_string()))?;
        match version.format {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(FORMAT_VERSION)) => {
            }
            other => {
                let found = other.map_or_else(|| "no `format` key".to_owned(), |v| v.to_string());
                return Err(problem(
                    ProblemKind::FormatVersion,
                    None,
                    format!("`format` must be {FORMAT_VERSION}; found {found}"),
                ));
            }
        }
        let mut value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| problem(ProblemKind::Syntax, Some(e.line()), e.to_string()))?;
        if let Some(map) = value.as_object_mut() {
            map.remove("format");
        }
        let edition: EditionData = serde_json::from_value(value)
            .map_err(|e| problem(ProblemKind::Syntax, None, e.to_string()))?;
        let problems = validate(&edition, &Sites::for_file(JSON_FILE));
        if !problems.is_empty() {
            return Err(Error::edition(problems));
        }
        Ok(Edition::from_data(edition))
    }
}
