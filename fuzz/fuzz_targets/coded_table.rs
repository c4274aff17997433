//! Bytes as a long table in dictionary-coded columns (`RoundsResults::from_coded`, the
//! embedded 2018 edition): reading it never panics, and on 1 and 2 threads it gives what
//! `RoundsResults::from_csv` gives for the same table written as CSV text (the same placements,
//! or the same `invalid-rows` error with the same bad rows). What only the coded form can say
//! gives the documented `invalid-shape`: a bad width, columns of unequal lengths or codes that
//! are not a whole number of a width (row 0), a code past its column's categories (that row).
//!
//! The bytes, read in order (a missing byte reads as 0):
//!
//! | bytes | what |
//! |---|---|
//! | 1 | header twist, by its value mod 16: 1 an unknown column, 2 a repeated one, 3 a name padded with spaces, 4 a required column dropped, 5 no column at all; else none |
//! | 2 | the columns present: bits 0..13 of a little-endian `u16`, one per column of `ROW_COLUMNS` (`unit`, `code` and `stage` always) |
//! | 1 | their order: 0 as in `ROW_COLUMNS`, else shuffled by this seed |
//! | 1 | shape twist, mod 16: 1 a bad width, 2 unequal lengths, 3 a stray byte after a column's codes (column: the value / 16) |
//! | 1 | the CSV text's style, bits: 0 every cell quoted, 1 CRLF line ends, 2 a BOM, 3 no last line end |
//! | 1 | rows |
//! | 1 | 0x77: 15 rows or more repeated to more than 4,096 (each copy its own rounds; slow, so rare) |
//! | per column | a width byte (mod 8: 0, 5 `i32`; 1 int8; 2, 7 int16; 3 int32; 4 int64; 6 int16 made by `Codes::little_endian`; wider when the codes do not fit), a count of categories, one selector per category, one code byte per row |
//!
//! A category's selector: below 0xE0 and above 0xE5, that entry of the column's pool (the cells
//! of synthetic rounds and a few faulty ones; mod its size); 0xE0 `None`; 0xE1 `""`; 0xE2 a pool
//! entry padded (pad byte, index byte); 0xE3 literal text (length byte, bytes, read as lossy
//! UTF-8); 0xE4 any pool's entry (pool byte, two index bytes); 0xE5 a pool entry in capitals
//! (index byte). A code byte: below 0xF0 a category (mod their count; 0, past them, when there
//! is none); 0xF0 + k the count of categories plus k (past them); 0xFC the width's largest
//! code; 0xFD its least; 0xFE -2; 0xFF -1 (an empty cell).
#![no_main]

use cchc_core::{CodedColumn, Codes, Edition, Error, ROW_COLUMNS, Round, RoundsResults};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use std::sync::OnceLock;

#[path = "shared/cells.rs"]
mod cells;
use cells::cells_of;

fn edition() -> &'static Edition {
    static EDITION: OnceLock<Edition> = OnceLock::new();
    EDITION.get_or_init(cchc_criteria::default_edition)
}

