//! Deserializing the internally tagged enums of the interchange (`Answer`, `Worth`, `Command`,
//! `Method`: `{"kind": "rate", …}`) without serde's buffered `Content`.
//!
//! serde's derive reads such an enum by buffering the object into its private `Content` and
//! deserializing the variant again from that buffer: the serde code of every type inside a tagged
//! enum is then compiled twice, once for each deserializer, which was ~15 KB of the gzipped WASM
//! module. [`internally_tagged!`] keeps serde's derive for the enum's `Serialize` (and its schema)
//! and reads it in the same two steps with one difference in the second: the buffered object is
//! written back as JSON text, `{"<tag>": {<the other keys>}}`, and read by `serde_json` into a
//! private externally tagged twin of the enum, with the same variants, fields and attributes. The
//! twin's code is compiled for `serde_json`'s reader only, like every other type of the crate.
//!
//! What is accepted and refused, and each refusal's message, is serde's (the tests below compare
//! the two on good and bad inputs): the tag may come anywhere in the object; an unknown or
//! repeated tag, or a missing one, is refused while the object is read; a variant's unknown,
//! repeated, missing or mistyped field after it, with no position of its own (as from serde's
//! buffer). Unit variants ignore other keys, as serde's do.

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt::{self, Write};
use std::marker::PhantomData;

