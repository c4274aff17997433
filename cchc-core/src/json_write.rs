//! The core's JSON writer: the text `serde_json::to_string` and `to_string_pretty` write, byte
//! for byte, from a serde serializer of its own that writes into a `String`.
//!
//! Every `to_json` of the core and the WASM module's values go through [`to_json_text`]: one
//! serializer for both layouts (a flag, not a second formatter type), so each interchange type's
//! `Serialize` is compiled once, and no `io::Write` between the text and the `String`. The
//! layout is serde_json's: compact without any space; pretty with two spaces of indent, `": "`
//! after a key, empty arrays and objects as `[]` and `{}`. Strings are escaped as serde_json
//! escapes them (`"`, `\`, and the control characters, `\u00xx` in lowercase hex but for `\b`,
//! `\t`, `\n`, `\f`, `\r`); map keys may be strings, chars, numbers, booleans or unit variants,
//! written as strings. `tests/rust/json_write.rs` compares the two writers on the golden cases,
//! synthetic rounds, generated values and every serde shape.

use serde::ser::{self, Impossible, Serialize};
use std::fmt::{self, Write};

/// Why a value could not be written as JSON: a map key that is not a string, a number, a
/// boolean, a char or a unit variant (or a float key that is not finite), or an error raised by
/// the value's own `Serialize`; the message is serde_json's. No interchange type of the core
/// raises one.
#[derive(Clone, Debug, PartialEq, Eq)]
// Boxed: a `Result<(), JsonWriteError>` of one word, as serde_json's error is, so that every `?`
// of the derived `Serialize` code moves a pointer, not three words (1,201 B of the lean WASM
// module gzipped, 2,124 B of the full one).
#[allow(clippy::box_collection)]
pub struct JsonWriteError(Box<String>);

impl fmt::Display for JsonWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonWriteError {}

impl ser::Error for JsonWriteError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        JsonWriteError(Box::new(msg.to_string()))
    }
}

/// A value as JSON text, compact (`pretty == false`, as `serde_json::to_string` writes it) or
/// pretty-printed (as `serde_json::to_string_pretty` does), byte for byte.
///
/// ```
/// let worth = cchc_core::Worth::Points(cchc_core::Decimal::new(15, 1));
/// let text = cchc_core::to_json_text(&worth, false).unwrap();
/// assert_eq!(text, r#"{"kind":"points","points":"1.5"}"#);
/// assert_eq!(text, serde_json::to_string(&worth).unwrap());
/// let pretty = cchc_core::to_json_text(&worth, true).unwrap();
/// assert_eq!(pretty, "{\n  \"kind\": \"points\",\n  \"points\": \"1.5\"\n}");
/// ```
pub fn to_json_text<T: Serialize + ?Sized>(
    value: &T,
    pretty: bool,
) -> Result<String, JsonWriteError> {
    let mut writer = Writer {
        out: String::new(),
        pretty,
        indent: 0,
        has_value: false,
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// The serializer: the text so far and serde_json's `PrettyFormatter` state.
struct Writer {
    out: String,
    pretty: bool,
    indent: usize,
    has_value: bool,
}

type Result<T = (), E = JsonWriteError> = std::result::Result<T, E>;

impl Writer {
    #[inline(never)]
    fn string(&mut self, s: &str) {
        self.out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                0x0c => "\\f",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 0xf)]));
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(&s[start..]);
        self.out.push('"');
    }

    /// A number, in decimal.
    fn display(&mut self, value: impl fmt::Display) -> Result {
        // Writing into a String cannot fail.
        let _ = write!(self.out, "{value}");
        Ok(())
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    /// `[` or `{`; `empty`: the collection is known to be empty and is closed at once.
    #[inline(never)]
    fn begin(&mut self, open: char, empty: bool) -> State {
        self.indent += 1;
        self.has_value = false;
        self.out.push(open);
        if empty {
            self.end(if open == '[' { ']' } else { '}' });
            State::Empty
        } else {
            State::First
        }
    }

    /// What comes before an element or a key: `,` after the first, a new line when pretty.
    #[inline(never)]
    fn item(&mut self, state: &mut State) {
        if *state != State::First {
            self.out.push(',');
        }
        *state = State::Rest;
        if self.pretty {
            self.newline();
        }
    }

    /// A struct's key and its colon, after what comes before it.
    #[inline(never)]
    fn key(&mut self, state: &mut State, key: &str) {
        self.item(state);
        self.string(key);
        self.colon();
    }

    fn colon(&mut self) {
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    #[inline(never)]
    fn end(&mut self, close: char) {
        self.indent -= 1;
        if self.pretty && self.has_value {
            self.newline();
        }
        self.out.push(close);
    }

    /// An array (`open` is `[`) or an object (`{`) being written.
    fn open(&mut self, open: char, empty: bool) -> Compound<'_> {
        let state = self.begin(open, empty);
        let close = if open == '[' { ']' } else { '}' };
        Compound {
            writer: self,
            state,
            close,
        }
    }

    /// `{"<variant>":` of an externally tagged variant.
    fn variant_key(&mut self, variant: &str) -> Compound<'_> {
        let mut state = self.begin('{', false);
        self.item(&mut state);
        self.string(variant);
        self.colon();
        Compound {
            writer: self,
            state,
            close: '}',
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Empty,
    First,
    Rest,
}

/// An array or object being written; `close` is `]` or `}`.
struct Compound<'a> {
    writer: &'a mut Writer,
    state: State,
    close: char,
}