/// Per column of [`ROW_COLUMNS`], realistic cells: those of two synthetic rounds of the
/// edition, every unit id and leaf code, and a few faulty ones; then one pool of them all.
fn pools() -> &'static Vec<Vec<String>> {
    static POOLS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    POOLS.get_or_init(|| {
        let edition = edition();
        let mut pools: Vec<BTreeSet<String>> = vec![BTreeSet::new(); ROW_COLUMNS.len()];
        for seed in [1, 2] {
            for row in Round::synthetic(edition, seed).to_rows(Some("2019")) {
                for (pool, cell) in pools.iter_mut().zip(cells_of(&row)) {
                    pool.extend(cell);
                }
            }
        }
        let extra: [&[&str]; 14] = [
            &["so-khong-co", "SO-Y-TE", "x"],
            &["1", "1.1", "9.9.9", "1.1.1.1", "01.1.1"],
            &[
                "self",
                "authority",
                "survey",
                "appraisal",
                "final",
                "Self",
                "selv",
            ],
            &[
                "yes-no",
                "option",
                "checklist",
                "count",
                "rate",
                "points",
                "tally",
                "not-applicable",
                "yes_no",
                "ticked",
            ],
            &["true", "false", "yes", "no", "1", "0", "TRUE", "maybe"],
            &["khong-co", "tot", "A"],
            &["a", "a;b", "a;a", ";", "a;", "zz"],
            &["0", "1", "3", "-1", "1.5", "99999999999999999999", "+2"],
            &[
                "0",
                "1",
                "7",
                "9.5",
                "-1",
                "1e3",
                "x",
                "0.0000000000000000000000000001",
            ],
            &[
                "0",
                "1",
                "9",
                "10",
                "0.5",
                "-2",
                "",
                "79228162514264337593543950336",
            ],
            &["0", "0.25", "1", "1.25", "-0.5", "100", "1,5", "0.1"],
            &[
                "a=3;b=4",
                "A=120;B=30",
                ";",
                "a=",
                "a=1;a=2",
                "=3",
                "a=-1",
                "a=1;;b=2",
            ],
            &["true", "false", "yes", "no", "1", "0", "TRUE", "maybe"],
            &["2019", "2020", "y1", "round-7", "2019 "],
        ];
        for (pool, extra) in pools.iter_mut().zip(extra) {
            pool.extend(extra.iter().map(|s| s.to_string()));
        }
        pools[0].extend(edition.units().iter().map(|u| u.id().to_owned()));
        for set in edition.criteria_sets() {
            pools[1].extend(set.nodes().iter().map(|n| n.code().to_owned()));
        }
        let mut pools: Vec<Vec<String>> =
            pools.into_iter().map(|p| p.into_iter().collect()).collect();
        let all: BTreeSet<String> = pools.iter().flatten().cloned().collect();
        pools.push(all.into_iter().collect());
        pools
    })
}

/// The fuzzer's bytes, read in order (0 once they run out).
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }
}

/// How a column's codes are handed over.
#[derive(Clone, Copy, PartialEq)]
enum Width {
    I32,
    Le(usize),
    /// Little-endian, made by [`Codes::little_endian`].
    Checked(usize),
}

/// One column as the fuzzer built it: its name, categories and codes (as meant, before they
/// are written in their width).
struct Column {
    name: String,
    /// The column's position in [`ROW_COLUMNS`] (for its pool), if it has one.
    pool: usize,
    categories: Vec<Option<String>>,
    codes: Vec<i64>,
    width: Width,
    /// The byte that asked for the width.
    asked: u8,
    /// The codes as `i32`s or as bytes.
    ints: Vec<i32>,
    bytes: Vec<u8>,
}

/// Codes that stand for the width's largest and least code until the width is known.
const MAX: i64 = i64::MAX;
const MIN: i64 = i64::MIN;

/// A category's text.
fn category(bytes: &mut Bytes, pool: usize) -> Option<String> {
    let pools = pools();
    let pick = |pool: usize, i: usize| -> String {
        let pool = &pools[pool.min(pools.len() - 1)];
        pool[i % pool.len()].clone()
    };
    let b = bytes.byte();
    Some(match b {
        0xE0 => return None,
        0xE1 => String::new(),
        0xE2 => {
            let pad = bytes.byte();
            let text = pick(pool, usize::from(bytes.byte()));
            let pads = [
                " ", "  ", "\t", "\u{a0}", "\u{3000}", "\r\n", "\u{feff}", "\n",
            ];
            let p = pads[usize::from(pad) % pads.len()];
            match pad / 8 % 3 {
                0 => format!("{p}{text}"),
                1 => format!("{text}{p}"),
                _ => format!("{p}{text}{p}"),
            }
        }
        0xE3 => {
            let n = usize::from(bytes.byte() % 33);
            let raw: Vec<u8> = (0..n).map(|_| bytes.byte()).collect();
            String::from_utf8_lossy(&raw).into_owned()
        }
        0xE4 => {
            let p = usize::from(bytes.byte()) % pools.len();
            let i = usize::from(bytes.byte()) << 8 | usize::from(bytes.byte());
            pick(p, i)
        }
        0xE5 => pick(pool, usize::from(bytes.byte())).to_uppercase(),
        b => pick(pool, usize::from(b)),
    })
}

