//! The core's JSON writer (`cchc_core::to_json_text`, `cchc-core/src/json_write.rs`) against
//! serde_json's: the same bytes, compact and pretty, for every value the golden cases and
//! synthetic rounds give, for generated JSON values and for every serde shape.

use cchc_core::{Appendix, Assessment, Edition, Round, to_json_text};
use cchc_tests::{apply_assessment, golden_edition, tests_dir};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::fs;

/// Fails unless both writers give the same text, compact and pretty.
fn same<T: Serialize + Debug + ?Sized>(value: &T) {
    let compact = serde_json::to_string(value).expect("serde_json writes it");
    let pretty = serde_json::to_string_pretty(value).expect("serde_json writes it");
    assert_eq!(
        to_json_text(value, false).as_deref(),
        Ok(&*compact),
        "compact: {value:?}"
    );
    assert_eq!(
        to_json_text(value, true).as_deref(),
        Ok(&*pretty),
        "pretty: {value:?}"
    );
}

/// Every value an edition, a round and its assessments give out.
fn every_value(edition: &Edition, round: &Round) {
    same(edition.units());
    same(edition.bands());
    same(edition.schedule());
    same(edition.decision());
    same(&edition.rounding());
    for appendix in [Appendix::I, Appendix::II, Appendix::III, Appendix::IV] {
        same(&edition.criteria_view(appendix));
    }
    for unit in edition.units() {
        same(&edition.criteria_of(unit.id()).ok());
    }
    same(&round.scorecards());
    same(&round.results());
    for a in round.assessments() {
        same(&a.data());
        same(&a.scorecard());
        same(&a.report());
        same(&round.priorities(a.unit()).ok());
    }
}

#[test]
fn the_golden_cases_values_are_written_as_serde_json_writes_them() {
    let mut cases = 0;
    for entry in fs::read_dir(tests_dir().join("golden")).expect("tests/golden") {
        let path = entry.expect("an entry").path();
        let text = fs::read_to_string(&path).expect("a golden case");
        let case: Value = serde_json::from_str(&text).expect("JSON");
        let edition = golden_edition(case["edition"].as_str().unwrap_or("default"));
        let mut round = Round::new(&edition);
        for a in case["assessments"].as_array().into_iter().flatten() {
            apply_assessment(&mut round, a);
        }
        every_value(&edition, &round);
        cases += 1;
    }
    assert!(cases >= 10, "{cases} golden cases");
}

#[test]
fn synthetic_rounds_and_errors_are_written_as_serde_json_writes_them() {
    let edition = cchc_criteria::default_edition();
    for seed in [1, 7, 2024] {
        every_value(&edition, &Round::synthetic(&edition, seed));
    }
    same(&edition.to_json());
    let err = Assessment::new(&edition, "no-such-unit\n\"quoted\"").unwrap_err();
    same(&err);
    assert_eq!(
        err.to_json(),
        serde_json::to_string(&err).expect("an error")
    );
}

/// A small deterministic generator (xorshift), for values that reach every branch.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Text over quotes, backslashes, every control character, DEL, Vietnamese and astral ones.
    fn text(&mut self) -> String {
        const SPECIAL: [char; 10] = [
            '"', '\\', '/', '\u{7f}', 'ệ', 'Đ', '\u{2028}', '😀', ' ', 'a',
        ];
        (0..self.below(8))
            .map(|_| match self.below(3) {
                0 => char::from(u8::try_from(self.below(0x20)).expect("below 0x20")),
                1 => SPECIAL[usize::try_from(self.below(10)).expect("below 10")],
                _ => char::from(u8::try_from(0x20 + self.below(0x5f)).expect("ASCII")),
            })
            .collect()
    }

    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth > 3 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 0),
            2 => Value::Number(Number::from(self.next())),
            3 => Value::Number(Number::from(i64::from_ne_bytes(self.next().to_ne_bytes()))),
            4 => Number::from_f64(f64::from_bits(self.next())).map_or(Value::Null, Value::Number),
            5 => Value::String(self.text()),
            6 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object(
                (0..self.below(4))
                    .map(|_| (self.text(), self.value(depth + 1)))
                    .collect::<Map<_, _>>(),
            ),
        }
    }
}

