//! JSON interchange of editions: decimals as strings, instants with offsets.

const FORMAT_VERSION: u32 = Edition::FORMAT_VERSION;
use crate::edition::{Edition, EditionData};
use crate::error::Error;
use crate::problem::{Location, Problem, ProblemKind};
use crate::tagged::without_position;
use crate::validate::{Sites, validate};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

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
        crate::to_json_text(&doc, true).unwrap_or_default()
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
        // The text is known to be JSON: read the edition from it directly, its `format` key
        // skipped (checked above), not through a `serde_json::Value`, whose deserializer was
        // compiled for every edition type only for this (4 KB of the gzipped WASM module). The
        // message is the shape error alone, as a value's error was: no position. A key given
        // twice is refused ("duplicate field"); the value kept the last one.
        let mut de = serde_json::Deserializer::from_str(text);
        let edition = EditionData::deserialize(SkipFormat(&mut de))
            .and_then(|edition| de.end().map(|()| edition))
            .map_err(|e| problem(ProblemKind::Syntax, None, without_position(&e)))?;
        let problems = validate(&edition, &Sites::for_file(JSON_FILE));
        if !problems.is_empty() {
            return Err(Error::edition(problems));
        }
        Ok(Edition::from_data(edition))
    }
}

/// The edition document's deserializer with its top-level `format` key skipped, so that the
/// edition's own `deny_unknown_fields` (and its message listing the expected keys) applies to
/// the rest as it did when `format` was removed from a parsed value.
struct SkipFormat<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SkipFormat<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(SkipFormat(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, SkipFormat(visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for SkipFormat<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(SkipFormat(map))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(seq)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipFormat<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.0.next_key::<std::borrow::Cow<'de, str>>()? {
            if key != "format" {
                let key = de::value::CowStrDeserializer::<A::Error>::new(key);
                return seed.deserialize(key).map(Some);
            }
            self.0.next_value::<IgnoredAny>()?;
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one problem of an edition JSON that does not load: (code, line, message).
    fn refusal(text: &str) -> (&'static str, Option<u32>, String) {
        let err = Edition::from_json(text).unwrap_err();
        let [problem] = err.problems() else {
            panic!("one problem expected: {err}");
        };
        let line = problem.location.line;
        (problem.kind.code(), line, problem.message.clone())
    }

    #[test]
    fn a_shape_error_names_the_key_and_no_position() {
        let expected = "unknown field `colour`, expected one of `id`, `year`, `province`, \
                        `title`, `rounding`, `decision`, `schedule`, `bands`, `units`, `criteria`";
        assert_eq!(
            refusal("{\"format\": 1,\n \"colour\": \"red\"}"),
            ("syntax", None, expected.to_owned())
        );
        assert_eq!(
            refusal("{\"id\": 5, \"format\": 1}"),
            (
                "syntax",
                None,
                "invalid type: integer `5`, expected a string".to_owned()
            )
        );
        assert_eq!(
            refusal("{\"format\": 1}"),
            ("syntax", None, "missing field `id`".to_owned())
        );
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        assert_eq!(
            refusal("{\"format\": 1, \"id\": \"a\", \"id\": \"b\"}"),
            ("syntax", None, "duplicate field `id`".to_owned())
        );
    }

    #[test]
    fn text_that_is_not_json_is_refused_with_its_line() {
        assert_eq!(
            refusal("{\"format\": 1,\n"),
            (
                "syntax",
                Some(2),
                "EOF while parsing a value at line 2 column 0".to_owned()
            )
        );
    }
}