/// A row's code in a column of `n` categories.
fn code(b: u8, n: usize) -> i64 {
    let n = n as i64;
    match b {
        0..0xF0 => i64::from(b) % n.max(1),
        0xF0..0xFC => n + i64::from(b - 0xF0),
        0xFC => MAX,
        0xFD => MIN,
        0xFE => -2,
        0xFF => -1,
    }
}

/// The columns named by the header byte, the mask and the order.
fn names(twist: u8, mask: u16, order: u8) -> Vec<(String, usize)> {
    let mut mask = mask | 0b111;
    if twist % 16 == 4 {
        mask &= !(1 << (order % 3));
    }
    let mut names: Vec<(String, usize)> = (0..ROW_COLUMNS.len())
        .filter(|&c| mask & (1 << c) != 0)
        .map(|c| (ROW_COLUMNS[c].to_owned(), c))
        .collect();
    match twist % 16 {
        1 => names.push(("rank".to_owned(), ROW_COLUMNS.len())),
        2 => names.push(names[usize::from(twist / 16) % names.len()].clone()),
        3 => {
            let k = usize::from(twist / 16) % names.len();
            names[k].0 = format!(" {} ", names[k].0);
        }
        5 => names.clear(),
        _ => {}
    }
    if order != 0 {
        let mut state = u32::from(order);
        for i in (1..names.len()).rev() {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            names.swap(i, (state >> 16) as usize % (i + 1));
        }
    }
    names
}

/// The width a column's codes fit in, from the one asked.
fn width_for(asked: u8, codes: &[i64]) -> Width {
    let width = match asked % 8 {
        0 | 5 => Width::I32,
        1 => Width::Le(1),
        2 | 7 => Width::Le(2),
        3 => Width::Le(4),
        4 => Width::Le(8),
        _ => Width::Checked(2),
    };
    let fits = |bits: u32| {
        codes
            .iter()
            .filter(|&&c| c != MAX && c != MIN)
            .all(|&c| c >= -(1 << (bits - 1)) && c < 1 << (bits - 1))
    };
    match width {
        Width::Le(1) if fits(16) && !fits(8) => Width::Le(2),
        Width::Le(1 | 2) | Width::Checked(2) if !fits(16) => Width::Le(4),
        w => w,
    }
}

impl Column {
    /// Writes the codes in the column's width (the largest and least codes resolved).
    fn write(&mut self) {
        let bits = match self.width {
            Width::I32 => 32,
            Width::Le(w) | Width::Checked(w) => 8 * w as u32,
        };
        let (max, min) = if bits == 64 {
            (i64::MAX, i64::MIN)
        } else {
            ((1 << (bits - 1)) - 1, -(1 << (bits - 1)))
        };
        for c in &mut self.codes {
            *c = match *c {
                MAX => max,
                MIN => min,
                c => c,
            };
        }
        self.ints.clear();
        self.bytes.clear();
        for &c in &self.codes {
            match bits {
                8 => self.bytes.extend((c as i8).to_le_bytes()),
                16 => self.bytes.extend((c as i16).to_le_bytes()),
                64 => self.bytes.extend(c.to_le_bytes()),
                _ if self.width == Width::I32 => self.ints.push(c as i32),
                _ => self.bytes.extend((c as i32).to_le_bytes()),
            }
        }
    }

    fn coded(&self) -> CodedColumn<'_, String> {
        let codes = match self.width {
            Width::I32 => Codes::I32(&self.ints),
            Width::Le(width) => Codes::LittleEndian {
                bytes: &self.bytes,
                width,
            },
            Width::Checked(width) => match Codes::little_endian(&self.bytes, width) {
                Ok(codes) => codes,
                // A stray byte: the reader is to refuse it as the constructor does.
                Err(e) => {
                    assert_eq!(e.code(), "invalid-shape");
                    Codes::LittleEndian {
                        bytes: &self.bytes,
                        width,
                    }
                }
            },
        };
        CodedColumn {
            name: &self.name,
            codes,
            categories: &self.categories,
        }
    }

    /// Row `i`'s cell: `Ok(None)` when empty, `Err` for a code past the categories.
    fn cell(&self, i: usize) -> Result<Option<&str>, ()> {
        let c = self.codes.get(i).copied().unwrap_or(-1);
        if c < 0 {
            return Ok(None);
        }
        match self.categories.get(usize::try_from(c).map_err(|_| ())?) {
            Some(text) => Ok(text.as_deref().filter(|t| !t.is_empty())),
            None => Err(()),
        }
    }
}