#[test]
fn generated_json_values_are_written_as_serde_json_writes_them() {
    let mut generator = Gen(0x9e37_79b9_7f4a_7c15);
    for _ in 0..5_000 {
        same(&generator.value(0));
    }
}

#[derive(Debug, Serialize)]
enum Shape {
    Unit,
    Newtype(Vec<u8>),
    Tuple(i8, Option<char>),
    EmptyTuple(),
    Struct { a: u128, b: i128 },
    EmptyStruct {},
}

#[derive(Debug, Serialize)]
struct Flattened {
    first: bool,
    #[serde(flatten)]
    rest: BTreeMap<String, Shape>,
}

#[derive(Debug, Serialize)]
struct Empty {}

#[derive(Debug, Serialize)]
struct Newtype(Shape);

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Left,
    Right,
}

#[test]
fn every_serde_shape_is_written_as_serde_json_writes_it() {
    let shapes = vec![
        Shape::Unit,
        Shape::Newtype(vec![]),
        Shape::Newtype(vec![0, 255]),
        Shape::Tuple(-1, None),
        Shape::Tuple(7, Some('"')),
        Shape::EmptyTuple(),
        Shape::Struct {
            a: u128::MAX,
            b: i128::MIN,
        },
        Shape::EmptyStruct {},
    ];
    same(&shapes);
    for shape in &shapes {
        same(shape);
        same(&Newtype(Shape::Unit));
        same(&vec![vec![shape]]);
    }
    same(&Empty {});
    same(&vec![Empty {}, Empty {}]);
    same(&Flattened {
        first: true,
        rest: BTreeMap::new(),
    });
    same(&Flattened {
        first: false,
        rest: BTreeMap::from([
            ("x".to_owned(), Shape::Unit),
            ("y".to_owned(), Shape::EmptyStruct {}),
        ]),
    });
    same(&BTreeMap::from([(1_i64, "one"), (-2, "minus two")]));
    same(&BTreeMap::from([(u64::MAX, ())]));
    same(&BTreeMap::from([(true, 1), (false, 0)]));
    same(&BTreeMap::from([(
        'k',
        [1.5_f64, f64::NAN, f64::INFINITY, -0.0, 1e300],
    )]));
    same(&BTreeMap::from([
        (Key::Left, 1.5_f32),
        (Key::Right, f32::MIN_POSITIVE),
    ]));
    same(&BTreeMap::<String, Vec<()>>::from([(
        "empty".to_owned(),
        vec![],
    )]));
    same(&BTreeMap::from([(Some(3), 1)]));
    same(&(1_u8, "two", [(); 0], ((),)));
}

#[test]
fn a_key_that_cannot_be_a_string_is_refused_as_serde_json_refuses_it() {
    let map = BTreeMap::from([(vec![1], 2)]);
    let theirs = serde_json::to_string(&map).unwrap_err().to_string();
    assert_eq!(theirs, "key must be a string");
    assert_eq!(to_json_text(&map, false).unwrap_err().to_string(), theirs);
    assert_eq!(to_json_text(&map, true).unwrap_err().to_string(), theirs);
    for key in [1.5, -0.0, 1e300, f64::NAN] {
        let map = BTreeMap::from([(key.to_bits(), ())]);
        same(&map);
        let floats = vec![(key, 1)];
        let theirs = serde_json::to_string(&KeyedByFloat(&floats)).map_err(|e| e.to_string());
        let ours = to_json_text(&KeyedByFloat(&floats), false).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{key}");
    }
}

/// A map keyed by floats (no std map can be).
#[derive(Debug)]
struct KeyedByFloat<'a>(&'a [(f64, i32)]);

impl Serialize for KeyedByFloat<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}