/// Declares an internally tagged enum (tag `$tag`, variants in kebab-case, unknown fields
/// refused), with `Serialize` derived as written and `Deserialize` through [`read`] and a twin
/// declared in the module `$twin`.
macro_rules! internally_tagged {
    (
        tag = $tag:literal, twin = $twin:ident;
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $({
                    $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* $(,)?
                })?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant $({ $( $(#[$fmeta])* $field: $fty ),* })?
            ),*
        }

        /// The private twin of the enum (see `crate::tagged`), named alike so that serde's
        /// messages name the enum.
        #[allow(non_snake_case, clippy::large_enum_variant)]
        mod $twin {
            #[allow(unused_imports)]
            use super::*;

            /// The tag's values, read as serde reads a variant's name.
            #[derive(serde::Deserialize)]
            #[serde(variant_identifier, rename_all = "kebab-case")]
            pub(super) enum Tag {
                $( $(#[$vmeta])* $variant ),*
            }

            /// The tag's values, written as serde writes a variant's name.
            #[derive(serde::Serialize)]
            #[serde(rename_all = "kebab-case")]
            enum Name {
                $( $(#[$vmeta])* $variant ),*
            }

            impl $crate::tagged::Tag for Tag {
                fn name(&self) -> String {
                    let name = match self {
                        $(Tag::$variant => Name::$variant),*
                    };
                    // A unit variant's name: writing it cannot fail.
                    crate::to_json_text(&name, false).unwrap_or_default()
                }

                fn is_unit(&self) -> bool {
                    match self {
                        $(Tag::$variant => {
                            let fields: &[&str] = &[$($(stringify!($field)),*)?];
                            fields.is_empty()
                        })*
                    }
                }
            }

            /// The enum externally tagged, every variant a struct.
            #[derive(serde::Deserialize)]
            #[serde(rename_all = "kebab-case", deny_unknown_fields)]
            pub(super) enum $name {
                $(
                    $(#[$vmeta])*
                    $variant { $($( $(#[$fmeta])* $field: $fty ),*)? }
                ),*
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let expecting = concat!("internally tagged enum ", stringify!($name));
                let twin = $crate::tagged::read::<D, $twin::Tag, $twin::$name>(d, $tag, expecting)?;
                Ok(match twin {
                    $($twin::$name::$variant { $($($field),*)? } => $name::$variant $({ $($field),* })?),*
                })
            }
        }
    };
}
pub(crate) use internally_tagged;

/// The tag of an enum declared with [`internally_tagged!`].
pub(crate) trait Tag: DeserializeOwned {
    /// The variant's name as a JSON string (`"yes-no"`).
    fn name(&self) -> String;
    /// Whether the variant has no fields (its other keys are then ignored, as serde does).
    fn is_unit(&self) -> bool;
}

/// Reads an internally tagged enum through its twin `W` (see the module).
pub(crate) fn read<'de, D, T, W>(
    d: D,
    tag: &'static str,
    expecting: &'static str,
) -> Result<W, D::Error>
where
    D: Deserializer<'de>,
    T: Tag,
    W: DeserializeOwned,
{
    let (variant, rest) = d.deserialize_any(Tagged::<T> {
        tag,
        expecting,
        marker: PhantomData,
    })?;
    let mut text = String::from("{");
    text.push_str(&variant.name());
    text.push(':');
    match rest {
        // serde's unit variant reads no element of its sequence, then refuses those left.
        Rest::Seq(items) if variant.is_unit() && !items.is_empty() => {
            return Err(de::Error::invalid_length(
                items.len(),
                &"0 elements in sequence",
            ));
        }
        _ if variant.is_unit() => text.push_str("{}"),
        Rest::Map(entries) => Json::Map(entries).write(&mut text),
        Rest::Seq(items) => Json::Seq(items).write(&mut text),
    }
    text.push('}');
    serde_json::from_str(&text).map_err(|e| de::Error::custom(without_position(&e)))
}

/// A `serde_json` error's message without its position (" at line 1 column 9"): for text the
/// caller never saw.
pub(crate) fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// What is left of a tagged object once its tag is read.
enum Rest {
    Map(Vec<(String, Json)>),
    Seq(Vec<Json>),
}

/// Reads the tag (checked at once) and buffers the rest, like serde's `TaggedContentVisitor`.
struct Tagged<T> {
    tag: &'static str,
    expecting: &'static str,
    marker: PhantomData<T>,
}

impl<'de, T: Tag> Visitor<'de> for Tagged<T> {
    type Value = (T, Rest);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(T, Rest), A::Error> {
        let Some(variant) = seq.next_element::<T>()? else {
            return Err(de::Error::missing_field(self.tag));
        };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok((variant, Rest::Seq(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(T, Rest), A::Error> {
        let mut variant = None;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.tag {
                if variant.is_some() {
                    return Err(de::Error::duplicate_field(self.tag));
                }
                variant = Some(map.next_value::<T>()?);
            } else {
                entries.push((key, map.next_value()?));
            }
        }
        match variant {
            Some(variant) => Ok((variant, Rest::Map(entries))),
            None => Err(de::Error::missing_field(self.tag)),
        }
    }
}

/// A buffered JSON value: object keys in their order, repeated keys kept (the twin refuses a
/// repeated field as serde does).
enum Json {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    Seq(Vec<Json>),
    Map(Vec<(String, Json)>),
}

impl Json {
    fn write(&self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = match self {
            Json::Null => write!(out, "null"),
            Json::Bool(b) => write!(out, "{b}"),
            Json::I64(n) => write!(out, "{n}"),
            Json::U64(n) => write!(out, "{n}"),
            // The shortest text that reads back to the same number; JSON has no NaN or infinity.
            Json::F64(x) if x.is_finite() => write!(out, "{x:?}"),
            Json::F64(_) => write!(out, "null"),
            Json::Str(s) => {
                write_str(s, out);
                Ok(())
            }
            Json::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                write!(out, "]")
            }
            Json::Map(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(key, out);
                    out.push(':');
                    value.write(out);
                }
                write!(out, "}}")
            }
        };
    }
}

/// A JSON string literal.
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::I64(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::U64(n))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Json, E> {
        Ok(Json::F64(x))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::Str(s))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        Json::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Json::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    //! Every input, good or bad, reads as serde's own derive reads it: the same value, or an
    //! error with the same message (position included).

    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        a: u8,
    }

    /// serde's derive (buffering in `Content`).
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
    enum Derived {
        Empty,
        Rate {
            #[serde(with = "crate::decimal::Str")]
            numerator: Decimal,
            #[serde(default)]
            note: String,
        },
        #[serde(rename = "many")]
        List {
            items: Vec<Inner>,
            inner: Option<Inner>,
        },
    }

    crate::tagged::internally_tagged! {
    tag = "kind", twin = twinned_twin;
    /// The same enum through the macro.
    #[derive(Debug, PartialEq, Serialize)]
    #[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
    enum Twinned {
        Empty,
        Rate {
            #[serde(with = "crate::decimal::Str")]
            numerator: Decimal,
            #[serde(default)]
            note: String,
        },
        #[serde(rename = "many")]
        List { items: Vec<Inner>, inner: Option<Inner> },
    }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer<T> {
        all: Vec<T>,
    }

    /// The two results, the twin's names read as the derived enum's.
    fn same<A: fmt::Debug, B: fmt::Debug>(
        derived: Result<A, String>,
        twinned: Result<B, String>,
        text: &str,
    ) {
        let derived = derived.map(|d| format!("{d:?}"));
        let twinned = match twinned {
            Ok(t) => Ok(format!("{t:?}").replace("Twinned", "Derived")),
            Err(e) => Err(e.replace("Twinned", "Derived")),
        };
        assert_eq!(derived, twinned, "{text}");
    }

    use std::fmt;

    #[test]
    fn reads_as_serde_derive_reads() {
        let cases = [
            r#"{"kind": "empty"}"#,
            r#"{"kind": "empty", "extra": [1, {"x": 2}]}"#,
            r#"{"kind": "rate", "numerator": "7.5"}"#,
            r#"{"numerator": "7.5", "note": "n\"ote\\\u0001é", "kind": "rate"}"#,
            r#"{"kind": "rate", "numerator": 7.5}"#,
            r#"{"kind": "rate", "numerator": 1e300}"#,
            r#"{"kind": "rate", "numerator": -5}"#,
            r#"{"kind": "rate", "numerator": 18446744073709551615}"#,
            r#"{"kind": "rate", "numerator": null}"#,
            r#"{"kind": "rate", "numerator": 0.1}"#,
            r#"{"kind": "rate", "numerator": 1.7976931348623157e308}"#,
            r#"{"kind": "rate", "numerator": 5e-324}"#,
            r#"{"kind": "rate", "numerator": -0.0}"#,
            r#"{"kind": "rate", "numerator": -9223372036854775809}"#,
            r#"{"kind": "rate", "numerator": "1", "b\"a\u0007d ế": 1}"#,
            r#"{"kind": "rate", "numerator": "1", "note": "\ud83d\ude00\n\t\u001f"}"#,
            r#"{"kind": "rate", "numerator": "x"}"#,
            r#"{"kind": "rate"}"#,
            r#"{"kind": "rate", "numerator": "1", "numerator": "2"}"#,
            r#"{"kind": "rate", "numerator": "1", "items": []}"#,
            r#"{"kind": "rate", "numerator": "1", "bogus": true}"#,
            r#"{"bogus": true, "kind": "rate", "numerator": "1"}"#,
            r#"{"kind": "many", "items": [{"a": 1}, {"a": 2}], "inner": null}"#,
            r#"{"kind": "many", "items": [{"a": 1, "a": 2}]}"#,
            r#"{"kind": "many", "items": [{"a": 300}]}"#,
            r#"{"kind": "many", "items": [{"b": 1}], "inner": {"a": 1}}"#,
            r#"{"kind": "many", "items": {}}"#,
            r#"{"kind": "list", "items": []}"#,
            r#"{"kind": "nope"}"#,
            r#"{"kind": 0}"#,
            r#"{"kind": 2, "items": []}"#,
            r#"{"kind": 9}"#,
            r#"{"kind": true}"#,
            r#"{"kind": {"empty": null}}"#,
            r#"{"kind": null}"#,
            r#"{"kind": "empty", "kind": "empty"}"#,
            r#"{"numerator": "1"}"#,
            r#"{}"#,
            r#"["rate", "1", "note"]"#,
            r#"["rate"]"#,
            r#"["empty", 1, 2]"#,
            r#"["empty"]"#,
            r#"[]"#,
            r#""rate""#,
            r#"5"#,
            r#"null"#,
            r#"{"kind": "rate", "numerator": "1"} x"#,
            r#"{"kind": "rate", "numerator": "1""#,
        ];
        for text in cases {
            same::<Derived, Twinned>(
                serde_json::from_str(text).map_err(|e| e.to_string()),
                serde_json::from_str(text).map_err(|e| e.to_string()),
                text,
            );
            // Nested: the position is the outer reader's.
            let outer = format!("{{\"all\": [{text}, {text}]}}");
            same::<Outer<Derived>, Outer<Twinned>>(
                serde_json::from_str(&outer).map_err(|e| e.to_string()),
                serde_json::from_str(&outer).map_err(|e| e.to_string()),
                &outer,
            );
            // Another deserializer than serde_json's reader.
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                same::<Derived, Twinned>(
                    serde_json::from_value(value.clone()).map_err(|e| e.to_string()),
                    serde_json::from_value(value).map_err(|e| e.to_string()),
                    text,
                );
            }
        }
    }
}