/// Builds the coded table: its columns, the shape twist (mod 16), the CSV style and the rows.
fn table(data: &[u8]) -> (Vec<Column>, u8, u8, usize) {
    let mut bytes = Bytes(data);
    let twist = bytes.byte();
    let mask = u16::from_le_bytes([bytes.byte(), bytes.byte()]);
    let order = bytes.byte();
    let shape = bytes.byte();
    let style = bytes.byte();
    let rows = usize::from(bytes.byte());
    let tile = bytes.byte() == 0x77;
    let mut columns = Vec::new();
    for (name, pool) in names(twist, mask, order) {
        let asked = bytes.byte();
        let n = usize::from(bytes.byte());
        let categories: Vec<Option<String>> = (0..n).map(|_| category(&mut bytes, pool)).collect();
        let codes: Vec<i64> = (0..rows).map(|_| code(bytes.byte(), n)).collect();
        columns.push(Column {
            name,
            pool,
            categories,
            codes,
            width: Width::I32,
            asked,
            ints: Vec::new(),
            bytes: Vec::new(),
        });
    }
    let mut length = rows;
    // Copies of the rows up to more than 4,096 (the least piece a thread reads), the rounds of
    // each copy labelled apart (not for fewer than 15 rows: too many copies).
    if tile && rows >= 15 {
        let copies = 4200usize.div_ceil(rows);
        for column in &mut columns {
            let (n, codes) = (column.categories.len() as i64, column.codes.clone());
            for k in 1..copies {
                if column.pool == 13 && column.name == "round" {
                    let labels: Vec<Option<String>> = column.categories[..n as usize]
                        .iter()
                        .map(|c| c.as_ref().map(|c| format!("{c}-{k}")))
                        .collect();
                    column.categories.extend(labels);
                    let offset = n * k as i64;
                    column.codes.extend(
                        codes
                            .iter()
                            .map(|&c| if (0..n).contains(&c) { c + offset } else { c }),
                    );
                } else {
                    column.codes.extend(&codes);
                }
            }
        }
        length = rows * copies;
    }
    for column in &mut columns {
        column.width = width_for(column.asked, &column.codes);
        column.write();
    }
    let hit = usize::from(shape / 16);
    if let Some(k) = hit.checked_rem(columns.len()) {
        let column = &mut columns[k];
        match shape % 16 {
            1 => column.width = Width::Le([0, 3, 5, 16][usize::from(shape / 16) % 4]),
            2 => match column.width {
                Width::I32 => {
                    if column.ints.pop().is_none() {
                        column.ints.push(0);
                    }
                }
                Width::Le(w) | Width::Checked(w) => {
                    if column.bytes.len() >= w {
                        column.bytes.truncate(column.bytes.len() - w);
                    } else {
                        column.bytes.extend(vec![0; w]);
                    }
                }
            },
            3 => {
                if let Width::I32 = column.width {
                    column.width = Width::Le(4);
                    column.bytes = column.ints.iter().flat_map(|c| c.to_le_bytes()).collect();
                }
                column.bytes.push(0);
            }
            _ => {}
        }
    }
    (columns, shape % 16, style, length)
}