impl Compound<'_> {
    #[inline(never)]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.writer.item(&mut self.state);
        value.serialize(&mut *self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }

    #[inline(never)]
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        self.writer.key(&mut self.state, key);
        value.serialize(&mut *self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }

    fn close(self) {
        if self.state != State::Empty {
            self.writer.end(self.close);
        }
    }

    /// Closes a variant's inner collection, then the `{"<variant>": …}` around it.
    fn close_variant(self) {
        let writer = &mut *self.writer;
        if self.state != State::Empty {
            writer.end(self.close);
        }
        writer.has_value = true;
        writer.end('}');
    }
}

/// The integer methods of a serializer: each writes its number with `self.$write(v)`.
macro_rules! integers {
    ($write:ident) => {
        integers!($write: serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
            serialize_i64 i64, serialize_i128 i128, serialize_u8 u8, serialize_u16 u16,
            serialize_u32 u32, serialize_u64 u64, serialize_u128 u128);
    };
    ($write:ident: $($method:ident $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result {
            self.$write(v)
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = JsonWriteError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    integers!(display);

    fn serialize_f32(self, v: f32) -> Result {
        // No interchange type holds a float (numbers are exact decimals); written as serde_json
        // writes one (ryu's shortest form, `null` when not finite).
        self.out
            .push_str(&serde_json::to_string(&v).map_err(ser::Error::custom)?);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.out
            .push_str(&serde_json::to_string(&v).map_err(ser::Error::custom)?);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for b in v {
            seq.element(b)?;
        }
        seq.close();
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        let compound = self.variant_key(variant);
        value.serialize(&mut *compound.writer)?;
        compound.writer.has_value = true;
        compound.writer.end('}');
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open('[', len == Some(0)))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        Ok(self.variant_key(variant).writer.open('[', len == 0))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open('{', len == Some(0)))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        Ok(self.variant_key(variant).writer.open('{', len == 0))
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        self.string(&value.to_string());
        Ok(())
    }
}

/// The serde traits of the arrays being written (sequences, tuples, a tuple variant's fields):
/// `$method` writes one element, `end` closes with `$close`.
macro_rules! elements {
    ($($trait:ident: $method:ident, $close:ident;)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = JsonWriteError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                self.$close();
                Ok(())
            }
        }
    )*};
}

elements! {
    SerializeSeq: serialize_element, close;
    SerializeTuple: serialize_element, close;
    SerializeTupleStruct: serialize_field, close;
    SerializeTupleVariant: serialize_field, close_variant;
}

/// The serde traits of the structs being written (a struct's and a struct variant's fields).
macro_rules! fields {
    ($($trait:ident: $close:ident;)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = JsonWriteError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.field(key, value)
            }
            fn end(self) -> Result {
                self.$close();
                Ok(())
            }
        }
    )*};
}

fields! {
    SerializeStruct: close;
    SerializeStructVariant: close_variant;
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = JsonWriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.writer.item(&mut self.state);
        key.serialize(KeyWriter(&mut *self.writer))?;
        self.writer.colon();
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }
    fn end(self) -> Result {
        self.close();
        Ok(())
    }
}

/// A map key: written as a string, as serde_json's `MapKeySerializer` writes it.
struct KeyWriter<'a>(&'a mut Writer);

fn key_must_be_a_string() -> JsonWriteError {
    JsonWriteError(Box::new("key must be a string".to_owned()))
}

impl KeyWriter<'_> {
    fn quoted(self, value: impl fmt::Display) -> Result {
        self.0.string(&value.to_string());
        Ok(())
    }

    /// A float key: its JSON number as a string, refused when not finite (serde_json's rule).
    fn float<T: Serialize>(self, finite: bool, value: &T) -> Result {
        if !finite {
            return Err(JsonWriteError(Box::new(
                "float key must be finite (got NaN or +/-inf)".to_owned(),
            )));
        }
        let text = serde_json::to_string(value).map_err(ser::Error::custom)?;
        self.0.string(&text);
        Ok(())
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = JsonWriteError;
    type SerializeSeq = Impossible<(), JsonWriteError>;
    type SerializeTuple = Impossible<(), JsonWriteError>;
    type SerializeTupleStruct = Impossible<(), JsonWriteError>;
    type SerializeTupleVariant = Impossible<(), JsonWriteError>;
    type SerializeMap = Impossible<(), JsonWriteError>;
    type SerializeStruct = Impossible<(), JsonWriteError>;
    type SerializeStructVariant = Impossible<(), JsonWriteError>;

    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(v)
    }
    integers!(quoted);

    fn serialize_f32(self, v: f32) -> Result {
        self.float(v.is_finite(), &v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v.is_finite(), &v)
    }
    fn serialize_char(self, v: char) -> Result {
        self.quoted(v)
    }
    fn serialize_str(self, v: &str) -> Result {
        self.0.string(v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.0.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        self.quoted(value)
    }
}
