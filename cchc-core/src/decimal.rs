//! How decimals cross every boundary: as strings ("14.5"), never as JSON numbers, so no float
//! ever touches a point value. Each type here is both a serde `with` module and, with the
//! `schema` feature, the JSON Schema of what it writes.

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};
use std::collections::BTreeMap;

/// The pattern every decimal string matches.
#[cfg(feature = "schema")]
const PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";

/// A decimal as a string.
pub(crate) struct Str;

impl Str {
    pub(crate) fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::str::serialize(value, s)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        rust_decimal::serde::str::deserialize(d)
    }
}

/// An optional decimal as a string or null.
pub(crate) struct OptionStr;

impl OptionStr {
    pub(crate) fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::str_option::serialize(value, s)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        rust_decimal::serde::str_option::deserialize(d)
    }
}

/// A map of codes to decimals as strings.
pub(crate) struct MapStr;

impl MapStr {
    pub(crate) fn serialize<S: Serializer>(
        map: &BTreeMap<String, Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_map(map.iter().map(|(k, v)| (k, v.to_string())))
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Decimal>, D::Error> {
        use serde::Deserialize;
        let raw = BTreeMap::<String, String>::deserialize(d)?;
        raw.into_iter()
            .map(|(k, v)| {
                Decimal::from_str_exact(&v)
                    .map(|d| (k, d))
                    .map_err(|e| serde::de::Error::custom(format!("{v:?} is not a decimal: {e}")))
            })
            .collect()
    }
}

#[cfg(feature = "schema")]
mod schema {
    use super::{MapStr, OptionStr, PATTERN, Str};
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for Str {
        fn schema_name() -> Cow<'static, str> {
            "Decimal".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "pattern": PATTERN,
                "description": "An exact decimal written as text, e.g. \"14.5\"."
            })
        }
    }

    impl JsonSchema for OptionStr {
        fn schema_name() -> Cow<'static, str> {
            "DecimalOrNull".into()
        }
        fn inline_schema() -> bool {
            true
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({ "type": ["string", "null"], "pattern": PATTERN })
        }
    }

    impl JsonSchema for MapStr {
        fn schema_name() -> Cow<'static, str> {
            "DecimalMap".into()
        }
        fn inline_schema() -> bool {
            true
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "additionalProperties": { "type": "string", "pattern": PATTERN }
            })
        }
    }
}