/// Writes a cell as CSV writes it, after a comma unless it is the line's first.
fn csv_cell(out: &mut String, first: bool, text: &str, quote_all: bool) {
    if !first {
        out.push(',');
    }
    if quote_all || text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The header line of the table in CSV.
fn csv_header(columns: &[Column], style: u8) -> String {
    let mut text = String::new();
    if style & 4 != 0 {
        text.push('\u{feff}');
    }
    for (k, column) in columns.iter().enumerate() {
        csv_cell(&mut text, k == 0, &column.name, style & 1 != 0);
    }
    text
}

/// The table in CSV text, and whether a row had to be written otherwise: a row with a code
/// past a column's categories, or with every cell empty (which CSV cannot tell from a blank
/// line), is written as a row with only a unit (`x`), which the reader refuses as the coded
/// reader refuses those (`invalid-shape`, no unit, no code) and which changes nothing else.
fn csv(columns: &[Column], style: u8, length: usize) -> (String, bool) {
    if columns.is_empty() {
        // No header at all (a blank line would be a header of one column named "").
        return (String::new(), false);
    }
    let end = if style & 2 != 0 { "\r\n" } else { "\n" };
    let mut text = csv_header(columns, style);
    let mut stood_in = false;
    let mut cells = Vec::with_capacity(columns.len());
    for i in 0..length {
        text += end;
        cells.clear();
        let mut plain = true;
        for column in columns {
            match column.cell(i) {
                Ok(cell) => cells.push(cell),
                Err(()) => plain = false,
            }
        }
        if !plain || cells.iter().all(Option::is_none) {
            stood_in = true;
            cells.clear();
            let x = |c: &Column| (c.name.trim() == "unit").then_some("x");
            cells.extend(columns.iter().map(x));
        }
        for (k, cell) in cells.iter().enumerate() {
            csv_cell(&mut text, k == 0, cell.unwrap_or(""), style & 1 != 0);
        }
    }
    if style & 8 == 0 {
        text += end;
    }
    (text, stood_in)
}

/// What a call gives, to compare: the placements (round label, group, rank, unit id, index as
/// written, band id, submitted) or the error's code and items.
#[derive(Debug, PartialEq)]
enum Outcome {
    Placed(Vec<(String, String, u32, String, String, String, bool)>),
    Refused(&'static str, Vec<String>),
}

fn outcome(result: &Result<RoundsResults, Error>) -> Outcome {
    match result {
        Ok(r) => Outcome::Placed(
            (0..r.len())
                .map(|i| {
                    (
                        r.rounds[r.round[i]].clone(),
                        format!("{:?}", r.group[i]),
                        r.rank[i],
                        r.unit_id(i).to_owned(),
                        r.index[i].to_string(),
                        r.band_id(i).to_owned(),
                        r.submitted[i],
                    )
                })
                .collect(),
        ),
        Err(e) => Outcome::Refused(e.code(), e.items().to_vec()),
    }
}

/// Whether to print each table in CSV and what reading it gave (`CCHC_FUZZ_SHOW=1`, to
/// replay an input by hand).
fn show() -> bool {
    static SHOW: OnceLock<bool> = OnceLock::new();
    *SHOW.get_or_init(|| std::env::var_os("CCHC_FUZZ_SHOW").is_some())
}

fuzz_target!(|data: &[u8]| {
    let edition = edition();
    let (columns, shape, style, length) = table(data);
    let coded: Vec<CodedColumn<'_, String>> = columns.iter().map(Column::coded).collect();
    let got = [1, 2].map(|threads| RoundsResults::from_coded(edition, &coded, threads));
    if matches!(shape, 1..=3) && !columns.is_empty() {
        let header = RoundsResults::from_csv(edition, &csv_header(&columns, style), 1);
        // The header's faults come first; else one fault of the columns' shape, row 0.
        let want = match header {
            Err(e) => Outcome::Refused(e.code(), e.items().to_vec()),
            Ok(_) => Outcome::Refused(
                "invalid-rows",
                vec!["row 0, unit -, code -: invalid-shape".to_owned()],
            ),
        };
        for (threads, got) in [1, 2].iter().zip(&got) {
            assert_eq!(outcome(got), want, "{threads} thread(s)");
        }
        return;
    }
    // The public decoding of the codes agrees with the codes meant.
    for (column, coded) in columns.iter().zip(&coded) {
        assert_eq!(coded.codes.len(), length, "column {}", column.name);
        for (i, &c) in column.codes.iter().enumerate() {
            assert_eq!(coded.codes.get(i), Some(c), "column {}", column.name);
        }
    }
    let (text, stood_in) = csv(&columns, style, length);
    let want = RoundsResults::from_csv(edition, &text, 1);
    if show() {
        eprintln!("{text}\n{:?}\n{:?}", outcome(&want), outcome(&got[0]));
    }
    for (threads, got) in [1, 2].iter().zip(&got) {
        assert_eq!(outcome(got), outcome(&want), "{threads} thread(s):\n{text}");
        if let (Err(got), Err(want), false) = (got, &want, stood_in) {
            assert_eq!(got.message(), want.message(), "{threads} thread(s)");
        }
    }
});
